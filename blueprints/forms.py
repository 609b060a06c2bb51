"""Base form: WTForms' own messages in Vietnamese (WTForms ships no Vietnamese catalogue)."""

from __future__ import annotations

import dataclasses

import wtforms
from flask import abort, flash, make_response, redirect, render_template
from flask_babel import get_translations, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeLocalField, Field
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import TextInput

from extensions import db
from services.errors import DomainError
from services.i18n import local_to_utc, to_local
from services.inputs import parse_date
from services.labels import LABELS
from services.lookup import MAX_ID, valid_id

# WTForms' built-in messages we meet, with our translation (msgids are Vietnamese).
_BUILTIN = {
    "This field is required.": _l("Trường này không được để trống."),
    "Not a valid date value.": _l("Ngày không hợp lệ (dạng ngày/tháng/năm)."),
    "Not a valid datetime value.": _l("Thời điểm không hợp lệ."),
    "Not a valid integer value.": _l("Phải là một số nguyên."),
    "Not a valid choice.": _l("Lựa chọn không hợp lệ."),
    "Invalid Choice: could not coerce.": _l("Lựa chọn không hợp lệ."),
    "Invalid choice(s): one or more data inputs could not be coerced.": _l("Lựa chọn không hợp lệ."),
    "Invalid email address.": _l("Địa chỉ email không hợp lệ."),
    "The CSRF token is missing.": _l("Phiên làm việc đã hết hạn, vui lòng tải lại trang."),
    "The CSRF token is invalid.": _l("Phiên làm việc đã hết hạn, vui lòng tải lại trang."),
    "The CSRF token has expired.": _l("Phiên làm việc đã hết hạn, vui lòng tải lại trang."),
}


class _Translations:
    def gettext(self, string):
        return str(_BUILTIN[string]) if string in _BUILTIN else gettext(string)

    def ngettext(self, singular, plural, n):
        # WTForms formats the result itself: hand back the unformatted text.
        return get_translations().ungettext(singular, plural, n)


class BaseForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _Translations()

    def apply_error(self, error) -> None:
        """Show a service's DomainError on its field (or on the form as a whole)."""
        field = getattr(self, error.field, None) if error.field else None
        if field is not None:
            field.errors = list(field.errors) + [error.message]
        else:
            self.form_errors.append(error.message)
        self.form_errors.extend(getattr(error, "problems", []))


class IntegerField(wtforms.IntegerField):
    """A whole number a database INTEGER column holds (up to ±2,147,483,647): a larger one,
    typed or sent, is the field's error, never a database error. Every form uses this one."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > MAX_ID:
            self.data = None
            raise ValueError(_l("Số quá lớn."))


def db_int(value) -> int:
    """``coerce=`` of select fields: an int a database column holds, else ValueError (the
    field's "not a valid choice"), so an id of 10**23 never reaches a query."""
    number = int(value)
    if abs(number) > MAX_ID:
        raise ValueError(value)
    return number


# Typed as Vietnamese write them, whatever the phone's language; ISO accepted too.
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class TypedDateField(DateField):
    """A date as people type it (services/inputs.parse_date): 20/11/1990, 20-11-1990,
    20.11.1990, or 20111990 from a phone's numeric keypad, which has no "/"."""

    def process_formdata(self, valuelist):
        if not valuelist or not " ".join(valuelist).strip():
            self.data = None
            return
        try:
            self.data = parse_date(" ".join(valuelist))
        except ValueError as error:
            self.data = None
            raise ValueError(
                gettext("Ngày không hợp lệ: gõ ngày/tháng/năm, ví dụ 20/11/1990 hoặc 20111990.")
            ) from error

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d/%m/%Y") if self.data else ""


def date_field(label, *validators):
    """A date typed as dd/mm/yyyy (a text box: native pickers follow the phone's language)."""
    return TypedDateField(
        label,
        validators=list(validators),
        format=DATE_FORMATS,
        widget=TextInput(),
        render_kw={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
    )


class VietnamDateTimeField(DateTimeLocalField):
    """Typed and shown in Vietnam time; its data is aware UTC, as the models store it."""

    def process_data(self, value):
        super().process_data(to_local(value).replace(tzinfo=None) if value else value)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None:
            self.data = local_to_utc(self.data)


def datetime_field(label, *validators):
    return VietnamDateTimeField(
        label,
        validators=list(validators),
        format=DATETIME_FORMATS,
        widget=TextInput(),
        render_kw={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"},
    )


def optional_int(label, description=None, default=None):
    """A whole number ≥ 0 that may be left empty (None: no limit)."""
    return IntegerField(
        label,
        default=default,
        description=description,
        validators=[Optional(), NumberRange(min=0, message=_l("Phải là số từ 0 trở lên."))],
    )


def submit_form(form, save, message: str, next_url):
    """Validate the form, call the service, commit and redirect (``next_url`` may take the
    saved object); a DomainError is shown on its field and nothing is saved. None: re-render."""
    if not form.validate_on_submit():
        return None
    try:
        result = save()
        db.session.flush()  # the flush guard's refusals (services/inputs.py) land on the form too
    except DomainError as error:
        db.session.rollback()
        form.apply_error(error)
        return None
    db.session.commit()
    flash(message, "success")
    return redirect(next_url(result) if callable(next_url) else next_url)


def id_arg(args, name: str) -> int | None:
    """An id given in the address (``?competition=12``): None when absent or not a number (a
    filter left out, as before); a 400 naming it when no table can hold it (never a database
    error on PostgreSQL's INTEGER)."""
    value = args.get(name, type=int)
    if value is None:
        return None
    if not valid_id(value):
        message = gettext("Mã %(n)s=%(v)s không hợp lệ.", n=name, v=str(value)[:30])
        abort(make_response(render_template("errors/400.html", message=message), 400))
    return value


def run_action(do, message, next_url: str):
    """A button's POST (delete, submit, approve…): commit and flash, or roll back and say why.
    ``message`` may take what ``do`` returned (the text then depends on what happened)."""
    try:
        result = do()
        db.session.flush()
    except DomainError as error:
        db.session.rollback()
        for text in [error.message, *getattr(error, "problems", [])]:
            flash(text, "danger")
    else:
        db.session.commit()
        flash(message(result) if callable(message) else message, "success")
    return redirect(next_url)


def choices(enum_cls) -> list[SelectChoice]:
    """A select field's choices for a stored enum, with its translated labels (services/labels.py)."""
    return [SelectChoice(member.value, LABELS[member]) for member in enum_cls]


def form_data(form, cls, **given):
    """The service's input dataclass ``cls`` filled from the form's fields of the same names
    (``given`` values first). An empty text or list field gives the field's "" or []; any
    other empty value stays None (e.g. "no limit")."""
    values = {}
    for f in dataclasses.fields(cls):
        if f.name in given:
            values[f.name] = given[f.name]
            continue
        field = getattr(form, f.name, None)
        if not isinstance(field, Field):
            continue  # not on this form: the dataclass default
        value = field.data
        if value is None and f.default == "":
            value = ""
        elif value is None and f.default_factory is list:
            value = []
        values[f.name] = value
    return cls(**values)
