"""schemathesis against the served OpenAPI document: no server error, no response off-schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from extensions import db
from models import CheckpointKind, Frequency, UserRole
from services.badges import selection as badges
from services.checkin import checkpoints, devices
from tests.support import factories as f


@pytest.fixture
def device_token(app):
    lak = f.unit("LAK", "LĐLĐ huyện Lắk")
    ev = f.event()
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Y Bhăm Êban"):
        f.person(ev, lak, name)
    f.approved(ev, lak)
    badges.prepare(badges.Selection(ev))
    admin = f.user("admin", role=UserRole.ADMIN)
    gate = checkpoints.save_checkpoint(
        ev, None, checkpoints.CheckpointData(name="Cổng A", kind=CheckpointKind.GATE, frequency=Frequency.ONCE)
    )
    _device, token = devices.create_device(gate, admin, name="Máy kiểm thử")
    db.session.commit()
    return token


def test_every_operation_keeps_to_its_schema(app, device_token):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} == {"/scans", "/checkpoint", "/checkpoint/offline-list", "/people"}
    # identity: the offline list comes gzip'd to a client that asks (the WSGI test client does not unzip)
    headers = {"Authorization": f"Bearer {device_token}", "Accept-Encoding": "identity"}
    for operation in operations:

        @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            case.call_and_validate(
                headers=headers, checks=[not_a_server_error, response_schema_conformance, status_code_conformance]
            )

        check()


def test_without_a_device_every_operation_answers_401_in_schema(app, device_token):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=5, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call_and_validate(
                headers={"Authorization": "Bearer nope"}, checks=[not_a_server_error, response_schema_conformance]
            )
            assert response.status_code == 401

        check()
