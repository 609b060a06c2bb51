"""the Swiss system: a format, chess's scoring preset, a match stage for a Swiss round's games,
and the plan's rounds, the bye's points and who is absent from a round

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 09:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

_FORMATS = ('round_robin', 'groups_knockout', 'knockout', 'ranked')
_PRESETS = ('badminton', 'volleyball', 'gas_volleyball', 'table_tennis', 'tennis', 'football', 'tug_of_war', 'score')
_STAGES = ('group', 'knockout', 'third_place')


def _enum(name, values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def _widen(table, column, name, old, new):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.alter_column(column, existing_type=_enum(name, old), type_=_enum(name, new), existing_nullable=False)


def upgrade():
    _widen('competition_plan', 'format', 'result_format', _FORMATS, _FORMATS + ('swiss',))
    _widen('competition_plan', 'preset', 'scoring_preset', _PRESETS, _PRESETS[:-1] + ('chess', 'score'))
    _widen('match', 'stage', 'match_stage', _STAGES, _STAGES + ('swiss',))
    with op.batch_alter_table('competition_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rounds', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('bye_points', sa.Numeric(2, 1), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('absent', sa.JSON(), server_default='{}', nullable=False))


def downgrade():
    op.execute("DELETE FROM match WHERE stage = 'swiss'")
    op.execute("UPDATE competition_plan SET format = 'knockout' WHERE format = 'swiss'")
    op.execute("UPDATE competition_plan SET preset = 'score' WHERE preset = 'chess'")
    with op.batch_alter_table('competition_plan', schema=None) as batch_op:
        batch_op.drop_column('absent')
        batch_op.drop_column('bye_points')
        batch_op.drop_column('rounds')
    _widen('match', 'stage', 'match_stage', _STAGES + ('swiss',), _STAGES)
    _widen('competition_plan', 'preset', 'scoring_preset', _PRESETS[:-1] + ('chess', 'score'), _PRESETS)
    _widen('competition_plan', 'format', 'result_format', _FORMATS + ('swiss',), _FORMATS)
