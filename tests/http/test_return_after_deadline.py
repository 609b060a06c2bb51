"""A registration returned after the deadline reopens the unit until a date chosen in the
return dialog: the unit can fix and send it again until then, and its page, the call list
and the email say that date. Through HTTP."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from extensions import db
from models import AuditLog, Registration, RegistrationStatus
from services.i18n import format_date, local_today, to_local
from services.registration import statuses
from tests.support import factories as f
from tests.support import worlds

REGISTRATIONS = "/admin/events/hoi-thao-2024/registrations"
WORKSPACE = "/units/LAK/events/hoi-thao-2024"
NEW_PERSON = {"full_name": "Người Bổ Sung", "gender": "male", "role": "athlete", "union_card_no": "77"}


@pytest.fixture
def late(app):
    lak, bmt, ev = worlds.two_units()
    f.person(ev, lak, "Nguyễn Văn An")
    lak.email = "ldld.lak@example.vn"
    db.session.add(
        Registration(event=ev, unit=lak, status=RegistrationStatus.SUBMITTED, submitted_at=datetime.now(UTC))
    )
    ev.registration_closes_at = datetime.now(UTC) - timedelta(days=1)  # the deadline has passed
    worlds.accounts(lak, bmt)
    db.session.commit()
    return {"event": ev, "lak": lak}


def _registration():
    db.session.expire_all()
    return db.session.scalar(select(Registration))


def _return(admin, **form):
    return admin.post(f"{REGISTRATIONS}/LAK/return", {"comment": "Thiếu ảnh VĐV"} | form, follow_redirects=True)


def test_the_return_dialog_asks_until_when_and_refuses_no_or_a_past_date(client, late):
    client.login("admin")
    page = client.get(REGISTRATIONS).get_data(as_text=True)
    prefilled = format_date(local_today() + timedelta(days=statuses.RETURN_GRACE_DAYS))
    assert re.search(rf'name="reopen_until" value="{prefilled}"', page)
    for form, words in (
        ({"reopen_until": ""}, "Đã quá hạn đăng ký: hãy chọn ngày đơn vị được sửa và gửi lại"),
        ({"reopen_until": format_date(local_today() - timedelta(days=1))}, "đã qua: hãy chọn từ hôm nay trở đi"),
        ({"reopen_until": "31/02/2026"}, "Cho sửa đến: Ngày không hợp lệ"),
    ):
        assert words in _return(client, **form).get_data(as_text=True)
        assert _registration().status == RegistrationStatus.SUBMITTED  # nothing half-done
    assert db.session.scalar(select(func.count()).select_from(AuditLog)) == 0


def test_returned_after_the_deadline_the_unit_edits_until_the_chosen_day(client, make_client, late):
    client.login("admin")
    chosen = local_today() + timedelta(days=5)
    body = _return(client, reopen_until=format_date(chosen)).get_data(as_text=True)
    assert "Đã trả lại đăng ký của LĐLĐ huyện Lắk" in body
    reg = _registration()
    assert (reg.status, reg.reopened) == (RegistrationStatus.RETURNED, True)
    until = to_local(reg.reopened_until)
    assert (until.date(), until.hour, until.minute) == (chosen, 23, 59)  # to the end of that day, Vietnam time
    audit = db.session.scalars(select(AuditLog)).all()
    assert [a.action for a in audit] == ["return"]  # one change, one row
    shown = f"{format_date(chosen)} 23:59"
    assert f"mở lại đến {shown}" in client.get(REGISTRATIONS).get_data(as_text=True)

    lak = make_client()
    lak.login("cb.lak")
    page = lak.get(WORKSPACE).get_data(as_text=True)
    assert 'id="read-only"' not in page
    assert f"Mở lại để sửa và gửi lại đến: {shown}" in page
    # No "In thẻ" that would answer with this page instead of a PDF: it says when badges can be printed.
    assert "badges.pdf" not in page and "In thẻ được khi đăng ký đã được duyệt." in page
    home = lak.get("/units/LAK").get_data(as_text=True)  # the unit's next step
    assert f"Bị trả lại để sửa. Lý do: Thiếu ảnh VĐV. Sửa rồi bấm Gửi đăng ký. Hạn chót: {shown}" in home
    assert lak.post(WORKSPACE + "/people/new", NEW_PERSON).status_code == 302  # it can be fixed

    sheet = load_workbook(io.BytesIO(client.get("/admin/events/hoi-thao-2024/call-list.xlsx").data)).active
    message = next(row[-1] for row in sheet.iter_rows(values_only=True) if row[0] == "LAK")
    assert "Thiếu ảnh VĐV" in message and f"Hạn đăng ký: {shown}" in message
    _to, _subject, email = statuses.decision_message(_registration())
    assert "Lý do: Thiếu ảnh VĐV" in email and f"Hạn gửi lại: {shown}" in email

    reg = _registration()
    reg.reopened_until = datetime.now(UTC) - timedelta(minutes=1)  # the chosen day is over
    db.session.commit()
    assert 'id="read-only"' in lak.get(WORKSPACE).get_data(as_text=True)


def test_returned_before_the_deadline_nothing_is_reopened(client, late):
    event = late["event"]
    event.registration_closes_at = datetime.now(UTC) + timedelta(days=2)
    db.session.commit()
    client.login("admin")
    assert 'name="reopen_until"' not in client.get(REGISTRATIONS).get_data(as_text=True)
    _return(client)
    reg = _registration()
    assert (reg.status, reg.reopened, reg.reopened_until) == (RegistrationStatus.RETURNED, False, None)
