"""Decisions hold when two people act at once (issue 15): real parallel requests through the
served app, 20 times each. Every race must end in a state that some one-after-the-other order
allows, with exactly one history or audit row per change that really happened.
"""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from extensions import db
from models import (
    AuditLog,
    Match,
    MediaItem,
    MediaUpload,
    Registration,
    RegistrationStatus,
    ResultChange,
    ResultFormat,
    UserRole,
)
from services.media import items as media_items
from services.results import drawing, planning, recording
from tests.support import factories as f
from tests.support.races import Person, at_once

REPEAT = 20
WON = {"set1_home": "21", "set1_away": "15", "set2_home": "21", "set2_away": "18"}
LOST = {"set1_home": "15", "set1_away": "21", "set2_home": "18", "set2_away": "21"}


@pytest.fixture
def desk(app, served):
    """A round robin of 14 units (91 matches) and three officials assigned to it."""
    ev = f.event()
    comp = f.competition(ev, "Cầu lông đơn nam", sport="Cầu lông")
    f.entries(ev, comp, 14)
    officials = [f.user(name, role=UserRole.OFFICIAL) for name in ("tt1", "tt2", "tt3")]
    admin = f.user("admin", role=UserRole.ADMIN)
    data = planning.default_plan(comp)
    data.format = ResultFormat.ROUND_ROBIN
    planning.save_plan(comp, data, admin)
    drawing.make_draw(comp, admin, seed=1)
    drawing.publish(comp, admin)
    comp.officials = officials
    db.session.commit()
    matches = list(db.session.scalars(select(Match).where(Match.competition_id == comp.id).order_by(Match.id)))
    people = {u.username: Person(served, u.username, f.PASSWORD) for u in officials}
    return {"matches": iter(matches), "officials": {u.username: u for u in officials}, "people": people}


def _entered(desk) -> tuple[Match, int]:
    """The next match, entered by tt1 (home wins) and committed: as every other official's page shows it."""
    db.session.commit()  # a fresh transaction: the served requests have written since (SQLite snapshots)
    match = next(desk["matches"])
    recording.enter_result(match, desk["officials"]["tt1"], recording.ResultInput(sets=[(21, 15), (21, 18)]))
    db.session.commit()
    return match, match.version


def _now(match: Match) -> Match:
    """The match as the served requests left it (the test's own snapshot ended first)."""
    db.session.commit()
    db.session.refresh(match)
    return match


def _history(match: Match) -> list[ResultChange]:
    db.session.commit()
    return list(
        db.session.scalars(select(ResultChange).where(ResultChange.match_id == match.id).order_by(ResultChange.id))
    )


def _chained(rows: list[ResultChange]) -> bool:
    """Each change's "before" is the change before's "after"."""
    return rows[0].old == {} and all(later.old == earlier.new for earlier, later in zip(rows, rows[1:], strict=False))


def _url(match: Match, tail: str = "") -> str:
    return f"/results/matches/{match.id}{tail}"


def test_confirm_while_another_official_corrects(desk):
    tt2, tt3 = desk["people"]["tt2"], desk["people"]["tt3"]
    for _ in range(REPEAT):
        match, version = _entered(desk)
        at_once(
            lambda m=match, v=version: tt2.post(_url(m, "/confirm"), {"version": v}),
            lambda m=match, v=version: tt3.post(_url(m), LOST | {"version": v}),
        )
        db.session.refresh(match)
        rows = _history(match)
        assert len(rows) == 2 and _chained(rows), [r.action for r in rows]
        if match.confirmed:  # the confirmation went first: the correction, made on the old page, was refused
            assert rows[1].action == "confirm" and match.winner_entry_id == match.home_entry_id
            assert match.entered_by_id == desk["officials"]["tt1"].id
        else:  # the correction went first: nobody confirmed the corrected score
            assert rows[1].action == "correct" and match.winner_entry_id == match.away_entry_id
            assert match.entered_by_id == desk["officials"]["tt3"].id and match.confirmed_at is None
        assert match.version == version + 1


def test_one_official_with_two_tabs_never_confirms_his_own_correction(desk):
    tt2 = desk["people"]["tt2"]
    second_tab = Person(tt2.base, "tt2", f.PASSWORD)
    for _ in range(REPEAT):
        match, version = _entered(desk)
        at_once(
            lambda m=match, v=version: tt2.post(_url(m, "/confirm"), {"version": v}),
            lambda m=match, v=version: second_tab.post(_url(m), LOST | {"version": v}),
        )
        db.session.refresh(match)
        assert not (match.confirmed and match.entered_by_id == match.confirmed_by_id)
        rows = _history(match)
        assert len(rows) == 2 and _chained(rows)


def test_a_replay_while_an_official_confirms_is_one_or_the_other(desk):
    tt2 = desk["people"]["tt2"]
    admin = Person(tt2.base, "admin", f.PASSWORD)
    for _ in range(REPEAT):
        match, version = _entered(desk)
        at_once(
            lambda m=match, v=version: tt2.post(_url(m, "/confirm"), {"version": v}),
            lambda m=match, v=version: admin.post(_url(m, "/replay"), {"version": v, "reason": "Mưa"}),
        )
        db.session.refresh(match)
        rows = _history(match)
        assert len(rows) == 2, [r.action for r in rows]  # the other, made on the old page, was refused
        if rows[1].action == "replay":
            assert not match.has_result and match.starts_at is None
        else:
            assert rows[1].action == "confirm" and match.confirmed
        assert match.version == version + 1


def test_two_confirmations_at_once_are_one(desk):
    tt2, tt3 = desk["people"]["tt2"], desk["people"]["tt3"]
    for _ in range(REPEAT):
        match, version = _entered(desk)
        answers = at_once(
            lambda m=match, v=version: tt2.post(_url(m, "/confirm"), {"version": v}),
            lambda m=match, v=version: tt3.post(_url(m, "/confirm"), {"version": v}),
        )
        db.session.refresh(match)
        assert match.confirmed and [r.action for r in _history(match)] == ["enter", "confirm"]
        pages = [p.flashes(a) for p, a in zip((tt2, tt3), answers, strict=True)]
        assert sum("Đã xác nhận kết quả." in page for page in pages) == 1
        assert sum("đã được người khác thay đổi lúc" in page for page in pages) == 1


def test_two_corrections_at_once_keep_one_and_the_history_chained(desk):
    tt2, tt3 = desk["people"]["tt2"], desk["people"]["tt3"]
    for _ in range(REPEAT):
        match, version = _entered(desk)
        at_once(
            lambda m=match, v=version: tt2.post(_url(m), LOST | {"version": v}),
            lambda m=match, v=version: tt3.post(_url(m), WON | {"set2_away": "19", "version": v}),
        )
        rows = _history(match)
        assert [r.action for r in rows] == ["enter", "correct"] and _chained(rows)


def test_a_confirmation_from_a_page_shown_before_a_correction_is_refused(desk):
    match, version = _entered(desk)
    tt2, tt3 = desk["people"]["tt2"], desk["people"]["tt3"]
    tt3.post(_url(match), LOST | {"version": version})  # tt2 still has the page with tt1's score
    page = tt2.flashes(tt2.post(_url(match, "/confirm"), {"version": version}))
    assert "Kết quả đã được người khác thay đổi lúc" in page and "tải lại để xem" in page
    _now(match)
    assert match.confirmed_at is None and match.winner_entry_id == match.away_entry_id


def test_clearing_a_confirmed_result_needs_a_second_official(desk):
    match, version = _entered(desk)
    tt2, tt3 = desk["people"]["tt2"], desk["people"]["tt3"]
    tt2.post(_url(match, "/confirm"), {"version": version})
    _now(match)
    tt3.post(_url(match, "/clear"), {"version": match.version})
    _now(match)
    assert match.has_result and match.clear_requested and not match.confirmed  # asked, no longer counted
    mine = tt3.flashes(tt3.post(_url(match, "/confirm"), {"version": match.version}))
    assert "không thể tự xác nhận" in mine
    _now(match)
    tt2.post(_url(match, "/confirm"), {"version": match.version})
    _now(match)
    assert not match.has_result
    assert [r.action for r in _history(match)] == ["enter", "confirm", "request_clear", "clear"]
    assert _chained(_history(match)[:3])


@pytest.fixture
def reviews(app, served):
    """2 × REPEAT units with a submitted registration, and two federation admins."""
    ev = f.event()
    for i in range(1, 2 * REPEAT + 1):
        unit = f.unit(f"U{i:02d}")
        db.session.add(Registration(event=ev, unit=unit, status=RegistrationStatus.SUBMITTED))
    f.user("admin1", role=UserRole.ADMIN)
    f.user("admin2", role=UserRole.ADMIN)
    db.session.commit()
    return ev, Person(served, "admin1", f.PASSWORD), Person(served, "admin2", f.PASSWORD)


def _decisions(reg: Registration) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditLog.action)
            .where(AuditLog.entity == "registration", AuditLog.entity_id == reg.id)
            .order_by(AuditLog.id)
        )
    )


def test_approve_while_another_admin_returns(reviews):
    ev, admin1, admin2 = reviews
    base = f"/admin/events/{ev.slug}/registrations"
    for i in range(1, REPEAT + 1):
        code = f"U{i:02d}"
        at_once(
            lambda c=code: admin1.post(f"{base}/{c}/approve"),
            lambda c=code: admin2.post(f"{base}/{c}/return", {"comment": "Thiếu ảnh thẻ"}),
        )
        db.session.expire_all()
        reg = db.session.scalar(select(Registration).join(Registration.unit).where(f.Unit.code == code))
        decisions = _decisions(reg)
        if reg.status == RegistrationStatus.APPROVED:  # returned first? then approving it was refused
            assert decisions == ["approve"] and reg.comment == ""
        else:  # returned: first (the approval refused), or after the approval
            assert reg.status == RegistrationStatus.RETURNED and reg.comment == "Thiếu ảnh thẻ"
            assert decisions in (["return"], ["approve", "return"])


def test_a_bulk_approval_while_another_admin_returns_one_of_its_units(reviews):
    """The dashboard approves two units at once while another admin returns the first: each
    unit is decided on its own, the returned one is either approved-then-returned or returned
    (and the bulk says so by name), the other approved; one audit row per decision."""
    ev, admin1, admin2 = reviews
    base = f"/admin/events/{ev.slug}/registrations"
    for i in range(1, REPEAT + 1, 2):
        first, second = f"U{i:02d}", f"U{i + 1:02d}"
        bulk, _returned = at_once(
            lambda a=first, b=second: admin1.post(f"{base}/approve", {"units": [a, b], "next": "/admin/"}),
            lambda a=first: admin2.post(f"{base}/{a}/return", {"comment": "Thiếu ảnh thẻ"}),
        )
        db.session.expire_all()
        regs = {
            reg.unit.code: reg
            for reg in db.session.scalars(
                select(Registration).join(Registration.unit).where(f.Unit.code.in_([first, second]))
            )
        }
        assert regs[second].status == RegistrationStatus.APPROVED and _decisions(regs[second]) == ["approve"]
        assert regs[first].status == RegistrationStatus.RETURNED and regs[first].comment == "Thiếu ảnh thẻ"
        page = admin1.flashes(bulk)
        if _decisions(regs[first]) == ["return"]:  # returned first: the bulk approval refused it, by name
            assert f"{first}: " in page and f"Đã duyệt 1 đăng ký: {second}." in page
        else:
            assert _decisions(regs[first]) == ["approve", "return"]
            assert f"Đã duyệt 2 đăng ký: {first}, {second}." in page


def test_two_approvals_at_once_are_one(reviews):
    ev, admin1, admin2 = reviews
    base = f"/admin/events/{ev.slug}/registrations"
    for i in range(REPEAT + 1, 2 * REPEAT + 1):
        code = f"U{i:02d}"
        answers = at_once(
            lambda c=code: admin1.post(f"{base}/{c}/approve"), lambda c=code: admin2.post(f"{base}/{c}/approve")
        )
        db.session.expire_all()
        reg = db.session.scalar(select(Registration).join(Registration.unit).where(f.Unit.code == code))
        assert reg.status == RegistrationStatus.APPROVED and _decisions(reg) == ["approve"]
        pages = [p.flashes(a) for p, a in zip((admin1, admin2), answers, strict=True)]
        assert sum("Đăng ký đã được duyệt bởi admin" in page for page in pages) == 1


def _photo() -> bytes:
    image = Image.new("RGB", (320, 240), (30, 120, 200))
    for x in range(0, 320, 7):
        image.putpixel((x, x % 240), (x % 255, 200, 10))
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


def test_the_same_chunk_sent_twice_at_once_is_written_once(app, served, tmp_path):
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    ev = f.event()
    lak = f.unit("LAK", "LĐLĐ huyện Lắk")
    f.user("cb.lak", unit=lak)
    organiser = Person(served, "cb.lak", f.PASSWORD)
    content = _photo()
    half = len(content) // 2
    base = f"/units/LAK/events/{ev.slug}/media/uploads"
    for _ in range(REPEAT):
        started = organiser.json(base, {"name": "anh.png", "size": len(content), "caption": "Khai mạc"}).json()
        url = f"{base}/{started['id']}?offset=0"
        answers = at_once(
            lambda u=url: organiser.put(u, content[:half]), lambda u=url: organiser.put(u, content[:half])
        )
        assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
        assert all(a.json()["received"] == half for a in answers)
        assert (tmp_path / "media" / "uploads" / started["id"]).stat().st_size == half
        done = organiser.put(f"{base}/{started['id']}?offset={half}", content[half:])
        assert done.status_code == 200 and done.json()["done"], done.text
        db.session.expire_all()
        item = db.session.get(MediaItem, done.json()["item"])
        stored = tmp_path / "media" / str(ev.id) / item.storage_name
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == hashlib.sha256(content).hexdigest()
        media_items.delete(item)  # room for the next round (five photos at most)
        db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(MediaUpload)) == 0


def _two_prints_at_once(served, url: str, issued_model):
    """Two admins open the same print at the same instant, REPEAT times, from nothing issued;
    yields after each round for the test's checks."""
    f.user("admin1", role=UserRole.ADMIN)
    f.user("admin2", role=UserRole.ADMIN)
    db.session.commit()
    admins = [Person(served, name, f.PASSWORD) for name in ("admin1", "admin2")]
    for _ in range(REPEAT):
        db.session.execute(issued_model.__table__.delete())
        db.session.commit()
        answers = at_once(*(lambda a=a: a.http.get(a.base + url) for a in admins))
        assert [a.status_code for a in answers] == [200, 200]
        assert all(a.content.startswith(b"%PDF") for a in answers)
        yield answers


def test_two_certificate_prints_at_once_issue_each_certificate_once(app, served):
    from models import Certificate, CertificateKind, ParticipationRule
    from services.certificates import issue as certificates

    ev = f.event()
    lak = f.unit("LAK", "LĐLĐ huyện Lắk")
    db.session.add(Registration(event=ev, unit=lak, status=RegistrationStatus.APPROVED))
    for i in range(12):
        f.person(ev, lak, f"Nguyễn Văn Người {i}")
    certificates.style_of(ev).participation_rule = ParticipationRule.REGISTERED
    certificates.style_of(ev).signer_name = "Nguyễn Văn Ký"
    for _ in _two_prints_at_once(served, f"/admin/events/{ev.slug}/certificates.pdf?kind=participation", Certificate):
        serials = db.session.scalars(
            select(Certificate.serial).where(Certificate.kind == CertificateKind.PARTICIPATION)
        )
        assert len(set(serials.all())) == 12


def test_two_badge_prints_at_once_issue_each_badge_once(app, served):
    from models import Badge

    ev = f.event()
    lak = f.unit("LAK", "LĐLĐ huyện Lắk")
    people = [f.person(ev, lak, f"Trần Thị Người {i}") for i in range(10)]
    f.approved(ev, lak)
    for _ in _two_prints_at_once(served, f"/admin/events/{ev.slug}/badges.pdf?unit=LAK", Badge):
        badges = db.session.execute(select(Badge.person_id, Badge.number)).all()
        assert sorted(p for p, _n in badges) == sorted(p.id for p in people)  # one badge each
        assert len({n for _p, n in badges}) == len(people)


def test_a_confirmation_without_the_version_its_page_showed_is_refused(desk):
    match, _version = _entered(desk)
    tt2 = desk["people"]["tt2"]
    page = tt2.flashes(tt2.post(_url(match, "/confirm")))
    assert "Trang này đã cũ" in page
    assert _now(match).confirmed_at is None


def test_two_admins_reporting_one_badge_lost_at_once_reissue_it_once(app, served):
    """Issue 29: one reissue; the other admin is told who reported it and when (no 500),
    one audit row per reissue that happened."""
    from models import Badge
    from services.badges import tokens

    ev = f.event()
    lak = f.unit("LAK", "LĐLĐ huyện Lắk")
    f.approved(ev, lak)
    f.user("admin", role=UserRole.ADMIN)
    f.user("admin2", role=UserRole.ADMIN)
    people = [f.person(ev, lak, f"Lê Văn Mất {i}") for i in range(REPEAT)]
    tokens.issue_missing(ev, [p.id for p in people])
    db.session.commit()
    first, second = Person(served, "admin", f.PASSWORD), Person(served, "admin2", f.PASSWORD)
    for person in people:
        seen = tokens.active_badge(person)
        url = f"/admin/events/{ev.slug}/people/{person.id}/reissue-badge"
        answers = at_once(
            lambda u=url, b=seen.id: first.post(u, {"badge": b}),
            lambda u=url, b=seen.id: second.post(u, {"badge": b}),
        )
        assert all(getattr(a, "status_code", 500) == 302 for a in answers), answers
        pages = [who.flashes(a) for who, a in zip((first, second), answers, strict=True)]
        db.session.commit()
        badges = list(db.session.scalars(select(Badge).where(Badge.person_id == person.id).order_by(Badge.version)))
        assert [b.version for b in badges] == [1, 2] and badges[0].revoked_at and not badges[1].revoked_at
        assert sum("Đã huỷ thẻ cũ và cấp thẻ mới." in p for p in pages) == 1
        assert sum(f"Thẻ {badges[0].label} đã được báo mất lúc" in p and badges[1].label in p for p in pages) == 1
        rows = db.session.scalars(
            select(AuditLog).where(AuditLog.entity_id == person.id, AuditLog.action == "badge_reissue")
        )
        assert [r.changes for r in rows] == [{"badge": [badges[0].label, badges[1].label]}]
