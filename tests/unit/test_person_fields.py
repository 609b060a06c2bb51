"""A person's fields are described once (services/registration/fields.py): the form, the
input checks' labels, the Excel template and the exports all read the one table."""

from __future__ import annotations

import dataclasses

from flask_babel import force_locale
from wtforms.fields.core import UnboundField

from blueprints.units.forms import PersonForm
from models import Person
from services import inputs
from services.registration import exports, roster_template
from services.registration.fields import PERSON_FIELDS, REQUIRED
from services.registration.inputs import PersonData


def test_every_field_is_a_column_a_form_field_an_input_and_a_template_column():
    keys = [f.key for f in PERSON_FIELDS]
    columns = {c.key for c in Person.__table__.columns}
    form_fields = {n for n in dir(PersonForm) if isinstance(getattr(PersonForm, n), UnboundField)}
    data_fields = {f.name for f in dataclasses.fields(PersonData)}
    assert set(keys) <= columns and set(keys) <= form_fields and set(keys) <= data_fields
    assert [k for k, _h in roster_template.PERSON_COLUMNS] == ["stt", *keys]
    assert set(roster_template.REQUIRED) == set(REQUIRED) == {"full_name", "gender", "role"}
    for f in PERSON_FIELDS:
        if f.input == "text":
            assert inputs.LABELS[f.key] is f.label  # the flush guard names the field as the form does


def test_export_headers_are_the_fields_labels_in_the_readers_language(bare_app):
    with bare_app.test_request_context():
        headers = exports.export_headers()
        assert headers[4:] == [str(f.label) for f in PERSON_FIELDS]
        assert headers[4:7] == ["Họ và tên", "Giới tính", "Ngày sinh"]
        with force_locale("en"):
            english = exports.export_headers()
    assert english[:5] == ["Unit code", "Unit", "Competition", "Team", "Full name"], english
