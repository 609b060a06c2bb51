"""a sport's kind (services/results/sports.KINDS): what its competitions play by default,
chosen by the admin instead of guessed from words in the sport's name

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 01:00:00

"""
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# How services/results/planning.py guessed a sport's defaults from words in its name up to
# this revision (kept here: a migration never changes). The first word found decides.
_WORDS = (
    ("cầu lông", "badminton"),
    ("bóng chuyền", "volleyball"),
    ("bóng bàn", "table_tennis"),
    ("quần vợt", "tennis"),
    ("bóng đá", "football"),
    ("kéo co", "tug_of_war"),
    ("bao bố", "sack_race"),
    ("việt dã", "cross_country"),
    ("chạy", "running"),
    ("điền kinh", "athletics"),
    ("bắn nỏ", "crossbow"),
    ("đẩy gậy", "stick_pushing"),
)


def _kind(name: str) -> str:
    key = " ".join(unicodedata.normalize("NFC", name or "").split()).casefold()
    return next((kind for word, kind in _WORDS if word in key), "other")


def upgrade():
    with op.batch_alter_table('sport', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=30), server_default='other', nullable=False))
    conn = op.get_bind()
    sport = sa.table('sport', sa.column('id', sa.Integer), sa.column('name', sa.String), sa.column('kind', sa.String))
    for sport_id, name in conn.execute(sa.select(sport.c.id, sport.c.name)).all():
        conn.execute(sport.update().where(sport.c.id == sport_id).values(kind=_kind(name)))


def downgrade():
    with op.batch_alter_table('sport', schema=None) as batch_op:
        batch_op.drop_column('kind')
