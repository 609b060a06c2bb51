"""Each registration rule on its own, boundaries included (services/registration/eligibility.py)."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace as NS

import pytest

from models import Category, CompetitionFormat, Gender, RegistrationStatus
from services.registration import eligibility as rules
from services.text import name_key


def person(name="Nguyễn Văn An", gender=Gender.MALE, birth=date(1984, 8, 26), card="00012345", unit_id=1):
    return NS(
        full_name=name, name_key=name_key(name), gender=gender, birth_date=birth, union_card_no=card, unit_id=unit_id
    )


def comp(name="Cầu lông đơn nam từ 40 tuổi", category=Category.MEN, fmt=CompetitionFormat.SINGLE, **kw):
    values = {
        "min_age": None,
        "max_age": None,
        "reference_date": date(2024, 8, 26),
        "team_min": 1,
        "team_max": 1,
        "min_men": 0,
        "min_women": 0,
        "max_entries_per_unit": None,
    }
    return NS(name=name, category=category, format=fmt, **(values | kw))


@pytest.fixture(autouse=True)
def _ctx(bare_app):
    with bare_app.app_context():  # messages are translated (Vietnamese): no database needed
        yield


def test_age_counts_completed_years_on_the_reference_day():
    assert rules.age_on(date(1984, 8, 26), date(2024, 8, 26)) == 40  # birthday itself
    assert rules.age_on(date(1984, 8, 27), date(2024, 8, 26)) == 39  # one day short
    assert rules.age_on(date(2000, 2, 29), date(2024, 2, 28)) == 23


@pytest.mark.parametrize(("birth", "ok"), [(date(1984, 8, 26), True), (date(1984, 8, 27), False)])
def test_minimum_age_boundary(birth, ok):
    problems = rules.check_age(person(birth=birth), comp(min_age=40))
    assert (problems == []) is ok
    if not ok:
        assert problems == [
            "Nguyễn Văn An – Cầu lông đơn nam từ 40 tuổi: 39 tuổi vào ngày 26/08/2024, "
            "nội dung chỉ dành cho người từ 40 tuổi trở lên."
        ]


@pytest.mark.parametrize(("birth", "ok"), [(date(1984, 8, 27), True), (date(1984, 8, 26), False)])
def test_maximum_age_boundary(birth, ok):
    c = comp(name="Cầu lông đơn nam dưới 40 tuổi", min_age=18, max_age=39)
    problems = rules.check_age(person(birth=birth), c)
    assert (problems == []) is ok
    if not ok:
        assert "40 tuổi vào ngày 26/08/2024" in problems[0] and "từ 18 đến 39 tuổi" in problems[0]


def test_age_band_needs_a_birth_date():
    assert "cần ngày sinh" in rules.check_age(person(birth=None), comp(min_age=40))[0]
    assert rules.check_age(person(birth=None), comp()) == []


def test_category_against_gender():
    woman = person("Trần Thị Bình", Gender.FEMALE)
    assert rules.check_category(person(), comp()) == []
    assert rules.check_category(woman, comp()) == [
        "Trần Thị Bình – Cầu lông đơn nam từ 40 tuổi: nội dung dành cho nam, người này là nữ."
    ]
    assert rules.check_category(woman, comp(category=Category.MIXED)) == []


def test_team_size_bounds():
    c = comp(name="Bóng chuyền hơi nam", fmt=CompetitionFormat.TEAM, team_min=6, team_max=10)
    team = [person(f"VĐV {i}") for i in range(6)]
    assert rules.check_team_size(c, team, "Đội 1") == []
    assert rules.check_team_size(c, team * 2, "Đội 1") == [
        "Đội 1 – Bóng chuyền hơi nam: có 12 người, nội dung cần từ 6 đến 10 người."
    ]
    assert "có 5 người" in rules.check_team_size(c, team[:5], "Đội 1")[0]
    pair = comp(fmt=CompetitionFormat.PAIR, team_min=2, team_max=2)
    assert "cần đúng 2 người" in rules.check_team_size(pair, team[:1], "A")[0]


def test_gender_make_up_of_a_tug_of_war_team():
    c = comp(
        name="Kéo co",
        category=Category.MIXED,
        fmt=CompetitionFormat.TEAM,
        team_min=10,
        team_max=10,
        min_men=4,
        min_women=6,
    )
    men = [person(f"Nam {i}") for i in range(4)]
    women = [person(f"Nữ {i}", Gender.FEMALE) for i in range(6)]
    assert rules.check_gender_makeup(c, men + women, "Đội 1") == []
    problems = rules.check_gender_makeup(c, men + [men[0]] + women[:5], "Đội 1")
    assert problems == ["Đội 1 – Kéo co: cần ít nhất 6 nữ, mới có 5."]


def test_entries_per_unit():
    c = comp(max_entries_per_unit=2)
    assert rules.check_entries_per_unit(c, "LĐLĐ huyện Lắk", 2) == []
    assert rules.check_entries_per_unit(c, "LĐLĐ huyện Lắk", 3) == [
        "LĐLĐ huyện Lắk – Cầu lông đơn nam từ 40 tuổi: mỗi đơn vị được đăng ký tối đa 2 đội/cặp/VĐV, đã có 3."
    ]
    assert rules.check_entries_per_unit(comp(max_entries_per_unit=None), "X", 99) == []


def test_competitions_per_athlete_leaves_team_events_out_unless_configured():
    event = NS(max_individual_per_athlete=2, team_competitions_count=False)
    singles = [comp(name=f"Đơn {i}") for i in range(2)]
    team = comp(name="Bóng chuyền", fmt=CompetitionFormat.TEAM)
    assert rules.check_competitions_per_athlete(event, person(), singles + [team]) == []
    third = comp(name="Đôi", fmt=CompetitionFormat.PAIR)
    problems = rules.check_competitions_per_athlete(event, person(), singles + [third])
    assert problems == ["Nguyễn Văn An: mỗi VĐV chỉ thi tối đa 2 nội dung cá nhân, đang đăng ký 3 (Đôi, Đơn 0, Đơn 1)."]
    event.team_competitions_count = True
    assert rules.check_competitions_per_athlete(event, person(), singles + [team]) != []
    event.max_individual_per_athlete = None
    assert rules.check_competitions_per_athlete(event, person(), singles * 5) == []


def test_same_person_by_card_or_by_name_and_birth_date_across_units():
    names = {1: "LĐLĐ huyện Lắk", 2: "LĐLĐ thành phố Buôn Ma Thuột"}
    me = person()
    same_card = person("Người Khác", card="00012345", unit_id=2)
    assert rules.check_same_person(me, 1, [same_card], names) == [
        "Nguyễn Văn An: đã được LĐLĐ thành phố Buôn Ma Thuột đăng ký cho sự kiện này (cùng số thẻ đoàn viên "
        "00012345); một người không thi đấu cho hai đơn vị."
    ]
    decomposed = person("Nguyê\u0303n  văn AN", card="999", unit_id=1)  # other spelling, same unit
    problem = rules.check_same_person(me, 1, [decomposed], names)
    assert problem == ["Nguyễn Văn An: đã có trong danh sách của đơn vị (cùng họ tên và ngày sinh 26/08/1984)."]
    assert rules.check_same_person(me, 1, [person(birth=date(1984, 8, 27), card="1", unit_id=2)], names) == []


def test_union_card_required_by_the_event():
    assert rules.check_union_card(NS(union_card_required=True), person(card="")) == [
        "Nguyễn Văn An: sự kiện yêu cầu số thẻ đoàn viên."
    ]
    assert rules.check_union_card(NS(union_card_required=False), person(card="")) == []


def test_registration_window_status_and_reopening():
    now = datetime(2024, 8, 15, 10, 0, tzinfo=UTC)
    event = NS(registration_opens_at=now - timedelta(days=30), registration_closes_at=now, review_pending=False)
    draft = NS(status=RegistrationStatus.DRAFT, reopened=False)
    assert rules.check_registration_open(event, draft, now) == []  # the closing minute itself is still open
    late = now + timedelta(seconds=1)
    assert rules.check_registration_open(event, draft, late) == [
        "Đã hết hạn đăng ký (15/08/2024 17:00). Liên hệ Ban Tổ chức nếu cần mở lại."
    ]
    reopened = NS(status=RegistrationStatus.RETURNED, reopened=True, reopened_until=None)
    assert rules.check_registration_open(event, reopened, late) == []  # reopened without an end
    until = NS(status=RegistrationStatus.RETURNED, reopened=True, reopened_until=late + timedelta(days=2))
    assert rules.check_registration_open(event, until, late + timedelta(days=2)) == []
    assert rules.check_registration_open(event, until, late + timedelta(days=2, seconds=1)) == [
        "Đã hết hạn đăng ký (17/08/2024 17:00). Liên hệ Ban Tổ chức nếu cần mở lại."
    ]
    early = event.registration_opens_at - timedelta(seconds=1)
    assert "Chưa đến thời gian đăng ký" in rules.check_registration_open(event, draft, early)[0]
    sent = NS(status=RegistrationStatus.SUBMITTED, reopened=True, reopened_until=None)
    assert "đã được gửi" in rules.check_registration_open(event, sent, now)[0]
    event.review_pending = True  # copied from last season, not yet opened: closed inside its window too
    assert "chưa mở đăng ký" in rules.check_registration_open(event, draft, now)[0]
