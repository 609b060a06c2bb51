"""The prize page's POST, parsed: amounts typed as people write money ("1.500.000",
"1 500 000", "1500000đ"), each refused by name when it is not an amount."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from services.errors import DomainError
from services.labels import place_key_label
from services.papers.awards import PLACE_KEYS, PrizeData

OVERALL_RANKS = ("1", "2", "3", "4", "5", "6")
_MONEY = re.compile(r"\d{1,12}")


def amount(form, name: str, where: str) -> int | None:
    """The amount in field ``name``: None when empty; a DomainError naming ``where`` otherwise."""
    typed = (form.get(name) or "").strip()
    plain = re.sub(r"(?i)(đồng|vnđ|vnd|đ)$", "", re.sub(r"[\s.,]", "", typed))
    if not plain:
        return None
    if not _MONEY.fullmatch(plain):
        raise DomainError(_("%(w)s: “%(v)s” không phải số tiền (ví dụ 1.500.000).", w=where, v=typed[:30]), field=name)
    return int(plain)


def places(form, prefix: str, where: str, keys=PLACE_KEYS) -> dict[str, int | None]:
    return {k: amount(form, f"{prefix}-{k}", f"{where} – {place_key_label(k)}") for k in keys}


def prize_data(form, competitions) -> PrizeData:
    return PrizeData(
        competitions={c.id: places(form, f"c{c.id}", c.name) for c in competitions},
        overall={r: amount(form, f"o-{r}", _("Toàn đoàn – hạng %(n)s", n=r)) for r in OVERALL_RANKS},
        shared_split=form.get("shared_split") == "1",
        version=form.get("version", ""),
    )


def fill_amounts(form) -> tuple[dict[str, int | None], dict[str, int | None], bool]:
    """The quick fill: (singles and pairs, teams, overwrite amounts already set)."""
    return (
        places(form, "i", _("Cá nhân, đôi")),
        places(form, "t", _("Đồng đội")),
        form.get("every") == "1",
    )
