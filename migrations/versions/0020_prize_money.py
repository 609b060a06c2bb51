"""prize money: per competition and place, per overall rank, and whether a shared place
splits its amount

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 14:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('competition', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prizes', sa.JSON(), server_default='{}', nullable=False))
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('overall_prizes', sa.JSON(), server_default='{}', nullable=False))
        batch_op.add_column(sa.Column('shared_prize_split', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('shared_prize_split')
        batch_op.drop_column('overall_prizes')
    with op.batch_alter_table('competition', schema=None) as batch_op:
        batch_op.drop_column('prizes')
