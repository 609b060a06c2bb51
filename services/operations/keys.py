"""The session key's strength, judged once for the app's start in production (app.py) and for
``doctor`` (doctor.py): a key anyone can guess lets anyone forge a session."""

from __future__ import annotations

import math
from collections import Counter

DEFAULT_SECRET = "dev-secret-change-me"
MIN_LENGTH = 32  # characters
MIN_DISTINCT = 10  # different characters: "a" * 32 or "abab…" are not random
MIN_BITS = 100  # its characters' Shannon entropy, summed: token_hex(32) has ~250, token_hex(16) ~125
ADVICE = "python3 -c 'import secrets; print(secrets.token_hex(32))'"


def weakness(secret: str | None) -> str | None:
    """Why ``secret`` is too weak for production (Vietnamese), or None."""
    secret = (secret or "").strip()
    if secret == DEFAULT_SECRET:
        return "đang dùng SECRET_KEY mặc định"
    if len(secret) < MIN_LENGTH:
        return f"SECRET_KEY chỉ có {len(secret)} ký tự, cần ít nhất {MIN_LENGTH}"
    counts = Counter(secret)
    bits = -sum(n * math.log2(n / len(secret)) for n in counts.values())
    repeated = secret in (secret + secret)[1:-1]  # a shorter string over and over ("0123456789" * 4)
    if repeated or len(counts) < MIN_DISTINCT or bits < MIN_BITS:
        return f"SECRET_KEY lặp lại, dễ đoán ({len(counts)} ký tự khác nhau, ~{max(bits, 0.0):.0f} bit)"
    return None
