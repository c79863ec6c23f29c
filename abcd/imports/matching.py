"""Which rows of a sheet may already exist: a small local check (the same normalised name at the same
postcode, among existing records and earlier rows). One function, so the duplicates scorer
(abcd/duplicates) can take its place without the preview changing."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from abcd.assets.models import Asset, AssetStatus
from abcd.extensions import db
from abcd.imports.mapping import fold

_CHUNK = 500  # bound parameters per IN (SQLite allows 999 in older builds)
_SAINT = re.compile(r"\bsaint\b")


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


def name_key(name: str) -> str:
    """'St. Mellons Library' and 'St Mellons library' give the same key; so does 'Saint Mellons Library'."""
    return _SAINT.sub("st", fold(name))


def possible_duplicates(rows: Sequence[Candidate]) -> dict[int, list[Match]]:
    """{row number: what it may duplicate} for the rows that may already exist; rows with no postcode are
    not compared (the local check blocks on postcode)."""
    postcodes = sorted({row.postcode for row in rows if row.postcode})
    existing: dict[tuple[str, str], list[Match]] = {}
    for start in range(0, len(postcodes), _CHUNK):
        query = sa.select(Asset.asset_id, Asset.name_en, Asset.postcode).where(
            Asset.postcode.in_(postcodes[start : start + _CHUNK]), Asset.status != AssetStatus.ARCHIVED
        )
        for asset_id, name, postcode in db.session.execute(query):
            existing.setdefault((name_key(name), postcode), []).append(Match(name, asset_id=asset_id))
    found: dict[int, list[Match]] = {}
    earlier: dict[tuple[str, str], Candidate] = {}
    for row in rows:
        if not row.postcode:
            continue
        key = (name_key(row.name), row.postcode)
        matches = list(existing.get(key, []))
        if key in earlier:
            matches.append(Match(earlier[key].name, row_number=earlier[key].row_number))
        else:
            earlier[key] = row
        if matches:
            found[row.row_number] = matches
    return found
