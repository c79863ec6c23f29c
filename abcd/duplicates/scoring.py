"""Scoring a pair of records as possible duplicates, with the reasons: pure, no Flask, no database.

Candidates are only ever compared within a block (the same ward or postcode district, see
``abcd.duplicates.services``), and within a block only when they share a name word, a word's first
letters or a contact detail, so the number of comparisons stays close to the number of records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

from abcd.duplicates import keys

SIMILAR_NAME = 0.8  # n-gram likeness from which names count as "very alike"
SHOWN_FROM = 0.5  # a pair is offered as a possible duplicate from this score
WEIGHTS = {"name": 0.6, "postcode": 0.15, "phone": 0.25, "email": 0.25, "website": 0.2}
_COMMON_KEY_LIMIT = 40  # a key shared by more records than this in one block identifies nothing


@dataclass(frozen=True)
class Reason:
    """One matching part of a pair: ``code`` names it (same_name, similar_name, same_postcode, same_phone,
    same_email, same_website), ``detail`` is what matched (a postcode, a number) or a percentage."""

    code: str
    detail: str = ""


@dataclass(frozen=True)
class Record:
    """The comparable parts of an asset (or of a record not yet saved: ``record_id`` None)."""

    record_id: int | None
    names: tuple[str, ...]
    postcode: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    fingerprints: frozenset[str] = field(init=False)
    grams: tuple[frozenset[str], ...] = field(init=False)

    def __post_init__(self) -> None:
        names = tuple(name for name in self.names if keys.name_tokens(name))
        object.__setattr__(self, "fingerprints", frozenset(keys.fingerprint(name) for name in names))
        object.__setattr__(self, "grams", tuple(keys.ngrams(name) for name in names))

    def index_keys(self) -> set[str]:
        """What a record is looked up by within its block: its name words, their first four letters, and
        its contact details."""
        found: set[str] = set()
        for name in self.names:
            for word in keys.name_tokens(name):
                found.update({f"w:{word}", f"p:{word[:4]}"})
        contacts = (("t", keys.phone_key(self.phone)), ("e", keys.email_key(self.email)))
        found.update(f"{kind}:{value}" for kind, value in (*contacts, ("u", keys.website_key(self.website))) if value)
        return found


@dataclass(frozen=True)
class Match:
    first: Record
    second: Record
    score: float
    reasons: tuple[Reason, ...]


def name_likeness(first: Record, second: Record) -> float:
    """1 when any English or Welsh name of one has the fingerprint of a name of the other; otherwise the
    best n-gram likeness between any of their names, in either language."""
    if first.fingerprints & second.fingerprints:
        return 1.0
    return max((keys.likeness(a, b) for a in first.grams for b in second.grams), default=0.0)


def score_pair(first: Record, second: Record) -> Match:
    """How likely two records are one, 0 to 1, and every part that matched."""
    reasons: list[Reason] = []
    score = 0.0
    likeness = name_likeness(first, second)
    if first.fingerprints & second.fingerprints:
        reasons.append(Reason("same_name"))
    elif likeness >= SIMILAR_NAME:
        # Equal n-gram sets from different words ("Menders", "Mender") are alike, not the same.
        reasons.append(Reason("similar_name", f"{min(round(likeness * 100), 99)}"))
    if likeness >= SIMILAR_NAME:
        score += WEIGHTS["name"] * likeness
    pairs = (
        ("postcode", keys.postcode_key, first.postcode, second.postcode),
        ("phone", keys.phone_key, first.phone, second.phone),
        ("email", keys.email_key, first.email, second.email),
        ("website", keys.website_key, first.website, second.website),
    )
    for part, key, mine, theirs in pairs:
        value = key(mine)
        if value is not None and value == key(theirs):
            reasons.append(Reason(f"same_{part}", (mine or "").strip()))
            score += WEIGHTS[part]
    return Match(first, second, round(min(score, 1.0), 3), tuple(reasons))


def score_candidates(subject: Record, candidates: Iterable[Record]) -> list[Match]:
    """The candidates that may be ``subject`` again, best first (ties by record id)."""
    matches = (score_pair(subject, other) for other in candidates if other.record_id != subject.record_id)
    shown = [match for match in matches if match.score >= SHOWN_FROM]
    return sorted(shown, key=lambda match: (-match.score, match.second.record_id or 0))


def _comparable_pairs(block: list[Record]) -> Iterator[tuple[Record, Record]]:
    """Pairs of one block sharing at least one index key that is not common to the whole block."""
    by_key: dict[str, list[Record]] = defaultdict(list)
    for record in block:
        for key in record.index_keys():
            by_key[key].append(record)
    seen: set[tuple[int, int]] = set()
    for sharing in by_key.values():
        if len(sharing) > _COMMON_KEY_LIMIT:
            continue
        for first, second in combinations(sharing, 2):
            pair = (min(first.record_id or 0, second.record_id or 0), max(first.record_id or 0, second.record_id or 0))
            if pair not in seen:
                seen.add(pair)
                yield (first, second) if (first.record_id or 0) < (second.record_id or 0) else (second, first)


def pairs_within(blocks: Iterable[list[Record]]) -> list[Match]:
    """Every possible duplicate pair within the blocks (a pair found in two blocks counts once), best first."""
    found: dict[tuple[int, int], Match] = {}
    for block in blocks:
        for first, second in _comparable_pairs(block):
            pair = (first.record_id or 0, second.record_id or 0)
            if pair in found:
                continue
            match = score_pair(first, second)
            if match.score >= SHOWN_FROM:
                found[pair] = match
    return sorted(found.values(), key=lambda m: (-m.score, m.first.record_id or 0, m.second.record_id or 0))
