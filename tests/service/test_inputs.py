"""What users type, checked before it is kept: services/inputs.py and results' numbers."""

from datetime import date

import pytest
from flask_wtf.file import FileField
from wtforms import MultipleFileField

from blueprints.bodies import FILE_FIELDS
from blueprints.forms import BaseForm
from services import inputs
from services.errors import DomainError
from services.results.recording import parse_value


@pytest.mark.parametrize(
    "text", ["NaN", "nan", "Infinity", "-Infinity", "inf", "1:-30", "1:60", "-1:05", "-3.5", "1e12", "sNaN"]
)
def test_a_performance_must_be_a_finite_non_negative_number(app, text):
    with app.test_request_context(), pytest.raises(DomainError, match="không hợp lệ"):
        parse_value(text)


@pytest.mark.parametrize(("text", "value"), [("12,45", "12.45"), ("1:05.30", "65.30"), ("0", "0")])
def test_performances_people_type_are_read(app, text, value):
    with app.test_request_context():
        assert str(parse_value(text)) == value


@pytest.mark.parametrize(
    ("text", "multiline", "bad"),
    [
        ("Nguyễn Văn An", False, False),
        ("H'Lan Mlô – Êban", False, False),
        ("a\x01b", False, True),
        ("a\x00b", False, True),
        ("a\u202eb", False, True),  # right-to-left override
        ("a\ue000b", False, True),  # private use
        ("a\nb", False, True),
        ("a\nb", True, False),
        ("a\x7fb", True, True),
    ],
)
def test_control_and_format_characters(app, text, multiline, bad):
    with app.test_request_context():
        assert (inputs.text_problem(text, multiline=multiline) is not None) is bad


def test_lengths_come_from_the_models(app):
    from models import Person

    assert inputs.max_length_of(Person.full_name) == 200
    with app.test_request_context():
        assert "tối đa 200" in inputs.text_problem("a" * 201, inputs.max_length_of(Person.full_name))


def test_zero_width_characters_are_removed_not_refused():
    assert inputs.without_invisible("Hồ\u200b Văn\ufeff Hai\u00ad") == "Hồ Văn Hai"


@pytest.mark.parametrize(
    ("born", "bad"),
    [(date(1, 1, 1), True), (date(1939, 12, 31), True), (date(1940, 1, 1), False), (date(2012, 12, 2), False),
     (date(2012, 12, 31), True), (date(2999, 1, 1), True)],
)  # fmt: skip
def test_birth_dates_within_1940_and_14_years_ago(app, born, bad):
    with app.test_request_context():
        assert (inputs.birth_date_problem(born, date(2026, 12, 2)) is not None) is bad


@pytest.mark.parametrize(
    "typed", ["20/11/1990", "20-11-1990", "20.11.1990", "20111990", " 20 / 11 / 1990 ", "1990-11-20", "20 11 1990"]
)
def test_dates_as_people_type_them(typed):
    assert inputs.parse_date(typed.replace(" / ", "/").strip()) == date(1990, 11, 20)


@pytest.mark.parametrize("typed", ["2011990", "31/02/1990", "1990/11/20", "20111990x", "", "13/13/2000"])
def test_what_is_not_a_date(typed):
    with pytest.raises(ValueError):
        inputs.parse_date(typed)


def _forms(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _forms(sub)


def test_the_guard_knows_every_file_field_of_every_form(app):
    names = set()
    for form in _forms(BaseForm):
        for name, value in vars(form).items():
            if getattr(value, "field_class", None) in (FileField, MultipleFileField):
                names.add(name)
    assert names == FILE_FIELDS
