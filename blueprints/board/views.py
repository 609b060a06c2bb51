"""The public live board (no login): schedule, results, standings, medal table, overall
ranking; a large-screen page for the venue that refreshes by itself; printable schedules."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from blueprints.downloads import send_pdf
from models import utcnow
from printables.reports import report_pdf
from services.labels import place_label
from services.papers import announcement
from services.results import board, display, sheets
from services.schedule import feeds
from services.season import competitions, events, units

bp = Blueprint("board", __name__)
SCREEN_SLIDE_SECONDS = 15


@bp.app_template_global()
def score_text(match) -> str:
    return display.score_text(match)


@bp.app_template_global()
def match_title(match, rounds: int) -> str:
    return display.match_title(match, rounds)


bp.add_app_template_global(place_label, "place_label")
bp.add_app_template_global(display.snapshot_text, "result_text")


@bp.route("/")
def index():
    return render_template("board/index.html", events=events.list_events())


@bp.route("/<slug>")
def event(slug: str):
    view = board.event_results(events.event_or_not_found(slug))
    return render_template("board/event.html", view=view, latest=view.latest(8))


@bp.route("/<slug>/screen")
def screen(slug: str):
    """For a big screen at the venue: the whole medal table, the overall ranking and the latest
    results in turn (``?slide=N``), each page reloading into the next with fresh figures."""
    view = board.event_results(events.event_or_not_found(slug))
    slides = view.screen_slides()
    number = request.args.get("slide", 0, type=int) % len(slides)
    return render_template(
        "board/screen.html",
        view=view,
        slide=slides[number],
        next_slide=(number + 1) % len(slides),
        slides=len(slides),
        number=number,
        refresh=SCREEN_SLIDE_SECONDS,
    )


@bp.route("/<slug>/competitions/<int:competition_id>")
def competition(slug: str, competition_id: int):
    """One competition: loaded for it alone (its cost does not grow with the event)."""
    comp = competitions.competition_of_event(events.event_or_not_found(slug), competition_id)
    view = board.competition_results(comp)
    return render_template("board/competition.html", view=view, cr=view.competition(comp.id))


def _schedule_filters(view: board.EventResults) -> dict:
    """?day=dd/mm/yyyy&venue=<id>&unit=<code>: unknown values are a 404, not an empty page."""
    day = venue_id = unit = None
    if request.args.get("day"):
        try:
            day = datetime.strptime(request.args["day"], "%d/%m/%Y").date()
        except ValueError:
            abort(404)
    if request.args.get("venue"):
        venue_id = request.args.get("venue", type=int)
        if venue_id not in view.venues:
            abort(404)
    if request.args.get("unit"):
        unit = units.unit_or_not_found(request.args["unit"])
    return {"day": day, "venue_id": venue_id, "unit": unit}


@bp.route("/<slug>/schedule")
def schedule(slug: str):
    view = board.event_results(events.event_or_not_found(slug))
    filters = _schedule_filters(view)
    rows = view.schedule(filters["day"], filters["venue_id"], filters["unit"].id if filters["unit"] else None)
    return render_template(
        "board/schedule.html",
        view=view,
        rows=rows,
        filters=filters,
        days=view.days(),
        courts_now=feeds.now_next(view, utcnow()),
    )


@bp.route("/<slug>/schedule.pdf")
def schedule_print(slug: str):
    view = board.event_results(events.event_or_not_found(slug))
    filters = _schedule_filters(view)
    unit = filters["unit"]
    rows = view.schedule(filters["day"], filters["venue_id"], unit.id if unit else None)
    parts = [view.event.name]
    if filters["day"]:
        parts.append(filters["day"].strftime("%d/%m/%Y"))
    if filters["venue_id"]:
        parts.append(view.venues[filters["venue_id"]].name)
    if unit:
        parts.append(unit.name)
    name = "lich-thi-dau" + (f"-{unit.code}" if unit else "") + ".pdf"
    return send_pdf(report_pdf(sheets.schedule(view, rows, " – ".join(parts))), name)


@bp.route("/<slug>/order-of-play.pdf")
def order_of_play(slug: str):
    """Thứ tự thi đấu for the notice boards: a page a venue and day, a table a court, big type
    (?day=dd/mm/yyyy&venue=<id> to print one)."""
    view = board.event_results(events.event_or_not_found(slug))
    filters = _schedule_filters(view)
    rows = view.schedule(filters["day"], filters["venue_id"], None)
    return send_pdf(report_pdf(sheets.order_of_play(view, rows, view.event.name)), "thu-tu-thi-dau.pdf")


@bp.route("/<slug>/schedule.ics")
def schedule_calendar(slug: str):
    """A feed a phone's calendar subscribes to: ?unit=CODE (its programme) or
    ?competition=ID (its matches), else the whole event; refreshed every 30 minutes."""
    view = board.event_results(events.event_or_not_found(slug))
    filters = _schedule_filters(view)
    unit = filters["unit"]
    rows = view.schedule(filters["day"], filters["venue_id"], unit.id if unit else None)
    name, file = view.event.name, "lich-thi-dau"
    if request.args.get("competition"):
        cr = view.competition(request.args.get("competition", type=int) or 0)
        if cr is None:
            abort(404)
        rows = [(m, c) for m, c in rows if c is cr]
        name, file = f"{cr.competition.name} – {view.event.name}", f"lich-thi-dau-{cr.competition.id}"
    if unit:
        name, file = f"{unit.name} – {view.event.name}", f"lich-thi-dau-{unit.code}"
    response = current_app.response_class(feeds.calendar(view, rows, name), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{file}.ics"'
    return response


@bp.route("/<slug>.json")
def event_json(slug: str):
    """The schedule, results, standings and medal table, read-only (for the federation's website)."""
    response = jsonify(feeds.event_json(board.event_results(events.event_or_not_found(slug))))
    response.headers["Access-Control-Allow-Origin"] = "*"  # public data, read from other sites
    return response


@bp.route("/<slug>/announcement.json")
def announcement_json(slug: str):
    """The results announcement's content (medal table, overall ranking, every competition's
    winners, the participation line), read-only for the federation's website."""
    response = jsonify(announcement.content(events.event_or_not_found(slug)))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.route("/<slug>/competitions/<int:competition_id>/result-sheet.pdf")
def result_sheet(slug: str, competition_id: int):
    """Biên bản kết quả of one competition, with signature lines."""
    view = board.event_results(events.event_or_not_found(slug))
    cr = view.competition(competition_id)
    if cr is None or not cr.published:
        abort(404)
    return send_pdf(report_pdf(sheets.result_sheet(view, cr)), f"bien-ban-ket-qua-{competition_id}.pdf")


@bp.route("/<slug>/medals.pdf")
def medals_print(slug: str):
    view = board.event_results(events.event_or_not_found(slug))
    return send_pdf(report_pdf(sheets.medals(view)), f"tong-sap-huy-chuong-{view.event.slug}.pdf")
