"""The scan API's contract, declared once with pydantic v2: the request a phone sends is
validated by ``ScanRequest`` (each refusal a 400 naming the field, in the phone's language),
and the OpenAPI document (blueprints/api/openapi.py) is generated from these same models.
Answers are built by the services (services/checkin/); their models here describe them, and
schemathesis checks every answer against the document (tests/http/test_api_schema.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from services.checkin.outcomes import OFFLINE, ScanOutcome

_CONTROL = re.compile(r"[\x00-\x1f]")

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
OfflineOutcome = Literal[tuple(o.value for o in ScanOutcome if o in OFFLINE)]  # type: ignore[valid-type]
Outcome = Literal[tuple(o.value for o in ScanOutcome)]  # type: ignore[valid-type]


# --- the request ---------------------------------------------------------------------------


class ScanRequest(BaseModel):
    """One scan a phone sends (POST /scans); other keys are ignored."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    code: str = Field(
        min_length=1,
        max_length=200,
        description="The scanned token, or the 7-character short code (spaces around ignored)",
    )
    client_scan_id: str = Field(pattern=UUID_PATTERN, json_schema_extra={"format": "uuid"})
    scanned_at: datetime | None = Field(
        default=None, description="When the phone scanned it, with its offset (offline scans are late)"
    )
    checkpoint_id: StrictInt | None = None
    offline_outcome: OfflineOutcome | None = Field(  # type: ignore[valid-type]
        default=None, description="The phone's own verdict, when it judged offline"
    )

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if _CONTROL.search(value):  # a NUL cannot even be stored by PostgreSQL
            raise PydanticCustomError("control_character", "control character")
        if not value.strip():
            raise PydanticCustomError("missing", "empty")
        return value.strip()

    @field_validator("client_scan_id")
    @classmethod
    def _scan_id(cls, value: str) -> str:
        return value.lower()

    @field_validator("scanned_at", mode="before")
    @classmethod
    def _moment(cls, value: Any) -> datetime | None:
        """An ISO 8601 text with its offset, as UTC; "" or null: none (the server's clock)."""
        if value in (None, ""):
            return None
        if not isinstance(value, str):
            raise PydanticCustomError("not_a_time", "not a time")
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                raise ValueError(value)
            return moment.astimezone(UTC)  # OverflowError for a time before year 1 in UTC
        except (ValueError, OverflowError):
            raise PydanticCustomError("not_a_time", "not a time") from None


# What a refusal says, by field (and the error's type where one field has several).
MESSAGES = {
    ("code", "control_character"): _l("Mã quét có ký tự điều khiển không hợp lệ."),
    ("code", None): _l("Thiếu mã quét (code)."),
    ("client_scan_id", None): _l("client_scan_id phải là một UUID."),
    ("scanned_at", None): _l("scanned_at phải là thời điểm ISO 8601 có múi giờ."),
    ("checkpoint_id", None): _l("checkpoint_id phải là một số nguyên."),
    ("offline_outcome", None): _l("offline_outcome không hợp lệ."),
}


def first_problem(error: ValidationError) -> tuple[str, str]:
    """(field, message) of the first thing wrong, in the order the fields are declared."""
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else "code"
    message = MESSAGES.get((name, first["type"])) or MESSAGES.get((name, None)) or MESSAGES[("code", None)]
    return name, str(message)


# --- the answers ---------------------------------------------------------------------------


class Error(BaseModel):
    error: str
    field: str | None = None
    request_id: str | None = None


class Person(BaseModel):
    id: int
    full_name: str
    unit: str
    unit_code: str
    role: str
    role_label: str


class PersonWithCode(Person):
    short_code: str


class Checkpoint(BaseModel):
    id: int
    name: str
    kind: str | None = None
    frequency: str | None = None


class FirstCheckIn(BaseModel):
    at: datetime | None = None
    checkpoint: str | None = None


class ScanResult(BaseModel):
    """The verdict (the first one, for a repeated client_scan_id)."""

    client_scan_id: str
    outcome: Outcome  # type: ignore[valid-type]
    colour: Literal["green", "amber", "red"]
    message: str
    scanned_at: datetime
    checkpoint: Checkpoint
    person: Person | None
    first_check_in: FirstCheckIn | None


class CheckpointStatus(BaseModel):
    checkpoint: Checkpoint
    people_admitted: int
    admitted_today: int | None = None
    scans: int
    outcomes: dict[str, int]


class People(BaseModel):
    people: list[PersonWithCode]


class OutcomeNames(BaseModel):
    """ScanOutcome: names → values, values → colours."""

    names: dict[str, Any]
    colours: dict[str, Any]


class Window(BaseModel):
    """The checkpoint's hours, applied by the phone at the moment of each scan."""

    active: bool
    opens_at: datetime | None
    closes_at: datetime | None
    reason: list[str] = Field(description="[outcome, why] of a scan outside the hours")
    utc_offset_minutes: int = Field(description="The event's offset from UTC: a daily slot is a local date")


class OfflineList(BaseModel):
    format: Literal[3]
    checkpoint: Checkpoint
    window: Window
    generated_at: datetime = Field(description="The server's clock: the phone corrects its own by it")
    version: datetime
    sequence: int = Field(description="The last admission here the list surely holds (the server's order)")
    key: str
    full: bool
    outcomes: OutcomeNames
    units: list[str]
    roles: list[str]
    reasons: list[list[str]] = Field(description="[outcome, why] of each refusal")
    badges: list[Annotated[list[Any], Field(min_length=7, max_length=7)]] = Field(
        description="[token hash, short-code hash, name, unit index, role index, reason index (-1: not refused "
        'for who they are), latest slot admitted here ("": none; "once" or a local date)]; a hash is 9 bytes '
        "of SHA-256 in base64url"
    )
    removed: list[str]
