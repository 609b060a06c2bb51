from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional
from wtforms.widgets import TextInput

from blueprints.forms import BaseForm
from models import EventKind, UnitKind, UserRole
from services.labels import choices

# Typed as Vietnamese write them, whatever the phone's language; ISO accepted too.
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def date_field(label, *validators):
    return DateField(
        label,
        validators=list(validators),
        format=DATE_FORMATS,
        widget=TextInput(),
        render_kw={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
    )


def datetime_field(label, *validators):
    return DateTimeLocalField(
        label,
        validators=list(validators),
        format=DATETIME_FORMATS,
        widget=TextInput(),
        render_kw={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"},
    )


class SeasonForm(BaseForm):
    name = StringField(_l("Tên mùa"), validators=[DataRequired()], description=_l("Ví dụ: Tháng Công nhân 2024"))
    year = IntegerField(_l("Năm"), validators=[DataRequired(), NumberRange(2000, 2100, _l("Năm từ 2000 đến 2100."))])
    description = TextAreaField(_l("Ghi chú"), validators=[Optional()])


class EventForm(BaseForm):
    season_id = SelectField(_l("Thuộc mùa"), coerce=int, validators=[DataRequired()])
    kind = SelectField(_l("Loại sự kiện"), choices=choices(EventKind))
    name = StringField(_l("Tên sự kiện"), validators=[DataRequired()])
    slug = StringField(
        _l("Mã đường dẫn"), validators=[DataRequired()], description=_l("Chữ thường không dấu, ví dụ hoi-thao-2024")
    )
    starts_on = date_field(_l("Ngày bắt đầu"), InputRequired())
    ends_on = date_field(_l("Ngày kết thúc"), InputRequired())
    registration_opens_at = datetime_field(_l("Mở đăng ký lúc (giờ Việt Nam)"), Optional())
    registration_closes_at = datetime_field(_l("Hạn chót đăng ký (giờ Việt Nam)"), Optional())
    description = TextAreaField(_l("Mô tả"), validators=[Optional()])


class VenueForm(BaseForm):
    name = StringField(_l("Tên địa điểm"), validators=[DataRequired()])
    address = StringField(_l("Địa chỉ"), validators=[Optional()])


class UnitForm(BaseForm):
    code = StringField(_l("Mã đơn vị"), validators=[DataRequired()], description=_l("Ví dụ: LAK"))
    name = StringField(_l("Tên đơn vị"), validators=[DataRequired()])
    kind = SelectField(_l("Loại đơn vị"), choices=choices(UnitKind))
    counts_for_participation = BooleanField(_l("Tính vào chỉ tiêu 100% đơn vị tham gia"), default=True)
    contact_name = StringField(_l("Người liên hệ"), validators=[Optional()])
    phone = StringField(_l("Điện thoại"), validators=[Optional()])
    email = StringField(_l("Email"), validators=[Optional()])
    active = BooleanField(_l("Đang hoạt động"), default=True)


class UnitImportForm(BaseForm):
    file = FileField(_l("Tệp danh sách (.xlsx hoặc .csv)"), validators=[FileRequired(_l("Hãy chọn một tệp."))])


class UserForm(BaseForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired()])
    full_name = StringField(_l("Họ và tên"), validators=[Optional()])
    role = SelectField(_l("Vai trò"), choices=choices(UserRole))
    unit_id = SelectField(_l("Đơn vị (với cán bộ đơn vị)"), coerce=int, validators=[Optional()])
    active = BooleanField(_l("Cho phép đăng nhập"), default=True)
