"""result versions: a match's and a performance's version, a match's pending clear

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 01:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('match', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('clear_requested', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('performance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('performance', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('match', schema=None) as batch_op:
        batch_op.drop_column('clear_requested')
        batch_op.drop_column('version')
