"""drop the index on person.search_key, which no query can use

A search matches a part of the name (``search_key LIKE '%hung%'``, services/registration/
persons.py ``matching``): neither SQLite nor PostgreSQL can use a b-tree index for a pattern
that starts with a wildcard, so the index only cost each insert (a 5,000-row roster import:
~5 ms of its write under SQLite's one write lock).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 01:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index('ix_person_search_key', table_name='person')


def downgrade():
    op.create_index('ix_person_search_key', 'person', ['search_key'], unique=False)
