"""Badge tokens and short codes: unguessable, signed, revocable (services/badges/tokens.py)."""

import math

import pytest

from extensions import db
from models import UserRole
from services.badges import tokens
from services.badges.tokens import ALPHABET, Outcome
from tests.support import factories as f


@pytest.fixture
def issued(app):
    lak = f.unit("LAK", "LĐLĐ huyện Lắk")
    games, festival = f.event(), f.event("ngay-hoi-2024")
    an = f.person(games, lak, "Nguyễn Văn An")
    binh = f.person(festival, lak, "Trần Thị Bình")
    tokens.issue_missing(games, [an.id])
    tokens.issue_missing(festival, [binh.id])
    db.session.commit()
    return {"games": games, "festival": festival, "an": an, "binh": binh, "admin": f.user("admin", role=UserRole.ADMIN)}


def test_token_shape_randomness_and_alphabet(issued):
    badge = tokens.active_badge(issued["an"])
    token = tokens.token_for(badge)
    assert len(token) == 38 <= 40
    assert set(token) <= set(ALPHABET) and not set("01OIL") & set(ALPHABET)
    assert len(ALPHABET) ** tokens.ID_LENGTH > 2**128  # at least 128 random bits in the id
    assert math.log2(len(ALPHABET)) * tokens.ID_LENGTH >= 128
    assert len(badge.short_code) == 7 and set(badge.short_code) <= set(ALPHABET)
    other = tokens.active_badge(issued["binh"])
    assert other.token_id != badge.token_id


def test_valid_token_and_short_code_resolve_to_the_person(issued):
    badge = tokens.active_badge(issued["an"])
    token = tokens.token_for(badge)
    check = tokens.check(token, issued["games"])
    assert check.ok and check.holder.full_name == "Nguyễn Văn An" and check.holder.unit_name == "LĐLĐ huyện Lắk"
    assert tokens.check(token.lower(), issued["games"]).ok  # typed or scanned in lower case
    assert tokens.check(badge.short_code, issued["games"]).holder.badge_id == badge.id
    spaced = badge.short_code[:3] + " " + badge.short_code[3:].lower()
    assert tokens.check(spaced, issued["games"]).ok


def test_every_one_character_change_is_refused_as_forged(issued):
    token = tokens.token_for(tokens.active_badge(issued["an"]))
    for i, ch in enumerate(token):
        changed = token[:i] + ALPHABET[(ALPHABET.index(ch) + 1) % len(ALPHABET)] + token[i + 1 :]
        assert tokens.check(changed, issued["games"]).outcome == Outcome.FORGED, i
    assert tokens.check(token[:-1], issued["games"]).outcome == Outcome.FORGED
    assert tokens.check("HELLO-WORLD", issued["games"]).outcome == Outcome.FORGED
    assert tokens.check("0OIL123", issued["games"]).outcome == Outcome.FORGED  # not our alphabet
    assert tokens.check("2345678", issued["games"]).outcome == Outcome.UNKNOWN


def test_a_token_signed_with_another_secret_is_forged(issued, app):
    token = tokens.token_for(tokens.active_badge(issued["an"]))
    app.config["SECRET_KEY"] = "another-secret"
    assert tokens.check(token, issued["games"]).outcome == Outcome.FORGED


def test_other_events_badge_is_refused(issued):
    token = tokens.token_for(tokens.active_badge(issued["binh"]))
    assert tokens.check(token, issued["games"]).outcome == Outcome.OTHER_EVENT


def test_reissue_revokes_the_old_badge(issued):
    old = tokens.active_badge(issued["an"])
    old_token, old_code = tokens.token_for(old), old.short_code
    new = tokens.reissue(issued["an"], issued["admin"])
    db.session.commit()
    assert tokens.check(old_token, issued["games"]).outcome == Outcome.REVOKED
    assert tokens.check(old_code, issued["games"]).outcome == Outcome.REVOKED
    assert tokens.check(tokens.token_for(new), issued["games"]).ok
    assert (new.number, new.version, new.label) == (old.number, 2, f"{old.number:04d}-2")
    assert tokens.issue_missing(issued["games"], [issued["an"].id]) == 0  # still one in force
