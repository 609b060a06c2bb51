"""`flask demo play` and `flask report medals`; the overall ranking leaves out competitions with too few units."""

from sqlalchemy import select

from cli import demo
from extensions import db
from models import Competition, Match


def test_demo_play_then_report_medals_as_json_and_play_refuses_an_event_with_results(app):
    import json

    demo.seed_demo()
    db.session.commit()
    runner = app.test_cli_runner()
    played = runner.invoke(args=["demo", "play", "--event", "hoi-thao-2024", "--seed", "7"])
    assert played.exit_code == 0, played.output
    assert "Đã bốc thăm" in played.output and "Bỏ qua" in played.output  # competitions with no entries
    assert all(m.confirmed for m in db.session.scalars(select(Match)) if "BYE" not in (m.home_source, m.away_source))
    report = runner.invoke(args=["report", "medals", "--event", "hoi-thao-2024", "--json"])
    assert report.exit_code == 0, report.output
    table = json.loads(report.output)
    assert set(table) == {"BMT", "BHO", "BDO", "CKU", "CMG", "EHL"}  # the six approved units
    golds = sum(row["gold"] for row in table.values())
    drawn = db.session.scalars(select(Competition).where(Competition.plan.has())).all()
    assert golds == len(drawn)  # one champion per competition played
    assert sorted(row["rank"] for row in table.values())[0] == 1
    assert {"gold", "silver", "bronze", "rank"} <= set(next(iter(table.values())))
    text = runner.invoke(args=["report", "medals", "--event", "hoi-thao-2024"]).output
    assert "BẢNG TỔNG SẮP HUY CHƯƠNG" in text and "XẾP HẠNG TOÀN ĐOÀN" in text
    again = runner.invoke(args=["demo", "play", "--event", "hoi-thao-2024"])
    assert again.exit_code != 0 and "đã có kết quả" in again.output
    assert runner.invoke(args=["report", "medals", "--event", "nope"]).exit_code != 0


def test_overall_ranking_leaves_out_competitions_with_too_few_units(app):
    from models import Event
    from services.results import board

    demo.seed_demo()
    db.session.commit()
    assert app.test_cli_runner().invoke(args=["demo", "play", "--event", "hoi-thao-2024", "--seed", "2"]).exit_code == 0
    event = db.session.scalar(select(Event).where(Event.slug == "hoi-thao-2024"))
    counted = board.event_results(event)
    assert sum(t.gold for t in counted.overall) == sum(t.gold for t in counted.medal_table) > 0
    event.overall_min_units = 7  # every competition has at most six units: none counts
    view = board.event_results(event)
    assert sum(t.gold + t.silver + t.bronze for t in view.overall) == 0
    assert len(view.overall_left_out) == len(view.competitions)
    assert [t.medals for t in view.medal_table] == [t.medals for t in counted.medal_table]  # medals still shown
