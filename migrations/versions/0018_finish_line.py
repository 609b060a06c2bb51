"""a race read at its finish line: the checkpoint whose scans are the arrivals, the start, and
the number of places a unit's team score adds up

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 07:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('competition_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('finish_checkpoint_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('started_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('team_best', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_foreign_key(
            batch_op.f('fk_competition_plan_finish_checkpoint_id_checkpoint'), 'checkpoint',
            ['finish_checkpoint_id'], ['id'], ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('competition_plan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_competition_plan_finish_checkpoint_id_checkpoint'), type_='foreignkey')
        batch_op.drop_column('team_best')
        batch_op.drop_column('started_at')
        batch_op.drop_column('finish_checkpoint_id')
