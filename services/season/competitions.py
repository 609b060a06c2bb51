"""Competitions of an event and their rules (data the eligibility checks read)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from models import Category, Competition, CompetitionFormat, Event, Sport
from services.errors import DomainError, RecordNotFound
from services.lookup import one_or_not_found, valid_id
from services.results import sports
from services.schedule.problem import FINAL_SESSIONS
from services.text import nfc, text_sort_key

FIXED_SIZE = {CompetitionFormat.SINGLE: 1, CompetitionFormat.PAIR: 2}


@dataclass
class CompetitionData:
    sport_id: int
    name: str
    category: Category
    format: CompetitionFormat
    min_age: int | None = None
    max_age: int | None = None
    age_reference_date: date | None = None
    team_min: int = 1
    team_max: int = 1
    min_men: int = 0
    min_women: int = 0
    max_entries_per_unit: int | None = 1
    counts_for_overall: bool = True
    match_minutes: int | None = None  # None: the sport's default (services/results/sports.py)
    rest_minutes: int | None = 30  # None (left empty): 30
    final_session: str = ""  # services/schedule/problem.FINAL_SESSIONS


def list_sports() -> list[Sport]:
    return sorted(db.session.scalars(select(Sport)), key=lambda s: text_sort_key(s.name))


def sport_named(name: str, kind: str | None = None) -> Sport:
    """The sport with this name, created if new (admins type a new sport where they need it),
    of ``kind`` (services/results/sports.KINDS) or, not given, the known sport of exactly
    that name, else "other"."""
    name = nfc(name)
    sport = db.session.scalar(select(Sport).where(Sport.name == name))
    if sport is None:
        if kind is not None and kind not in sports.KINDS:
            raise DomainError(_("Loại môn không hợp lệ."), field="new_sport_kind")
        code = "-".join(name.casefold().split())[:30]
        sport = Sport(name=name, code=code, kind=kind or sports.kind_named(name))
        db.session.add(sport)
        db.session.flush()
    return sport


def list_competitions(event: Event) -> list[Competition]:
    return list(
        db.session.scalars(select(Competition).where(Competition.event_id == event.id).order_by(Competition.id))
    )


def competition_of_event(event: Event, competition_id: int) -> Competition:
    if not valid_id(competition_id):  # ?competition=99999999999999999999: no such record, not a 500
        raise RecordNotFound()
    return one_or_not_found(Competition, Competition.id == competition_id, Competition.event_id == event.id)


def save_competition(event: Event, comp: Competition | None, data: CompetitionData) -> Competition:
    data.name = nfc(data.name)
    data.category, data.format = Category(data.category), CompetitionFormat(data.format)
    if not data.name:
        raise DomainError(_("Tên nội dung không được để trống."), field="name")
    if db.session.get(Sport, data.sport_id) is None:
        raise DomainError(_("Hãy chọn môn thi đấu."), field="sport_id")
    if data.format in FIXED_SIZE:  # singles are one person, pairs two
        data.team_min = data.team_max = FIXED_SIZE[data.format]
    if data.team_min < 1 or data.team_max < data.team_min:
        raise DomainError(_("Số người mỗi đội: tối thiểu từ 1 và không lớn hơn tối đa."), field="team_max")
    if data.min_men + data.min_women > data.team_max:
        raise DomainError(
            _(
                "Số nam tối thiểu cộng số nữ tối thiểu (%(n)d) vượt số người tối đa mỗi đội (%(m)d).",
                n=data.min_men + data.min_women,
                m=data.team_max,
            ),
            field="min_women",
        )
    if data.category == Category.MEN and data.min_women or data.category == Category.WOMEN and data.min_men:
        raise DomainError(_("Nội dung dành riêng cho một giới không thể yêu cầu người giới kia."), field="category")
    if data.min_age is not None and data.max_age is not None and data.min_age > data.max_age:
        raise DomainError(_("Tuổi tối thiểu phải nhỏ hơn hoặc bằng tuổi tối đa."), field="max_age")
    if data.max_entries_per_unit is not None and data.max_entries_per_unit < 1:
        raise DomainError(
            _("Số đội/cặp tối đa mỗi đơn vị phải từ 1 trở lên (để trống nếu không giới hạn)."),
            field="max_entries_per_unit",
        )
    if data.match_minutes is not None and not 5 <= data.match_minutes <= 600:
        raise DomainError(
            _("Thời lượng một trận từ 5 đến 600 phút (để trống: mặc định của môn)."), field="match_minutes"
        )
    if data.rest_minutes is None:
        data.rest_minutes = 30
    if not 0 <= data.rest_minutes <= 600:
        raise DomainError(_("Thời gian nghỉ giữa hai trận từ 0 đến 600 phút."), field="rest_minutes")
    if data.final_session not in FINAL_SESSIONS:
        raise DomainError(_("Buổi thi chung kết không hợp lệ."), field="final_session")
    clash = db.session.scalar(
        select(Competition).where(Competition.event_id == event.id, Competition.name == data.name)
    )
    if clash is not None and clash is not comp:
        raise DomainError(_("Sự kiện đã có nội dung “%(n)s”.", n=data.name), field="name")
    if comp is None:
        comp = Competition(event=event)
        db.session.add(comp)
    for name, value in vars(data).items():
        setattr(comp, name, value)
    db.session.flush()
    return comp
