"""Prize money and the payout lists (issue 30): amounts set in bulk and per competition, a
shared place's full or split amount, the lists' sums against the awards, amounts in words
read back from the PDF and the .xlsx, stale pages and bad amounts refused by name."""

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from extensions import db
from models import AuditLog, EntryMember, Unit
from services.papers import awards, money
from tests.support import factories as f
from tests.support import results, worlds
from tests.support.pdfs import page_texts

PRIZES = "/admin/events/hoi-thao-2024/prizes"


@pytest.fixture
def games(app, officials):
    return worlds.played_knockouts(officials)


def _version(page: str) -> str:
    return re.search(r'name="version" value="([0-9a-f]+)"', page).group(1)


def _fill(client, every=False, **amounts):
    version = _version(client.get(PRIZES).get_data(as_text=True))
    return client.post(
        PRIZES, data={"action": "fill", "version": version, **amounts, **({"every": "1"} if every else {})}
    )


def _save(client, games, changes: dict, version=None):
    """The table form as shown, with ``changes`` typed over it."""
    page = client.get(PRIZES).get_data(as_text=True)
    shown = dict(re.findall(r'name="((?:c\d+|o)-\w+)" id="[^"]+" value="([^"]*)"', page))
    return client.post(PRIZES, data=shown | {"version": version or _version(page)} | changes)


def _places(comp):
    return sorted(p.place for p in results.places(comp))


def test_prizes_filled_in_and_overridden_give_payout_lists_that_add_up(client, games):
    client.login("admin")
    answer = _fill(client, **{"i-1": "1.500.000", "i-2": "1 000 000", "i-3": "700000đ", "t-1": "3.000.000",
                              "t-2": "2.000.000", "t-3": "1.500.000"})  # fmt: skip
    assert answer.status_code == 302
    singles, team = games["singles"], games["team"]
    answer = _save(client, games, {f"c{singles.id}-1": "2.000.000", "o-1": "5.000.000"})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    db.session.expire_all()
    assert singles.prizes == {"1": 2_000_000, "2": 1_000_000, "3": 700_000}
    assert team.prizes == {"1": 3_000_000, "2": 2_000_000, "3": 1_500_000}
    assert _places(singles) == [1, 2, 3, 3] and _places(team) == [1, 2, 3, 3]
    expected = (2_000_000 + 1_000_000 + 2 * 700_000) + (3_000_000 + 2_000_000 + 2 * 1_500_000) + 5_000_000
    groups = awards.event_awards(games["event"])
    assert awards.total(groups) == expected  # a shared bronze: each its full amount
    assert [a.recipient for a in groups[0].awards if a.place == 1][0].startswith("Vận Động Viên")
    assert all(a.collective for a in groups[1].awards)  # the tug of war's teams: their units

    sheet = load_workbook(io.BytesIO(client.get("/admin/events/hoi-thao-2024/payouts.xlsx").data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[-1][1] == "Tổng cộng" and rows[-1][6] == expected and rows[-1][7] == money.in_words(expected)
    lines = [r for r in rows[3:] if isinstance(r[0], int)]
    assert sum(r[6] for r in lines) == expected and len(lines) == 9
    assert all(r[7] == money.in_words(r[6]) for r in lines)
    subtotals = [r for r in rows if str(r[1]).startswith("Cộng ")]
    assert sum(r[6] for r in subtotals) == expected
    bold = [row[0].row for row in sheet.iter_rows() if any(c.font.bold for c in row)]
    headers = [i for i, r in enumerate(rows, start=1) if r[0] == "STT"]
    sums = [i for i, r in enumerate(rows, start=1) if str(r[1]).startswith(("Cộng ", "Tổng cộng"))]
    assert bold == [1, *headers, *sums] and len(sums) == len(subtotals) + 1  # title, header, subtotals, total

    winner = next(a for a in groups[0].awards if a.place == 1)
    code = db.session.get(Unit, winner.unit_id).code
    pdf = client.get(f"/admin/events/hoi-thao-2024/payouts.pdf?unit={code}")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(" ".join(page_texts(pdf.data)).split())
    mine = sum(a.amount for g in groups for a in g.awards if a.unit_id == winner.unit_id)
    assert winner.recipient in text and "Hai triệu đồng" in text and "Ký nhận" in text
    assert f"Tổng cộng: {money.figures(mine)} đồng (bằng chữ: {money.in_words(mine)})." in text
    other_units = {a.unit for g in groups for a in g.awards if a.unit_id != winner.unit_id}
    assert other_units and not any(u in text for u in other_units)  # that unit's list only

    db.session.commit()
    changes = db.session.scalars(select(AuditLog).where(AuditLog.entity == "prize").order_by(AuditLog.id)).all()
    assert len(changes) == 4  # two competitions filled in; then singles and the event's overall amounts
    assert changes[2].changes == {"prizes": [{"1": 1_500_000, "2": 1_000_000, "3": 700_000}, singles.prizes]}
    trail = " ".join(client.get("/admin/events/hoi-thao-2024/audit").get_data(as_text=True).split())
    assert "sửa tiền thưởng của" in trail and "Nhất 1.500.000, Nhì 1.000.000, Ba 700.000" in trail
    assert "Hạng 1" not in trail and "Nhất 5.000.000" in trail  # the overall ranking's first


def test_shared_places_split_when_the_admin_says_so(client, games):
    client.login("admin")
    _fill(client, **{"i-3": "700.000", "t-3": "1.500.000"})
    assert _save(client, games, {"shared_split": "1"}).status_code == 302
    db.session.expire_all()
    bronzes = [a for g in awards.event_awards(games["event"]) if g.competition_id for a in g.awards if a.place == 3]
    assert sorted(a.amount for a in bronzes) == [350_000, 350_000, 750_000, 750_000]
    assert all(a.shared_by == 2 for a in bronzes)


def test_a_page_shown_before_another_admins_save_is_refused(client, make_client, games):
    client.login("admin")
    other = make_client()
    other.login("admin2")
    stale = _version(other.get(PRIZES).get_data(as_text=True))
    assert _save(client, games, {f"c{games['singles'].id}-1": "2.000.000"}).status_code == 302
    answer = _save(other, games, {f"c{games['singles'].id}-1": "9.000.000"}, version=stale)
    assert answer.status_code == 400
    assert "Trang này đã cũ: người khác vừa sửa tiền thưởng." in answer.get_data(as_text=True)
    db.session.expire_all()
    assert games["singles"].prizes == {"1": 2_000_000}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,5 triệu", "Cầu lông đơn nam – Nhất: “1,5 triệu” không phải số tiền (ví dụ 1.500.000)."),
        ("-700000", "Cầu lông đơn nam – Nhất: “-700000” không phải số tiền (ví dụ 1.500.000)."),
        ("99.999.999.999", "Cầu lông đơn nam – Nhất: số tiền phải từ 0 đến 10.000.000.000 đồng."),
    ],
)
def test_an_amount_that_is_not_money_is_refused_by_name_and_nothing_saved(client, games, typed, message):
    client.login("admin")
    answer = _save(client, games, {f"c{games['singles'].id}-1": typed, f"c{games['team'].id}-1": "3.000.000"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and message in page
    assert f'value="{typed}"' in page  # what was typed is still there to correct
    db.session.expire_all()
    assert games["singles"].prizes == {} and games["team"].prizes == {}
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.entity == "prize")) == 0


def test_a_name_that_looks_like_a_formula_stays_text_in_the_payout_sheet(client, games):
    hostile = '=HYPERLINK("http://example.invalid/","Bấm vào")'
    people = db.session.scalars(select(EntryMember)).all()
    for member in people:
        member.person.full_name = hostile
    db.session.commit()
    client.login("admin")
    _fill(client, **{"i-1": "1.500.000", "i-2": "1.000.000", "i-3": "700.000"})
    wb = load_workbook(io.BytesIO(client.get("/admin/events/hoi-thao-2024/payouts.xlsx").data))
    cells = [c for row in wb.active.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert sum(c.value == hostile for c in cells) == 4  # the four singles medallists, as typed


def test_two_admins_saving_at_once_keep_one_and_tell_the_other(app, games, served):
    """Under the event's lock: one save lands, the other is told the page is out of date."""
    from tests.support.races import Person as Admin
    from tests.support.races import at_once

    admins = [Admin(served, name, f.PASSWORD) for name in ("admin", "admin2")]
    page = admins[0].http.get(served + PRIZES).text
    shown = dict(re.findall(r'name="((?:c\d+|o)-\w+)" id="[^"]+" value="([^"]*)"', page))
    field = f"c{games['singles'].id}-1"
    answers = at_once(
        *(
            lambda who=who, typed=typed: who.post(PRIZES, shown | {"version": _version(page), field: typed})
            for who, typed in zip(admins, ("2.000.000", "3.000.000"), strict=True)
        )  # fmt: skip
    )
    codes = sorted(getattr(a, "status_code", a) for a in answers)
    assert codes == [302, 400], answers
    loser = next(a for a in answers if a.status_code == 400)
    assert "Trang này đã cũ" in loser.text
    db.session.commit()
    db.session.expire_all()
    assert games["singles"].prizes["1"] in (2_000_000, 3_000_000)
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.entity == "prize")) == 1
