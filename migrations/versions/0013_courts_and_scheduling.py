"""venues' courts and hours, competitions' match length, rest and final day, matches'
court and pin: what the event-wide scheduler (services/schedule) works with

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 04:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'court',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('venue_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('sports', sa.JSON(), server_default='[]', nullable=False),
        sa.ForeignKeyConstraint(['venue_id'], ['venue.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('venue_id', 'name'),
    )
    with op.batch_alter_table('court', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_court_venue_id'), ['venue_id'], unique=False)
    with op.batch_alter_table('venue', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hours', sa.JSON(), server_default='[]', nullable=False))
    with op.batch_alter_table('competition', schema=None) as batch_op:
        batch_op.add_column(sa.Column('match_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('rest_minutes', sa.Integer(), server_default='30', nullable=False))
        batch_op.add_column(sa.Column('final_last_day', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('match', schema=None) as batch_op:
        batch_op.add_column(sa.Column('court_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pinned', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f('ix_match_court_id'), ['court_id'], unique=False)
        batch_op.create_foreign_key('fk_match_court_id_court', 'court', ['court_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('match', schema=None) as batch_op:
        batch_op.drop_constraint('fk_match_court_id_court', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_match_court_id'))
        batch_op.drop_column('pinned')
        batch_op.drop_column('court_id')
    with op.batch_alter_table('competition', schema=None) as batch_op:
        batch_op.drop_column('final_last_day')
        batch_op.drop_column('rest_minutes')
        batch_op.drop_column('match_minutes')
    with op.batch_alter_table('venue', schema=None) as batch_op:
        batch_op.drop_column('hours')
    with op.batch_alter_table('court', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_court_venue_id'))
    op.drop_table('court')
