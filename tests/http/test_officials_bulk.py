"""Officials assigned to many competitions of an event at once, from the competitions page:
added to those assigned or instead of them; hostile or stale choices refused with nothing
changed; two admins at once both count. Through HTTP (and the served app for the race)."""

import pytest
from sqlalchemy import select

from extensions import db
from models import Competition, User, UserRole
from tests.support import factories as f
from tests.support import worlds
from tests.support.races import Person, at_once

PAGE = "/admin/events/hoi-thao-2024/competitions"
ASSIGN = PAGE + "/officials"


def _world():
    lak, bmt, ev = worlds.two_units()
    other = f.event("ngay-hoi-2024")
    comps = [f.competition(ev, name) for name in ("Cờ tướng nam", "Cờ vua nữ", "Kéo co nam")]
    stranger = f.competition(other, "Kéo co ngày hội")
    worlds.accounts(lak, bmt)
    for name in ("tt1", "tt2", "tt3"):
        f.user(name, role=UserRole.OFFICIAL)
    f.user("tnv1", role=UserRole.VOLUNTEER)
    db.session.commit()
    ids = {u.username: u.id for u in db.session.scalars(select(User))}
    return {"comps": [c.id for c in comps], "stranger": stranger.id, "ids": ids}


@pytest.fixture
def world(app):
    return _world()


def _officials():
    db.session.expire_all()
    return {c.name: sorted(u.username for u in c.officials) for c in db.session.scalars(select(Competition))}


def test_officials_are_added_to_ticked_competitions_or_put_instead(client, world):
    client.login("admin")
    page = client.get(PAGE).get_data(as_text=True)
    assert 'id="assign-officials"' in page and page.count('name="competition_ids"') == 3
    assert page.count("Trọng tài: chưa phân công") == 3
    chess = world["comps"][:2]
    ids = world["ids"]
    done = client.post(ASSIGN, {"competition_ids": chess, "official_ids": [ids["tt1"], ids["tt2"]], "mode": "add"})
    assert done.status_code == 302
    assert "Đã phân công trọng tài cho 2 nội dung." in client.get(PAGE).get_data(as_text=True)
    assert _officials() == {
        "Cờ tướng nam": ["tt1", "tt2"],
        "Cờ vua nữ": ["tt1", "tt2"],
        "Kéo co nam": [],
        "Kéo co ngày hội": [],
    }
    client.post(ASSIGN, {"competition_ids": chess[:1], "official_ids": [ids["tt3"]], "mode": "add"})
    assert _officials()["Cờ tướng nam"] == ["tt1", "tt2", "tt3"]
    client.post(ASSIGN, {"competition_ids": chess, "official_ids": [ids["tt3"]], "mode": "replace"})
    officials = _officials()
    assert officials["Cờ tướng nam"] == officials["Cờ vua nữ"] == ["tt3"]
    assert "Trọng tài: tt3" in client.get(PAGE).get_data(as_text=True)


@pytest.mark.parametrize(
    ("form", "words"),
    [
        ({"official_ids": ["tt1"]}, "Hãy chọn ít nhất một nội dung để phân công."),
        ({"competition_ids": ["first"]}, "Hãy chọn ít nhất một trọng tài."),
        ({"competition_ids": ["first"], "official_ids": ["tnv1"]}, "Trọng tài:"),  # not an official
        ({"competition_ids": ["stranger"], "official_ids": ["tt1"]}, "Nội dung:"),  # another event's
        ({"competition_ids": ["abc"], "official_ids": ["tt1"]}, "Nội dung:"),
        ({"competition_ids": ["first"], "official_ids": ["99999999999999999999"]}, "Trọng tài:"),
        ({"competition_ids": ["first"], "official_ids": ["tt1"], "mode": "drop"}, "Cách phân công:"),
    ],
)
def test_bad_choices_are_refused_with_a_clear_message_and_nothing_changes(client, world, form, words):
    client.login("admin")
    client.get(PAGE)
    named = {"first": world["comps"][0], "stranger": world["stranger"], **world["ids"]}
    body = {key: [named.get(v, v) for v in values] for key, values in form.items() if key != "mode"}
    response = client.post(ASSIGN, body | {"mode": form.get("mode", "add")})
    assert response.status_code == 302
    assert words in client.get(PAGE).get_data(as_text=True)
    assert all(names == [] for names in _officials().values())


def test_only_the_federation_assigns(client, world):
    client.login("cb.lak")
    client.get("/")
    body = {"competition_ids": world["comps"], "official_ids": [world["ids"]["tt1"]], "mode": "add"}
    assert client.post(ASSIGN, body).status_code == 403
    assert all(names == [] for names in _officials().values())


def test_two_admins_adding_officials_at_once_both_count(app, served):
    """Without the competitions' row locks both would insert (competition, tt1): a 500 on PostgreSQL."""
    world = _world()
    f.user("admin2", role=UserRole.ADMIN)
    db.session.commit()
    admins = [Person(served, name, "secret-pass") for name in ("admin", "admin2")]
    for admin in admins:
        admin.token = admin._token(PAGE)
    answers = at_once(
        *(
            lambda a=admin, who=who: a.post(
                ASSIGN,
                {"competition_ids": world["comps"], "official_ids": [world["ids"][w] for w in who], "mode": "add"},
            )
            for admin, who in zip(admins, (["tt1"], ["tt1", "tt2"]), strict=True)  # both add tt1
        )
    )
    assert [a.status_code for a in answers] == [302, 302]
    officials = _officials()
    assert officials["Cờ tướng nam"] == officials["Cờ vua nữ"] == officials["Kéo co nam"] == ["tt1", "tt2"]
