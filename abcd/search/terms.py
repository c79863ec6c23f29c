"""What was typed, as the search engines see it: words folded (case and accents) and grouped with synonyms.

Pure: no Flask, no database. The folding matches SQLite's ``unicode61 remove_diacritics 2`` tokenizer and
PostgreSQL's ``lower(unaccent())`` closely enough that "Côr", "COR" and "cor" are one word everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Letters and digits only: both engines split words on everything else (the underscore included).
_WORD = re.compile(r"[^\W_]+")
MAX_GROUPS = 8  # a sentence pasted into the box is searched by its first words, not refused


def fold(text: str) -> str:
    """Lower case without accents: "Gwnïo Côr" -> "gwnio cor"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text)))


@lru_cache(maxsize=4096)
def name_words(name: str) -> tuple[str, ...]:
    """``words`` for a short name folded on every search (wards, authorities, skills and their synonyms):
    remembered by the name itself, so a renamed ward or a new synonym is folded afresh, never stale."""
    return words(name)


@dataclass(frozen=True)
class Alternative:
    """A word or phrase that satisfies a group; ``prefix``: its last word may be the start of a longer one."""

    words: tuple[str, ...]
    prefix: bool = True


@dataclass(frozen=True)
class Group:
    """One typed word and what else may stand for it (a skill's names, found through a synonym)."""

    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class Terms:
    """Every group must match (AND); within a group any alternative (OR)."""

    groups: tuple[Group, ...]

    def __bool__(self) -> bool:
        return bool(self.groups)


def parse_terms(text: str, synonyms: dict[str, tuple[tuple[str, ...], ...]] | None = None) -> Terms:
    """``text`` as word-prefix groups. ``synonyms`` maps a folded word (or the whole folded phrase) to the
    word tuples that may stand for it: "guitar" -> (("music",), ("cerddoriaeth",))."""
    synonyms = synonyms or {}
    typed = words(text)[:MAX_GROUPS]
    phrase = " ".join(typed)
    if len(typed) > 1 and phrase in synonyms:  # "litter picking": the phrase is one term of the vocabulary
        alternatives = (Alternative(typed), *(Alternative(names) for names in synonyms[phrase]))
        return Terms((Group(_unique(alternatives)),))
    groups = tuple(
        Group(_unique((Alternative((word,)), *(Alternative(names) for names in synonyms.get(word, ())))))
        for word in typed
    )
    return Terms(groups)


def matches(terms: Terms, *texts: str | None) -> bool:
    """The engines' rule in Python, for things listed from memory (the partner finder's candidates): every
    group has an alternative whose words stand together in one of ``texts``, the last as a word's start."""
    found = [words(text) for text in texts if text]

    def present(alt: Alternative, seen: tuple[str, ...]) -> bool:
        size = len(alt.words)
        for start in range(len(seen) - size + 1):
            here = seen[start : start + size]
            if here[:-1] == alt.words[:-1] and (
                here[-1].startswith(alt.words[-1]) if alt.prefix else here[-1] == alt.words[-1]
            ):
                return True
        return False

    return all(any(present(alt, seen) for alt in group.alternatives for seen in found) for group in terms.groups)


def _unique(alternatives: tuple[Alternative, ...]) -> tuple[Alternative, ...]:
    return tuple(dict.fromkeys(alternatives))


def fts5_query(terms: Terms) -> str:
    """SQLite FTS5 MATCH syntax; every word is quoted, so nothing typed is read as an operator."""

    def alternative(alt: Alternative) -> str:
        return f'"{" ".join(alt.words)}"' + (" *" if alt.prefix else "")

    return " AND ".join("(" + " OR ".join(alternative(a) for a in g.alternatives) + ")" for g in terms.groups)


def tsquery(terms: Terms) -> str:
    """PostgreSQL ``to_tsquery('simple', ...)`` syntax; words are letters and digits only, so safe to join."""

    def alternative(alt: Alternative) -> str:
        last = alt.words[-1] + (":*" if alt.prefix else "")
        return "(" + " <-> ".join((*alt.words[:-1], last)) + ")"

    return " & ".join("(" + " | ".join(alternative(a) for a in g.alternatives) + ")" for g in terms.groups)
