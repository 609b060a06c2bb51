"""All tables, one module per area. Import from here."""

from models.accounts import LoginFailure, User
from models.base import Base, utcnow
from models.enums import (
    Category,
    CompetitionFormat,
    EventKind,
    Gender,
    PersonRole,
    UnitKind,
    UserRole,
)
from models.organisation import Event, Season, Unit, Venue
from models.registration import Competition, Entry, EntryMember, Person, Sport

__all__ = [
    "Base",
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
    "Season",
    "Sport",
    "Unit",
    "UnitKind",
    "User",
    "UserRole",
    "Venue",
    "utcnow",
]
