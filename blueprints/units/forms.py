from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, MultipleFileField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from blueprints.forms import BaseForm, choices, date_field
from models import Gender, PersonRole


class PersonForm(BaseForm):
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(_l("Nhập họ và tên."))])
    gender = SelectField(_l("Giới tính"), choices=choices(Gender))
    birth_date = date_field(_l("Ngày sinh"), Optional())
    union_card_no = StringField(
        _l("Số thẻ đoàn viên"), validators=[Optional()], render_kw={"inputmode": "numeric", "autocomplete": "off"}
    )
    workplace = StringField(_l("CĐCS / nơi làm việc"), validators=[Optional()])
    phone = StringField(_l("Điện thoại"), validators=[Optional()], render_kw={"inputmode": "tel"})
    role = SelectField(_l("Vai trò"), choices=choices(PersonRole))


class EntryForm(BaseForm):
    members = SelectMultipleField(
        _l("Người thi đấu"),
        coerce=int,
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
