"""a registration returned after the deadline is reopened until a date the federation chose

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 04:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registration') as batch_op:
        batch_op.add_column(sa.Column('reopened_until', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('registration') as batch_op:
        batch_op.drop_column('reopened_until')
