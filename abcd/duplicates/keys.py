"""Comparison keys for names and contact details: pure, no Flask, no database.

Names are keyed the way OpenRefine clusters values: a *fingerprint* (accents folded, case and punctuation
set aside, tokens sorted and de-duplicated) for exact collisions, and the set of character *n-grams* of the
spaceless name for near ones. Before keying, words that mean the same in English and Welsh naming are made
one ("St", "St.", "Saint", "Sant" → "st"), joining words are dropped, and a bracketed suffix such as
"(demo)" is removed, so "St. Mellons Library" and "St Mellons library" share a fingerprint.
"""

from __future__ import annotations

import re
import unicodedata

# One spelling for words that name the same thing; joining words and articles carry no identity.
SAME_WORD = {"saint": "st", "sant": "st", "sain": "st", "&": "and", "ac": "and", "centre": "center"}
NO_IDENTITY = frozenset({"the", "and", "of", "y", "yr", "r", "a"})
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_TOKEN = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, accents folded to their base letter (ŵ → w, é → e), the ampersand kept as a word."""
    decomposed = unicodedata.normalize("NFKD", text.replace("&", " and "))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def name_tokens(name: str | None) -> list[str]:
    """The name's meaningful words, in order: folded, bracketed suffixes and joining words gone."""
    if not name:
        return []
    words = (SAME_WORD.get(word, word) for word in _TOKEN.findall(fold(_BRACKETED.sub(" ", name))))
    return [word for word in words if word not in NO_IDENTITY]


def fingerprint(name: str | None) -> str:
    """The name's fingerprint: its words sorted, each once. Equal fingerprints mean the same name."""
    return " ".join(sorted(set(name_tokens(name))))


def ngrams(name: str | None, size: int = 2) -> frozenset[str]:
    """The character n-grams of the name with its words run together (OpenRefine's n-gram key, as a set)."""
    joined = "".join(name_tokens(name))
    if len(joined) <= size:
        return frozenset({joined}) if joined else frozenset()
    return frozenset(joined[i : i + size] for i in range(len(joined) - size + 1))


def likeness(first: frozenset[str], second: frozenset[str]) -> float:
    """How alike two n-gram sets are, 0 to 1 (Dice's coefficient)."""
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def phone_key(phone: str | None) -> str | None:
    """A phone number as its digits, +44 written as the national 0; too short to identify anything: None."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits if len(digits) >= 6 else None


def email_key(email: str | None) -> str | None:
    cleaned = (email or "").strip().casefold()
    return cleaned if "@" in cleaned else None


def website_key(website: str | None) -> str | None:
    """A web address without its scheme, "www.", query or trailing slash."""
    cleaned = (website or "").strip().casefold()
    cleaned = re.sub(r"^[a-z]+://", "", cleaned)
    cleaned = cleaned.removeprefix("www.").split("?")[0].split("#")[0].rstrip("/")
    return cleaned or None


def postcode_key(postcode: str | None) -> str | None:
    cleaned = re.sub(r"\s", "", (postcode or "").upper())
    return cleaned or None


def postcode_district(postcode: str | None) -> str | None:
    """The outward code ("CF3" of "CF3 0AB"): the block a record is compared within, beside its ward."""
    cleaned = postcode_key(postcode)
    if cleaned is None or len(cleaned) < 5:
        return None
    return cleaned[:-3]
