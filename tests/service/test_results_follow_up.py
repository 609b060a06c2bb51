"""The one "results changed" step (services/results/follow_up.py): what follows a result is
worked out from the competition's own matches, and only when a confirmed result changed."""

from __future__ import annotations

from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from extensions import db
from models import Certificate, CertificateKind, CompetitionFormat, Match, MatchStage, ResultFormat, User, UserRole
from services.certificates import issue as certificates
from services.results import drawing, planning, recording
from tests.support import factories as f

WIN = recording.ResultInput(sets=[(21, 15), (21, 18)])


def _competition(ev, name, fmt, units, admin):
    comp = f.competition(ev, name, fmt=CompetitionFormat.SINGLE, sport="Cầu lông")
    f.entries(ev, comp, units)
    data = planning.default_plan(comp)
    data.format = fmt
    planning.save_plan(comp, data, admin)
    drawing.make_draw(comp, admin, seed=1)
    drawing.publish(comp, admin)
    return comp


def _play_out(comp, first, second):
    while True:
        ready = [
            m
            for m in db.session.scalars(select(Match).where(Match.competition_id == comp.id))
            if m.home_entry_id and m.away_entry_id and not m.has_result
        ]
        if not ready:
            return
        for m in ready:
            recording.enter_result(m, first, WIN)
            recording.confirm_result(m, second)


def _cost(work) -> tuple[int, int]:
    """(SQL statements run, rows loaded as ORM objects) while ``work`` runs and flushes."""
    statements = loaded = 0

    def on_statement(*_args):
        nonlocal statements
        statements += 1

    def on_load(*_args):
        nonlocal loaded
        loaded += 1

    sa_event.listen(db.engine, "before_cursor_execute", on_statement)
    sa_event.listen(Session, "loaded_as_persistent", on_load)
    try:
        work()
        db.session.flush()
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", on_statement)
        sa_event.remove(Session, "loaded_as_persistent", on_load)
    return statements, loaded


def _event_with(slug: str, others: int, admin, first, second):
    """An event holding ``others`` finished knockouts with printed awards, and a round robin."""
    ev = f.event(slug)
    for k in range(others):
        _play_out(_competition(ev, f"Loại trực tiếp {k}", ResultFormat.KNOCKOUT, 4, admin), first, second)
    target = _competition(ev, "Vòng tròn", ResultFormat.ROUND_ROBIN, 4, admin)
    certificates.sync(ev)
    db.session.commit()
    return db.session.scalars(select(Match).where(Match.competition_id == target.id).order_by(Match.id)).first()


def test_entering_or_confirming_runs_no_more_statements_in_a_larger_event(app):
    admin = f.user("admin", role=UserRole.ADMIN)
    first, second = f.user("tt1", role=UserRole.OFFICIAL), f.user("tt2", role=UserRole.OFFICIAL)
    small = _event_with("hoi-thao-2024", 1, admin, first, second).id
    large = _event_with("hoi-thao-2025", 4, admin, first, second).id
    first_id, second_id = first.id, second.id
    costs = {}
    for name, match_id in (("small", small), ("large", large)):
        db.session.expunge_all()  # each measured as a request would: nothing loaded beforehand
        match, tt1 = db.session.get(Match, match_id), db.session.get(User, first_id)
        entered = _cost(lambda m=match, u=tt1: recording.enter_result(m, u, WIN))
        db.session.commit()
        db.session.expunge_all()
        match, tt2 = db.session.get(Match, match_id), db.session.get(User, second_id)
        confirmed = _cost(lambda m=match, u=tt2: recording.confirm_result(m, u))
        db.session.commit()
        costs[name] = (entered, confirmed)
    # the same statements and the same rows, though the larger event has four times the matches
    assert costs["small"] == costs["large"], costs
    assert db.session.scalar(select(func.count()).select_from(Certificate)) > 0  # awards were printed


def test_an_unconfirmed_result_has_no_consequences_and_its_confirmation_has(app):
    ev = f.event()
    admin = f.user("admin", role=UserRole.ADMIN)
    first, second = f.user("tt1", role=UserRole.OFFICIAL), f.user("tt2", role=UserRole.OFFICIAL)
    comp = _competition(ev, "Đơn nam", ResultFormat.KNOCKOUT, 4, admin)
    matches = list(db.session.scalars(select(Match).where(Match.competition_id == comp.id).order_by(Match.round_no)))
    for semi in matches[:2]:
        recording.enter_result(semi, first, WIN)
        recording.confirm_result(semi, second)
    certificates.sync(ev)  # printed after the semi-finals: the two shared bronzes
    final = matches[2]
    assert final.stage == MatchStage.KNOCKOUT and final.home_entry_id and final.away_entry_id

    def awards() -> list[tuple[int, int]]:
        return sorted(
            db.session.execute(
                select(Certificate.place, Certificate.entry_id).where(
                    Certificate.kind == CertificateKind.AWARD, Certificate.revoked_at.is_(None)
                )
            ).all()
        )

    bronzes = awards()
    assert [place for place, _e in bronzes] == [3, 3]
    recording.enter_result(final, first, WIN)
    assert awards() == bronzes  # entered, not confirmed: no place, no certificate
    recording.confirm_result(final, second)
    home, away = final.home_entry_id, final.away_entry_id
    assert awards() == sorted(bronzes + [(1, home), (2, away)])
    recording.enter_result(final, first, recording.ResultInput(sets=[(15, 21), (18, 21)]))
    assert awards() == bronzes  # a correction takes the confirmed result out until confirmed again
    recording.confirm_result(final, second)
    assert awards() == sorted(bronzes + [(1, away), (2, home)])
