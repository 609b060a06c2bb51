"""Value sets stored as short strings. Labels shown to people live in services.labels."""

from enum import StrEnum


class EventKind(StrEnum):
    GAMES = "games"
    FESTIVAL = "festival"


class UnitKind(StrEnum):
    DISTRICT = "district"  # LĐLĐ huyện, thị xã, thành phố
    SECTORAL = "sectoral"  # Công đoàn ngành
    GRASSROOTS = "grassroots"  # CĐCS trực thuộc tỉnh


class UserRole(StrEnum):
    ADMIN = "admin"
    ORGANISER = "organiser"
    VOLUNTEER = "volunteer"
    OFFICIAL = "official"


class Gender(StrEnum):
    MALE = "male"
    FEMALE = "female"


class Category(StrEnum):
    MEN = "men"
    WOMEN = "women"
    MIXED = "mixed"


class CompetitionFormat(StrEnum):
    SINGLE = "single"
    PAIR = "pair"
    TEAM = "team"


class PersonRole(StrEnum):
    ATHLETE = "athlete"
    COACH = "coach"
    TEAM_LEADER = "team_leader"
    PERFORMER = "performer"
    WORKER = "worker"
    GUEST = "guest"


class RegistrationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class CheckpointKind(StrEnum):
    GATE = "gate"
    VENUE = "venue"
    BOOTH = "booth"


class Frequency(StrEnum):
    ONCE = "once"
    DAILY = "daily"
    UNLIMITED = "unlimited"
