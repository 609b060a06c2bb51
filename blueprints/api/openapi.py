"""The OpenAPI 3.1 document of /api/v1, served at /api/v1/openapi.json, generated from the
models of blueprints/api/schemas.py (the request the API validates with, the answers the
services build): the contract is written once."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from blueprints.api import schemas

REF = "#/components/schemas/{model}"
ERRORS = {400: "Bad input", 401: "Device not signed in, or revoked", 403: "Not this device's checkpoint"}


def _ref(model: type[BaseModel]) -> dict:
    return {"$ref": REF.format(model=model.__name__)}


def _json(model: type[BaseModel], description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(model)}}}


def _answers(model: type[BaseModel], description: str, *errors: int) -> dict:
    return {"200": _json(model, description)} | {str(code): _json(schemas.Error, ERRORS[code]) for code in errors}


def _query(*names: str) -> list[dict]:
    return [{"name": name, "in": "query", "required": False, "schema": {"type": "string"}} for name in names]


@cache
def openapi_document() -> dict:
    _mapping, definitions = models_json_schema(
        [
            (schemas.ScanRequest, "validation"),
            *((m, "serialization") for m in (schemas.ScanResult, schemas.CheckpointStatus, schemas.People)),
            (schemas.OfflineList, "serialization"),
            (schemas.Error, "serialization"),
        ],
        ref_template=REF,
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Hội thao & Ngày hội CNVCLĐ – check-in API",
            "version": "1.0.0",
            "description": "Scanning devices record badge scans at a checkpoint. Every POST /scans is "
            "idempotent on client_scan_id: sending it again returns the first answer.",
        },
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {"device": {"type": "http", "scheme": "bearer"}},
            "schemas": definitions["$defs"],
        },
        "security": [{"device": []}],
        "paths": {
            "/scans": {
                "post": {
                    "operationId": "postScan",
                    "summary": "Record a scan (token or short code)",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref(schemas.ScanRequest)}},
                    },
                    "responses": _answers(schemas.ScanResult, schemas.ScanResult.__doc__ or "", 400, 401, 403),
                }
            },
            "/checkpoint": {
                "get": {
                    "operationId": "getCheckpointStatus",
                    "summary": "The device's checkpoint and its counts",
                    "responses": _answers(schemas.CheckpointStatus, "Counts", 401),
                }
            },
            "/people": {
                "get": {
                    "operationId": "searchPeople",
                    "summary": "People of the event by name or union card number (badges that will not scan)",
                    "parameters": _query("q"),
                    "responses": _answers(schemas.People, "Up to 20 people", 401),
                }
            },
            "/checkpoint/offline-list": {
                "get": {
                    "operationId": "getOfflineList",
                    "summary": "What the phone keeps to judge badges offline (hashes, names, verdicts), compact",
                    "description": "Gzip'd when asked (Accept-Encoding). With since, after and key (the version, "
                    "sequence and key of the list the phone holds) only the badges issued or revoked since then and "
                    "the people admitted after that sequence (the server's order of arrival) come (full: false), "
                    "unless a rule or a registration changed meanwhile (full: true, the whole list). The phone "
                    "applies the window (hours, daily slot) itself at each scan.",
                    "parameters": _query("since", "after", "key"),
                    "responses": _answers(schemas.OfflineList, "The list, or what changed", 401),
                }
            },
        },
    }
