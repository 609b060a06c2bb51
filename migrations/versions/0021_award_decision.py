"""the award decision of an event: its wording and, once issued, the appendix as issued

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 14:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'award_decision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('parent_body', sa.String(length=200), nullable=False),
        sa.Column('issuing_body', sa.String(length=200), nullable=False),
        sa.Column('number', sa.String(length=20), nullable=False),
        sa.Column('symbol', sa.String(length=40), nullable=False),
        sa.Column('place', sa.String(length=80), nullable=False),
        sa.Column('issued_on', sa.Date(), nullable=True),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('authority', sa.String(length=200), nullable=False),
        sa.Column('grounds', sa.Text(), nullable=False),
        sa.Column('budget', sa.Text(), nullable=False),
        sa.Column('executors', sa.Text(), nullable=False),
        sa.Column('recipients', sa.Text(), nullable=False),
        sa.Column('signer_on_behalf', sa.String(length=120), nullable=False),
        sa.Column('signer_title', sa.String(length=120), nullable=False),
        sa.Column('signer_name', sa.String(length=120), nullable=False),
        sa.Column('issued_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('issued_by_id', sa.Integer(), nullable=True),
        sa.Column('appendix', sa.JSON(), server_default='{}', nullable=False),
        sa.Column('version', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_award_decision_event_id_event'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['issued_by_id'], ['user_account.id'], name=op.f('fk_award_decision_issued_by_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_award_decision')),
        sa.UniqueConstraint('event_id', name=op.f('uq_award_decision_event_id')),
    )


def downgrade():
    op.drop_table('award_decision')
