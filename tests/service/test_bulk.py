"""Rows written many at a time pass the same check as rows written one by one."""

import pytest
from sqlalchemy import func, select

from extensions import db
from models import Certificate, CertificateKind
from services import bulk
from services.inputs import InputError
from tests.support import factories as f


def test_a_value_too_long_for_its_column_is_refused_by_name_and_nothing_is_written(app):
    ev, unit = f.event(), f.unit("LAK", "LĐLĐ huyện Lắk")
    db.session.flush()
    row = {"event_id": ev.id, "unit_id": unit.id, "kind": CertificateKind.AWARD}
    rows = [
        row | {"serial": "AAAA-BBBB-CC", "key": "award:1", "holder": "LĐLĐ huyện Lắk"},
        row | {"serial": "AAAA-BBBB-CD", "key": "award:2", "holder": "Đ" * 301},
    ]
    with pytest.raises(InputError, match="Tên in trên giấy chứng nhận: dài 301 ký tự, tối đa 300"):
        bulk.insert_rows(Certificate, rows)
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0
    with pytest.raises(InputError, match="ký tự điều khiển"):
        bulk.insert_rows(Certificate, [rows[0] | {"holder": "An\x07"}])
    assert len(bulk.insert_rows(Certificate, rows[:1], returning=True)) == 1
