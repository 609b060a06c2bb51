"""Human labels for stored values, translated (Vietnamese by default)."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp

from models.enums import (
    Category,
    CheckpointKind,
    CompetitionFormat,
    EventKind,
    Frequency,
    Gender,
    MatchStage,
    OverallRule,
    ParticipationRule,
    PersonRole,
    RegistrationStatus,
    ResultFormat,
    ThirdPlace,
    UnitKind,
    UserRole,
)
from services.checkin.outcomes import ScanOutcome
from services.results.scoring import PRESETS
from services.results.standings import CATALOGUE
from services.results.swiss.tiebreaks import CATALOGUE as SWISS_TIE_BREAKS

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
    ScanOutcome.ADMITTED: _l("Cho vào"),
    ScanOutcome.REPEAT: _l("Đã vào rồi"),
    ScanOutcome.LIMIT_REACHED: _l("Đã nhận rồi"),
    ScanOutcome.FORGED: _l("Mã giả hoặc hỏng"),
    ScanOutcome.UNKNOWN: _l("Không có thẻ này"),
    ScanOutcome.REVOKED: _l("Thẻ đã huỷ"),
    ScanOutcome.OTHER_EVENT: _l("Thẻ của sự kiện khác"),
    ScanOutcome.NOT_ALLOWED: _l("Không được vào"),
    ScanOutcome.OUTSIDE_WINDOW: _l("Ngoài giờ mở"),
    ResultFormat.ROUND_ROBIN: _l("Vòng tròn một lượt"),
    ResultFormat.GROUPS_KNOCKOUT: _l("Chia bảng, rồi loại trực tiếp"),
    ResultFormat.KNOCKOUT: _l("Loại trực tiếp"),
    ResultFormat.RANKED: _l("Xếp hạng theo thành tích"),
    ResultFormat.SWISS: _l("Hệ Thụy Sĩ (ghép cặp theo điểm từng vòng)"),
    ThirdPlace.SHARED: _l("Đồng hạng ba (hai đội thua bán kết)"),
    ThirdPlace.MATCH: _l("Đấu tranh hạng ba"),
    ThirdPlace.NONE: _l("Không xếp hạng ba"),
    MatchStage.GROUP: _l("Vòng bảng"),
    MatchStage.KNOCKOUT: _l("Loại trực tiếp"),
    MatchStage.THIRD_PLACE: _l("Tranh hạng ba"),
    OverallRule.MEDALS: _l("Theo bảng tổng sắp huy chương"),
    OverallRule.POINTS: _l("Theo điểm của từng thứ hạng"),
    ParticipationRule.CHECKED_IN: _l("Người đã có mặt (được quét thẻ ít nhất một lần)"),
    ParticipationRule.REGISTERED: _l("Mọi người trong danh sách đăng ký đã duyệt"),
    # ResultChange.action
    "enter": _l("nhập kết quả"),
    "confirm": _l("xác nhận"),
    "correct": _l("sửa kết quả"),
    "clear": _l("xoá kết quả"),
    "request_clear": _l("yêu cầu xoá kết quả"),
    "replay": _l("đấu lại"),
    "draw": _l("bốc thăm"),
    "swap": _l("đổi chỗ"),
    "publish": _l("công bố lịch"),
    "plan": _l("lưu thể thức"),
    "record_lots": _l("ghi bốc thăm phân hạng"),
    "swiss_pair": _l("ghép cặp vòng"),
    "swiss_unpair": _l("huỷ ghép cặp vòng"),
    "swiss_absent": _l("đánh dấu vắng"),
    "swiss_import": _l("nhập vòng từ tệp TRF"),
}
# Scoring presets and tie-breakers describe themselves (their registries hold the labels).
LABELS |= {code: preset.label for code, preset in PRESETS.items()}
LABELS |= {name: criterion.label for name, criterion in CATALOGUE.items()}
LABELS |= SWISS_TIE_BREAKS  # the Swiss system's: services/results/swiss/tiebreaks.py
PLACE_LABELS = {1: _l("Nhất"), 2: _l("Nhì"), 3: _l("Ba"), 4: _l("Khuyến khích")}


def place_label(place: int) -> str:
    return str(PLACE_LABELS[place])


def place_key_label(key: str) -> str:
    """A place as stored in per-place settings (points, prize money: "1", "2", "3", "kk")."""
    return place_label(4) if key == "kk" else place_label(int(key)) if key in ("1", "2", "3") else key


_TEXTS: dict[tuple, str] = {}


def constant_text(lazy) -> str:
    """A lazy message without placeholders in the current language, translated once per
    language and process (the scan API answers thousands of times a minute with a few texts)."""
    if getattr(lazy, "_kwargs", None):
        return str(lazy)
    key = (str(get_locale()), lazy._func, lazy._args)
    text = _TEXTS.get(key)
    if text is None:
        text = _TEXTS[key] = str(lazy)
    return text


def label(value) -> str:
    lazy = LABELS.get(value)
    return constant_text(lazy) if lazy is not None else str(value)
