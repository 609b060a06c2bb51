"""Issue 6's 'done when', through HTTP on the seeded demo: the admin draws the men's volleyball
(6 units, 2 groups then semi-finals), an official enters every match, a second confirms; the
standings, places, medal table and overall ranking update and the public board shows them."""

import re

from sqlalchemy import select

from cli import demo
from extensions import db
from models import Competition, Match, MatchStage
from tests.support.pdfs import page_texts


def _matches(comp_id, stage=None):
    query = select(Match).where(Match.competition_id == comp_id)
    if stage:
        query = query.where(Match.stage == stage)
    return list(db.session.scalars(query.order_by(Match.group_no, Match.round_no, Match.position)))


def test_volleyball_from_draw_to_medal_table_on_the_public_board(app, make_client):
    demo.seed_demo()
    db.session.commit()
    comp = db.session.scalar(select(Competition).where(Competition.name == "Bóng chuyền hơi nam"))
    admin, tt1, tt2, public = make_client(), make_client(), make_client(), make_client()
    admin.login("admin", demo.DEMO_PASSWORD)
    tt1.login("trongtai1", demo.DEMO_PASSWORD)
    tt2.login("trongtai2", demo.DEMO_PASSWORD)
    base = f"/results/competitions/{comp.id}"

    page = admin.get(base).get_data(as_text=True)
    assert "6 trong 8 đội đăng ký đã được duyệt" in page  # EKA only submitted, ESU still a draft
    plan = admin.get(base + "/plan").get_data(as_text=True)
    assert '<option selected value="gas_volleyball">' in plan  # the sport's preset is proposed
    form = {
        "format": "groups_knockout",
        "preset": "gas_volleyball",
        "best_of": "3",
        "groups": "2",
        "advance_per_group": "2",
        "third_place": "shared",
        "points_win": "2",
        "points_draw": "0",
        "points_loss": "1",
        "points_forfeit": "0",
        "tie_1": "head_to_head",
        "tie_2": "set_ratio",
        "tie_3": "point_ratio",
        "tie_4": "lots",
        "tie_5": "",
        "officials": [str(u) for u in _official_ids()],
    }
    saved = admin.post(base + "/plan", form)
    assert saved.status_code == 302, re.findall(
        r"invalid-feedback\">([^<]*)|alert-danger[^>]*>([^<]*)", saved.get_data(as_text=True)
    )
    assert admin.post(base + "/draw", {"seed": "2024"}).status_code == 302
    assert "số hạt ngẫu nhiên 2024" in admin.get(base).get_data(as_text=True)
    assert tt1.post(base + "/publish").status_code == 403  # officials do not publish
    admin.post(base + "/publish")
    assert len(_matches(comp.id, MatchStage.GROUP)) == 6  # two groups of three: three matches each

    # Every group match: trongtai1 enters, trongtai2 confirms. The entry registered first wins
    # in two sets (who is listed first alternates: Berger tables).
    for m in _matches(comp.id, MatchStage.GROUP):
        url = f"/results/matches/{m.id}"
        bad = tt1.post(url, {"set1_home": "21", "set1_away": "20", "set2_home": "21", "set2_away": "15"} | _v(m))
        assert "Ván 1: 21–20 không hợp lệ" in bad.get_data(as_text=True)
        won = {"set1_home": "21", "set1_away": "15", "set2_home": "21", "set2_away": "18"}
        lost = {"set1_home": "15", "set1_away": "21", "set2_home": "18", "set2_away": "21"}
        sets = won if m.home_entry_id < m.away_entry_id else lost
        assert tt1.post(url, sets | _v(m)).status_code == 302
        refused = tt1.post(url + "/confirm", _v(m), follow_redirects=True).get_data(as_text=True)
        assert "không thể tự xác nhận" in refused
        tt2.post(url + "/confirm", _v(m))
    semis = _matches(comp.id, MatchStage.KNOCKOUT)[:2]
    assert all(m.home_entry_id and m.away_entry_id for m in semis)
    for m in _matches(comp.id, MatchStage.KNOCKOUT):
        url = f"/results/matches/{m.id}"
        tt2.post(
            url,
            {
                "set1_home": "19",
                "set1_away": "21",
                "set2_home": "21",
                "set2_away": "19",
                "set3_home": "15",
                "set3_away": "10",
            }
            | _v(m),
        )
        tt1.post(url + "/confirm", _v(m))
    final = _matches(comp.id, MatchStage.KNOCKOUT)[-1]
    db.session.refresh(final)
    assert final.confirmed and final.winner_entry_id == final.home_entry_id
    history = tt1.get(f"/results/matches/{final.id}").get_data(as_text=True).split('id="history"')[1]
    history = " ".join(history.split())
    assert "trongtai2 · nhập kết quả · sau: 2–1 (19–21, 21–19, 15–10)" in history
    assert "trongtai1 · xác nhận" in history

    board = public.get("/board/hoi-thao-2024").get_data(as_text=True)
    champion = _unit_code(final.home_entry_id)
    medals = _rows(board, "medal-table")
    assert medals[0][0] == champion and medals[0][1:] == ["1", "0", "0", "1"]  # gold, silver, bronze, total
    assert sorted(r[1:] for r in medals if r[1:] != ["0", "0", "0", "0"]) == [
        ["0", "0", "1", "1"],
        ["0", "0", "1", "1"],
        ["0", "1", "0", "1"],
        ["1", "0", "0", "1"],
    ]
    assert _rows(board, "overall-ranking")[0][0] == champion
    detail = public.get(f"/board/hoi-thao-2024/competitions/{comp.id}").get_data(as_text=True)
    assert detail.count('class="table table-sm table-striped align-middle standings"') == 2
    assert "Bán kết" in detail and "Chung kết" in detail and "Nhất" in detail
    assert "2–1 (19–21, 21–19, 15–10)" in detail
    screen = public.get("/board/hoi-thao-2024/screen").get_data(as_text=True)
    assert (
        "js/screen.js" in screen and 'data-next="/board/hoi-thao-2024/screen?slide=1"' in screen and champion in screen
    )


def test_printed_schedule_lists_a_units_matches(app, make_client):
    demo.seed_demo()
    db.session.commit()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "play", "--event", "hoi-thao-2024", "--seed", "1"]).exit_code == 0
    public = make_client()
    html = public.get("/board/hoi-thao-2024/schedule?unit=BMT").get_data(as_text=True)
    rows = html.count('data-match="')
    assert rows > 0
    pdf = public.get("/board/hoi-thao-2024/schedule.pdf?unit=BMT")
    assert pdf.mimetype == "application/pdf"
    text = " ".join(page_texts(pdf.data))
    assert "Lịch thi đấu" in text and "LĐLĐ thành phố Buôn Ma Thuột" in text
    assert public.get("/board/hoi-thao-2024/schedule?unit=NOPE").status_code == 404
    from models import Venue

    hall = db.session.scalar(select(Venue).where(Venue.name == "Nhà thi đấu tỉnh"))
    first_day = public.get("/board/hoi-thao-2024/schedule?day=26/08/2024").get_data(as_text=True)
    in_hall = public.get(f"/board/hoi-thao-2024/schedule?venue={hall.id}").get_data(as_text=True)
    everything = public.get("/board/hoi-thao-2024/schedule").get_data(as_text=True)
    assert 0 < first_day.count('data-match="') <= everything.count('data-match="')
    assert 0 < in_hall.count('data-match="') < everything.count('data-match="')
    assert "Sân vận động tỉnh Đắk Lắk" not in in_hall.split('id="schedule"')[1]
    assert public.get("/board/hoi-thao-2024/schedule?day=32/13/2024").status_code == 404
    venue_pdf = public.get(f"/board/hoi-thao-2024/schedule.pdf?venue={hall.id}")
    assert "Nhà thi đấu tỉnh" in " ".join(page_texts(venue_pdf.data))


def _official_ids():
    from models import User, UserRole

    return [u.id for u in db.session.scalars(select(User).where(User.role == UserRole.OFFICIAL))]


def _unit_code(entry_id):
    from models import Entry

    return db.session.get(Entry, entry_id).unit.code


def _rows(html, table_id):
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    rows = []
    for row in re.findall(r'<tr data-unit="([^"]+)">(.*?)</tr>', table, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)]
        rows.append([row[0], *cells[2:6]])
    return rows


def test_only_assigned_officials_enter_results_and_the_board_needs_no_login(app, make_client):
    from models import UserRole
    from tests.support import factories

    demo.seed_demo()
    db.session.commit()
    factories.user("tt.other", UserRole.OFFICIAL)
    comp = db.session.scalar(select(Competition).where(Competition.name == "Bóng chuyền hơi nam"))
    other, organiser, anonymous = make_client(), make_client(), make_client()
    other.login("tt.other")
    assert other.get("/results/").status_code == 200
    assert other.get(f"/results/competitions/{comp.id}").status_code == 403
    organiser.login("cb.bmt", demo.DEMO_PASSWORD)
    assert organiser.get("/results/").status_code == 403
    assert anonymous.get("/results/").status_code == 302  # to the login page
    assert anonymous.get("/board/hoi-thao-2024").status_code == 200
    assert anonymous.get("/board/").status_code == 200
    assert anonymous.get(f"/board/hoi-thao-2024/competitions/{comp.id}").status_code == 200
    assert anonymous.get("/board/hoi-thao-2024/competitions/99999").status_code == 404


def _v(match) -> dict:
    """The version of the result a page shows now: forms send it back (services/results/recording.py)."""
    db.session.refresh(match)
    return {"version": str(match.version)}
