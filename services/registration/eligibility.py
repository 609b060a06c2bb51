"""Every registration rule, one function each; rules are data on the event and competition.

Each function takes plain objects (a Person-like, a Competition, an Event, counts) and
returns a list of messages in the user's language (Vietnamese by default) that name the
person, the competition and the rule; an empty list means the rule holds. Nothing here
reads the database: services/registration.py gathers what a rule needs and calls these.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from flask_babel import gettext as _

from models import Category, CompetitionFormat, Gender, RegistrationStatus
from services.i18n import format_date, format_datetime
from services.labels import label


def age_on(birth_date: date, on: date) -> int:
    """Completed years on ``on``: a person is 40 from their 40th birthday itself."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def check_category(person, competition) -> list[str]:
    """Men's competitions take men, women's take women; mixed takes both."""
    wanted = {Category.MEN: Gender.MALE, Category.WOMEN: Gender.FEMALE}.get(competition.category)
    if wanted is None or person.gender == wanted:
        return []
    return [
        _(
            "%(person)s – %(comp)s: nội dung dành cho %(cat)s, người này là %(gender)s.",
            person=person.full_name,
            comp=competition.name,
            cat=label(competition.category).lower(),
            gender=label(person.gender).lower(),
        )
    ]


def check_age(person, competition) -> list[str]:
    """Age on the competition's reference date must lie within [min_age, max_age]."""
    if competition.min_age is None and competition.max_age is None:
        return []
    if person.birth_date is None:
        return [
            _(
                "%(person)s – %(comp)s: nội dung có giới hạn tuổi, cần ngày sinh.",
                person=person.full_name,
                comp=competition.name,
            )
        ]
    ref = competition.reference_date
    age = age_on(person.birth_date, ref)
    too_young = competition.min_age is not None and age < competition.min_age
    too_old = competition.max_age is not None and age > competition.max_age
    if not (too_young or too_old):
        return []
    if competition.min_age is not None and competition.max_age is not None:
        band = _("từ %(a)d đến %(b)d tuổi", a=competition.min_age, b=competition.max_age)
    elif competition.min_age is not None:
        band = _("từ %(a)d tuổi trở lên", a=competition.min_age)
    else:
        band = _("không quá %(b)d tuổi", b=competition.max_age)
    return [
        _(
            "%(person)s – %(comp)s: %(age)d tuổi vào ngày %(day)s, nội dung chỉ dành cho người %(band)s.",
            person=person.full_name,
            comp=competition.name,
            age=age,
            day=format_date(ref),
            band=band,
        )
    ]


def check_team_size(competition, members: list, team_name: str) -> list[str]:
    n = len(members)
    if competition.team_min <= n <= competition.team_max:
        return []
    if competition.team_min == competition.team_max:
        need = _("đúng %(n)d người", n=competition.team_min)
    else:
        need = _("từ %(a)d đến %(b)d người", a=competition.team_min, b=competition.team_max)
    return [
        _(
            "%(team)s – %(comp)s: có %(n)d người, nội dung cần %(need)s.",
            team=team_name,
            comp=competition.name,
            n=n,
            need=need,
        )
    ]


def check_gender_makeup(competition, members: list, team_name: str) -> list[str]:
    men = sum(1 for m in members if m.gender == Gender.MALE)
    women = len(members) - men
    problems = []
    if men < competition.min_men:
        problems.append(
            _(
                "%(team)s – %(comp)s: cần ít nhất %(need)d nam, mới có %(n)d.",
                team=team_name,
                comp=competition.name,
                need=competition.min_men,
                n=men,
            )
        )
    if women < competition.min_women:
        problems.append(
            _(
                "%(team)s – %(comp)s: cần ít nhất %(need)d nữ, mới có %(n)d.",
                team=team_name,
                comp=competition.name,
                need=competition.min_women,
                n=women,
            )
        )
    return problems


def check_entries_per_unit(competition, unit_name: str, entries: int) -> list[str]:
    """``entries``: how many entries the unit would have in the competition."""
    limit = competition.max_entries_per_unit
    if limit is None or entries <= limit:
        return []
    return [
        _(
            "%(unit)s – %(comp)s: mỗi đơn vị được đăng ký tối đa %(limit)d đội/cặp/VĐV, đã có %(n)d.",
            unit=unit_name,
            comp=competition.name,
            limit=limit,
            n=entries,
        )
    ]


def counts_toward_individual_limit(event, competition) -> bool:
    return competition.format != CompetitionFormat.TEAM or event.team_competitions_count


def check_competitions_per_athlete(event, person, competitions: Iterable) -> list[str]:
    """``competitions``: every competition of the event the person would be entered in."""
    limit = event.max_individual_per_athlete
    if limit is None:
        return []
    counted = sorted(c.name for c in competitions if counts_toward_individual_limit(event, c))
    if len(counted) <= limit:
        return []
    return [
        _(
            "%(person)s: mỗi VĐV chỉ thi tối đa %(limit)d nội dung cá nhân, đang đăng ký %(n)d (%(list)s).",
            person=person.full_name,
            limit=limit,
            n=len(counted),
            list=", ".join(counted),
        )
    ]


def same_person(a, b) -> bool:
    """Same union card number, or same name (NFC, case-folded) and birth date."""
    if a.union_card_no and a.union_card_no == b.union_card_no:
        return True
    return bool(a.birth_date) and a.name_key == b.name_key and a.birth_date == b.birth_date


def check_same_person(person, unit_id: int, others: Iterable, unit_names: dict[int, str]) -> list[str]:
    """``others``: people already registered for the event (any unit), not ``person`` itself."""
    problems = []
    for other in others:
        if not same_person(person, other):
            continue
        how = (
            _("cùng số thẻ đoàn viên %(card)s", card=person.union_card_no)
            if person.union_card_no and person.union_card_no == other.union_card_no
            else _("cùng họ tên và ngày sinh %(d)s", d=format_date(person.birth_date))
        )
        if other.unit_id == unit_id:
            problems.append(
                _("%(person)s: đã có trong danh sách của đơn vị (%(how)s).", person=person.full_name, how=how)
            )
        else:
            problems.append(
                _(
                    "%(person)s: đã được %(unit)s đăng ký cho sự kiện này (%(how)s); một người không thi đấu cho hai đơn vị.",
                    person=person.full_name,
                    unit=unit_names.get(other.unit_id, "?"),
                    how=how,
                )
            )
    return problems


def check_union_card(event, person) -> list[str]:
    if not event.union_card_required or person.union_card_no:
        return []
    return [_("%(person)s: sự kiện yêu cầu số thẻ đoàn viên.", person=person.full_name)]


def closes_at(event, registration) -> datetime | None:
    """When this unit's registration closes: the event's deadline, or, once the federation
    reopened it, the moment it chose (None: no deadline, or reopened without an end). The
    unit's page, the submit rules, the call list, reminders and emails all read this."""
    if registration is not None and registration.reopened:
        return registration.reopened_until
    return event.registration_closes_at


def check_registration_open(event, registration, now: datetime) -> list[str]:
    """The unit may change its registration: inside the window (or reopened), and not sent."""
    if registration is not None and registration.status in (RegistrationStatus.SUBMITTED, RegistrationStatus.APPROVED):
        return [
            _(
                "Đăng ký của đơn vị đã được gửi (%(status)s); chỉ sửa được khi Ban Tổ chức trả lại.",
                status=label(registration.status).lower(),
            )
        ]
    if event.review_pending:
        return [_("Sự kiện đang được Ban Tổ chức chuẩn bị (chép từ mùa trước, chưa mở đăng ký).")]
    if event.registration_opens_at and now < event.registration_opens_at:
        return [_("Chưa đến thời gian đăng ký: mở lúc %(t)s.", t=format_datetime(event.registration_opens_at))]
    closes = closes_at(event, registration)
    if closes and now > closes:
        return [_("Đã hết hạn đăng ký (%(t)s). Liên hệ Ban Tổ chức nếu cần mở lại.", t=format_datetime(closes))]
    return []
