"""points by score: a competition plan's points per result (volleyball's 3–0/3–1/3–2)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 02:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('competition_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('points_by_score', sa.JSON(), server_default='[]', nullable=False))


def downgrade():
    with op.batch_alter_table('competition_plan', schema=None) as batch_op:
        batch_op.drop_column('points_by_score')
