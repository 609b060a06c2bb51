"""drop two indexes that a unique constraint's leading column already covers

entry_member (entry_id, person_id) serves every lookup by entry_id, and entry
(competition_id, unit_id, team_no) every lookup by competition_id: the single-column
indexes only cost each insert (a roster import writes 5,000 of each under SQLite's one
write lock).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06 23:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_entry_member_entry_id', table_name='entry_member')
    op.drop_index('ix_entry_competition_id', table_name='entry')


def downgrade():
    op.create_index('ix_entry_competition_id', 'entry', ['competition_id'], unique=False)
    op.create_index('ix_entry_member_entry_id', 'entry_member', ['entry_id'], unique=False)
