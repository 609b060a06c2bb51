"""The organiser's registration workspace and the admin's approval, through HTTP."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from extensions import db
from models import (
    AuditLog,
    Category,
    Competition,
    CompetitionFormat,
    Entry,
    Event,
    Gender,
    Person,
    Registration,
    Sport,
    User,
    UserRole,
)
from tests.support import factories as f
from tests.support import worlds


@pytest.fixture
def world(app):
    lak, bmt, ev = worlds.two_units()
    doubles = f.competition(ev, "Cầu lông đôi nam", fmt=CompetitionFormat.PAIR, max_entries_per_unit=1)
    mixed = f.competition(ev, "Cầu lông đôi nam nữ", Category.MIXED, CompetitionFormat.PAIR, min_men=1, min_women=1)
    singles = f.competition(ev, "Cầu lông đơn nam từ 40 tuổi", min_age=40)
    people = {
        "an": f.person(ev, lak, "Nguyễn Văn An", birth=date(1980, 1, 1)),
        "binh": f.person(ev, lak, "Lê Văn Bình", birth=date(1984, 8, 27)),  # 39 on 26/08/2024
        "cuc": f.person(ev, lak, "Trần Thị Cúc", Gender.FEMALE),
        "dung": f.person(ev, bmt, "Phạm Văn Dũng"),
    }
    worlds.accounts(lak, bmt)
    return {
        "lak": lak,
        "bmt": bmt,
        "event": ev,
        "doubles": doubles,
        "mixed": mixed,
        "singles": singles,
        **{k: v.id for k, v in people.items()},
    }


def url(w, tail=""):
    return f"/units/LAK/events/{w['event'].slug}{tail}"


def entry_url(w, comp, tail="/entries/new"):
    return url(w, f"/competitions/{w[comp].id}{tail}")


@pytest.fixture
def lak(client, world):
    client.login("cb.lak")
    client.get(url(world))
    return client


def test_workspace_shows_checklist_people_and_status(lak, world):
    page = lak.get(url(world)).get_data(as_text=True)
    assert "Đang soạn" in page
    assert "Cầu lông đôi nam nữ" in page and "○" in page
    assert page.index("Nguyễn Văn An") < page.index("Lê Văn Bình") < page.index("Trần Thị Cúc")  # An, Bình, Cúc
    assert "Phạm Văn Dũng" not in page


def test_add_person_keeps_leading_zeros_and_normalises_the_name(lak, world):
    response = lak.post(
        url(world, "/people/new"),
        {
            "full_name": "  Hoa\u0300ng  Thi\u0323 Mai ",
            "gender": "female",
            "birth_date": "05/09/1990",
            "union_card_no": "000 4567",
            "role": "athlete",
        },
    )
    assert response.status_code == 302
    person = db.session.scalar(select(Person).where(Person.union_card_no == "0004567"))
    assert person.full_name == "Hoàng Thị Mai" and person.birth_date == date(1990, 9, 5)
    log = db.session.scalar(select(AuditLog).where(AuditLog.entity == "person"))
    assert log.action == "create" and log.changes["full_name"] == [None, "Hoàng Thị Mai"]


@pytest.mark.parametrize("typed", ["20111990", "20-11-1990", "20.11.1990"])
def test_a_birth_date_typed_on_a_phones_numeric_keypad(lak, world, typed):
    fields = {"full_name": "Lê Thị Hồng", "gender": "female", "birth_date": typed, "role": "athlete"}
    answer = lak.post(url(world, "/people/new"), fields | {"union_card_no": "00099001"})
    assert answer.status_code == 302, re.findall(r"invalid-feedback[^>]*>([^<]+)", answer.get_data(as_text=True))
    assert db.session.scalar(select(Person.birth_date).where(Person.full_name == "Lê Thị Hồng")) == date(1990, 11, 20)


def test_required_fields_are_marked_and_save_and_add_another_opens_a_new_form(lak, world):
    page = lak.get(url(world, "/people/new")).get_data(as_text=True)
    card = page.split('for="union_card_no"', 1)[1].split("</label>", 1)[0]
    assert 'class="text-danger"' in card  # the event asks for a union card: marked as required
    assert 'class="text-danger"' in page.split('for="full_name"', 1)[1].split("</label>", 1)[0]
    assert 'class="text-danger"' not in page.split('for="phone"', 1)[1].split("</label>", 1)[0]
    fields = {"full_name": "Lê Thị Hồng", "gender": "female", "role": "athlete", "union_card_no": "00099002"}
    answer = lak.post(url(world, "/people/new"), fields | {"then": "another"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(url(world, "/people/new"))
    assert (
        lak.post(url(world, "/people/new"), fields | {"full_name": "Lê Thị Lan", "union_card_no": "00099003"})
        .headers["Location"]
        .endswith(url(world, ""))
    )
    world["event"].union_card_required = False
    db.session.commit()
    page = lak.get(url(world, "/people/new")).get_data(as_text=True)
    assert 'class="text-danger"' not in page.split('for="union_card_no"', 1)[1].split("</label>", 1)[0]


def test_a_date_that_is_not_one_says_how_to_type_it(lak, world):
    fields = {"full_name": "Lê Thị Hồng", "gender": "female", "birth_date": "2011990", "role": "athlete"}
    page = lak.post(url(world, "/people/new"), fields).get_data(as_text=True)
    assert "Ngày không hợp lệ: gõ ngày/tháng/năm, ví dụ 20/11/1990 hoặc 20111990." in page
    assert 'value="2011990"' in page  # what was typed stays in the box


def test_same_person_in_another_unit_is_refused(lak, world):
    dung = db.session.get(Person, world["dung"])
    response = lak.post(
        url(world, "/people/new"),
        {
            "full_name": "Phạm Văn Dũng",
            "gender": "male",
            "birth_date": "01/05/1985",
            "union_card_no": "",
            "role": "athlete",
        },
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "đã được LĐLĐ thành phố Buôn Ma Thuột đăng ký cho sự kiện này" in body
    assert "một người không thi đấu cho hai đơn vị" in body
    assert db.session.scalar(select(func.count()).select_from(Person).where(Person.unit_id == world["lak"].id)) == 3
    assert dung.unit_id == world["bmt"].id


def test_register_a_pair_and_the_rules_on_it(lak, world):
    bad = lak.post(entry_url(world, "mixed"), {"members": [world["an"], world["binh"]]})
    assert "Cầu lông đôi nam nữ: cần ít nhất 1 nữ, mới có 0." in bad.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Entry)) == 0
    ok = lak.post(entry_url(world, "mixed"), {"members": [world["an"], world["cuc"]]})
    assert ok.status_code == 302
    assert "✔" in lak.get(url(world)).get_data(as_text=True)
    woman = lak.post(entry_url(world, "doubles"), {"members": [world["an"], world["cuc"]]})
    assert "Trần Thị Cúc – Cầu lông đôi nam: nội dung dành cho nam, người này là nữ." in woman.get_data(as_text=True)
    too_young = lak.post(entry_url(world, "singles"), {"members": [world["binh"]]})
    assert "Lê Văn Bình – Cầu lông đơn nam từ 40 tuổi: 39 tuổi vào ngày 26/08/2024" in too_young.get_data(as_text=True)


def test_one_entry_per_unit_and_two_individual_competitions_per_athlete(lak, world):
    assert lak.post(entry_url(world, "doubles"), {"members": [world["an"], world["binh"]]}).status_code == 302
    second = lak.post(entry_url(world, "doubles"), {"members": [world["an"], world["binh"]]})
    assert "mỗi đơn vị được đăng ký tối đa 1 đội/cặp/VĐV, đã có 2" in second.get_data(as_text=True)
    assert lak.post(entry_url(world, "singles"), {"members": [world["an"]]}).status_code == 302
    third = lak.post(entry_url(world, "mixed"), {"members": [world["an"], world["cuc"]]})
    assert "Nguyễn Văn An: mỗi VĐV chỉ thi tối đa 2 nội dung cá nhân, đang đăng ký 3" in third.get_data(as_text=True)


def test_another_units_ids_answer_404_and_change_nothing(lak, world):
    # Another unit's person in one's own entry, edit and delete another unit's person, its pages.
    assert lak.post(entry_url(world, "doubles"), {"members": [world["an"], world["dung"]]}).status_code == 404
    assert lak.get(url(world, f"/people/{world['dung']}/edit")).status_code == 404
    assert (
        lak.post(
            url(world, f"/people/{world['dung']}/edit"), {"full_name": "X", "gender": "male", "role": "athlete"}
        ).status_code
        == 404
    )
    assert lak.post(url(world, f"/people/{world['dung']}/delete")).status_code == 404
    other = f.person(world["event"], world["bmt"], "Võ Văn Em", birth=date(1970, 1, 1))
    e = Entry(competition=world["singles"], unit=world["bmt"], team_no=1)
    db.session.add(e)
    db.session.commit()
    assert lak.post(entry_url(world, "singles", f"/entries/{e.id}/edit"), {"members": [world["an"]]}).status_code == 404
    assert lak.post(entry_url(world, "singles", f"/entries/{e.id}/delete")).status_code == 404
    assert lak.get("/units/BMT/events/hoi-thao-2024").status_code == 403
    assert (
        lak.post(
            "/units/BMT/events/hoi-thao-2024/people/new", {"full_name": "X", "gender": "male", "role": "athlete"}
        ).status_code
        == 403
    )
    db.session.expire_all()
    assert db.session.get(Person, world["dung"]).full_name == "Phạm Văn Dũng"
    assert db.session.get(Entry, e.id) is not None and other.unit_id == world["bmt"].id
    assert db.session.scalar(select(func.count()).select_from(AuditLog)) == 0


def test_changing_a_person_may_not_break_their_entries(lak, world):
    lak.post(entry_url(world, "doubles"), {"members": [world["an"], world["binh"]]})
    response = lak.post(
        url(world, f"/people/{world['an']}/edit"),
        {
            "full_name": "Nguyễn Văn An",
            "gender": "female",
            "birth_date": "01/01/1980",
            "union_card_no": "1",
            "role": "athlete",
        },
    )
    assert "nội dung dành cho nam, người này là nữ" in response.get_data(as_text=True)
    refused = lak.post(url(world, f"/people/{world['an']}/delete"), follow_redirects=True)
    assert "Hãy rút khỏi các nội dung này trước khi xoá" in refused.get_data(as_text=True)
    assert db.session.get(Person, world["an"]).gender == Gender.MALE


def test_submit_approve_return_and_edit_again(lak, world, make_client):
    lak.post(entry_url(world, "mixed"), {"members": [world["an"], world["cuc"]]})
    page = lak.post(url(world, "/submit"), follow_redirects=True).get_data(as_text=True)
    assert "Đã gửi, chờ duyệt" in page and "chỉ xem" in page
    locked = lak.post(
        url(world, "/people/new"), {"full_name": "Mới", "gender": "male", "role": "athlete", "union_card_no": "77"}
    )
    assert "Đăng ký của đơn vị đã được gửi" in locked.get_data(as_text=True)

    admin = make_client()
    admin.login("admin")
    listing = admin.get("/admin/events/hoi-thao-2024/registrations").get_data(as_text=True)
    assert "Đã gửi, chờ duyệt" in listing
    admin.post("/admin/events/hoi-thao-2024/registrations/LAK/return", {"comment": ""})
    assert registration_status(world) == "submitted"  # a return needs a reason
    admin.post("/admin/events/hoi-thao-2024/registrations/LAK/return", {"comment": "Thiếu ảnh thẻ của chị Cúc"})
    assert registration_status(world) == "returned"
    page = lak.get(url(world)).get_data(as_text=True)
    assert "Thiếu ảnh thẻ của chị Cúc" in page and "chỉ xem" not in page
    lak.post(url(world, "/submit"))
    admin.post("/admin/events/hoi-thao-2024/registrations/LAK/approve")
    assert registration_status(world) == "approved"
    actions = db.session.scalars(
        select(AuditLog.action).where(AuditLog.entity == "registration").order_by(AuditLog.id)
    ).all()
    assert actions == ["submit", "return", "submit", "approve"]
    audit_page = admin.get("/admin/events/hoi-thao-2024/audit").get_data(as_text=True)
    assert "admin duyệt đăng ký của LĐLĐ huyện Lắk" in audit_page
    assert "Trạng thái: Đã gửi, chờ duyệt → Đã duyệt" in audit_page
    assert "cb.lak gửi đăng ký của LĐLĐ huyện Lắk" in audit_page
    assert (
        "admin trả lại đăng ký của LĐLĐ huyện Lắk" in audit_page
        and "Lý do: — → Thiếu ảnh thẻ của chị Cúc" in audit_page
    )
    assert "cb.lak đăng ký nội dung Cầu lông đôi nam nữ" in audit_page


def test_the_audit_log_reads_as_sentences_and_filters_by_unit_user_kind_and_day(lak, world, make_client):
    lak.post(
        url(world, "/people/new"),
        {
            "full_name": "Hoàng Thị Mai",
            "gender": "female",
            "birth_date": "05/09/1990",
            "union_card_no": "00070001",
            "role": "athlete",
        },
    )
    mai = db.session.scalar(select(Person).where(Person.full_name == "Hoàng Thị Mai"))
    lak.post(
        url(world, f"/people/{mai.id}/edit"),
        {
            "full_name": "Hoàng Thị Mai",
            "gender": "male",
            "birth_date": "06/09/1990",
            "union_card_no": "00070001",
            "role": "coach",
        },
    )
    admin = make_client()
    admin.login("admin")
    page = admin.get("/admin/events/hoi-thao-2024/audit").get_data(as_text=True)
    assert "cb.lak thêm Hoàng Thị Mai" in page and "cb.lak sửa Hoàng Thị Mai" in page
    assert "Giới tính: Nữ → Nam" in page and "Ngày sinh: 05/09/1990 → 06/09/1990" in page
    assert "Vai trò: Vận động viên → Huấn luyện viên" in page
    assert "name_key" not in page and "search_key" not in page and "∅" not in page
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.changes.is_not(None))) >= 2
    bmt = admin.get("/admin/events/hoi-thao-2024/audit?unit=BMT").get_data(as_text=True)
    assert "Hoàng Thị Mai" not in bmt and "Chưa có thay đổi nào." in bmt
    by_kind = admin.get("/admin/events/hoi-thao-2024/audit?kind=registration").get_data(as_text=True)
    assert "Hoàng Thị Mai" not in by_kind
    cb_lak = db.session.scalar(select(f.User.id).where(f.User.username == "cb.lak"))
    assert "Hoàng Thị Mai" in admin.get(f"/admin/events/hoi-thao-2024/audit?user={cb_lak}").get_data(as_text=True)
    from services.i18n import local_today

    today = local_today().strftime("%d%m%Y")
    assert "Hoàng Thị Mai" in admin.get(f"/admin/events/hoi-thao-2024/audit?from=01/01/2020&to={today}").get_data(
        as_text=True
    )
    assert "Chưa có thay đổi nào." in admin.get("/admin/events/hoi-thao-2024/audit?to=01/01/2020").get_data(
        as_text=True
    )
    assert admin.get("/admin/events/hoi-thao-2024/audit?from=hôm-qua&user=x&kind=y").status_code == 200


def test_the_unit_is_emailed_when_its_registration_is_returned_and_when_approved(lak, world, make_client, smtp_server):
    world["lak"].email, world["lak"].contact_name = "lak@example.vn", "Y Bhăm"
    db.session.commit()
    lak.post(entry_url(world, "mixed"), {"members": [world["an"], world["cuc"]]})
    lak.post(url(world, "/submit"))
    admin = make_client()
    admin.login("admin")
    page = admin.post(
        "/admin/events/hoi-thao-2024/registrations/LAK/return",
        {"comment": "Thiếu số thẻ của chị Cúc"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Đã gửi thư báo cho đơn vị (lak@example.vn)." in page
    ((to, returned),) = smtp_server
    assert to == ["lak@example.vn"]
    import email

    body = email.message_from_string(returned).get_payload(decode=True).decode()
    assert "Kính gửi Y Bhăm (LĐLĐ huyện Lắk)" in body and "Lý do: Thiếu số thẻ của chị Cúc" in body
    lak.post(url(world, "/submit"))
    admin.post("/admin/events/hoi-thao-2024/registrations/LAK/approve")
    approved = email.message_from_string(smtp_server[1][1])
    assert "đã được duyệt" in approved.get_payload(decode=True).decode()
    admin.post("/admin/events/hoi-thao-2024/registrations/LAK/approve")  # already approved: nothing sent
    assert len(smtp_server) == 2


def registration_status(world) -> str:
    db.session.expire_all()
    return db.session.scalar(select(Registration.status).where(Registration.unit_id == world["lak"].id)).value


def test_submit_refuses_an_empty_or_broken_roster(lak, world, app):
    # An age band changed after the entry was made: submit re-checks everything.
    lak.post(entry_url(world, "doubles"), {"members": [world["an"], world["binh"]]})
    world["doubles"].max_age = 40
    db.session.commit()
    body = lak.post(url(world, "/submit"), follow_redirects=True).get_data(as_text=True)
    assert "Chưa gửi được vì còn lỗi" in body
    assert "Nguyễn Văn An – Cầu lông đôi nam: 44 tuổi vào ngày 26/08/2024" in body
    assert registration_status(world) == "draft"


def test_after_the_deadline_it_is_read_only_until_the_admin_reopens(lak, world, make_client):
    event = db.session.get(Event, world["event"].id)
    event.registration_closes_at = datetime.now(UTC) - timedelta(hours=1)
    db.session.commit()
    page = lak.get(url(world)).get_data(as_text=True)
    assert "chỉ xem" in page and "Thêm người" not in page
    body = lak.post(
        url(world, "/people/new"), {"full_name": "Mới", "gender": "male", "role": "athlete", "union_card_no": "77"}
    ).get_data(as_text=True)
    assert "Đã hết hạn đăng ký" in body
    admin = make_client()
    admin.login("admin")
    admin.get("/admin/events/hoi-thao-2024/registrations")
    admin.post("/admin/events/hoi-thao-2024/registrations/LAK/reopen")
    assert (
        lak.post(
            url(world, "/people/new"), {"full_name": "Mới", "gender": "male", "role": "athlete", "union_card_no": "77"}
        ).status_code
        == 302
    )


def test_admin_defines_a_competition_with_rules(client, world):
    client.login("admin")
    client.get("/admin/events/hoi-thao-2024/competitions/new")
    tug_of_war = {
        "sport_id": 0,
        "new_sport": "Kéo co",
        "name": "Kéo co nam nữ",
        "category": "mixed",
        "format": "team",
        "team_min": 10,
        "team_max": 10,
        "min_men": 4,
        "min_women": 7,
        "max_entries_per_unit": 1,
    }
    response = client.post("/admin/events/hoi-thao-2024/competitions/new", tug_of_war)
    assert "vượt số người tối đa mỗi đội (10)" in response.get_data(as_text=True)
    response = client.post(
        "/admin/events/hoi-thao-2024/competitions/new", tug_of_war | {"min_women": 6, "counts_for_overall": "y"}
    )
    assert response.status_code == 302
    listing = client.get("/admin/events/hoi-thao-2024/competitions").get_data(as_text=True)
    assert "Kéo co nam nữ" in listing and "10–10" in listing
    assert db.session.scalar(select(Sport.kind).where(Sport.name == "Kéo co")) == "tug_of_war"  # known by its name


def test_a_new_sport_plays_as_the_kind_the_admin_chose(client, world):
    """The kind chosen for a new sport gives its competitions their defaults (a sport's name
    is only matched whole: "Bóng chuyền bãi biển" alone would be "other")."""
    client.login("admin")
    new = "/admin/events/hoi-thao-2024/competitions/new"
    client.get(new)
    beach = {"sport_id": 0, "new_sport": "Bóng chuyền bãi biển", "name": "Bóng chuyền bãi biển nữ"}
    beach |= {"category": "women", "format": "pair", "team_min": 2, "team_max": 2, "min_men": 0, "min_women": 2}
    refused = client.post(new, beach | {"new_sport_kind": "curling"}).get_data(as_text=True)
    assert "Lựa chọn không hợp lệ." in refused
    assert db.session.scalar(select(func.count()).select_from(Sport).where(Sport.name == beach["new_sport"])) == 0
    done = client.post(new, beach | {"new_sport_kind": "volleyball"})
    assert done.status_code == 302, re.sub(r"<[^>]+>", " ", done.get_data(as_text=True))[-2000:]
    comp = db.session.scalar(select(Competition).where(Competition.name == beach["name"]))
    assert comp.sport.kind == "volleyball"
    plan = client.get(f"/results/competitions/{comp.id}/plan").get_data(as_text=True)
    assert re.search(r'<option selected value="volleyball">|<option value="volleyball" selected>', plan)


HOSTILE_PEOPLE = [
    ({"full_name": "Nguyễn\x01 Văn Hai"}, "full_name", "ký tự điều khiển"),
    ({"full_name": "Nguyễn\u202e Văn Hai"}, "full_name", "ký tự ẩn"),  # right-to-left override
    ({"full_name": "\u200b\u200b\u200b"}, "full_name", "không được để trống"),  # only zero-width spaces
    ({"full_name": "A" * 20_999}, "full_name", "tối đa 200"),
    ({"phone": "0" * 5_000}, "phone", "tối đa 40"),
    ({"phone": "090 abc"}, "phone", "chỉ gồm chữ số"),
    ({"workplace": "x" * 301}, "workplace", "tối đa 300"),
    ({"union_card_no": "12\x01"}, "union_card_no", "ký tự điều khiển"),  # a NUL is refused earlier (400)
    ({"birth_date": "01/01/0001"}, "birth_date", "không hợp lý"),
    ({"birth_date": "01/01/2999"}, "birth_date", "không hợp lý"),
    ({"birth_date": "31/12/1939"}, "birth_date", "không hợp lý"),
]


@pytest.mark.parametrize(("given", "field", "message"), HOSTILE_PEOPLE)
def test_hostile_person_fields_are_refused_naming_the_field(lak, world, given, field, message):
    before = db.session.scalar(select(func.count()).select_from(Person))
    data = {"full_name": "Hồ Văn Hai", "gender": "male", "role": "athlete", "union_card_no": "555"} | given
    response = lak.post(url(world, "/people/new"), data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Person)) == before


def test_a_future_birth_date_and_a_card_of_the_wrong_length_are_refused(lak, world):
    world["event"].union_card_digits = 8
    db.session.commit()
    tomorrow = (date.today() + timedelta(days=1)).strftime("%d/%m/%Y")
    for given, message in (
        ({"birth_date": tomorrow, "union_card_no": "12345678"}, "không hợp lý"),
        ({"union_card_no": "1234567"}, "đúng 8 chữ số"),
        ({"union_card_no": "1234567A"}, "đúng 8 chữ số"),
    ):
        data = {"full_name": "Hồ Văn Hai", "gender": "male", "role": "athlete"} | given
        body = lak.post(url(world, "/people/new"), data).get_data(as_text=True)
        assert message in body, given
    ok = {"full_name": "Hồ\u200b Văn Hai", "gender": "male", "role": "athlete", "union_card_no": "12345678"}
    assert lak.post(url(world, "/people/new"), ok).status_code == 302
    assert db.session.scalar(select(Person.full_name).where(Person.union_card_no == "12345678")) == "Hồ Văn Hai"


def test_a_name_that_grows_when_case_folded_is_saved_and_found(lak, world, make_client):
    """ "ß" folds to "ss", "ﬁ" to "fi": a name's compare keys may be longer than the name."""
    long_name = "Nguyễn " + "ßﬁ" * 96  # 199 characters; folded, 391
    data = {"full_name": long_name, "gender": "male", "role": "athlete", "union_card_no": "556"}
    assert lak.post(url(world, "/people/new"), data).status_code == 302
    assert db.session.scalar(select(Person.full_name).where(Person.union_card_no == "556")) == long_name
    admin = make_client()
    admin.login("admin")
    found = admin.get("/admin/events/hoi-thao-2024/people?q=nguyen ssfi").get_data(as_text=True)
    assert "Nguyễn ßﬁ" in found


def test_officials_are_assigned_on_the_competitions_form_and_an_unassigned_one_is_told_by_whom(
    client, world, make_client
):
    """Issue 26, item 9: a competition the admin adds gets its officials on its own form; an
    official not assigned is told, on the page and at home, who assigns officials."""
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    admin.full_name = "Ban Tuyên giáo – Nữ công"
    f.user("tt1", role=UserRole.OFFICIAL)
    db.session.commit()
    official = make_client()
    official.login("tt1")
    home = official.get("/results/").get_data(as_text=True)
    assert "Người phân công trọng tài: Ban Tuyên giáo – Nữ công (admin)" in home

    client.login("admin")
    new = "/admin/events/hoi-thao-2024/competitions/new"
    client.get(new)
    race = {"sport_id": 0, "new_sport": "Kéo co", "name": "Kéo co nữ", "category": "women", "format": "team"}
    race |= {"team_min": 8, "team_max": 10, "min_men": 0, "min_women": 8, "max_entries_per_unit": 1}
    assert client.post(new, race).status_code == 302
    comp = db.session.scalar(select(Competition).where(Competition.name == "Kéo co nữ"))
    refused = official.get(f"/results/competitions/{comp.id}")
    assert refused.status_code == 403
    assert "Bạn chưa được phân công nội dung “Kéo co nữ”" in refused.get_data(as_text=True)
    assert "Ban Tuyên giáo – Nữ công (admin)" in refused.get_data(as_text=True)

    edit = f"/admin/events/hoi-thao-2024/competitions/{comp.id}/edit"
    form = client.get(edit).get_data(as_text=True)
    assert "Trọng tài nhập và xác nhận kết quả" in form
    tt1 = db.session.scalar(select(User).where(User.username == "tt1"))
    assert client.post(edit, race | {"official_ids": [tt1.id]}).status_code == 302
    assert official.get(f"/results/competitions/{comp.id}").status_code == 200
    assert re.search(
        rf'<input checked[^>]*name="official_ids"[^>]*value="{tt1.id}"', client.get(edit).get_data(as_text=True)
    )


def test_the_entry_form_offers_only_people_the_category_admits(lak, world):
    """Issue 26, item 12: the men's doubles form offered women."""
    men = lak.get(entry_url(world, "doubles")).get_data(as_text=True)
    assert "Nguyễn Văn An" in men and "Lê Văn Bình" in men and "Trần Thị Cúc" not in men
    assert "Trần Thị Cúc" in lak.get(entry_url(world, "mixed")).get_data(as_text=True)
    sent = lak.post(entry_url(world, "doubles"), {"members": [world["an"], world["cuc"]]})  # sent anyway
    assert "nội dung dành cho nam, người này là nữ" in sent.get_data(as_text=True)


def test_a_new_persons_gender_is_chosen_not_preset(lak, world):
    """Issue 26, item 12: gender defaulted to Nam, so a woman typed in a hurry was a man."""
    page = lak.get(url(world, "/people/new")).get_data(as_text=True)
    gender = re.search(r'<select[^>]*name="gender".*?</select>', page, re.S).group(0)
    assert '<option value="">—</option>' in gender and "selected" not in gender and " required" in gender
    role = re.search(r'<select[^>]*name="role".*?</select>', page, re.S).group(0)
    assert 'selected value="athlete"' in role  # most people registered are athletes
    before = db.session.scalar(select(func.count()).select_from(Person))
    refused = lak.post(url(world, "/people/new"), {"full_name": "Hà Thị Mai", "role": "athlete", "union_card_no": "81"})
    assert refused.status_code == 200 and db.session.scalar(select(func.count()).select_from(Person)) == before
