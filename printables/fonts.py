"""Be Vietnam Pro (full Vietnamese coverage), registered with reportlab once per process."""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

from fontpkg_be_vietnam_pro import ROOT
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR, BOLD, SEMIBOLD = "BeVietnamPro", "BeVietnamPro-Bold", "BeVietnamPro-SemiBold"
ITALIC, BOLD_ITALIC = "BeVietnamPro-Italic", "BeVietnamPro-BoldItalic"
_FILES = {
    REGULAR: "BeVietnamPro-Regular.ttf",
    BOLD: "BeVietnamPro-Bold.ttf",
    SEMIBOLD: "BeVietnamPro-SemiBold.ttf",
    ITALIC: "BeVietnamPro-Italic.ttf",
    BOLD_ITALIC: "BeVietnamPro-BoldItalic.ttf",
}


@cache
def register() -> None:
    rl_config.useA85 = 0  # binary (not ASCII85) streams: files ~17% smaller
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(ROOT / "files" / filename)))
    # <b> and <i> in a paragraph's markup (an official document's grounds are in italics)
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)


def text(value: str) -> str:
    """reportlab draws combining marks apart: always hand it NFC text."""
    return unicodedata.normalize("NFC", value or "")


@lru_cache(maxsize=4096)
def _unit_width(value: str, font: str) -> float:
    return pdfmetrics.stringWidth(value, font, 1.0)


def width(value: str, font: str, size: float) -> float:
    """Text width in points (widths scale with the size: measured once at 1 pt, cached)."""
    return _unit_width(value, font) * size


def fit_size(value: str, font: str, max_width: float, largest: float, smallest: float) -> float | None:
    """The largest size (in 0.5 pt steps) at which ``value`` fits on one line, or None."""
    full = width(value, font, 1.0)
    if full == 0:
        return largest
    size = min(largest, int(2 * max_width / full) / 2)
    return size if size >= smallest else None


def split_lines(
    value: str, font: str, max_width: float, largest: float, smallest: float, max_lines: int
) -> tuple[list[str], float]:
    """Lines and one size so that ``value`` fits ``max_lines`` lines of ``max_width``: never cut.

    One line is preferred while it can stay at two thirds of ``largest``; then the largest
    size (0.5 pt steps, down to ``smallest``) at which the words wrap into 2, 3… lines,
    balanced; if even that fails the size keeps shrinking, and only a word wider than a
    whole line (no spaces to break at) is broken inside.
    """
    value = " ".join(text(value).split())
    words = value.split(" ")
    floors = [max(smallest, largest * 2 / 3)] + [smallest] * (max_lines - 1)
    for allowed, floor in enumerate(floors, start=1):
        size = largest
        while size >= floor:
            lines = _wrap(words, font, size, max_width)
            if lines is not None and len(lines) <= allowed:
                return _rebalance(lines, words, font, size, max_width), size
            size -= 0.5
    size = smallest - 0.5
    while size >= 4:
        lines = _wrap(words, font, size, max_width)
        if lines is not None and len(lines) <= max_lines:
            return lines, size
        size -= 0.5
    size = smallest
    while True:
        lines = _hard_wrap(value, font, max_width, size)
        if len(lines) <= max_lines or size <= 3:
            return lines, size
        size -= 0.5


def _rebalance(lines: list[str], words: list[str], font: str, size: float, max_width: float) -> list[str]:
    """Greedy wrap leaves a short last line; even the lines out when they still fit."""
    if len(lines) < 2:
        return lines
    balanced = _balanced(words, len(lines), font)
    return balanced if all(width(line, font, size) <= max_width for line in balanced) else lines


def _wrap(words: list[str], font: str, size: float, max_width: float) -> list[str] | None:
    """Greedy word wrap at ``size``; None when a single word is wider than a line."""
    lines: list[str] = []
    current = ""
    for word in words:
        if width(word, font, size) > max_width:
            return None
        candidate = f"{current} {word}" if current else word
        if width(candidate, font, size) <= max_width:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def _balanced(words: list[str], n: int, font: str) -> list[str]:
    """Split words into at most n lines of similar width (greedy on the target width)."""
    target = width(" ".join(words), font, 1.0) / n
    lines, current = [], []
    for word in words:
        candidate = " ".join([*current, word])
        if current and width(candidate, font, 1.0) > target * 1.08 and len(lines) < n - 1:
            lines.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    lines.append(" ".join(current))
    return lines


def _hard_wrap(value: str, font: str, max_width: float, size: float) -> list[str]:
    """Break anywhere, character by character (a name with one endless word)."""
    lines, current = [], ""
    for ch in value:
        if width(current + ch, font, size) > max_width and current:
            lines.append(current)
            current = ch.lstrip()
        else:
            current += ch
    lines.append(current)
    return lines
