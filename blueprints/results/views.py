"""The results desk: the admin sets a competition's format, draws and publishes it and places
fixtures; assigned officials enter results, and another official confirms them."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from blueprints import policy
from blueprints.forms import form_data, run_action, submit_form
from blueprints.policy import allowed_when, competition_for_scoring
from blueprints.results.forms import (
    TIE_BREAKER_SLOTS,
    AutoScheduleForm,
    DrawForm,
    FixtureForm,
    PerformanceForm,
    PlanForm,
    ReplayForm,
    ResultActionForm,
    ResultForm,
    SwapForm,
    sets_of,
)
from models import Competition, Match, Performance
from services import policy as may
from services.accounts import auth
from services.checkin import checkpoints
from services.errors import DomainError
from services.lookup import by_id
from services.results import board, display, drawing, fixtures, planning, recording, scoring, tally
from services.worklists import official as official_work

bp = Blueprint("results", __name__)


@bp.before_request
@allowed_when(may.use_results_desk)
def require_official():
    """Officials and admins only; each competition then checks its own assignment."""


def _back(comp: Competition):
    return url_for("results.competition", competition_id=comp.id)


@bp.route("/")
def home():
    comps = official_work.competitions_to_score(current_user)
    waiting = tally.awaiting_lots(comps) if may.plan_competition(current_user) else []
    work = official_work.my_work(current_user, comps)
    shown = work.to_confirm + work.today + work.ready
    labels = display.entry_labels(
        [e for m in shown for e in (m.home_entry_id, m.away_entry_id)]
        + [p.entry_id for p in work.to_confirm_performances]
    )
    assigners = "" if comps else auth.assigners_text()
    return render_template(
        "results/home.html", competitions=comps, waiting=waiting, work=work, labels=labels, assigners=assigners
    )


def _event_view(comp: Competition) -> tuple[board.EventResults, board.CompetitionResults]:
    """The competition's results and its entries' labels: loaded for it alone (its pages cost
    what they show, however many competitions the event has)."""
    view = board.competition_results(comp)
    return view, view.competition(comp.id)


@bp.route("/competitions/<int:competition_id>")
def competition(competition_id: int):
    comp = competition_for_scoring(competition_id)
    view, cr = _event_view(comp)
    entries = [e for e in view.entries.values() if e.competition_id == comp.id]
    entry_choices = [SelectChoice(e.id, view.label(e.id)) for e in entries]
    swap = SwapForm()
    swap.first.choices = swap.second.choices = entry_choices
    return render_template(
        "results/competition.html",
        comp=comp,
        view=view,
        cr=cr,
        drawable=len(drawing.drawable_entries(comp)),
        entries=len(entries),
        draw_form=DrawForm(),
        swap_form=swap,
        lots_entries=drawing.lots_entries(comp, cr.undecided),
        schedule_form=_schedule_form(comp),
        history=recording.history(comp)[:30],
        perf_form=PerformanceForm(),
    )


@bp.route("/competitions/<int:competition_id>/plan", methods=["GET", "POST"])
def plan(competition_id: int):
    comp = competition_for_scoring(competition_id)
    policy.require(may.plan_competition(current_user))
    current = planning.plan_or_default(comp)
    form = PlanForm(obj=current)
    officials = auth.officials()
    form.officials.choices = [SelectChoice(u.id, u.full_name or u.username) for u in officials]
    form.finish_checkpoint_id.choices = [SelectChoice(0, "—")] + [
        SelectChoice(c.id, c.name) for c in checkpoints.checkpoints_of(comp.event)
    ]
    if form.finish_checkpoint_id.data is None:
        form.finish_checkpoint_id.data = 0
    if not form.is_submitted():
        for i, name in enumerate(current.tie_breakers[:TIE_BREAKER_SLOTS], start=1):
            getattr(form, f"tie_{i}").data = name
        form.officials.data = [u.id for u in comp.officials]
        form.seeds.data = ", ".join(drawing.seed_codes(comp))
        form.match_points.data = planning.format_points_by_score(current.points_by_score)

    def save():
        data = form_data(
            form,
            planning.PlanData,
            tie_breakers=form.tie_breakers,
            points_by_score=planning.parse_points_by_score(form.match_points.data),
        )
        plan = planning.save_plan(comp, data, current_user)
        drawing.set_seeds(comp, form.seeds.data or "")
        planning.set_officials(comp, form.officials.data or [])
        return plan

    done = submit_form(form, save, _("Đã lưu thể thức thi đấu."), _back(comp))
    title = _("Thể thức thi đấu") + " – " + comp.name
    return done or render_template("form_page.html", form=form, title=title, back=_back(comp))


@bp.route("/competitions/<int:competition_id>/draw", methods=["POST"])
def draw(competition_id: int):
    comp = competition_for_scoring(competition_id)
    policy.require(may.plan_competition(current_user))
    form = DrawForm()
    if not form.validate():
        return run_action(lambda: _raise(form), "", _back(comp))
    return run_action(
        lambda: drawing.make_draw(comp, current_user, form.seed.data),
        _("Đã bốc thăm và lập lịch thi đấu."),
        _back(comp),
    )


def _raise(form) -> None:
    raise DomainError("; ".join(str(e) for errors in form.errors.values() for e in errors))


@bp.route("/competitions/<int:competition_id>/swap", methods=["POST"])
def swap(competition_id: int):
    comp = competition_for_scoring(competition_id)
    policy.require(may.plan_competition(current_user))
    form = SwapForm()
    ids = [e.id for e in drawing.drawable_entries(comp)]
    form.first.choices = form.second.choices = [SelectChoice(i, str(i)) for i in ids]
    if not form.validate():
        return run_action(lambda: _raise(form), "", _back(comp))
    return run_action(
        lambda: drawing.swap_entries(comp, form.first.data, form.second.data, current_user),
        _("Đã đổi chỗ hai đội."),
        _back(comp),
    )


def _schedule_form(comp: Competition) -> AutoScheduleForm:
    form = AutoScheduleForm()
    form.venue_id.choices = [SelectChoice(v.id, v.name) for v in comp.event.venues]
    return form


@bp.route("/competitions/<int:competition_id>/schedule", methods=["POST"])
def auto_schedule(competition_id: int):
    """Times, venue and courts for every match not yet scheduled (each can be changed after)."""
    comp = competition_for_scoring(competition_id)
    policy.require(may.plan_competition(current_user))
    form = _schedule_form(comp)
    if not form.validate():
        return run_action(lambda: _raise(form), "", _back(comp))
    plan = fixtures.SlotPlan(form.venue_id.data, form.first_at.data, form.minutes.data, form.courts.data)
    return run_action(lambda: fixtures.schedule_matches(comp, plan), _("Đã xếp giờ thi đấu."), _back(comp))


@bp.route("/competitions/<int:competition_id>/publish", methods=["POST"])
def publish(competition_id: int):
    comp = competition_for_scoring(competition_id)
    policy.require(may.plan_competition(current_user))
    return run_action(lambda: drawing.publish(comp, current_user), _("Đã công bố lịch thi đấu."), _back(comp))


@bp.route("/competitions/<int:competition_id>/lots", methods=["POST"])
def lots(competition_id: int):
    comp = competition_for_scoring(competition_id)
    policy.require(may.plan_competition(current_user))
    _view, cr = _event_view(comp)
    drawn = {entry_id: request.form.get(f"lot-{entry_id}", "") for entry_id in drawing.lots_entries(comp, cr.undecided)}
    return run_action(
        lambda: drawing.record_lots_of_entries(comp, drawn, current_user),
        _("Đã ghi kết quả bốc thăm phân hạng."),
        _back(comp),
    )


# --- one match ---------------------------------------------------------------------------------


def _match(match_id: int) -> tuple[Match, Competition]:
    match = by_id(Match, match_id)
    return match, competition_for_scoring(match.competition_id)


@bp.route("/matches/<int:match_id>", methods=["GET", "POST"])
def match(match_id: int):
    m, comp = _match(match_id)
    plan = comp.plan
    preset = scoring.PRESETS[plan.preset] if plan else None
    form = ResultForm()
    if not form.is_submitted():
        form.version.data = m.version
        if m.has_result:
            _fill_result_form(form, m, preset)

    def save():
        return recording.enter_result(
            m,
            current_user,
            recording.ResultInput(
                sets=sets_of(form, preset.kind == "pulls"),
                home=form.home_score.data,
                away=form.away_score.data,
                shootout=form.shootout.data or "",
                forfeited_by=form.forfeited_by.data or "",
            ),
            form.version.data,
        )

    url = url_for("results.match", match_id=m.id)
    done = submit_form(form, save, _("Đã lưu kết quả; chờ một trọng tài khác xác nhận."), url)
    if done:
        return done
    view, cr = _event_view(comp)
    _name_the_sides(form, view, m)
    return render_template(
        "results/match.html",
        next_match=official_work.next_match(m),
        m=m,
        comp=comp,
        view=view,
        cr=cr,
        form=form,
        preset=preset,
        best_of=plan.best_of if plan else 3,
        title=display.match_title(m, cr.rounds),
        history=recording.history(comp, m),
        fixture_form=_fixture_form(m),
        action_form=ResultActionForm(formdata=None, version=m.version),
        replay_form=ReplayForm(formdata=None, version=m.version),
    )


def _name_the_sides(form: ResultForm, view, m: Match) -> None:
    """ "Đội 1 – LĐLĐ huyện Lắk bỏ cuộc": who forfeits (or won the shoot-out), by name."""
    home, away = view.side(m, True), view.side(m, False)
    form.forfeited_by.choices = [
        SelectChoice("", _("— (cả hai đội thi đấu)")),
        SelectChoice("home", _("%(t)s bỏ cuộc: %(o)s thắng", t=home, o=away)),
        SelectChoice("away", _("%(t)s bỏ cuộc: %(o)s thắng", t=away, o=home)),
    ]
    form.shootout.choices = [
        SelectChoice("", "—"),
        SelectChoice("home", _("%(t)s thắng luân lưu", t=home)),
        SelectChoice("away", _("%(t)s thắng luân lưu", t=away)),
    ]


def _fill_result_form(form: ResultForm, m: Match, preset) -> None:
    form.home_score.data, form.away_score.data = m.home_score, m.away_score
    form.shootout.data, form.forfeited_by.data = m.shootout, m.forfeited_by
    if m.forfeited_by:
        return
    for n, (home, away) in enumerate(m.sets or [], start=1):
        if preset.kind == "pulls":
            getattr(form, f"pull{n}").data = "home" if home else "away"
        else:
            getattr(form, f"set{n}_home").data, getattr(form, f"set{n}_away").data = home, away


def _with_version(do):
    """A button's POST that carries the version its page showed (ResultActionForm)."""
    form = ResultActionForm()
    if not form.validate():
        _raise(form)
    return do(form)


@bp.route("/matches/<int:match_id>/confirm", methods=["POST"])
def confirm(match_id: int):
    m, _comp = _match(match_id)
    return run_action(
        lambda: _with_version(lambda form: recording.confirm_result(m, current_user, form.version.data)),
        _("Đã xác nhận kết quả."),
        url_for("results.match", match_id=m.id),
    )


@bp.route("/matches/<int:match_id>/clear", methods=["POST"])
def clear(match_id: int):
    m, _comp = _match(match_id)

    return run_action(
        lambda: _with_version(
            lambda form: recording.clear_result(m, current_user, form.version.data, form.reason.data or "")
        ),
        lambda cleared: (
            _("Đã yêu cầu xoá: chờ một trọng tài khác xác nhận.") if cleared.clear_requested else _("Đã xoá kết quả.")
        ),
        url_for("results.match", match_id=m.id),
    )


def _fixture_form(m: Match) -> FixtureForm:
    form = FixtureForm(obj=m)
    venues = m.competition.event.venues
    form.venue_id.choices = [SelectChoice(0, "—")] + [SelectChoice(v.id, v.name) for v in venues]
    form.court_id.choices = [SelectChoice(0, "—")] + [
        SelectChoice(c.id, f"{v.name}: {c.name}") for v in venues for c in v.courts
    ]
    if form.venue_id.data is None:
        form.venue_id.data = 0
    if form.court_id.data is None:
        form.court_id.data = 0
    return form


@bp.route("/matches/<int:match_id>/fixture", methods=["POST"])
def fixture(match_id: int):
    m, comp = _match(match_id)
    policy.require(may.plan_competition(current_user))
    form = _fixture_form(m)
    url = url_for("results.match", match_id=m.id)
    if not form.validate():
        return run_action(lambda: _raise(form), "", url)
    return run_action(
        lambda: fixtures.save_fixture(
            m, form.venue_id.data, form.court.data, form.starts_at.data, form.court_id.data, form.pinned.data
        ),
        _("Đã lưu địa điểm và giờ thi đấu."),
        url,
    )


@bp.route("/matches/<int:match_id>/replay", methods=["POST"])
def replay(match_id: int):
    m, comp = _match(match_id)
    policy.require(may.plan_competition(current_user))
    form = ReplayForm()
    url = url_for("results.match", match_id=m.id)
    if not form.validate():
        return run_action(lambda: _raise(form), "", url)
    return run_action(
        lambda: recording.replay(m, current_user, form.version.data, form.reason.data),
        _("Trận sẽ đấu lại: đã bỏ kết quả và giờ cũ. Xếp lại lịch của sự kiện để đặt giờ mới."),
        url_for("admin.schedule_page", slug=comp.event.slug),
    )


# --- ranked events ------------------------------------------------------------------------------


def _performance(performance_id: int) -> tuple[Performance, Competition]:
    perf = by_id(Performance, performance_id)
    return perf, competition_for_scoring(perf.competition_id)


@bp.route("/performances/<int:performance_id>", methods=["POST"])
def performance(performance_id: int):
    perf, comp = _performance(performance_id)
    form = PerformanceForm()
    if not form.validate():
        return run_action(lambda: _raise(form), "", _back(comp))
    return run_action(
        lambda: recording.enter_performance(
            perf, current_user, form.value.data or "", form.did_not_finish.data, form.version.data
        ),
        _("Đã lưu thành tích; chờ một trọng tài khác xác nhận."),
        _back(comp),
    )


@bp.route("/performances/<int:performance_id>/confirm", methods=["POST"])
def confirm_performance(performance_id: int):
    perf, comp = _performance(performance_id)
    return run_action(
        lambda: _with_version(lambda form: recording.confirm_performance(perf, current_user, form.version.data)),
        _("Đã xác nhận thành tích."),
        _back(comp),
    )
