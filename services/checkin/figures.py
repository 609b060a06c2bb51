"""A checkpoint's figures: people admitted, admissions today, scans by outcome."""

from __future__ import annotations

from sqlalchemy import func, select

from extensions import db
from models import CheckIn, Checkpoint, Frequency, Scan, utcnow
from services.i18n import to_local


def checkpoint_json(checkpoint) -> dict:
    return {
        "id": checkpoint.id,
        "name": checkpoint.name,
        "kind": checkpoint.kind.value,
        "frequency": checkpoint.frequency.value,
    }


def checkpoint_status(checkpoint: Checkpoint) -> dict:
    today = to_local(utcnow()).date().isoformat()
    admitted = db.session.scalar(
        select(func.count(func.distinct(CheckIn.person_id))).where(CheckIn.checkpoint_id == checkpoint.id)
    )
    rows = dict(
        db.session.execute(
            select(Scan.outcome, func.count()).where(Scan.checkpoint_id == checkpoint.id).group_by(Scan.outcome)
        ).all()
    )
    today_count = (
        db.session.scalar(
            select(func.count())
            .select_from(CheckIn)
            .where(CheckIn.checkpoint_id == checkpoint.id, CheckIn.slot == today)
        )
        if checkpoint.frequency == Frequency.DAILY
        else None
    )
    return {
        "checkpoint": checkpoint_json(checkpoint),
        "people_admitted": admitted,
        "admitted_today": today_count,
        "scans": sum(rows.values()),
        "outcomes": rows,
    }
