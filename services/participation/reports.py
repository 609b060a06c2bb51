"""Reports as plain tables (title, headers, rows), so the PDF and the Excel file say the same:
the call list of missing units, the season matrix, and an event's final report (báo cáo tổng kết)."""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import func, select

from extensions import db
from models import CheckIn, Checkpoint, CheckpointKind, Event, EventKind, Person, Season
from printables.reports import Section
from services.checkin import attendance
from services.participation import charts
from services.participation import rules as participation
from services.participation.rules import State
from services.results import board
from services.text import text_sort_key


def state_label(state: State) -> str:
    return str(participation.LABELS[state])


def summary(part: participation.EventParticipation) -> str:
    """The one sentence every page and report gives: registered (approved) and present over
    the counting units, then the count in every state."""
    head = _(
        "%(r)d/%(n)d đơn vị đã được duyệt đăng ký (%(rp)d%%), %(p)d/%(n)d đơn vị có mặt (%(pp)d%%).",
        r=part.registered,
        n=len(part.counting),
        rp=part.registered_percent,
        p=part.present,
        pp=part.present_percent,
    )
    states = "; ".join(f"{state_label(state)}: {n}" for state, n in part.by_state.items())
    return f"{head} {states}."


def taking_part(part: participation.EventParticipation) -> str:
    """The announcement's line (Vietnamese: a paper of the federation): units present over the
    counting units, then approved over counting, from the same model as every page."""
    return (
        f"Có {part.present}/{len(part.counting)} đơn vị tham gia, đạt {part.present_percent}% số đơn vị "
        f"({part.registered}/{len(part.counting)} đơn vị được duyệt đăng ký)."
    )


def call_list(part: participation.EventParticipation) -> list[Section]:
    """The units that have something to do (register, fix a returned registration, come)."""
    rows = [
        [
            line.unit.code,
            line.unit.name,
            state_label(line.state),
            line.unit.contact_name,
            line.unit.phone,
            line.unit.email,
            participation.reminder(part.event, line),
        ]
        for line in part.to_remind
    ]
    headers = [_("Mã"), _("Đơn vị"), _("Tình trạng"), _("Người liên hệ"), _("Điện thoại"), _("Email"), _("Lời nhắn")]
    return [Section(_("Đơn vị cần liên hệ"), headers, rows, summary(part))]


def _participation_rows(lines: list[participation.UnitParticipation]) -> list[list]:
    return [
        [
            line.unit.code,
            line.unit.name,
            state_label(line.state),
            line.competitions,
            line.people + line.head_count,
            line.present,
        ]
        for line in lines
    ]


def participation_sections(part: participation.EventParticipation) -> list[Section]:
    headers = [_("Mã"), _("Đơn vị"), _("Tình trạng"), _("Nội dung"), _("Người đăng ký"), _("Có mặt")]
    return [
        Section(_("Đơn vị tính vào chỉ tiêu 100%"), headers, _participation_rows(part.counting), summary(part)),
        Section(
            _("Đơn vị không tính vào chỉ tiêu (CĐCS trực thuộc)"),
            headers,
            _participation_rows(part.others),
        ),
    ]


def season_sections(season: Season) -> list[Section]:
    matrix = participation.season_matrix(season)
    headers = [_("Mã"), _("Đơn vị"), *[e.name for e in matrix.events]]
    rows = [[unit.code, unit.name, *[state_label(c.state) for c in cells]] for unit, cells in matrix.rows]
    totals = "; ".join(f"{e.name}: {summary(t)}" for e, t in zip(matrix.events, matrix.totals, strict=True))
    return [Section(_("Tham gia theo đơn vị và sự kiện – %(s)s", s=season.name), headers, rows, totals)]


def booth_sections(event: Event) -> list[Section]:
    """Workers served per booth and per unit (a booth admits each person once)."""
    booths = list(
        db.session.scalars(
            select(Checkpoint).where(Checkpoint.event_id == event.id, Checkpoint.kind == CheckpointKind.BOOTH)
        )
    )
    if not booths:
        return []
    served: dict[int, dict[int, int]] = defaultdict(dict)
    units = {}
    for cp_id, unit_id, n in db.session.execute(
        select(CheckIn.checkpoint_id, Person.unit_id, func.count(func.distinct(CheckIn.person_id)))
        .join(Person, Person.id == CheckIn.person_id)
        .where(CheckIn.checkpoint_id.in_([b.id for b in booths]))
        .group_by(CheckIn.checkpoint_id, Person.unit_id)
    ):
        served[cp_id][unit_id] = n
        units[unit_id] = None
    part = participation.event_participation(event)
    by_id = {line.unit.id: line.unit for line in part.counting + part.others}
    booths.sort(key=lambda b: text_sort_key(b.name))
    headers = [_("Đơn vị"), *[b.name for b in booths], _("Tổng")]
    rows = []
    for unit_id in sorted(units, key=lambda u: text_sort_key(by_id[u].name)):
        counts = [served[b.id].get(unit_id, 0) for b in booths]
        rows.append([by_id[unit_id].name, *counts, sum(counts)])
    totals = [sum(served[b.id].values()) for b in booths]
    rows.append([_("Tổng"), *totals, sum(totals)])
    return [Section(_("Người lao động được phục vụ tại các gian"), headers, rows)]


def final_report(event: Event) -> list[Section]:
    """Báo cáo tổng kết: participation, people by unit and gender, check-ins, medals or booths."""
    part = participation.event_participation(event)
    sections = participation_sections(part)
    for block in (charts.registrations(event, part), charts.arrivals(event)):
        block.numbers.chart = block.chart
        sections.append(block.numbers)
    lines = [line for line in part.counting + part.others if line.people or line.head_count]
    sections.append(
        Section(
            _("Người đăng ký theo đơn vị và giới tính"),
            [_("Đơn vị"), _("Nam"), _("Nữ"), _("Số người thêm của đoàn"), _("Tổng")],
            [
                [
                    line.unit.name,
                    line.by_gender.get("male", 0),
                    line.by_gender.get("female", 0),
                    line.head_count,
                    line.people + line.head_count,
                ]
                for line in lines
            ]
            + [
                [
                    _("Tổng"),
                    sum(x.by_gender.get("male", 0) for x in lines),
                    sum(x.by_gender.get("female", 0) for x in lines),
                    sum(x.head_count for x in lines),
                    sum(x.people + x.head_count for x in lines),
                ]
            ],
        )
    )
    seen = attendance.attendance(event)
    sections.append(
        Section(
            _("Quét thẻ tại các điểm"),
            [_("Điểm quét"), _("Số người vào"), _("Lượt quét"), _("Bị từ chối")],
            [[c.checkpoint.name, c.people, c.scans, c.refused] for c in seen.checkpoints],
            _("%(a)d/%(r)d người đăng ký đã có mặt.", a=seen.arrived, r=seen.registered),
        )
    )
    if event.kind == EventKind.GAMES:
        view = board.event_results(event)
        sections.append(
            Section(
                _("Bảng tổng sắp huy chương"),
                ["#", _("Đơn vị"), _("Vàng"), _("Bạc"), _("Đồng"), _("Tổng")],
                [[t.rank, view.units[t.unit_id].name, t.gold, t.silver, t.bronze, t.total] for t in view.medal_table],
                chart=charts.medals_of(view.units, view.medal_table).chart,
            )
        )
        sections.append(
            Section(
                _("Xếp hạng toàn đoàn"),
                ["#", _("Đơn vị"), _("Điểm"), _("Vàng"), _("Bạc"), _("Đồng")],
                [[t.rank, view.units[t.unit_id].name, t.points, t.gold, t.silver, t.bronze] for t in view.overall],
            )
        )
    sections += booth_sections(event)
    return sections
