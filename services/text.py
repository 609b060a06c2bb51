"""Vietnamese text: NFC normalisation on the way in, and Vietnamese sort order.

Names sort the way Vietnamese lists do: by the given name (the last word), then by the
rest, in the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v
x y); letters are compared first, tones (ngang, huyền, hỏi, ngã, sắc, nặng) only break
ties.
"""

from __future__ import annotations

import unicodedata

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: 20 + i for i, ch in enumerate(ALPHABET)}
# Combining marks that make a new letter (breve, circumflex, horn).
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tone marks in dictionary order: huyền, hỏi, ngã, sắc, nặng (ngang = 0).
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def nfc(value: str | None) -> str:
    """NFC-normalise and trim; collapse runs of inner whitespace to one space."""
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def name_key(full_name: str) -> str:
    """What two spellings of one name share: NFC, single spaces, case-folded."""
    return nfc(full_name).casefold()


def search_key(text: str) -> str:
    """What a search compares: no accents or tone marks, đ as d, case-folded, single spaces —
    "hung" finds Hùng and Hưng, as people type on a phone. Never used to decide that two
    people are the same (name_key is)."""
    folded = "".join(
        ch for ch in unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
        if not unicodedata.combining(ch)
    )  # fmt: skip
    return folded.casefold()


def _char_rank(ch: str) -> int:
    if ch.isspace():
        return 0
    if ch.isdigit():
        return 1 + int(ch) if ch.isascii() else 11
    return _LETTER_RANK.get(ch, 100 + ord(ch))


def word_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(letters, tones) of ``text`` for Vietnamese ordering; case-insensitive."""
    letters: list[int] = []
    tones: list[int] = []
    for cluster in unicodedata.normalize("NFD", text.lower()):
        if cluster in _TONE_RANK:
            if tones:
                tones[-1] = _TONE_RANK[cluster]
            continue
        if cluster in _LETTER_MARKS and letters:
            base = _base_of(letters[-1])
            composed = unicodedata.normalize("NFC", base + cluster)
            letters[-1] = _char_rank(composed)
            continue
        letters.append(_char_rank(cluster))
        tones.append(0)
    return tuple(letters), tuple(tones)


def _base_of(rank: int) -> str:
    return ALPHABET[rank - 20] if 20 <= rank < 20 + len(ALPHABET) else ""


def name_sort_key(full_name: str) -> tuple:
    """Sort key for a Vietnamese personal name: given name first, then the rest."""
    words = nfc(full_name).split(" ")
    given, rest = words[-1], " ".join(words[:-1])
    g_letters, g_tones = word_key(given)
    r_letters, r_tones = word_key(rest)
    return (g_letters, g_tones, r_letters, r_tones, full_name)


def text_sort_key(text: str) -> tuple:
    """Sort key for any Vietnamese text (unit names, competitions) in reading order."""
    letters, tones = word_key(nfc(text))
    return (letters, tones, text)
