"""The Alembic migrations build exactly the schema the models describe, on this database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from extensions import db
from models import Base


def test_upgrade_builds_the_models_schema_and_downgrade_removes_it(app):
    Base.metadata.drop_all(db.engine)
    upgrade()
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))


def test_constraint_names_follow_the_convention(app):
    fks = inspect(db.engine).get_foreign_keys("user_account")
    assert [fk["name"] for fk in fks] == ["fk_user_account_unit_id_unit"]
