"""courts closed for a while (late, rain) and schedule drafts seen before publishing

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 05:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'court_closure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('venue_id', sa.Integer(), nullable=False),
        sa.Column('court_id', sa.Integer(), nullable=True),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['court_id'], ['court.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['venue_id'], ['venue.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('court_closure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_court_closure_venue_id'), ['venue_id'], unique=False)
    op.create_table(
        'schedule_draft',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('basis', sa.String(length=64), nullable=False),
        sa.Column('placements', sa.JSON(), nullable=False),
        sa.Column('solve_s', sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('event_id'),
    )


def downgrade():
    op.drop_table('schedule_draft')
    with op.batch_alter_table('court_closure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_court_closure_venue_id'))
    op.drop_table('court_closure')
