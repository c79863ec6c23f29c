"""The dry run: every row of a sheet labelled New, Update, Unchanged, Invalid or Possible duplicate, with
each update's fields before and after. Reads the database, never writes it."""

from __future__ import annotations

import enum
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from abcd import permissions
from abcd.areas.models import Postcode
from abcd.areas.services import Location, LocationError, locate_point, normalise_postcode
from abcd.assets import rules
from abcd.assets.models import Asset, AssetKind, AssetStatus, Theme
from abcd.assets.services import AssetInput, resolve_location
from abcd.changes.services import EDITABLE_FIELDS, LOCATION_FIELDS, asset_values, changed_fields
from abcd.extensions import db
from abcd.imports import mapping
from abcd.imports.mapping import ASSET_ID, REF, VERSION, Issue, ParsedRow, Plan
from abcd.imports.matching import Candidate, Match, possible_duplicates
from abcd.imports.sheets import Sheet

_CHUNK = 500
Progress = Callable[[int], None]


class Label(enum.StrEnum):
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    INVALID = "invalid"
    DUPLICATE = "duplicate"  # would be new, but may already exist


@dataclass
class RowResult:
    number: int
    cells: tuple[str, ...]
    label: Label = Label.NEW
    issues: list[Issue] = field(default_factory=list)
    diff: list[tuple[str, Any, Any]] = field(default_factory=list)  # (field, before, after) of an update
    values: dict[str, Any] = field(default_factory=dict)  # what a write sets: all for new, the changes for update
    asset_id: int | None = None
    asset_version: int | None = None
    source_ref: str | None = None
    duplicates: list[Match] = field(default_factory=list)


@dataclass
class Preview:
    sheet: Sheet
    plan: Plan
    rows: list[RowResult]
    problems: list[Any]  # why the plan cannot be used at all; then there are no rows

    @property
    def totals(self) -> dict[Label, int]:
        counted = Counter(row.label for row in self.rows)
        return {label: counted.get(label, 0) for label in Label}

    def fingerprint(self) -> str:
        """Changes when the file, the mapping or any row's outcome changes: what confirming checks."""
        outcome = [(r.number, r.label.value, r.asset_id, r.asset_version, sorted(r.values)) for r in self.rows]
        text = json.dumps([dict(self.plan.columns), dict(self.plan.constants), self.plan.source, outcome])
        return hashlib.sha256(text.encode()).hexdigest()


def build_preview(sheet: Sheet, plan: Plan, actor: Any, progress: Progress | None = None) -> Preview:
    """Label every row of ``sheet`` read by ``plan`` as ``actor`` would import it."""
    problems = mapping.plan_problems(plan, sheet)
    if problems:
        return Preview(sheet, plan, [], problems)
    indexes = {column: sheet.columns.index(column) for column in plan.columns}
    themes = mapping.themes_by_word(list(db.session.scalars(sa.select(Theme))))
    parsed = [mapping.parse_row(row, plan, indexes, themes) for row in sheet.rows]
    known = _Known.load(parsed, plan)
    results = []
    for count, row in enumerate(parsed, start=1):
        results.append(_classify(row, plan, actor, known))
        if progress and count % 500 == 0:
            progress(count)
    _mark_duplicates(results, parsed)
    return Preview(sheet, plan, results, [])


@dataclass
class _Known:
    """Existing records the sheet may name, and its postcodes, loaded in a few queries (not one per row)."""

    by_id: dict[int, Asset]
    by_ref: dict[str, Asset]
    by_name: dict[tuple[str, str], Asset]
    seen_keys: dict[str, int] = field(default_factory=dict)  # a key already used by an earlier row

    @classmethod
    def load(cls, parsed: list[ParsedRow], plan: Plan) -> _Known:
        ids = {row.values[ASSET_ID] for row in parsed if row.values.get(ASSET_ID)}
        refs = {_source_ref(plan, row.values[REF]) for row in parsed if row.values.get(REF)}
        postcodes = {normalise_postcode(row.values.get("postcode") or "") for row in parsed} - {None}
        by_id = {a.asset_id: a for a in _assets(Asset.asset_id, ids)}
        by_ref = {a.source_ref: a for a in _assets(Asset.source_ref, refs) if a.source_ref}
        by_name: dict[tuple[str, str], Asset] = {}
        if "name_en" in plan.fields() and not plan.fields() & {ASSET_ID, REF}:
            for asset in _assets(Asset.postcode, postcodes):
                by_name.setdefault((asset.name_en.casefold(), asset.postcode or ""), asset)
        for chunk in _chunks(postcodes):
            list(db.session.scalars(sa.select(Postcode).where(Postcode.postcode.in_(chunk))))  # into the identity map
        return cls(by_id, by_ref, by_name)


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _assets(column: Any, values: Iterable[Any]) -> list[Asset]:
    found: list[Asset] = []
    for chunk in _chunks(values):
        query = sa.select(Asset).where(column.in_(chunk)).options(selectinload(Asset.themes))
        found += db.session.scalars(query)
    return found


def _source_ref(plan: Plan, ref: str) -> str:
    return f"{plan.source}:{ref}"[:120]


def _issue(row: ParsedRow, name: str, message: Any, result: RowResult) -> None:
    column = row.columns.get(name) or mapping.label(name)
    result.issues.append(Issue(column, str(row.values.get(name) or ""), message))


def _classify(row: ParsedRow, plan: Plan, actor: Any, known: _Known) -> RowResult:
    result = RowResult(row.row.number, row.row.cells, issues=list(row.issues))
    existing = _find_existing(row, plan, known, result)
    current = asset_values(existing) if existing else {}
    merged = {**current, **{k: v for k, v in row.values.items() if k in EDITABLE_FIELDS}}
    if existing is None:
        merged.setdefault("status", AssetStatus.PUBLISHED.value)
        if not merged.get("kind"):
            _issue(row, "kind", _l("Choose the kind of asset."), result)
    if row.values.get("status") == AssetStatus.PENDING.value and (existing is None or current["status"] != "pending"):
        _issue(row, "status", _l("Use one of: published, draft, archived."), result)
    _locate(row, merged, existing, result)
    if existing is not None and not permissions.acts_for_authority(actor, existing.la_code):
        _issue(row, ASSET_ID if ASSET_ID in row.values else REF, _l("This record is outside your authority."), result)
    elif merged.get("la_code") and not permissions.acts_for_authority(actor, merged["la_code"]):
        _issue(row, "postcode", _l("This place is outside your authority."), result)
    if merged.get("kind") and not result.issues:
        for violation in rules.check(_input(merged)):
            _issue(row, violation.field, violation.message, result)
    touched = set(row.values) & set(EDITABLE_FIELDS) | (set(LOCATION_FIELDS) if "la_code" in merged else set())
    if existing is not None:
        changed = sorted(changed_fields(current, {k: merged[k] for k in touched if k in merged}))
        version = row.values.get(VERSION)
        if changed and version is not None and version != existing.version:
            message = _l("This record was changed after your export (it is now version %(now)d): export it again.",
                         now=existing.version)  # fmt: skip
            _issue(row, VERSION, message, result)
        result.asset_id, result.asset_version = existing.asset_id, existing.version
        result.values = {name: merged[name] for name in changed}
        result.diff = [(name, current.get(name), merged[name]) for name in changed]
        result.label = Label.UPDATE if changed else Label.UNCHANGED
    else:
        result.values = {k: v for k, v in merged.items() if k in EDITABLE_FIELDS}
        if row.values.get(REF):
            result.source_ref = _source_ref(plan, row.values[REF])
    if result.issues:
        result.label = Label.INVALID
    return result


def _find_existing(row: ParsedRow, plan: Plan, known: _Known, result: RowResult) -> Asset | None:
    """The record a row names: by our record number, by the source's id, or by exact name and postcode."""
    key: str | None = None
    existing: Asset | None = None
    if row.values.get(ASSET_ID):
        key = f"id:{row.values[ASSET_ID]}"
        existing = known.by_id.get(row.values[ASSET_ID])
        if existing is None:
            _issue(row, ASSET_ID, _l("There is no record with this number."), result)
    elif row.values.get(REF):
        key = _source_ref(plan, row.values[REF])
        existing = known.by_ref.get(key)
    elif REF in plan.fields():
        _issue(row, REF, _l("Every row needs its id."), result)
    elif known.by_name and row.values.get("name_en"):
        postcode = normalise_postcode(row.values.get("postcode") or "") or ""
        existing = known.by_name.get((row.values["name_en"].casefold(), postcode))
        key = f"name:{row.values['name_en'].casefold()}:{postcode}" if existing else None
    if key is not None:
        if key in known.seen_keys:
            _issue(row, ASSET_ID if ASSET_ID in row.values else REF,
                   _l("Row %(row)d already has this id.", row=known.seen_keys[key]), result)  # fmt: skip
        known.seen_keys.setdefault(key, row.row.number)
    return existing


_LOCATION_MESSAGES = {
    "invalid_postcode": _l("This is not a UK postcode."),
    "unknown_postcode": _l("This postcode was not found."),
    "outside_area": _l("This place is outside Cardiff, Newport and the Vale of Glamorgan."),
    "no_boundaries": _l("Give a postcode: places cannot be found from a point until boundaries are loaded."),
    "no_location": _l("Enter a postcode, or a latitude and longitude."),
}


def _locate(row: ParsedRow, merged: dict[str, Any], existing: Asset | None, result: RowResult) -> None:
    """Postcode, point, ward and authority of the row, when it gives a place (or is new)."""
    gives_place = bool({"postcode", "latitude", "longitude"} & set(row.values))
    if existing is not None and not gives_place:
        return
    if any(i.column == row.columns.get(name) for i in result.issues for name in ("postcode", "latitude", "longitude")):
        return
    try:
        location = _location(merged)
    except LocationError as error:
        name = "postcode" if merged.get("postcode") or error.code != "outside_area" else "latitude"
        _issue(row, name, _LOCATION_MESSAGES.get(error.code, _LOCATION_MESSAGES["no_location"]), result)
        return
    merged.update(
        postcode=location.postcode, latitude=location.latitude, longitude=location.longitude,
        ward_code=location.ward_code, la_code=location.la_code,
    )  # fmt: skip


def _location(values: dict[str, Any]) -> Location:
    """As a form places a record (a postcode wins over a point), except that a postcode missing from our table
    (retired since the sheet was made) yields to the row's point, keeping the postcode as written."""
    try:
        return resolve_location(_input(values))
    except LocationError as error:
        has_point = values.get("latitude") is not None and values.get("longitude") is not None
        if error.code != "unknown_postcode" or not has_point:
            raise
    found = locate_point(values["latitude"], values["longitude"])
    postcode = normalise_postcode(values.get("postcode") or "")
    return Location(found.latitude, found.longitude, found.la_code, found.ward_code, postcode)


def _input(values: dict[str, Any]) -> AssetInput:
    text: dict[str, Any] = {name: values.get(name) for name in mapping.TEXT}
    text["name_en"] = text["name_en"] or ""
    return AssetInput(
        kind=AssetKind(values.get("kind") or AssetKind.PLACE.value), latitude=values.get("latitude"),
        longitude=values.get("longitude"), theme_ids=list(values.get("themes") or []),
        status=AssetStatus(values.get("status") or AssetStatus.PUBLISHED.value), **text,
    )  # fmt: skip


def _mark_duplicates(results: list[RowResult], parsed: list[ParsedRow]) -> None:
    new = [r for r in results if r.label is Label.NEW]
    candidates = [Candidate(r.number, r.values.get("name_en") or "", r.values.get("postcode")) for r in new]
    found = possible_duplicates(candidates)
    for result in new:
        if result.number in found:
            result.label, result.duplicates = Label.DUPLICATE, found[result.number]
