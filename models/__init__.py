"""All tables, one module per area. Import from here."""

from models.accounts import LoginFailure, User
from models.badges import Badge
from models.base import Base, utcnow
from models.certificates import Certificate, CertificateStyle
from models.checkin import CheckIn, Checkpoint, Device, Scan, volunteer_checkpoint
from models.enums import (
    Category,
    CertificateKind,
    CheckpointKind,
    CompetitionFormat,
    EventKind,
    Frequency,
    Gender,
    MatchStage,
    MediaKind,
    OverallRule,
    ParticipationRule,
    PersonRole,
    RegistrationStatus,
    ResultFormat,
    ScoringPreset,
    ThirdPlace,
    UnitKind,
    UserRole,
)
from models.media import MediaItem, MediaUpload
from models.organisation import Court, Event, Season, Unit, Venue
from models.registration import AuditLog, Competition, Entry, EntryMember, Person, Registration, Sport
from models.results import CompetitionPlan, Match, Performance, ResultChange, competition_official

__all__ = [
    "MediaItem",
    "MediaKind",
    "MediaUpload",
    "Certificate",
    "CertificateKind",
    "CertificateStyle",
    "ParticipationRule",
    "CompetitionPlan",
    "Match",
    "MatchStage",
    "OverallRule",
    "Performance",
    "ResultChange",
    "ResultFormat",
    "ScoringPreset",
    "ThirdPlace",
    "competition_official",
    "AuditLog",
    "Badge",
    "Base",
    "CheckIn",
    "Checkpoint",
    "CheckpointKind",
    "Device",
    "Frequency",
    "Scan",
    "volunteer_checkpoint",
    "Category",
    "Competition",
    "CompetitionFormat",
    "Entry",
    "EntryMember",
    "Event",
    "EventKind",
    "Gender",
    "LoginFailure",
    "Person",
    "PersonRole",
    "Registration",
    "RegistrationStatus",
    "Season",
    "Sport",
    "Unit",
    "UnitKind",
    "User",
    "UserRole",
    "Venue",
    "Court",
    "utcnow",
]
