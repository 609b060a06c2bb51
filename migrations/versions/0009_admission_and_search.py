"""admission policy: a checkpoint may admit people of units whose registration is not
approved (default: refused); people's unaccented search key ("hung" finds Hùng)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 17:00:00

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def _search_key(name: str) -> str:
    """services/text.py search_key as of this revision (kept here: a migration never changes)."""
    name = " ".join(unicodedata.normalize("NFC", name or "").split()).replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", name) if not unicodedata.combining(ch)).casefold()


def upgrade():
    with op.batch_alter_table('checkpoint', schema=None) as batch_op:
        batch_op.add_column(sa.Column('admit_unapproved', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.String(length=200), server_default='', nullable=False))
        batch_op.create_index(batch_op.f('ix_person_search_key'), ['search_key'], unique=False)
    conn = op.get_bind()
    person = sa.table('person', sa.column('id', sa.Integer), sa.column('full_name', sa.String), sa.column('search_key', sa.String))
    rows = conn.execute(sa.select(person.c.id, person.c.full_name)).all()
    for start in range(0, len(rows), 1000):
        conn.execute(
            person.update().where(person.c.id == sa.bindparam('pid')).values(search_key=sa.bindparam('key')),
            [{'pid': pid, 'key': _search_key(name)} for pid, name in rows[start:start + 1000]],
        )


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_search_key'))
        batch_op.drop_column('search_key')
    with op.batch_alter_table('checkpoint', schema=None) as batch_op:
        batch_op.drop_column('admit_unapproved')
