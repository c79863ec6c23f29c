"""Cleaning text from users before it reaches the database or a query."""

from __future__ import annotations

import re

# C0 controls other than tab, newline and carriage return, plus DEL: never legitimate in our text.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_forbidden_characters(text: str) -> bool:
    return bool(_FORBIDDEN.search(text))


def clean_query(text: str | None, max_length: int = 100) -> str:
    """A search term from a URL: control characters dropped, trimmed, bounded in length."""
    if not text:
        return ""
    return _FORBIDDEN.sub("", text).strip()[:max_length]


def like_pattern(text: str) -> str:
    """``text`` as a LIKE pattern matching anywhere, with the wildcards users type taken literally
    (pair with ``escape="\\"``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


LARGEST_NUMBER = 2**31 - 1  # PostgreSQL's INTEGER: ids, versions and counts all fit


def whole_number(raw: object) -> int | None:
    """A whole number typed or posted as ASCII digits (0 to 2**31 - 1), else None. ``str.isdigit`` alone
    lets "²" through, which ``int`` then refuses, and an unbounded number overflows the database."""
    if not isinstance(raw, str) or not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        return None
    number = int(raw)
    return number if number <= LARGEST_NUMBER else None
