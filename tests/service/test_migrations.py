"""The Alembic migrations build exactly the schema the models describe, on this database."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from extensions import db
from models import Base
from services.operations import health


def _empty_schema() -> None:
    """No table at all, alembic_version included (a test before may have stamped it)."""
    Base.metadata.drop_all(db.engine)
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.mark.rebuilds_schema
def test_upgrade_builds_the_models_schema_and_downgrade_removes_it(app):
    _empty_schema()
    upgrade()
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    # compare_metadata does not read CHECK constraints: an enum's values must be checked here
    checks = {c["name"]: c["sqltext"] for c in inspect(db.engine).get_check_constraints("competition_plan")}
    assert "'gas_volleyball'" in checks["ck_competition_plan_scoring_preset"]
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == health.head_revision()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))


def test_constraint_names_follow_the_convention(app):
    fks = inspect(db.engine).get_foreign_keys("user_account")
    assert [fk["name"] for fk in fks] == ["fk_user_account_unit_id_unit"]


@pytest.mark.rebuilds_schema
def test_upgrading_keeps_existing_rows_and_their_children(app):
    """0002 alters the event table (SQLite copies it): an event's venues must survive."""
    _empty_schema()
    upgrade(revision="0001")
    with db.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO season (name, year, description, created_at) VALUES ('S', 2024, '', :t)"),
            {"t": "2024-01-01 00:00:00"},
        )
        conn.execute(
            text(
                "INSERT INTO event (season_id, kind, slug, name, starts_on, ends_on, description,"
                " max_individual_per_athlete, team_competitions_count, union_card_required)"
                " VALUES (1, 'games', 'e', 'E', '2024-08-26', '2024-08-30', '', 2, false, true)"
            )
        )
        conn.execute(text("INSERT INTO venue (event_id, name, address) VALUES (1, 'Nhà thi đấu', '')"))
    upgrade()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM venue")).scalars().all() == ["Nhà thi đấu"]
        assert conn.execute(text("SELECT overall_rule, overall_min_units FROM event")).one() == ("medals", 0)
    downgrade(revision="base")
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
