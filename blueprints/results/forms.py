"""Forms of the results desk: a competition's plan, the draw, fixtures, a match result, a performance."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from blueprints.forms import BaseForm, IntegerField, choices, datetime_field, db_int, optional_int
from models import ResultFormat, ScoringPreset, ThirdPlace
from services.labels import LABELS
from services.results.recording import LaneMark
from services.results.standings import TIE_BREAKERS
from services.results.swiss.tiebreaks import CATALOGUE as SWISS_TIE_BREAKS

MAX_SETS = 7
TIE_BREAKER_SLOTS = 8


def _tie_breaker_choices():
    """The tie-breakers of matches, then the Swiss system's (a plan takes those of its format)."""
    names = [*TIE_BREAKERS, *SWISS_TIE_BREAKS]
    return [SelectChoice("", "—")] + [SelectChoice(name, LABELS[name]) for name in names]


BYE_POINTS = {"1": Decimal(1), "1.0": Decimal(1), "0.5": Decimal("0.5"), "0": Decimal(0), "0.0": Decimal(0)}


def _decimal(value) -> Decimal:
    """The bye's points as sent (1, 0.5, 0); anything else reads as −1, which the select refuses."""
    return BYE_POINTS.get(str(value), Decimal(-1))


def _points(label):
    return IntegerField(label, validators=[InputRequired(), NumberRange(0, 10, _l("Từ 0 đến 10."))])


class PlanForm(BaseForm):
    format = SelectField(_l("Thể thức"), choices=choices(ResultFormat))
    preset = SelectField(_l("Cách tính điểm"), choices=choices(ScoringPreset))
    best_of = SelectField(
        _l("Số ván (keo) tối đa mỗi trận"), coerce=db_int, choices=[SelectChoice(n, str(n)) for n in (1, 3, 5, 7)]
    )
    groups = IntegerField(_l("Số bảng"), default=1, validators=[InputRequired(), NumberRange(1, 16)])
    advance_per_group = IntegerField(
        _l("Số đội mỗi bảng vào vòng loại trực tiếp"), default=2, validators=[InputRequired(), NumberRange(1, 8)]
    )
    third_place = SelectField(_l("Hạng ba"), choices=choices(ThirdPlace))
    consolation = BooleanField(_l("Có giải Khuyến khích (hạng tư / thua tứ kết)"))
    points_win = _points(_l("Điểm trận thắng"))
    points_draw = _points(_l("Điểm trận hoà"))
    points_loss = _points(_l("Điểm trận thua"))
    points_forfeit = _points(_l("Điểm khi bỏ cuộc"))
    match_points = StringField(
        _l("Điểm theo tỉ số trận"),
        validators=[Optional(), Length(max=200)],
        description=_l("Vd bóng chuyền (FIVB): 3-0=3/0, 3-1=3/0, 3-2=2/1. Để trống: dùng điểm thắng/thua ở trên."),
    )
    tie_1 = SelectField(_l("Tiêu chí xếp hạng 1"), choices=_tie_breaker_choices, default="")
    tie_2 = SelectField(_l("Tiêu chí xếp hạng 2"), choices=_tie_breaker_choices, default="")
    tie_3 = SelectField(_l("Tiêu chí xếp hạng 3"), choices=_tie_breaker_choices, default="")
    tie_4 = SelectField(_l("Tiêu chí xếp hạng 4"), choices=_tie_breaker_choices, default="")
    tie_5 = SelectField(_l("Tiêu chí xếp hạng 5"), choices=_tie_breaker_choices, default="")
    tie_6 = SelectField(_l("Tiêu chí xếp hạng 6"), choices=_tie_breaker_choices, default="")
    tie_7 = SelectField(_l("Tiêu chí xếp hạng 7"), choices=_tie_breaker_choices, default="")
    tie_8 = SelectField(_l("Tiêu chí xếp hạng 8"), choices=_tie_breaker_choices, default="")
    higher_is_better = BooleanField(_l("Thành tích cao hơn là tốt hơn (bỏ chọn khi tính thời gian)"))
    lanes = IntegerField(
        _l("Số làn (chạy vòng loại rồi chung kết)"),
        default=0,
        validators=[Optional(), NumberRange(0, 12)],
        description=_l("0: mọi người xếp hạng chung một danh sách. Nhiều người hơn số làn: chia lượt chạy vòng loại."),
    )
    qualify_place = IntegerField(
        _l("Vào chung kết: số người đầu mỗi lượt"), default=0, validators=[Optional(), NumberRange(0, 12)]
    )
    qualify_time = IntegerField(
        _l("Vào chung kết: thêm số thành tích tốt nhất còn lại"),
        default=0,
        validators=[Optional(), NumberRange(0, 12)],
        description=_l("Cả hai để 0: các thành tích tốt nhất lấp đủ số làn."),
    )
    finish_checkpoint_id = SelectField(
        _l("Vạch đích: điểm quét"),
        coerce=db_int,
        choices=[],
        validators=[Optional()],
        description=_l("Chạy việt dã: quét thẻ từng người về đích tại điểm này; thời gian lấy từ lần quét."),
    )
    started_at = datetime_field(_l("Giờ xuất phát (giờ Việt Nam)"), Optional())
    team_best = IntegerField(
        _l("Điểm đồng đội: cộng hạng của số người tốt nhất mỗi đơn vị"),
        default=0,
        validators=[Optional(), NumberRange(0, 20)],
        description=_l("0: không xếp hạng đồng đội."),
    )
    rounds = IntegerField(
        _l("Hệ Thụy Sĩ: số vòng"),
        default=0,
        validators=[Optional(), NumberRange(0, 15)],
        description=_l("Cờ tướng thường đấu 7 hoặc 9 vòng."),
    )
    bye_points = SelectField(
        _l("Hệ Thụy Sĩ: điểm của lượt miễn đấu"),
        choices=[SelectChoice("1", "1"), SelectChoice("0.5", "½"), SelectChoice("0", "0")],
        default="1",
        coerce=_decimal,
    )
    seeds = StringField(
        _l("Hạt giống"),
        validators=[Optional()],
        description=_l("Mã đơn vị theo thứ tự hạt giống, cách nhau dấu phẩy (vd: BMT, GD). Để trống nếu không xếp."),
    )
    officials = SelectMultipleField(
        _l("Trọng tài được nhập kết quả"),
        coerce=db_int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )

    @property
    def tie_breakers(self) -> list[str]:
        picked = [getattr(self, f"tie_{i}").data for i in range(1, TIE_BREAKER_SLOTS + 1)]
        return list(dict.fromkeys(p for p in picked if p))


class TrfForm(BaseForm):
    file = FileField(_l("Tệp TRF (FIDE)"), validators=[FileRequired(_l("Hãy chọn một tệp."))])


class DrawForm(BaseForm):
    seed = optional_int(_l("Số hạt ngẫu nhiên"), _l("Để trống: máy chọn ngẫu nhiên và lưu lại để kiểm chứng."))


class SwapForm(BaseForm):
    first = SelectField(_l("Đổi chỗ đội"), coerce=db_int)
    second = SelectField(_l("với đội"), coerce=db_int)


class AutoScheduleForm(BaseForm):
    venue_id = SelectField(_l("Địa điểm"), coerce=db_int)
    courts = IntegerField(_l("Số sân đấu cùng lúc"), default=1, validators=[InputRequired(), NumberRange(1, 50)])
    first_at = datetime_field(_l("Trận đầu lúc (giờ Việt Nam)"), InputRequired())
    minutes = IntegerField(_l("Mỗi trận (phút)"), default=40, validators=[InputRequired(), NumberRange(5, 600)])


class FixtureForm(BaseForm):
    venue_id = SelectField(_l("Địa điểm"), coerce=db_int)
    court_id = SelectField(_l("Sân"), coerce=db_int, description=_l("Sân của địa điểm (nếu địa điểm đã khai báo sân)"))
    court = StringField(_l("Sân số"), validators=[Optional()])
    starts_at = datetime_field(_l("Giờ thi đấu (giờ Việt Nam)"), Optional())
    pinned = BooleanField(_l("Ghim: xếp lịch tự động không dời trận này"))


_SIDE = [SelectChoice("", "—"), SelectChoice("home", _l("Đội 1")), SelectChoice("away", _l("Đội 2"))]


_STALE = _l("Trang này đã cũ: hãy tải lại để xem kết quả hiện tại.")


def version_field():
    """The version of the result the page showed (services/results/recording.py)."""
    return IntegerField(widget=HiddenInput(), validators=[InputRequired(message=_STALE)])


class ResultActionForm(BaseForm):
    """Confirm or clear: the version the page showed, and an admin's reason to clear at once."""

    version = version_field()
    reason = StringField(_l("Lý do xoá (quản trị viên: xoá ngay)"), validators=[Optional(), Length(max=300)])


class ReplayForm(BaseForm):
    """A match to be played again (services/results/recording.replay): the version the page
    showed and why."""

    version = version_field()
    reason = StringField(
        _l("Lý do đấu lại"),
        validators=[DataRequired(_l("Hãy ghi lý do đấu lại.")), Length(max=300)],
        description=_l("Ví dụ: dừng vì mưa ở hiệp 2; khiếu nại được chấp nhận"),
    )


class ResultForm(BaseForm):
    """Sets as pairs of numbers (pulls as the side that won), or goals; or a walkover."""

    version = version_field()

    home_score = IntegerField(_l("Bàn thắng đội 1"), validators=[Optional(), NumberRange(0, 99)])
    away_score = IntegerField(_l("Bàn thắng đội 2"), validators=[Optional(), NumberRange(0, 99)])
    shootout = SelectField(_l("Thắng loạt luân lưu"), choices=_SIDE, validators=[Optional()])
    forfeited_by = SelectField(_l("Bỏ cuộc (thắng không cần thi đấu)"), choices=_SIDE, validators=[Optional()])


for _n in range(1, MAX_SETS + 1):
    setattr(ResultForm, f"set{_n}_home", IntegerField(validators=[Optional(), NumberRange(0, 99)]))
    setattr(ResultForm, f"set{_n}_away", IntegerField(validators=[Optional(), NumberRange(0, 99)]))
    setattr(ResultForm, f"pull{_n}", SelectField(choices=_SIDE, validators=[Optional()]))


def sets_of(form: ResultForm, pulls: bool) -> list[tuple[int, int]]:
    """The sets typed in order, up to the first empty one."""
    sets = []
    for n in range(1, MAX_SETS + 1):
        if pulls:
            side = getattr(form, f"pull{n}").data
            if not side:
                break
            sets.append((1, 0) if side == "home" else (0, 1))
            continue
        home, away = getattr(form, f"set{n}_home").data, getattr(form, f"set{n}_away").data
        if home is None and away is None:
            break
        sets.append((home if home is not None else -1, away if away is not None else -1))
    return sets


class PerformanceForm(BaseForm):
    version = version_field()
    value = StringField(
        _l("Thành tích"), validators=[Optional()], description=_l("Số (12.45) hoặc phút:giây (1:05.30).")
    )
    did_not_finish = BooleanField(_l("Không hoàn thành / vắng"))


class HeatSheetForm(BaseForm):
    """A whole heat at once (services/results/recording.enter_heat): its lanes' fields are
    named per performance (``value-<id>``, ``status-<id>``, ``version-<id>``), read by
    ``lane_marks``; the form itself carries the CSRF token."""


def _int_or_stale(text) -> int:
    """A lane's version as the page sent it; anything but a number reads as a stale page."""
    try:
        return int(text)
    except (TypeError, ValueError):
        return -1


def lane_marks(formdata, performance_ids) -> list[LaneMark]:
    return [
        LaneMark(
            pid,
            (formdata.get(f"value-{pid}") or "")[:30],
            (formdata.get(f"status-{pid}") or "")[:5],
            _int_or_stale(formdata.get(f"version-{pid}")),
        )
        for pid in performance_ids
    ]


def game_results(formdata, game_ids) -> tuple[dict[int, str], dict[int, int]]:
    """A Swiss round's form (``result-<id>``, ``version-<id>`` per game): each game's result
    code as sent (services/results/swiss_rounds.enter_round checks it) and its version."""
    results = {gid: (formdata.get(f"result-{gid}") or "")[:5] for gid in game_ids}
    return results, {gid: _int_or_stale(formdata.get(f"version-{gid}")) for gid in game_ids}


def entry_ids_of(formdata, name: str) -> list[int]:
    """Ticked entries (``name`` repeated); anything not a number is left out (the service
    checks the rest belong to the competition)."""
    return [int(v) for v in formdata.getlist(name)[:2000] if str(v).isdigit() and len(str(v)) < 10]
