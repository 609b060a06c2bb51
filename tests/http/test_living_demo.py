"""The demo the README's first command opens: the 2024 games mid-way, with every page holding
realistic content, and one count of units per state wherever units are counted."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from cli import demo
from extensions import db
from models import Event, Person, Registration, RegistrationStatus, Scan
from services.participation import rules as participation
from services.participation.reports import state_label
from tests.support.pdfs import page_texts

SLUG = "hoi-thao-2024"


@pytest.fixture
def living(app, tmp_path):
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert re.search(r"\(([\d.]+) giây\)", result.output), result.output  # its time: benchmarks/seed_demo.py
    admin = app.test_client()
    return result.output, admin


def _login(client):
    from tests.conftest import CSRF_RE

    page = client.get("/login").get_data(as_text=True)
    token = CSRF_RE.search(page).group(1)
    client.post("/login", data={"username": demo.DEMO_ADMIN, "password": demo.DEMO_PASSWORD, "csrf_token": token})


def _states(text: str) -> dict[str, int]:
    """Every "<state>: n" of the one participation sentence."""
    flat = " ".join(text.split())
    return {
        state.value: int(re.search(re.escape(state_label(state)) + r": (\d+)", flat).group(1))
        for state in participation.STATES
    }


def test_the_demo_is_a_living_event(living):
    output, admin = living
    games = db.session.scalar(select(Event).where(Event.slug == SLUG))
    athletes = db.session.scalar(select(func.count()).select_from(Person).where(Person.event_id == games.id))
    assert 1000 <= athletes <= 1400  # about 1,150 athletes, as in 2024, with team leaders
    assert games.registration_closes_at.date() < games.starts_on  # deadlines before the games
    statuses = dict(
        db.session.execute(
            select(Registration.status, func.count())
            .where(Registration.event_id == games.id)
            .group_by(Registration.status)
        ).all()
    )
    assert statuses[RegistrationStatus.APPROVED] >= 14 and statuses[RegistrationStatus.RETURNED] == 2
    assert statuses[RegistrationStatus.SUBMITTED] >= 2
    outcomes = dict(db.session.execute(select(Scan.outcome, func.count()).group_by(Scan.outcome)).all())
    assert outcomes["admitted"] > 400 and outcomes.get("not_allowed") == 2  # a returned unit's badges
    assert outcomes.get("repeat") and outcomes.get("limit_reached") == 1  # a second gift at the booth

    _login(admin)
    home = admin.get("/admin/").get_data(as_text=True)
    for work in ("review", "confirm", "ties", "units"):
        assert f'data-work="{work}"' in home, work
    board = admin.get(f"/board/{SLUG}").get_data(as_text=True)
    assert 'id="medal-table"' in board and "Chưa có kết quả" not in board
    assert board.count("<tr") > 10
    festival = admin.get("/admin/events/ngay-hoi-hoa-phu-2024/participation").get_data(as_text=True)
    assert 'data-state="present"' in festival  # delegations served at the booths


def test_every_page_and_report_gives_the_same_count_in_each_state(living):
    _output, admin = living
    _login(admin)
    games = db.session.scalar(select(Event).where(Event.slug == SLUG))
    part = participation.event_participation(games)
    expected = {state.value: n for state, n in part.by_state.items()}
    assert expected["not_registered"] == 2 and expected["returned"] == 2 and expected["present"] >= 10
    assert expected["approved"] >= 2  # approved, nobody scanned yet
    overview = admin.get(f"/admin/events/{SLUG}").get_data(as_text=True)
    page = admin.get(f"/admin/events/{SLUG}/participation").get_data(as_text=True)
    call_list = " ".join(page_texts(admin.get(f"/admin/events/{SLUG}/call-list.pdf").data))
    report = " ".join(page_texts(admin.get(f"/admin/events/{SLUG}/report.pdf").data))
    sheet = load_workbook(io.BytesIO(admin.get(f"/admin/events/{SLUG}/call-list.xlsx").data)).active
    xlsx = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    for name, text in {
        "overview": overview,
        "100%": page,
        "call list": call_list,
        "report": report,
        "xlsx": xlsx,
    }.items():
        assert _states(text) == expected, name
    counted = {
        s: len(re.findall(rf'data-state="{s}"', page.split('id="counting-units"', 1)[1].split("</table>")[0]))
        for s in expected
    }
    assert counted == expected  # the rows of the table, one per counting unit
    for state, n in expected.items():
        assert f'data-count="{state}">{n}<' in page  # the definitions list, with its counts
    assert f'id="stat-units">{part.registered}/{len(part.counting)}<' in overview


def test_the_demos_schedule_lies_inside_the_games_days_on_its_courts(living):
    """Issue 27: the demo's public schedule ran to 17/11 for games held 26–30/08."""
    from datetime import date

    from models import Competition, Match
    from services.i18n import to_local
    from services.schedule import event as schedule
    from services.schedule.check import check

    games = db.session.scalar(select(Event).where(Event.slug == SLUG))
    matches = db.session.scalars(select(Match).join(Competition).where(Competition.event_id == games.id)).all()
    timed = [m for m in matches if m.starts_at]
    assert len(timed) > 200
    assert all(date(2024, 8, 26) <= to_local(m.starts_at).date() <= date(2024, 8, 30) for m in timed)
    assert all(m.court_id for m in timed)
    built = schedule.build(games)
    assert check(built.problem, schedule.placed_now(games, built)).total == 0
    afternoon = db.session.scalars(select(Competition).where(Competition.final_session == "afternoon")).all()
    assert len(afternoon) == 2  # men's and women's volleyball
    for comp in afternoon:
        final = max(
            (m for m in timed if m.competition_id == comp.id and m.stage.value == "knockout"), key=lambda m: m.round_no
        )
        assert f"{to_local(final.starts_at):%d/%m %H:%M}" >= "30/08 12:00", comp.name  # volleyball: the last afternoon
    _output, admin = living
    page = admin.get(f"/board/{SLUG}/schedule").get_data(as_text=True)
    assert "11/2024" not in page and "09/2024" not in page


def test_the_demos_sprint_ran_heats_then_a_final(living):
    """Issue 28: one athletics sprint with heats and a final, on the public board."""
    from models import Competition, Performance

    sprint = db.session.scalar(select(Competition).where(Competition.name == "Chạy 100 m nam"))
    rows = db.session.scalars(select(Performance).where(Performance.competition_id == sprint.id)).all()
    in_heats = [p for p in rows if p.round_no == 1]
    final = [p for p in rows if p.round_no == 2]
    assert len({p.heat_no for p in in_heats}) >= 2 and all(p.confirmed for p in in_heats)
    assert len(final) == sprint.plan.lanes == 8 and all(p.confirmed for p in final)
    assert sorted(p.lane for p in final) == list(range(1, 9))
    _output, admin = living
    page = admin.get(f"/board/{SLUG}/competitions/{sprint.id}").get_data(as_text=True)
    assert "Chạy 100 m nam" in page and "Nhất" in page


def test_the_demos_chinese_chess_is_a_swiss_tournament_under_way(living, tmp_path):
    """Issue 28: both Chinese-chess events as 7-round Swiss tournaments (~50 men, ~30 women),
    a few rounds played; the men's next round paired and timed; FIDE's checker accepts them."""
    from models import Competition
    from services.results import swiss_rounds
    from tests.support import bbp

    comps = {c.name: c for c in db.session.scalars(select(Competition).where(Competition.name.like("Cờ tướng%")))}
    men, women = comps["Cờ tướng cá nhân nam"], comps["Cờ tướng cá nhân nữ"]
    assert men.plan.format.value == women.plan.format.value == "swiss" and men.plan.rounds == women.plan.rounds == 7
    assert len(men.plan.draw["swiss"]) >= 45 and len(women.plan.draw["swiss"]) >= 25
    played = swiss_rounds.summary(men)
    assert [r.done for r in played.rounds] == [True, True, True, False] and played.rounds[3].entered == 0
    assert all(m.starts_at and m.court_id for m in played.rounds[3].games if m.away_entry_id)
    assert [r.done for r in swiss_rounds.summary(women).rounds] == [True, True]
    _output, admin = living
    page = admin.get(f"/board/{SLUG}/competitions/{men.id}").get_data(as_text=True)
    assert "swiss-standings" in page and "Vòng 4" in page
    _login(admin)
    for comp in (men, women):
        path = tmp_path / f"{comp.id}.trf"
        path.write_text(admin.get(f"/results/competitions/{comp.id}/swiss.trf").get_data(as_text=True))
        checked = bbp.run("--dutch", str(path), "-c", cwd=tmp_path)
        assert checked.returncode == 0 and "Checker pairings" not in checked.stdout, checked.stdout


def test_after_the_last_match_the_demos_admin_gets_the_papers_and_starts_2025(living, client):
    """Issue 30's walk on the demo: prize money set for the finished competitions, the decision,
    the payout lists, the announcement, the pictures, and 2025 started from 2024."""
    from docx import Document

    from models import Season, Unit
    from services.papers import money

    client.login(demo.DEMO_ADMIN, demo.DEMO_PASSWORD)
    base = f"/admin/events/{SLUG}"
    version = re.search(r'name="version" value="(\w+)"', client.get(base + "/prizes").get_data(as_text=True)).group(1)
    amounts = {"i-1": "1.500.000", "i-2": "1.000.000", "i-3": "700.000", "t-1": "3.000.000", "t-2": "2.000.000",
               "t-3": "1.500.000"}  # fmt: skip
    assert client.post(base + "/prizes", data={"action": "fill", "version": version, **amounts}).status_code == 302
    page = client.get(base + "/prizes").get_data(as_text=True)
    awarded = int(re.search(r"tổng ([\d.]+) đồng", page).group(1).replace(".", ""))
    assert awarded > 0

    doc = Document(io.BytesIO(client.get(base + "/decision.docx").data))
    cells = [[c.text for c in row.cells] for row in doc.tables[-1].rows]
    assert sum(int(r[-1].replace(".", "")) for r in cells if r[0] == "Cộng") == awarded
    # The appendix's medals per unit are the medal table's (board JSON): the same tally.
    units = {u.name: u.code for u in db.session.scalars(select(Unit))}
    medals: dict = {}
    competition = ""
    for row in cells[1:]:
        if row[0] != "Cộng" and not row[0].isdigit():
            competition = row[0]
        elif row[0].isdigit() and competition != "Toàn đoàn" and row[1] in ("Nhất", "Nhì", "Ba"):
            key = (units[row[4]], {"Nhất": "gold", "Nhì": "silver", "Ba": "bronze"}[row[1]])
            medals[key] = medals.get(key, 0) + 1
    table = client.get(f"/board/{SLUG}/announcement.json").get_json()["medal_table"]
    assert medals == {(r["code"], m): r[m] for r in table for m in ("gold", "silver", "bronze") if r[m]}
    sheet = load_workbook(io.BytesIO(client.get(base + "/payouts.xlsx").data)).active
    total = [r for r in sheet.iter_rows(values_only=True) if r[1] == "Tổng cộng"][0]
    assert total[6] == awarded and total[7] == money.in_words(awarded)
    unit = next(r[5] for r in sheet.iter_rows(min_row=4, values_only=True) if isinstance(r[0], int))
    code = db.session.scalar(select(Unit.code).where(Unit.name == unit))
    pdf = " ".join(" ".join(page_texts(client.get(f"{base}/payouts.pdf?unit={code}").data)).split())
    assert unit in pdf and "bằng chữ" in pdf and "Ký nhận" in pdf

    announced = client.get(f"/board/{SLUG}/announcement.json").get_json()
    assert announced["medal_table"] and announced["participation"]["sentence"].startswith("Có ")
    assert client.get(base).get_data(as_text=True).count('class="chart"') == 3

    season = db.session.scalar(select(Event).where(Event.slug == SLUG)).season_id
    copied = client.post(
        f"/admin/seasons/{season}/copy",
        data={"name": "Tháng Công nhân 2025", "year": "2025", "first_starts_on": "25/08/2025"},
    )
    assert copied.status_code == 302
    new = db.session.scalar(select(Season).where(Season.name == "Tháng Công nhân 2025"))
    assert {e.slug for e in new.events} >= {"hoi-thao-2025"} and all(e.review_pending for e in new.events)
