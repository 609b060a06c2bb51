"""English complete: every page of every role, the scanner's texts included, rendered in
English on the living demo, holds no Vietnamese except the data itself (names of people,
units, events, competitions, venues, what users typed)."""

from __future__ import annotations

import html
import re
import unicodedata

import pytest
from sqlalchemy import select

from cli import demo
from extensions import db
from models import (
    AwardDecision,
    Certificate,
    CertificateStyle,
    Checkpoint,
    Competition,
    Court,
    Event,
    Match,
    Person,
    Registration,
    Season,
    Sport,
    Unit,
    User,
    Venue,
)
from services.checkin import devices
from tests.conftest import Client

SLUG = "hoi-thao-2024"
FESTIVAL = "ngay-hoi-hoa-phu-2024"
# Letters only Vietnamese uses (tone marks and the letters ă â đ ê ô ơ ư): English has none.
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ]|[\u0300\u0301\u0303\u0309\u0323]")
# Abbreviations that stay Vietnamese in English on purpose: the federation's own names for
# unions. Anything else Vietnamese on purpose (the language switch "Tiếng Việt", an import
# file's column headers) is marked lang="vi" and left out.
KEPT = {"CNVCLĐ", "LĐLĐ", "CĐCS"}


def _data_texts() -> list[str]:
    """Every text the page may show that users or the demo typed, longest first."""
    texts: set[str] = set()
    for model, columns in {
        Unit: ("name", "contact_name", "code"),
        Person: ("full_name", "workplace"),
        Event: ("name", "description"),
        Season: ("name", "description"),
        Competition: ("name",),
        Sport: ("name",),
        Venue: ("name", "address"),
        Court: ("name",),
        Match: ("court",),
        Checkpoint: ("name",),
        Registration: ("comment",),
        User: ("full_name", "username"),
        CertificateStyle: (
            "organisation",
            "place",
            "signer_name",
            "signer_title",
            "participation_title",
            "award_title",
            "participation_text",
            "award_text",
            "overall_text",
        ),
        Certificate: ("holder",),
        AwardDecision: (  # the decision's wording: Vietnamese, typed by the federation (defaults here)
            "parent_body",
            "issuing_body",
            "symbol",
            "place",
            "subject",
            "authority",
            "grounds",
            "budget",
            "executors",
            "recipients",
            "signer_on_behalf",
            "signer_title",
        ),
    }.items():
        for row in db.session.scalars(select(model)):
            for column in columns:
                value = getattr(row, column, None)
                if value:
                    texts.add(str(value))
                    texts.update(str(value).splitlines())
    return sorted(texts, key=len, reverse=True)


def _visible(page: str) -> str:
    page = re.sub(r"<(script|style)\b(?![^>]*application/json)[^>]*>.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<(\w+)\b[^>]*\blang=\"vi\"[^>]*>.*?</\1>", " ", page, flags=re.S)  # Vietnamese on purpose
    page = re.sub(r"<[^>]+>", " ", page)
    return unicodedata.normalize("NFC", html.unescape(page))


def _leftovers(text: str, data: list[str]) -> list[str]:
    for value in data:
        text = text.replace(value, " ")
    words = re.findall(r"[^\s\"'“”(),.:;!?/]+", text)
    return sorted({w for w in words if VIETNAMESE.search(unicodedata.normalize("NFD", w)) and w not in KEPT})


@pytest.fixture
def english_demo(app, tmp_path):
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    from services.certificates import issue
    from services.papers import decision

    games = db.session.scalar(select(Event).where(Event.slug == SLUG))
    issue.sync(games)  # a verify page to read
    decision.decision_of(games)  # its wording (data) made before the pages are read
    db.session.commit()
    return app


def _as(app, username: str) -> Client:
    client = Client(app)
    client.login(username, demo.DEMO_PASSWORD)
    client.post("/lang/en", {"next": "/"})
    return client


def _pages(games: Event) -> dict[str, list[str]]:
    comp = db.session.scalar(select(Competition).where(Competition.event_id == games.id, Competition.plan.has()))
    match = db.session.scalar(select(Match).where(Match.competition_id == comp.id, Match.home_entry_id.is_not(None)))
    person = db.session.scalar(select(Person).where(Person.event_id == games.id).join(Unit).where(Unit.code == "BMT"))
    cert = db.session.scalar(select(Certificate))
    admin = [
        "/admin/",
        "/admin/units",
        "/admin/users",
        f"/admin/events/{SLUG}",
        f"/admin/events/{SLUG}/participation",
        f"/admin/events/{SLUG}/competitions",
        f"/admin/events/{SLUG}/registrations",
        f"/admin/events/{SLUG}/people?q=nguyen",
        f"/admin/events/{SLUG}/badges",
        f"/admin/events/{SLUG}/checkpoints",
        f"/admin/events/{SLUG}/attendance",
        f"/admin/events/{SLUG}/certificates",
        f"/admin/events/{SLUG}/media",
        f"/admin/events/{SLUG}/audit",
        f"/admin/events/{SLUG}/prizes",
        f"/admin/events/{SLUG}/decision",
        f"/admin/seasons/{games.season_id}/copy",
        f"/admin/events/{FESTIVAL}/participation",
        f"/admin/seasons/{games.season_id}/participation",
        f"/results/competitions/{comp.id}",
        f"/results/matches/{match.id}",
        f"/units/BMT/people/{person.id}",
    ]
    public = [f"/board/{SLUG}", f"/board/{SLUG}/schedule", f"/board/{SLUG}/competitions/{comp.id}", "/verify"]
    if cert is not None:
        public.append(f"/verify/{cert.serial}")
    return {
        "admin": admin,
        "trongtai1": ["/results/", f"/results/matches/{match.id}"],
        "cb.bmt": ["/units/BMT", f"/units/BMT/events/{SLUG}", f"/units/BMT/events/{SLUG}/people/new"],
        "public": public,
    }


def test_every_page_reads_in_english(english_demo, make_client):
    app = english_demo
    games = db.session.scalar(select(Event).where(Event.slug == SLUG))
    data = _data_texts()
    found: dict[str, list[str]] = {}
    for who, urls in _pages(games).items():
        client = make_client() if who == "public" else _as(app, who)
        if who == "public":
            client.get("/login")
            client.post("/lang/en", {"next": "/"})
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (who, url, response.status_code)
            left = _leftovers(_visible(response.get_data(as_text=True)), data)
            if left:
                found[f"{who} {url}"] = left
    # The scanner, as a volunteer's phone shows it (its verdict texts live in the page's JSON).
    gate = db.session.scalar(select(Checkpoint).where(Checkpoint.event_id == games.id, Checkpoint.kind == "gate"))
    _device, token = devices.create_device(gate, None, name="test")
    db.session.commit()
    phone = make_client()
    phone.get("/login")
    phone.post("/lang/en", {"next": "/"})
    phone.get(f"/scan/link/{token}")
    scanner = phone.get("/scan/")
    left = _leftovers(_visible(scanner.get_data(as_text=True)), data)
    if left:
        found["scanner"] = left
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
