from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from blueprints.forms import BaseForm, IntegerField, choices, date_field, datetime_field, db_int, optional_int
from models import (
    Category,
    CompetitionFormat,
    EventKind,
    OverallRule,
    ParticipationRule,
    UnitKind,
    UserRole,
)
from services.checkin import rules as checkpoint_rules
from services.results import sports


class SeasonForm(BaseForm):
    name = StringField(_l("Tên mùa"), validators=[DataRequired()], description=_l("Ví dụ: Tháng Công nhân 2024"))
    year = IntegerField(_l("Năm"), validators=[DataRequired(), NumberRange(2000, 2100, _l("Năm từ 2000 đến 2100."))])
    description = TextAreaField(_l("Ghi chú"), validators=[Optional()])


class EventForm(BaseForm):
    season_id = SelectField(_l("Thuộc mùa"), coerce=db_int, validators=[DataRequired()])
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
    max_individual_per_athlete = optional_int(
        _l("Số nội dung cá nhân tối đa mỗi VĐV"), _l("Để trống nếu không giới hạn."), default=2
    )
    team_competitions_count = BooleanField(_l("Tính cả nội dung đồng đội vào giới hạn trên"))
    union_card_required = BooleanField(_l("Bắt buộc số thẻ đoàn viên"), default=True)
    union_card_digits = optional_int(
        _l("Số chữ số của thẻ đoàn viên"), _l("Để khôi phục số 0 ở đầu khi Excel lưu số thẻ dạng số.")
    )
    overall_rule = SelectField(_l("Xếp hạng toàn đoàn"), choices=choices(OverallRule), default=OverallRule.MEDALS.value)
    overall_points = StringField(
        _l("Điểm cho từng thứ hạng"),
        validators=[Optional()],
        description=_l("Khi xếp theo điểm: hạng=điểm, vd 1=7, 2=5, 3=3, kk=1 (kk: khuyến khích)."),
    )
    overall_min_units = optional_int(
        _l("Bỏ các nội dung có ít hơn N đơn vị tham gia"), _l("Để trống hoặc 0: tính mọi nội dung."), default=0
    )
    travel_minutes = optional_int(
        _l("Thời gian di chuyển giữa hai địa điểm (phút)"),
        _l("Khi xếp lịch: một người thi hai trận ở hai địa điểm khác nhau cách nhau ít nhất chừng này."),
        default=30,
    )


class CompetitionForm(BaseForm):
    sport_id = SelectField(_l("Môn"), coerce=db_int)
    new_sport = StringField(_l("…hoặc môn mới"), validators=[Optional()], description=_l("Ví dụ: Pickleball"))
    new_sport_kind = SelectField(
        _l("Môn mới thi đấu như"),
        choices=[SelectChoice("", "—")] + [SelectChoice(code, kind.label) for code, kind in sports.KINDS.items()],
        validators=[Optional()],
        description=_l("Thể thức, cách tính điểm mặc định; để trống: theo tên môn nếu trùng môn đã biết"),
    )
    name = StringField(
        _l("Tên nội dung"), validators=[DataRequired()], description=_l("Ví dụ: Cầu lông đôi nam từ 40 tuổi")
    )
    category = SelectField(_l("Giới"), choices=choices(Category))
    format = SelectField(_l("Hình thức"), choices=choices(CompetitionFormat))
    min_age = optional_int(_l("Tuổi tối thiểu"))
    max_age = optional_int(_l("Tuổi tối đa"))
    age_reference_date = date_field(_l("Tính tuổi vào ngày"), Optional())
    team_min = IntegerField(_l("Số người mỗi đội: tối thiểu"), default=1, validators=[InputRequired()])
    team_max = IntegerField(_l("Số người mỗi đội: tối đa"), default=1, validators=[InputRequired()])
    min_men = IntegerField(_l("Ít nhất bao nhiêu nam"), default=0, validators=[InputRequired()])
    min_women = IntegerField(_l("Ít nhất bao nhiêu nữ"), default=0, validators=[InputRequired()])
    max_entries_per_unit = optional_int(_l("Số đội/cặp/VĐV tối đa mỗi đơn vị"), default=1)
    counts_for_overall = BooleanField(_l("Tính vào xếp hạng toàn đoàn"), default=True)
    match_minutes = optional_int(
        _l("Thời lượng một trận (phút)"), description=_l("Cả thời gian đổi sân; để trống: mặc định của môn")
    )
    rest_minutes = optional_int(_l("Nghỉ giữa hai trận của một đội (phút)"), default=30)
    final_session = SelectField(
        _l("Chung kết vào"),
        choices=[
            SelectChoice("", _l("Không yêu cầu")),
            SelectChoice("day", _l("Ngày cuối của sự kiện")),
            SelectChoice("morning", _l("Sáng ngày cuối")),
            SelectChoice("afternoon", _l("Chiều ngày cuối")),
        ],
        default="",
    )
    official_ids = SelectMultipleField(
        _l("Trọng tài nhập và xác nhận kết quả"),
        coerce=db_int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        description=_l("Chỉ trọng tài được phân công (và quản trị) nhập được kết quả của nội dung này."),
    )


class OfficialsAssignForm(BaseForm):
    """Officials for many competitions of an event at once (services/results/planning.assign_officials)."""

    competition_ids = SelectMultipleField(_l("Nội dung"), coerce=db_int)
    official_ids = SelectMultipleField(
        _l("Trọng tài"), coerce=db_int, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput()
    )
    mode = SelectField(
        _l("Cách phân công"),
        choices=[
            SelectChoice("add", _l("Thêm vào người đã phân công")),
            SelectChoice("replace", _l("Thay toàn bộ người đã phân công")),
        ],
        default="add",
    )


class ClosureForm(BaseForm):
    """A court, or a venue's every court, closed for a while (services/schedule/replan.add_closure)."""

    where = SelectField(_l("Sân"), validators=[DataRequired()])
    starts_at = datetime_field(_l("Đóng từ (giờ Việt Nam)"), InputRequired())
    ends_at = datetime_field(_l("Đến"), InputRequired())
    reason = StringField(_l("Lý do"), validators=[Optional()], description=_l("Ví dụ: trận trước kéo dài, mưa"))


class ReturnForm(BaseForm):
    comment = TextAreaField(_l("Lý do trả lại"), validators=[DataRequired(_l("Hãy ghi lý do trả lại."))])
    reopen_until = date_field(_l("Cho sửa đến"), Optional())  # after the deadline (services: return_for_changes)


class VenueForm(BaseForm):
    name = StringField(_l("Tên địa điểm"), validators=[DataRequired()])
    address = StringField(_l("Địa chỉ"), validators=[Optional()])
    hours = StringField(
        _l("Giờ mở cửa mỗi ngày"),
        validators=[Optional()],
        description=_l("Giờ Việt Nam, nghỉ trưa ở giữa, ví dụ 07:00-11:30, 13:30-17:30."),
    )
    courts = TextAreaField(
        _l("Sân, bàn thi đấu"),
        validators=[Optional()],
        description=_l(
            "Mỗi dòng một sân; sau dấu hai chấm là các môn sân đó nhận (để trống: mọi môn), ví dụ “Sân cầu lông 1: Cầu lông”."
        ),
        render_kw={"rows": 8},
    )


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
    unit_id = SelectField(_l("Đơn vị (với cán bộ đơn vị)"), coerce=db_int, validators=[Optional()])
    active = BooleanField(_l("Cho phép đăng nhập"), default=True)


def _rule_field(key: str, rule: checkpoint_rules.Rule):
    """The form's field for one checkpoint rule, from its declaration (the records an "ids"
    rule offers are set by the view)."""
    if rule.input == "choice":
        return SelectField(rule.label, choices=choices(rule.choices))
    if rule.input == "choices":
        return SelectMultipleField(
            rule.label,
            choices=choices(rule.choices),
            widget=ListWidget(prefix_label=False),
            option_widget=CheckboxInput(),
        )
    if rule.input == "ids":
        return SelectMultipleField(rule.label, coerce=db_int)
    if rule.input == "moment":
        return datetime_field(rule.label, Optional())
    return BooleanField(rule.label, description=rule.description, default=checkpoint_rules.RULE_DEFAULTS[key])


def _checkpoint_form() -> type[BaseForm]:
    """The checkpoint form: its name and place, a field for every declared rule
    (services/checkin/rules.RuleSet), then its volunteers."""
    fields = {
        "name": StringField(
            _l("Tên điểm quét"), validators=[DataRequired()], description=_l("Ví dụ: Cổng A – Sân vận động")
        ),
        "venue_id": SelectField(_l("Địa điểm"), coerce=db_int),
    }
    fields |= {key: _rule_field(key, rule) for key, rule in checkpoint_rules.RULES.items()}
    fields["volunteer_ids"] = SelectMultipleField(_l("Tình nguyện viên được phân công"), coerce=db_int)
    return type("CheckpointForm", (BaseForm,), fields)


CheckpointForm = _checkpoint_form()


class DeviceLinkForm(BaseForm):
    name = StringField(
        _l("Tên thiết bị / người giữ máy"),
        validators=[DataRequired()],
        description=_l("Ví dụ: Điện thoại chị Hoa – cổng A"),
    )


class CertificateStyleForm(BaseForm):
    national_header = BooleanField(_l("In quốc hiệu (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM…)"))
    organisation = StringField(_l("Cơ quan cấp"), validators=[DataRequired()])
    participation_title = StringField(_l("Tiêu đề giấy chứng nhận tham gia"), validators=[DataRequired()])
    participation_text = TextAreaField(
        _l("Lời văn giấy chứng nhận tham gia"),
        validators=[DataRequired()],
        description=_l("Dùng được {event}, {unit}."),
    )
    award_title = StringField(_l("Tiêu đề giấy chứng nhận đạt giải"), validators=[DataRequired()])
    award_text = TextAreaField(
        _l("Lời văn đạt giải theo nội dung"),
        validators=[DataRequired()],
        description=_l("Dùng được {place} (Nhất, Nhì, Ba, Khuyến khích), {competition}, {event}, {unit}."),
    )
    overall_text = TextAreaField(
        _l("Lời văn đạt giải toàn đoàn"), validators=[DataRequired()], description=_l("Dùng được {place}, {event}.")
    )
    place = StringField(_l("Nơi cấp"), validators=[Optional()], description=_l("Ví dụ: Đắk Lắk"))
    issued_on = date_field(_l("Ngày cấp"), Optional())
    signer_title = TextAreaField(
        _l("Chức danh người ký"), validators=[DataRequired()], description=_l("Mỗi dòng một dòng in.")
    )
    signer_name = StringField(_l("Họ tên người ký"), validators=[Optional()], description=_l("Cần có trước khi in."))
    participation_rule = SelectField(_l("Ai nhận giấy chứng nhận tham gia"), choices=choices(ParticipationRule))
    background = FileField(_l("Ảnh nền (PNG hoặc JPEG, khổ A4 ngang)"))
    remove_background = BooleanField(_l("Bỏ ảnh nền đang dùng"))


class DecisionForm(BaseForm):
    """The award decision's wording (quyết định khen thưởng)."""

    parent_body = StringField(
        _l("Cơ quan cấp trên"), validators=[Optional()], description=_l("Ví dụ: TỔNG LĐLĐ VIỆT NAM")
    )
    issuing_body = StringField(_l("Cơ quan ban hành"), validators=[DataRequired()])
    number = StringField(_l("Số"), validators=[Optional()], description=_l("Để trống: in “…” để ghi tay khi vào sổ."))
    symbol = StringField(_l("Ký hiệu"), validators=[DataRequired()], description=_l("Ví dụ: QĐ-LĐLĐ"))
    place = StringField(_l("Địa danh"), validators=[Optional()], description=_l("Ví dụ: Đắk Lắk"))
    issued_on = date_field(_l("Ngày ban hành"), Optional())
    subject = TextAreaField(_l("Trích yếu"), validators=[DataRequired()])
    authority = StringField(_l("Thẩm quyền ban hành"), validators=[DataRequired()])
    grounds = TextAreaField(_l("Căn cứ"), validators=[Optional()], description=_l("Mỗi dòng một căn cứ."))
    budget = TextAreaField(_l("Điều 2: nguồn kinh phí"), validators=[Optional()])
    executors = TextAreaField(
        _l("Điều 3: ai thi hành"),
        validators=[DataRequired()],
        description=_l("In thêm: “chịu trách nhiệm thi hành Quyết định này”."),
    )
    recipients = TextAreaField(_l("Nơi nhận"), validators=[Optional()], description=_l("Mỗi dòng một nơi nhận."))
    signer_on_behalf = StringField(
        _l("Thẩm quyền ký"), validators=[Optional()], description=_l("Ví dụ: TM. BAN THƯỜNG VỤ")
    )
    signer_title = StringField(_l("Chức vụ người ký"), validators=[DataRequired()])
    signer_name = StringField(_l("Họ tên người ký"), validators=[Optional()])


class SeasonCopyForm(BaseForm):
    """Next year's season from this one."""

    name = StringField(_l("Tên mùa mới"), validators=[DataRequired()])
    year = IntegerField(_l("Năm"), validators=[DataRequired(), NumberRange(2000, 2100, _l("Năm từ 2000 đến 2100."))])
    first_starts_on = date_field(
        _l("Ngày bắt đầu của sự kiện đầu tiên"),
        DataRequired(),
    )
