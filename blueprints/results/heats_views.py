"""Ranked events beyond one mark at a time: heat sheets of an event run in heats and a final
(one form for a whole heat, each lane's mark or DNS/DNF/DQ, confirmed as a whole by a second
official: services/results/recording.enter_heat, confirm_heat; the final follows the heats:
services/results/heats.py), a race's times read from its finish line's scans
(services/results/finish.py) and its one list confirmed at once. Routes on the results
blueprint."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from blueprints.forms import run_action
from blueprints.policy import competition_for_scoring
from blueprints.results.forms import HeatSheetForm, lane_marks
from blueprints.results.views import _event_view, _raise, bp
from extensions import db
from services.errors import DomainError, RecordNotFound
from services.results import finish, heats, recording


def _sheet(competition_id: int, round_no: int, heat_no: int):
    comp = competition_for_scoring(competition_id)
    view, cr = _event_view(comp)
    lanes = sorted(
        (p for p in cr.performances if p.round_no == round_no and p.heat_no == heat_no), key=lambda p: p.lane or 0
    )
    if not lanes:
        raise RecordNotFound()
    return comp, view, cr, lanes


def _url(comp, round_no: int, heat_no: int) -> str:
    return url_for("results.heat", competition_id=comp.id, round_no=round_no, heat_no=heat_no)


@bp.route("/competitions/<int:competition_id>/heats/<int:round_no>/<int:heat_no>", methods=["GET", "POST"])
def heat(competition_id: int, round_no: int, heat_no: int):
    comp, view, cr, lanes = _sheet(competition_id, round_no, heat_no)
    form = HeatSheetForm()
    typed: dict = {}  # what was typed, shown again when the sheet is refused (nothing is lost)
    if request.method == "POST":
        if not form.validate():
            return run_action(lambda: _raise(form), "", _url(comp, round_no, heat_no))
        marks = lane_marks(request.form, [p.id for p in lanes])
        try:
            changed = recording.enter_heat(comp, round_no, heat_no, marks, current_user)
            db.session.commit()
        except recording.StaleResult as error:  # someone changed the heat meanwhile: show it as it is now
            db.session.rollback()
            flash(error.message, "danger")
            return redirect(_url(comp, round_no, heat_no))
        except DomainError as error:
            db.session.rollback()
            for text in [error.message, *getattr(error, "problems", [])]:
                flash(text, "danger")
            typed = {m.performance_id: m for m in marks}
            comp, view, cr, lanes = _sheet(competition_id, round_no, heat_no)
        else:
            flash(_("Đã lưu %(n)d làn; chờ một trọng tài khác xác nhận cả lượt.", n=changed), "success")
            return redirect(_url(comp, round_no, heat_no))
    title = _("Chung kết") if round_no == heats.FINAL else _("Lượt %(n)d vòng loại", n=heat_no)
    return render_template(
        "results/heat.html",
        comp=comp,
        view=view,
        lanes=lanes,
        form=form,
        round_no=round_no,
        heat_no=heat_no,
        title=f"{comp.name} – {title}",
        statuses=heats.STATUSES,
        ranks={p.id: rank for p, rank in heats.ranked(lanes, comp.plan.higher_is_better)},
        confirmable=all(p.entered_at for p in lanes) and any(p.confirmed_at is None for p in lanes) and not typed,
        typed=typed,
    )


@bp.route("/competitions/<int:competition_id>/heats/<int:round_no>/<int:heat_no>/confirm", methods=["POST"])
def confirm_heat(competition_id: int, round_no: int, heat_no: int):
    comp, _view, _cr, lanes = _sheet(competition_id, round_no, heat_no)
    form = HeatSheetForm()
    if not form.validate():
        return run_action(lambda: _raise(form), "", _url(comp, round_no, heat_no))
    versions = {m.performance_id: m.version for m in lane_marks(request.form, [p.id for p in lanes])}
    return run_action(
        lambda: recording.confirm_heat(comp, round_no, heat_no, versions, current_user),
        lambda n: _("Đã xác nhận cả lượt (%(n)d làn).", n=n),
        _url(comp, round_no, heat_no),
    )


@bp.route("/competitions/<int:competition_id>/finish", methods=["POST"])
def read_finish(competition_id: int):
    comp = competition_for_scoring(competition_id)
    form = HeatSheetForm()
    back = url_for("results.competition", competition_id=comp.id)
    if not form.validate():
        return run_action(lambda: _raise(form), "", back)
    return run_action(
        lambda: finish.read_finish(comp, current_user),
        lambda n: _("Đã lấy thời gian từ vạch đích: %(n)d người có thời gian mới; chờ xác nhận.", n=n),
        back,
    )


@bp.route("/competitions/<int:competition_id>/performances/confirm", methods=["POST"])
def confirm_list(competition_id: int):
    comp = competition_for_scoring(competition_id)
    _view, cr = _event_view(comp)
    form = HeatSheetForm()
    back = url_for("results.competition", competition_id=comp.id)
    if not form.validate():
        return run_action(lambda: _raise(form), "", back)
    listed = [p.id for p in cr.performances if p.heat_no is None]
    versions = {m.performance_id: m.version for m in lane_marks(request.form, listed)}
    return run_action(
        lambda: recording.confirm_heat(comp, heats.HEATS, None, versions, current_user),
        lambda n: _("Đã xác nhận cả danh sách (%(n)d người).", n=n),
        back,
    )
