"""The pictures of an event (issue 30): units registered over time against the deadline,
arrivals per 15 minutes at each checkpoint, medals by unit; the numbers behind each read back
from the page's SVG and from the final report's PDF, against what was made to happen."""

import json
import re
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from extensions import db
from models import Badge, CheckpointKind, Frequency, Person, Registration, RegistrationStatus
from services.badges import tokens
from services.checkin import checkpoints, devices
from services.i18n import LOCAL_TZ
from services.results import tally
from tests.support import worlds
from tests.support.pdfs import page_texts

BASE = "/admin/events/hoi-thao-2024"
LOCAL = LOCAL_TZ


def _local(day: int, hour: int, minute: int) -> datetime:
    return datetime(2024, 8, day, hour, minute, tzinfo=LOCAL)


@pytest.fixture
def event_days(client, officials):
    games = worlds.played_knockouts(officials)
    ev = games["event"]
    ev.registration_closes_at = _local(15, 17, 0).astimezone(UTC)
    regs = list(
        db.session.scalars(select(Registration).where(Registration.event_id == ev.id).order_by(Registration.id))
    )
    sent = [_local(12, 9, 0), _local(14, 10, 0), _local(14, 16, 0), _local(15, 16, 59), _local(17, 8, 0)]
    for reg, at in zip(regs, sent, strict=False):
        reg.status, reg.submitted_at = RegistrationStatus.APPROVED, at.astimezone(UTC)
    people = list(db.session.scalars(select(Person).where(Person.event_id == ev.id)))
    tokens.issue_missing(ev, [p.id for p in people])
    db.session.execute(update(Badge).values(issued_at=datetime(2024, 8, 1, tzinfo=UTC)))
    gates = {}
    for name in ("Cổng A", "Cổng B"):
        point = checkpoints.save_checkpoint(
            ev, None, checkpoints.CheckpointData(name=name, kind=CheckpointKind.GATE, frequency=Frequency.ONCE)
        )
        gates[name] = devices.create_device(point, None, name=name)[1]
    db.session.commit()
    codes = [tokens.token_for(tokens.active_badge(p)) for p in people]
    arrivals = {  # gate → the local times of its admissions
        "Cổng A": [_local(26, 7, 1), _local(26, 7, 14), _local(26, 7, 16)],
        "Cổng B": [_local(26, 7, 46), _local(27, 8, 0)],
    }
    used = iter(codes)
    for gate, times in arrivals.items():
        for at in times:
            body = {"code": next(used), "client_scan_id": str(uuid.uuid4()), "scanned_at": at.isoformat(),
                    "offline_outcome": "admitted"}  # fmt: skip
            answer = client.api("post", "/api/v1/scans", gates[gate], json=body)
            assert answer.get_json()["outcome"] == "admitted", answer.get_json()
    client.login("admin")
    return games | {"sent": sent}


def _chart(page: str, key: str) -> dict:
    figure = page[page.index(f'id="chart-{key}"') :]
    raw = re.search(r'data-chart="([^"]*)"', figure).group(1)
    return json.loads(raw.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<"))


def test_the_event_page_draws_each_picture_from_the_numbers_that_happened(client, event_days):
    page = client.get(BASE).get_data(as_text=True)
    assert page.count("<svg") >= 3 and 'aria-label="Lượt vào theo 15 phút tại các điểm quét"' in page

    registered = _chart(page, "registrations")
    labels, counts = registered["labels"], registered["series"]["Đơn vị đã gửi"]
    assert labels[0] == "12/08" and labels[-1] == "17/08"  # from the first sent to the last (after the deadline)
    assert dict(zip(labels, counts, strict=True)) == {
        "12/08": 1,
        "13/08": 1,
        "14/08": 3,
        "15/08": 4,
        "16/08": 4,
        "17/08": 5,  # fmt: skip
    }
    assert "trước hạn 3 ngày" in page and "trong ngày hạn chót" in page and "sau hạn 2 ngày" in page

    arrived = _chart(page, "arrivals")
    by_bucket = {
        label: (a, b)
        for label, a, b in zip(arrived["labels"], arrived["series"]["Cổng A"], arrived["series"]["Cổng B"], strict=True)
    }
    assert by_bucket["26/08 07:00"] == (2, 0) and by_bucket["26/08 07:15"] == (1, 0)  # 07:01, 07:14 | 07:16
    assert by_bucket["26/08 07:30"] == (0, 0)  # an empty quarter inside the day is drawn, as zero
    assert by_bucket["26/08 07:45"] == (0, 1) and by_bucket["27/08 08:00"] == (0, 1)
    assert sum(a + b for a, b in by_bucket.values()) == 5

    tallied, _entries, _comps = tally.event_tally(event_days["event"])
    medals = _chart(page, "medals")
    assert medals["labels"] == [tallied.units[t.unit_id].name for t in tallied.medal_table if t.total]
    assert medals["series"]["Vàng"] == [t.gold for t in tallied.medal_table if t.total]
    assert medals["series"]["Đồng"] == [t.bronze for t in tallied.medal_table if t.total]


def test_the_final_report_prints_the_pictures_with_their_numbers(client, event_days):
    answer = client.get(BASE + "/report.pdf")
    assert answer.status_code == 200
    text = " ".join(" ".join(page_texts(answer.data)).split())
    assert "Đơn vị gửi đăng ký theo ngày" in text and "Lượt vào theo 15 phút tại các điểm quét" in text
    assert "Từ Cổng A Cổng B Tổng 26/08 07:00 2 0 2 26/08 07:15 1 0 1 26/08 07:45 0 1 1 27/08 08:00 0 1 1" in text
    assert "15/08/2024 16:59 trong ngày hạn chót" in text and "17/08/2024 08:00 sau hạn 2 ngày" in text
    assert "Hạn chót" in text  # the deadline's line on the chart
