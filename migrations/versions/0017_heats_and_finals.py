"""heats and a final for ranked events: a performance per round, in a heat and a lane, with
its status (did not start, did not finish, disqualified); the plan's lanes and qualifying rule

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 07:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('performance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round_no', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('heat_no', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('lane', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=3), server_default='', nullable=False))
        batch_op.drop_constraint('uq_performance_competition_id_entry_id', type_='unique')
        batch_op.create_unique_constraint(
            'uq_performance_competition_id_entry_id_round_no', ['competition_id', 'entry_id', 'round_no']
        )
    op.execute("UPDATE performance SET status = 'dnf' WHERE did_not_finish")
    with op.batch_alter_table('competition_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lanes', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('qualify_place', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('qualify_time', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('competition_plan', schema=None) as batch_op:
        batch_op.drop_column('qualify_time')
        batch_op.drop_column('qualify_place')
        batch_op.drop_column('lanes')
    op.execute("DELETE FROM performance WHERE round_no > 1")
    with op.batch_alter_table('performance', schema=None) as batch_op:
        batch_op.drop_constraint('uq_performance_competition_id_entry_id_round_no', type_='unique')
        batch_op.create_unique_constraint('uq_performance_competition_id_entry_id', ['competition_id', 'entry_id'])
        batch_op.drop_column('status')
        batch_op.drop_column('lane')
        batch_op.drop_column('heat_no')
        batch_op.drop_column('round_no')
