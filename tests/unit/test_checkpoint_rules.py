"""A checkpoint's rules are declared once (services/checkin/rules.RuleSet): every rule reaches
the model, the admin's form, the scan API's query and the offline list's key, so that a
phone holding an old list refreshes whenever any rule changes."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect
from wtforms.fields.core import UnboundField

from blueprints.admin.forms import CheckpointForm
from models import Checkpoint
from services.checkin import devices, offline
from services.checkin.checkpoints import CheckpointData
from services.checkin.rules import RULES, CheckpointRules, kept

BASE = CheckpointRules(id=1, event_id=1, event_name="Hội thao", name="Cổng A", kind="gate", frequency="once")


def other_value(key: str):
    """A value of rule ``key`` other than BASE's."""
    rule, now = RULES[key], getattr(BASE, key)
    if rule.input in ("choice", "choices"):
        member = next(m for m in rule.choices if m.value != now)
        return member if rule.input == "choice" else [member.value]
    return {"ids": [7], "moment": datetime(2024, 8, 26, 0, 30, tzinfo=UTC), "flag": not now}[rule.input]


def key_of(rules: CheckpointRules) -> str:
    return offline._rules_key(rules, {}, "vi")


@pytest.mark.parametrize("key", list(RULES))
def test_a_change_of_any_rule_changes_the_offline_key(key):
    assert key_of(dataclasses.replace(BASE, **{key: other_value(key)})) != key_of(BASE)


def test_the_key_is_the_same_for_the_same_rules():
    same = dataclasses.replace(BASE, allowed_unit_ids=[3, 1], kind=kept(RULES["kind"], "gate"))
    assert key_of(dataclasses.replace(BASE, allowed_unit_ids=[1, 3])) == key_of(same)


def test_every_rule_is_a_column_a_form_field_a_service_input_and_read_by_the_scan_api():
    columns = {c.key for c in inspect(Checkpoint).columns}
    form_fields = {name for name in dir(CheckpointForm) if isinstance(getattr(CheckpointForm, name), UnboundField)}
    data_fields = {f.name for f in dataclasses.fields(CheckpointData)}
    for key in RULES:
        assert key in columns, key
        assert key in form_fields, key
        assert key in data_fields, key
        assert f"c.{key}" in devices._DEVICE_SQL, key
