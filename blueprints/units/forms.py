from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import MultipleFileField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from blueprints.forms import BaseForm, IntegerField, choices, date_field, db_int
from services.registration.fields import PERSON_FIELDS, PersonField


def _person_field(f: PersonField):
    """The form's field for one of a person's fields (services/registration/fields.py)."""
    if f.input == "choice":
        if f.default is None:  # nothing chosen for the person (a gender is not guessed)
            return SelectField(
                f.label, choices=[SelectChoice("", "—")] + choices(f.choices), validators=[InputRequired()]
            )
        return SelectField(f.label, choices=choices(f.choices), default=f.default)
    if f.input == "date":
        return date_field(f.label, Optional())
    keyboard = {"inputmode": f.inputmode, "autocomplete": "off"} if f.inputmode else None
    return StringField(f.label, validators=[DataRequired() if f.required else Optional()], render_kw=keyboard)


PersonForm = type("PersonForm", (BaseForm,), {f.key: _person_field(f) for f in PERSON_FIELDS})


class EntryForm(BaseForm):
    members = SelectMultipleField(
        _l("Người thi đấu"),
        coerce=db_int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,  # the service answers 404 for a person who is not the unit's
        validators=[DataRequired(_l("Hãy chọn người thi đấu."))],
    )


class RosterImportForm(BaseForm):
    file = FileField(_l("Tệp danh sách (.xlsx)"), validators=[FileRequired(_l("Hãy chọn một tệp."))])


class HeadCountForm(BaseForm):
    head_count = IntegerField(
        _l("Số người của đoàn (ngoài danh sách có tên)"),
        validators=[InputRequired(), NumberRange(min=0, message=_l("Phải là số từ 0 trở lên."))],
    )


class MediaUploadForm(BaseForm):
    files = MultipleFileField(_l("Ảnh hoặc video"))
    caption = StringField(_l("Chú thích"), validators=[Optional(), Length(max=500)])
    credit = StringField(_l("Người chụp / quay"), validators=[Optional(), Length(max=200)])


class MediaEditForm(BaseForm):
    caption = StringField(_l("Chú thích"), validators=[Optional(), Length(max=500)])
    credit = StringField(_l("Người chụp / quay"), validators=[Optional(), Length(max=200)])
