"""axe-core (Deque's accessibility engine, bundled by axe-playwright-python) on the key pages of
every role of the living demo, in real Chromium: no serious or critical violation (contrast,
names of buttons and fields, landmarks…). Desktop pages at 1366×768, phone pages at 390×844."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cli import demo
from extensions import db
from models import Badge, CheckIn, Competition, Event, Match, Person, Registration, RegistrationStatus
from tests.support.browser import log_in, phone_page, scanner_ready

pytestmark = pytest.mark.browser

SLUG = "hoi-thao-2024"
SERIOUS = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {len(v['nodes'])}: {[n['target'] for n in v['nodes']][:8]}"
        for v in results["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.fixture
def living(app, tmp_path):
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    match = db.session.scalar(select(Match).join(Competition).where(Match.confirmed_at.is_not(None)).limit(1))
    unscanned = db.session.scalar(
        select(Badge.short_code)
        .join(Person, Person.id == Badge.person_id)
        .join(Registration, (Registration.unit_id == Person.unit_id) & (Registration.event_id == Badge.event_id))
        .where(Badge.revoked_at.is_(None), Registration.status == RegistrationStatus.APPROVED)
        .where(~Person.id.in_(select(CheckIn.person_id)))
        .limit(1)
    )
    sprint = db.session.scalar(select(Competition.id).where(Competition.name == "Chạy 100 m nam"))
    chess = db.session.scalar(select(Competition.id).where(Competition.name == "Cờ tướng cá nhân nam"))
    season = db.session.scalar(select(Event.season_id).where(Event.slug == SLUG))
    return {"competition": match.competition_id, "match": match.id, "badge": unscanned, "sprint": sprint,
            "chess": chess, "season": season}  # fmt: skip


def _walk(page, base: str, paths: list[str]) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state()
        if problems := serious_violations(page):
            found[path] = problems
    return found


def test_every_roles_key_pages_have_no_serious_accessibility_violation(live_server, browser, living):
    event = f"/admin/events/{SLUG}"
    walks = {
        None: ["/login", f"/board/{SLUG}", f"/board/{SLUG}/screen", f"/board/{SLUG}/schedule"]
        + [f"/board/{SLUG}/competitions/{living['sprint']}", f"/board/{SLUG}/competitions/{living['chess']}"],
        demo.DEMO_ADMIN: [
            "/admin/",
            event,
            f"{event}/participation",
            f"{event}/registrations",
            f"{event}/competitions",
            f"{event}/schedule",
            f"{event}/badges",
            f"{event}/checkpoints",
            f"{event}/attendance",
            f"{event}/certificates",
            f"{event}/prizes",
            f"{event}/decision",
            f"/admin/seasons/{living['season']}/copy",
        ],
        "cb.lak": ["/units/LAK", f"/units/LAK/events/{SLUG}", f"/units/LAK/events/{SLUG}/people/new"],
        demo.DEMO_OFFICIALS[0][0]: [
            "/results/",
            f"/results/competitions/{living['competition']}",
            f"/results/matches/{living['match']}",
            f"/results/competitions/{living['sprint']}",
            f"/results/competitions/{living['sprint']}/heats/1/1",  # a heat sheet, on a phone
            f"/results/competitions/{living['chess']}/swiss",  # a Swiss tournament's rounds and standings
            f"/results/competitions/{living['chess']}/swiss/rounds/4",  # a round's sheet
        ],
        demo.DEMO_VOLUNTEERS[0][0]: ["/scan/"],
    }
    found = {}
    for username, paths in walks.items():
        phone = username in ("cb.lak", demo.DEMO_OFFICIALS[0][0], demo.DEMO_VOLUNTEERS[0][0])
        if phone:
            context, page = phone_page(browser)
        else:
            context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
            page = context.new_page()
        if username:
            log_in(page, live_server, username, demo.DEMO_PASSWORD)
        found |= {
            f"{username or 'public'} {path}": problems for path, problems in _walk(page, live_server, paths).items()
        }
        if username == demo.DEMO_VOLUNTEERS[0][0]:  # the scanner, and its verdict: red, then green
            page.get_by_role("button", name=demo.DEMO_GATE).click()
            scanner_ready(page)  # its script is running
            if problems := serious_violations(page):
                found["scanner"] = problems
            page.clock.install()  # the verdict stays up while axe reads it (it hides itself after seconds)
            for code in ("ABC2345", living["badge"]):
                page.evaluate("code => window.scanner.submit(code)", code)  # typing is tested with the scanner
                page.locator("#verdict").wait_for(state="visible")
                colour = page.locator("#verdict").get_attribute("data-colour")
                if problems := serious_violations(page):
                    found[f"scanner verdict {colour}"] = problems
                page.locator("#verdict").click()
                page.locator("#verdict").wait_for(state="hidden")
        context.close()
    assert found == {}, "\n".join(f"{where}: {p}" for where, problems in found.items() for p in problems)
