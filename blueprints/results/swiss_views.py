"""A Swiss competition on the results desk (services/results/swiss_rounds.py): the rounds, who
is absent from the next one, pairing it, each round's sheet entered on one form and confirmed
as a whole by a second official, the standings with their tie-break columns; the pairing
sheet and the crosstable printed, the tournament as a FIDE TRF file. Routes on the results
blueprint."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from blueprints.downloads import send_bytes, send_pdf
from blueprints.forms import run_action
from blueprints.policy import competition_for_scoring
from blueprints.results.forms import HeatSheetForm, TrfForm, entry_ids_of, game_results
from blueprints.results.views import _event_view, _raise, bp
from extensions import db
from printables.reports import report_pdf
from services.errors import DomainError
from services.results import recording, swiss_import, swiss_rounds, swiss_sheets, swiss_table
from services.results.swiss import check, tiebreaks, trf


def _swiss(competition_id: int):
    comp = competition_for_scoring(competition_id)
    try:
        summary = swiss_rounds.summary(comp)
    except DomainError as error:
        flash(error.message, "warning")
        return comp, None
    return comp, summary


def _url(comp, round_no: int | None = None) -> str:
    if round_no:
        return url_for("results.swiss_round", competition_id=comp.id, round_no=round_no)
    return url_for("results.swiss", competition_id=comp.id)


@bp.route("/competitions/<int:competition_id>/swiss")
def swiss(competition_id: int):
    comp, summary = _swiss(competition_id)
    if summary is None:
        return redirect(url_for("results.competition", competition_id=comp.id))
    view, _cr = _event_view(comp)
    codes = [c for c in comp.plan.tie_breakers if c in tiebreaks.CATALOGUE]
    return render_template("results/swiss.html", comp=comp, view=view, summary=summary, form=HeatSheetForm(),
                           codes=codes, catalogue=tiebreaks.CATALOGUE, import_form=TrfForm())  # fmt: skip


def _posted(competition_id: int):
    """The competition, and the answer to give when the form itself is refused (its token)."""
    comp = competition_for_scoring(competition_id)
    form = HeatSheetForm()
    return comp, None if form.validate() else run_action(lambda: _raise(form), "", _url(comp))


@bp.route("/competitions/<int:competition_id>/swiss/pair", methods=["POST"])
def swiss_pair(competition_id: int):
    comp, refused = _posted(competition_id)
    if refused:
        return refused

    def pair() -> int:
        round_no = swiss_rounds.summary(comp).next_round
        if round_no:  # else all are paired: pair_next says so
            swiss_rounds.set_absent(comp, round_no, entry_ids_of(request.form, "absent"),
                                    entry_ids_of(request.form, "withdrawn"), current_user)  # fmt: skip
        return swiss_rounds.pair_next(comp, current_user)

    try:
        round_no = pair()
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "danger")
        return redirect(_url(comp))
    flash(_("Đã ghép cặp vòng %(n)d.", n=round_no), "success")
    return redirect(_url(comp, round_no))


@bp.route("/competitions/<int:competition_id>/swiss/unpair", methods=["POST"])
def swiss_unpair(competition_id: int):
    comp, refused = _posted(competition_id)
    return refused or run_action(lambda: swiss_rounds.unpair_last(comp, current_user),
                      lambda n: _("Đã huỷ ghép cặp vòng %(n)d.", n=n), _url(comp))  # fmt: skip


def _round(competition_id: int, round_no: int):
    comp, summary = _swiss(competition_id)
    if summary is None or not 1 <= round_no <= len(summary.rounds):
        abort(404)
    return comp, summary, summary.rounds[round_no - 1]


@bp.route("/competitions/<int:competition_id>/swiss/rounds/<int:round_no>", methods=["GET", "POST"])
def swiss_round(competition_id: int, round_no: int):
    comp, summary, state = _round(competition_id, round_no)
    form = HeatSheetForm()
    typed: dict[int, str] = {}  # what was picked, shown again when the round is refused
    if request.method == "POST":
        if not form.validate():
            return run_action(lambda: _raise(form), "", _url(comp, round_no))
        results, versions = game_results(request.form, [m.id for m in state.games])
        try:
            changed = swiss_rounds.enter_round(comp, round_no, results, versions, current_user)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
            if isinstance(error, recording.StaleResult):
                return redirect(_url(comp, round_no))
            typed = results
            comp, summary, state = _round(competition_id, round_no)
        else:
            flash(_("Đã lưu %(n)d ván; chờ một trọng tài khác xác nhận cả vòng.", n=changed), "success")
            return redirect(_url(comp, round_no))
    view, _cr = _event_view(comp)
    sheet = swiss_sheets.pairing_sheet(comp, view, summary, round_no)
    return render_template("results/swiss_round.html", comp=comp, view=view, summary=summary, state=state,
                           form=form, typed=typed, results=swiss_table.RESULTS, code=swiss_table.result_code,
                           numbers={e: n for n, e in enumerate(summary.entry_ids, start=1)},
                           colours=swiss_sheets.colour_names(comp), sheet=sheet.sections[0])  # fmt: skip


@bp.route("/competitions/<int:competition_id>/swiss/rounds/<int:round_no>/confirm", methods=["POST"])
def swiss_confirm(competition_id: int, round_no: int):
    comp, _summary, state = _round(competition_id, round_no)
    form = HeatSheetForm()
    if not form.validate():
        return run_action(lambda: _raise(form), "", _url(comp, round_no))
    _results, versions = game_results(request.form, [m.id for m in state.games])
    return run_action(lambda: swiss_rounds.confirm_round(comp, round_no, versions, current_user),
                      lambda n: _("Đã xác nhận cả vòng %(r)d (%(n)d ván).", r=round_no, n=n),
                      _url(comp, round_no))  # fmt: skip


@bp.route("/competitions/<int:competition_id>/swiss/rounds/<int:round_no>.pdf")
def swiss_round_pdf(competition_id: int, round_no: int):
    comp, summary, _state = _round(competition_id, round_no)
    view, _cr = _event_view(comp)
    return send_pdf(report_pdf(swiss_sheets.pairing_sheet(comp, view, summary, round_no)),
                    f"ghep-cap-vong-{round_no}-{comp.id}.pdf")  # fmt: skip


def _printed(competition_id: int):
    """A Swiss competition's summary and the board's view of its event (404: not a Swiss)."""
    comp, summary = _swiss(competition_id)
    if summary is None:
        abort(404)
    view, _cr = _event_view(comp)
    return comp, summary, view


@bp.route("/competitions/<int:competition_id>/swiss/crosstable.pdf")
def swiss_crosstable(competition_id: int):
    comp, summary, view = _printed(competition_id)
    return send_pdf(report_pdf(swiss_sheets.crosstable(comp, view, summary)), f"bang-tong-hop-{comp.id}.pdf")


@bp.route("/competitions/<int:competition_id>/swiss.trf")
def swiss_trf(competition_id: int):
    comp, summary, view = _printed(competition_id)
    entries = [swiss_table.Named(e, view.label(e)) for e in summary.entry_ids]
    event = comp.event
    dates = (event.starts_on.strftime("%Y/%m/%d"), event.ends_on.strftime("%Y/%m/%d"))
    text = swiss_table.to_trf(comp.plan, swiss_rounds.matches(comp), entries, f"{event.name} – {comp.name}", dates)
    return send_bytes(text.encode(), f"{comp.id}.trf", "text/plain; charset=utf-8")


@bp.route("/competitions/<int:competition_id>/swiss/import", methods=["POST"])
def swiss_import_trf(competition_id: int):
    """The rounds after those here, from a TRF this competition exported and another FIDE
    program paired and scored further (services/results/swiss_import.py)."""
    comp, summary = _swiss(competition_id)
    form = TrfForm()
    if summary is None or not form.validate():
        return run_action(lambda: _raise(form), "", _url(comp))
    view, _cr = _event_view(comp)
    labels = {e: view.label(e) for e in summary.entry_ids}
    data = form.file.data.read(trf.MAX_BYTES + 1)

    def said(done) -> str:
        text = _("Đã nhập vòng %(r)s từ tệp; chờ trọng tài xác nhận từng vòng.", r=", ".join(map(str, done.rounds)))
        if done.not_by_the_rules:
            text += " " + _(
                "Vòng %(r)s ghép khác luật FIDE (vẫn nhập theo tệp).", r=", ".join(map(str, done.not_by_the_rules))
            )
        return text

    return run_action(lambda: swiss_import.import_rounds(comp, data, labels, current_user), said, _url(comp))


@bp.route("/trf-check", methods=["GET", "POST"])
def trf_check():
    """Any Swiss tournament's TRF (from this or another program) paired again round by round by
    FIDE's Dutch rules: the rounds that differ, board by board (services/results/swiss/check.py)."""
    form = TrfForm()
    rounds, name, table, names = None, "", [], {}
    if form.validate_on_submit():
        upload = form.file.data
        try:
            tournament = check.read(upload.read(trf.MAX_BYTES + 1))
            rounds, table = check.check(tournament), check.standings(tournament)
            name, names = upload.filename or "", {p.number: p.name for p in tournament.players}
        except DomainError as error:
            for text in [error.message, *getattr(error, "problems", [])]:
                flash(text, "danger")
    return render_template("results/trf_check.html", form=form, rounds=rounds, name=name, table=table, names=names,
                           codes=list(tiebreaks.CATALOGUE), catalogue=tiebreaks.CATALOGUE)  # fmt: skip
