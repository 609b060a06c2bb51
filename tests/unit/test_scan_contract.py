"""The scan API's contract is declared once (blueprints/api/schemas.py): the request model
refuses what the API refuses, naming the field, and the OpenAPI document is generated from
the same models."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from blueprints.api.openapi import openapi_document
from blueprints.api.schemas import ScanRequest, first_problem

ID = "0F8FAD5B-D9CB-469F-A165-70867728950E"


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"client_scan_id": ID}, "code", "Thiếu mã quét"),
        ({"code": "   ", "client_scan_id": ID}, "code", "Thiếu mã quét"),
        ({"code": "x" * 201, "client_scan_id": ID}, "code", "Thiếu mã quét"),
        ({"code": 12345, "client_scan_id": ID}, "code", "Thiếu mã quét"),
        ({"code": "AB\x00CD", "client_scan_id": ID}, "code", "ký tự điều khiển"),
        ({"code": "ABCDEFG", "client_scan_id": ID + "\n"}, "client_scan_id", "UUID"),
        ({"code": "ABCDEFG", "client_scan_id": ID, "scanned_at": "2024-08-26T07:00:00"}, "scanned_at", "múi giờ"),
        ({"code": "ABCDEFG", "client_scan_id": ID, "scanned_at": 1724630400}, "scanned_at", "múi giờ"),
        ({"code": "ABCDEFG", "client_scan_id": ID, "scanned_at": "0001-01-01T00:00:00+07:00"}, "scanned_at", "múi giờ"),
        ({"code": "ABCDEFG", "client_scan_id": ID, "checkpoint_id": "5"}, "checkpoint_id", "số nguyên"),
        ({"code": "ABCDEFG", "client_scan_id": ID, "offline_outcome": {"a": 1}}, "offline_outcome", "không hợp lệ"),
        ({"code": "ABCDEFG", "client_scan_id": ID, "offline_outcome": "confirmed"}, "offline_outcome", "không hợp lệ"),
    ],
)
def test_a_bad_scan_is_refused_naming_the_field(body, field, words):
    with pytest.raises(ValidationError) as refused:
        ScanRequest.model_validate(body)
    named, message = first_problem(refused.value)
    assert named == field and words in message, (named, message)


def test_a_good_scan_is_read_as_the_services_take_it():
    scan = ScanRequest.model_validate(
        {"code": "  ABCDEFG ", "client_scan_id": ID, "scanned_at": "2024-08-26T07:00:00Z", "extra": 1}
    )
    assert (scan.code, scan.client_scan_id) == ("ABCDEFG", ID.lower())
    assert scan.scanned_at == datetime(2024, 8, 26, 7, 0, tzinfo=UTC)
    assert ScanRequest.model_validate({"code": "A", "client_scan_id": ID, "scanned_at": ""}).scanned_at is None


def test_the_document_describes_the_request_the_api_validates():
    doc = openapi_document()
    body = doc["paths"]["/scans"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert doc["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]] == ScanRequest.model_json_schema()
