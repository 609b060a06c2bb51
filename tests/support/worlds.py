"""The worlds tests start from, built once here through the factories: most of them are two
units of the Đắk Lắk federation, the 2024 games, and their accounts."""

from __future__ import annotations

from extensions import db
from models import Event, Unit, UserRole
from tests.support import factories as f


def two_units(slug: str = "hoi-thao-2024") -> tuple[Unit, Unit, Event]:
    """LĐLĐ huyện Lắk (LAK) and LĐLĐ thành phố Buôn Ma Thuột (BMT), and one event."""
    lak, bmt = f.unit("LAK", "LĐLĐ huyện Lắk"), f.unit("BMT", "LĐLĐ thành phố Buôn Ma Thuột")
    return lak, bmt, f.event(slug)


def accounts(lak: Unit, bmt: Unit | None = None, admin: str = "admin") -> None:
    """Organisers cb.lak (and cb.bmt) and an admin, all with the factories' password (committed)."""
    db.session.commit()
    f.user("cb.lak", unit=lak)
    if bmt is not None:
        f.user("cb.bmt", unit=bmt)
    f.user(admin, role=UserRole.ADMIN)
