"""a scan's admission taken by an earlier scan made offline that arrived later

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 04:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('scan') as batch_op:
        batch_op.add_column(sa.Column('superseded_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('scan') as batch_op:
        batch_op.drop_column('superseded_at')
