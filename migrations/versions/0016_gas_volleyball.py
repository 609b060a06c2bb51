"""gas volleyball (bóng chuyền hơi) as its own scoring preset: sets to 21, the deciding one to
15, best of 3; indoor volleyball's default becomes best of 5

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

_OLD = ('badminton', 'volleyball', 'table_tennis', 'tennis', 'football', 'tug_of_war', 'score')
_NEW = ('badminton', 'volleyball', 'gas_volleyball', 'table_tennis', 'tennis', 'football', 'tug_of_war', 'score')


def _preset(values):
    return sa.Enum(*values, name='scoring_preset', native_enum=False, create_constraint=True, length=20)


def upgrade():
    with op.batch_alter_table('competition_plan', schema=None) as batch_op:
        batch_op.alter_column('preset', existing_type=_preset(_OLD), type_=_preset(_NEW), existing_nullable=False)
    # A sport named "Bóng chuyền hơi" was of the volleyball kind; plans already saved keep theirs.
    op.execute("UPDATE sport SET kind = 'gas_volleyball' WHERE kind = 'volleyball' AND name = 'Bóng chuyền hơi'")


def downgrade():
    op.execute("UPDATE sport SET kind = 'volleyball' WHERE kind = 'gas_volleyball'")
    op.execute("UPDATE competition_plan SET preset = 'volleyball' WHERE preset = 'gas_volleyball'")
    with op.batch_alter_table('competition_plan', schema=None) as batch_op:
        batch_op.alter_column('preset', existing_type=_preset(_NEW), type_=_preset(_OLD), existing_nullable=False)
