"""Which rows of a sheet may already exist, by the duplicates feature's scorer (abcd/duplicates/scoring.py),
blocked by postcode so a 10,000-row sheet costs one query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from abcd.assets.models import Asset, AssetStatus
from abcd.duplicates.scoring import SHOWN_FROM, Record, score_pair
from abcd.extensions import db

_CHUNK = 500  # bound parameters per IN (SQLite allows 999 in older builds)


@dataclass(frozen=True)
class Candidate:
    """A row that would create a record: its spreadsheet row number, name and postcode."""

    row_number: int
    name: str
    postcode: str | None


@dataclass(frozen=True)
class Match:
    """What a candidate may duplicate: an existing record, or an earlier row of the same sheet."""

    name: str
    asset_id: int | None = None
    row_number: int | None = None


def possible_duplicates(rows: Sequence[Candidate]) -> dict[int, list[Match]]:
    """{row number: what it may duplicate} for the rows that may already exist, scored by the duplicates
    feature's scorer (names in English and Welsh by fingerprint and n-grams, "St." and "Saint" alike, a
    "(demo)" suffix set aside) within the same postcode, among existing records and earlier rows. One
    query for the whole sheet; rows with no postcode are not compared."""
    postcodes = sorted({row.postcode for row in rows if row.postcode})
    existing: dict[str, list[tuple[Record, Match]]] = defaultdict(list)
    for start in range(0, len(postcodes), _CHUNK):
        query = sa.select(Asset.asset_id, Asset.name_en, Asset.name_cy, Asset.postcode).where(
            Asset.postcode.in_(postcodes[start : start + _CHUNK]), Asset.status != AssetStatus.ARCHIVED
        )
        for asset_id, name_en, name_cy, postcode in db.session.execute(query):
            names = tuple(name for name in (name_en, name_cy) if name)
            existing[postcode].append((Record(asset_id, names, postcode), Match(name_en, asset_id=asset_id)))
    found: dict[int, list[Match]] = {}
    earlier: dict[str, list[tuple[Record, Match]]] = defaultdict(list)
    for row in rows:
        if not row.postcode:
            continue
        me = Record(None, (row.name,), row.postcode)
        matches = [
            match
            for other, match in (*existing[row.postcode], *earlier[row.postcode])
            if score_pair(me, other).score >= SHOWN_FROM
        ]
        earlier[row.postcode].append((me, Match(row.name, row_number=row.row_number)))
        if matches:
            found[row.row_number] = matches
    return found
