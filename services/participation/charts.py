"""The pictures of an event, each with the numbers behind it (a ``Section``: the PDF prints it
under the chart, the page under the SVG, the test reads it): units registered over time
against the deadline, arrivals per 15 minutes at each checkpoint, medals by unit. One place
for what each counts: registered = a counting unit's registration sent (its time of
sending), arrived = an admission at a checkpoint (services/checkin), medals = the tally's."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from models import CheckIn, Checkpoint, Event, EventKind
from printables.charts import MEDALS, Chart
from printables.reports import Section
from services.i18n import format_datetime, to_local
from services.participation import rules as participation
from services.results import tally
from services.text import text_sort_key

BUCKET = timedelta(minutes=15)
MAX_DAYS = 120  # a registration period drawn day by day; longer ones start 120 days before the deadline


@dataclass
class ChartBlock:
    key: str  # "registrations", "arrivals", "medals"
    title: str
    chart: Chart
    numbers: Section


def _day(value: date) -> str:
    return value.strftime("%d/%m")


def registrations(event: Event, part: participation.EventParticipation | None = None) -> ChartBlock:
    """Counting units with their registration sent, day by day, the deadline marked; the
    numbers: each unit's time of sending against the deadline."""
    part = part or participation.event_participation(event)
    deadline = to_local(event.registration_closes_at).date() if event.registration_closes_at else None
    sent = {line.unit.id: to_local(line.registration.submitted_at) for line in part.counting
            if line.registration is not None and line.registration.submitted_at is not None}  # fmt: skip
    days = [d.date() for d in sent.values()] + ([deadline] if deadline else [])
    series: list[float] = []
    labels: list[str] = []
    marker = None
    if days:
        last = max(days)
        first = max(min(days), last - timedelta(days=MAX_DAYS))
        by_day = Counter(max(d.date(), first) for d in sent.values())
        total, day = 0, first
        while day <= last:
            total += by_day.get(day, 0)
            labels.append(_day(day))
            series.append(total)
            if day == deadline:
                marker = (len(labels) - 1, _("Hạn chót"))
            day += timedelta(days=1)

    def order(line):
        at = sent.get(line.unit.id)
        return (at is None, at.timestamp() if at else 0.0, text_sort_key(line.unit.name))

    rows = [
        [line.unit.name, *_sent_against(sent.get(line.unit.id), deadline)] for line in sorted(part.counting, key=order)
    ]
    title = _("Đơn vị gửi đăng ký theo ngày")
    chart = Chart("steps", labels, [(_("Đơn vị đã gửi"), series)], marker=marker)
    numbers = Section(title, [_("Đơn vị"), _("Gửi lúc"), _("So với hạn chót")], rows,
                      note=_("%(s)d/%(n)d đơn vị (tính 100%%) đã gửi đăng ký.", s=len(sent), n=len(part.counting)))  # fmt: skip
    return ChartBlock("registrations", title, chart, numbers)


def _sent_against(at: datetime | None, deadline: date | None) -> list[str]:
    """[when it was sent, how that stands against the deadline]."""
    if at is None:
        return ["", _("chưa gửi")]
    if deadline is None:
        return [format_datetime(at), ""]
    gap = (deadline - at.date()).days
    if gap > 0:
        return [format_datetime(at), _("trước hạn %(n)d ngày", n=gap)]
    return [format_datetime(at), _("trong ngày hạn chót") if gap == 0 else _("sau hạn %(n)d ngày", n=-gap)]


def _bucket(at: datetime) -> datetime:
    local = to_local(at)
    return local.replace(minute=local.minute - local.minute % 15, second=0, microsecond=0)


def arrivals(event: Event) -> ChartBlock:
    """Admissions per 15 minutes at each checkpoint (local time), over the spans that had any."""
    counts: dict[tuple[int, str], Counter] = defaultdict(Counter)  # (checkpoint id, name) → bucket → admissions
    for checkpoint_id, name, at in db.session.execute(
        select(CheckIn.checkpoint_id, Checkpoint.name, CheckIn.at)
        .join(Checkpoint)
        .where(Checkpoint.event_id == event.id)
    ):
        counts[(checkpoint_id, name)][_bucket(at)] += 1
    used = sorted(counts)  # the checkpoints with admissions, in the order they were made
    buckets: list[datetime] = []
    for day in sorted({b.date() for c in counts.values() for b in c}):
        times = [b for c in counts.values() for b in c if b.date() == day]
        b = min(times)
        while b <= max(times):
            buckets.append(b)
            b += BUCKET
    several_days = len({b.date() for b in buckets}) > 1
    labels = [b.strftime("%d/%m %H:%M" if several_days else "%H:%M") for b in buckets]
    series = [(name, [float(counts[(i, name)].get(b, 0)) for b in buckets]) for i, name in used]
    rows = [
        [label, *(counts[key].get(b, 0) for key in used), sum(counts[key].get(b, 0) for key in used)]
        for label, b in zip(labels, buckets, strict=True)
        if any(counts[key].get(b, 0) for key in used)
    ]
    title = _("Lượt vào theo 15 phút tại các điểm quét")
    numbers = Section(title, [_("Từ"), *(name for _i, name in used), _("Tổng")], rows, empty=_("Chưa có lượt vào nào."))
    return ChartBlock("arrivals", title, Chart("bars", labels, series), numbers)


def medals(event: Event) -> ChartBlock:
    """Gold, silver and bronze by unit, in the medal table's order."""
    tallied, _entries, _comps = tally.event_tally(event)
    return medals_of(tallied.units, tallied.medal_table)


def medals_of(units: dict, medal_table: list) -> ChartBlock:
    """``medals`` from a medal table already worked out (the final report's)."""
    table = [t for t in medal_table if t.total]
    names = [units[t.unit_id].name for t in table]
    series = [(_("Vàng"), [float(t.gold) for t in table]), (_("Bạc"), [float(t.silver) for t in table]),
              (_("Đồng"), [float(t.bronze) for t in table])]  # fmt: skip
    title = _("Huy chương theo đơn vị")
    numbers = Section(
        title,
        ["#", _("Đơn vị"), _("Vàng"), _("Bạc"), _("Đồng"), _("Tổng")],
        [[t.rank, name, t.gold, t.silver, t.bronze, t.total] for t, name in zip(table, names, strict=True)],
        empty=_("Chưa có huy chương nào."),
    )
    return ChartBlock("medals", title, Chart("stacked", names, series, colours=MEDALS), numbers)


def event_charts(event: Event, part: participation.EventParticipation | None = None) -> list[ChartBlock]:
    blocks = [registrations(event, part), arrivals(event)]
    return blocks + ([medals(event)] if event.kind == EventKind.GAMES else [])
