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


class ResultFormat(StrEnum):
    ROUND_ROBIN = "round_robin"  # one group, everyone plays everyone
    GROUPS_KNOCKOUT = "groups_knockout"  # groups, then the best of each into a knockout
    KNOCKOUT = "knockout"  # single elimination
    RANKED = "ranked"  # times, distances or judges' points
    SWISS = "swiss"  # rounds paired by score, FIDE's Dutch system (chess, Chinese chess)


class ScoringPreset(StrEnum):
    BADMINTON = "badminton"
    VOLLEYBALL = "volleyball"
    GAS_VOLLEYBALL = "gas_volleyball"  # bóng chuyền hơi: its own sets (21, deciding 15)
    TABLE_TENNIS = "table_tennis"
    TENNIS = "tennis"
    FOOTBALL = "football"
    TUG_OF_WAR = "tug_of_war"
    CHESS = "chess"  # a game: 1, ½ or 0 (cờ tướng, cờ vua)
    SCORE = "score"  # any other sport: a score per side, the higher wins


class ThirdPlace(StrEnum):
    SHARED = "shared"  # both losing semi-finalists are third (two bronzes)
    MATCH = "match"  # a third-place match
    NONE = "none"


class MatchStage(StrEnum):
    GROUP = "group"
    KNOCKOUT = "knockout"
    THIRD_PLACE = "third_place"
    SWISS = "swiss"  # a game of a Swiss round: home plays white (Red), away black; no away: the bye


class OverallRule(StrEnum):
    MEDALS = "medals"  # the medal table's order: gold, then silver, then bronze
    POINTS = "points"  # points per placement, summed


class CertificateKind(StrEnum):
    PARTICIPATION = "participation"  # giấy chứng nhận tham gia
    AWARD = "award"  # a placing in a competition (team, or a team member)
    OVERALL = "overall"  # a unit's place in the overall ranking


class ParticipationRule(StrEnum):
    CHECKED_IN = "checked_in"  # admitted at least once at a checkpoint
    REGISTERED = "registered"


class MediaKind(StrEnum):
    PHOTO = "photo"
    VIDEO = "video"
