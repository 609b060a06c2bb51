"""Human labels for stored values, translated (Vietnamese by default)."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from wtforms.fields.choices import SelectChoice

from models.enums import (
    Category,
    CheckpointKind,
    CompetitionFormat,
    EventKind,
    Frequency,
    Gender,
    PersonRole,
    RegistrationStatus,
    UnitKind,
    UserRole,
)

LABELS = {
    EventKind.GAMES: _l("Hội thao"),
    EventKind.FESTIVAL: _l("Ngày hội"),
    UnitKind.DISTRICT: _l("LĐLĐ huyện, thị xã, thành phố"),
    UnitKind.SECTORAL: _l("Công đoàn ngành"),
    UnitKind.GRASSROOTS: _l("CĐCS trực thuộc tỉnh"),
    UserRole.ADMIN: _l("Quản trị (Liên đoàn)"),
    UserRole.ORGANISER: _l("Cán bộ đơn vị"),
    UserRole.VOLUNTEER: _l("Tình nguyện viên"),
    UserRole.OFFICIAL: _l("Trọng tài, thư ký"),
    Gender.MALE: _l("Nam"),
    Gender.FEMALE: _l("Nữ"),
    Category.MEN: _lp("competition category", "Nam"),
    Category.WOMEN: _lp("competition category", "Nữ"),
    Category.MIXED: _lp("competition category", "Nam nữ"),
    CompetitionFormat.SINGLE: _l("Đơn"),
    CompetitionFormat.PAIR: _l("Đôi"),
    CompetitionFormat.TEAM: _l("Đồng đội"),
    PersonRole.ATHLETE: _l("Vận động viên"),
    PersonRole.COACH: _l("Huấn luyện viên"),
    PersonRole.TEAM_LEADER: _l("Trưởng đoàn"),
    PersonRole.PERFORMER: _l("Diễn viên"),
    PersonRole.WORKER: _l("Công nhân"),
    PersonRole.GUEST: _l("Khách mời"),
    RegistrationStatus.DRAFT: _l("Đang soạn"),
    RegistrationStatus.SUBMITTED: _l("Đã gửi, chờ duyệt"),
    RegistrationStatus.APPROVED: _l("Đã duyệt"),
    RegistrationStatus.RETURNED: _l("Trả lại để sửa"),
    CheckpointKind.GATE: _l("Cổng"),
    CheckpointKind.VENUE: _l("Sân, nhà thi đấu"),
    CheckpointKind.BOOTH: _l("Gian hàng, quầy"),
    Frequency.ONCE: _l("Một lần"),
    Frequency.DAILY: _l("Mỗi ngày một lần"),
    Frequency.UNLIMITED: _l("Không giới hạn"),
}


def label(value) -> str:
    return str(LABELS.get(value, value))


def choices(enum_cls) -> list[SelectChoice]:
    return [SelectChoice(member.value, LABELS[member]) for member in enum_cls]
