"""the session a final must be in (last day, its morning or afternoon) and the event's travel
time between venues

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 06:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('competition', schema=None) as batch_op:
        batch_op.add_column(sa.Column('final_session', sa.String(length=10), server_default='', nullable=False))
    op.execute("UPDATE competition SET final_session = 'day' WHERE final_last_day")
    with op.batch_alter_table('competition', schema=None) as batch_op:
        batch_op.drop_column('final_last_day')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('travel_minutes', sa.Integer(), server_default='30', nullable=False))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('travel_minutes')
    with op.batch_alter_table('competition', schema=None) as batch_op:
        batch_op.add_column(sa.Column('final_last_day', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute("UPDATE competition SET final_last_day = (final_session <> '')")
    with op.batch_alter_table('competition', schema=None) as batch_op:
        batch_op.drop_column('final_session')
