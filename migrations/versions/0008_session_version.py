"""session version: a user's sessions end together (logout, new password, deactivation);
an unfinished upload's last activity (abandoned ones are swept after 24 h)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 12:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('media_upload', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('media_upload', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_version')
