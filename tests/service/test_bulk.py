"""Rows written many at a time pass the same check as rows written one by one."""

from datetime import date

import pytest
from sqlalchemy import func, select, text

from extensions import db
from models import Certificate, CertificateKind, Gender, Person, PersonRole
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


def _stored(model, row_id: int) -> dict:
    """The row as the database keeps it (SQLite: each value with its storage class)."""
    table = model.__table__
    names = [c.name for c in table.c if c.name != "id"]
    values = db.session.execute(
        text(f"SELECT {', '.join(f'{n}, typeof({n})' for n in names)} FROM {table.name} WHERE id = :id"),
        {"id": row_id},
    ).one()
    return dict(zip(names, zip(values[::2], values[1::2], strict=True), strict=True))


def test_rows_written_many_at_a_time_are_stored_as_the_orm_stores_them(app):
    """On SQLite the rows go to the driver as plain tuples (services/bulk.py): each column's
    conversion (dates, UTC times, enums) and Python default must give what SQLAlchemy gives."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's own executemany; PostgreSQL's goes through SQLAlchemy")
    ev, unit = f.event(), f.unit("LAK", "LĐLĐ huyện Lắk")
    db.session.flush()
    values = {
        "event_id": ev.id,
        "unit_id": unit.id,
        "full_name": "Nguyễn Thị Ánh",
        "name_key": "nguyen thi anh",
        "gender": Gender.FEMALE,
        "birth_date": date(1988, 2, 29),
        "union_card_no": "00012345",
        "workplace": "Trường THCS Lắk",
        "phone": "",
        "role": PersonRole.ATHLETE,
    }
    by_orm = Person(**values)
    db.session.add(by_orm)
    db.session.flush()
    prepared = bulk.prepare(Person, [values, values | {"union_card_no": "00012346"}])  # before the lock
    by_bulk, by_prepared, second = bulk.insert_rows(Person, [values], returning=True) + bulk.insert_rows(
        Person, prepared, returning=True
    )
    orm_row = _stored(Person, by_orm.id)
    for bulk_row in (_stored(Person, by_bulk), _stored(Person, by_prepared)):
        assert {k: v[1] for k, v in bulk_row.items()} == {k: v[1] for k, v in orm_row.items()}  # storage classes
        times = orm_row["created_at"], bulk_row.pop("created_at")  # both utcnow(), microseconds apart
        assert bulk_row == {k: v for k, v in orm_row.items() if k != "created_at"}
        assert len(times[0][0]) == len(times[1][0])
    assert db.session.get(Person, by_bulk).created_at.tzinfo is not None  # read back as aware UTC
    # One time for the rows written together, as a SQL default would give.
    assert db.session.get(Person, by_prepared).created_at == db.session.get(Person, second).created_at
    cert = {"event_id": ev.id, "unit_id": unit.id, "kind": CertificateKind.AWARD, "holder": "LĐLĐ huyện Lắk"}
    by_orm_cert = Certificate(**cert, serial="AAAA-BBBB-CC", key="award:1")
    db.session.add(by_orm_cert)
    db.session.flush()
    [cert_id] = bulk.insert_rows(Certificate, [cert | {"serial": "AAAA-BBBB-CD", "key": "award:2"}], returning=True)
    orm_cert, bulk_cert = _stored(Certificate, by_orm_cert.id), _stored(Certificate, cert_id)
    for row in (orm_cert, bulk_cert):
        for differs in ("serial", "key", "issued_at"):
            row.pop(differs)
    assert bulk_cert == orm_cert
