"""Import batches: taking a file in, its mapping (saved per source), confirming a preview, writing the rows
through the governed write path, and undoing a batch. Services never commit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from abcd import permissions
from abcd.assets.models import Asset, AssetStatus, Theme
from abcd.audit.models import AuditEntry
from abcd.auth.models import User
from abcd.changes.models import Channel
from abcd.changes.services import EDITABLE_FIELDS, WriteContext, apply_values
from abcd.errors import DomainError
from abcd.extensions import db
from abcd.imports import mapping
from abcd.imports.mapping import Plan
from abcd.imports.models import BatchStatus, ImportBatch, ImportMapping, ImportMode
from abcd.imports.preview import Label, Preview, Progress, build_preview
from abcd.imports.sheets import Sheet, read_sheet
from abcd.links.models import Link
from abcd.models_base import utcnow
from abcd.partners.models import VenueOffer


class BatchError(DomainError):
    """An import the service refuses. Codes: file_changed, preview_changed, plan (``problems``),
    rows_refused (``held``), nothing_to_import (``unchanged``), not_allowed, not_undoable."""


def file_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def start_batch(content: bytes, file_name: str, actor: User, source: str | None = None) -> tuple[ImportBatch, Sheet]:
    """A new batch for an uploaded file, mapped by the source's saved mapping or automatically.
    Raises SheetError when the file cannot be read."""
    sheet = read_sheet(content, file_name)
    batch = ImportBatch(created_by_id=actor.user_id, file_name=file_name[:255], file_hash=file_hash(content),
                        content=content, rows_total=len(sheet.rows))  # fmt: skip
    source = source or saved_source_for(sheet.columns)
    apply_plan(batch, default_plan(sheet, source))
    db.session.add(batch)
    db.session.flush()
    return batch, sheet


def replace_file(batch: ImportBatch, content: bytes, file_name: str) -> Sheet:
    """A corrected file into the same batch, keeping its mapping where the columns still exist."""
    sheet = read_sheet(content, file_name)
    batch.content, batch.file_name, batch.file_hash = content, file_name[:255], file_hash(content)
    batch.rows_total = len(sheet.rows)
    plan = plan_of(batch)
    kept = {column: name for column, name in plan.columns.items() if column in sheet.columns}
    apply_plan(batch, Plan(kept or mapping.auto_map(sheet.columns), plan.constants, plan.source))
    return sheet


def sheet_of(batch: ImportBatch) -> Sheet:
    return read_sheet(batch.content, batch.file_name)


def plan_of(batch: ImportBatch) -> Plan:
    return Plan(dict(batch.columns or {}), dict(batch.constants or {}), batch.source)


def apply_plan(batch: ImportBatch, plan: Plan) -> None:
    batch.columns, batch.constants, batch.source = dict(plan.columns), dict(plan.constants), plan.source


def default_plan(sheet: Sheet, source: str | None) -> Plan:
    """The source's saved mapping (its columns that this sheet has), else columns matched by name."""
    saved = find_mapping(source) if source else None
    if saved is not None:
        columns = {column: name for column, name in saved.columns.items() if column in sheet.columns}
        return Plan(columns, dict(saved.constants), saved.source)
    return Plan(mapping.auto_map(sheet.columns), {}, source)


def find_mapping(source: str) -> ImportMapping | None:
    return db.session.scalar(sa.select(ImportMapping).where(ImportMapping.source == source))


def saved_source_for(columns: tuple[str, ...]) -> str | None:
    """The source whose saved mapping uses exactly these columns, if one does."""
    for saved in db.session.scalars(sa.select(ImportMapping).order_by(ImportMapping.updated_at.desc())):
        if saved.columns and set(saved.columns) <= set(columns) and len(saved.columns) >= len(columns) // 2:
            return saved.source
    return None


def save_mapping(plan: Plan, actor: User) -> ImportMapping | None:
    """Remember the plan under its source's name (None without a source)."""
    if not plan.source:
        return None
    saved = find_mapping(plan.source) or ImportMapping(source=plan.source)
    saved.columns, saved.constants, saved.updated_by_id = dict(plan.columns), dict(plan.constants), actor.user_id
    db.session.add(saved)
    db.session.flush()
    return saved


def mappings() -> list[ImportMapping]:
    return list(db.session.scalars(sa.select(ImportMapping).order_by(ImportMapping.source)))


def preview_batch(batch: ImportBatch, actor: User, progress: Progress | None = None) -> Preview:
    preview = build_preview(sheet_of(batch), plan_of(batch), actor, progress)
    batch.counts = {label.value: n for label, n in preview.totals.items()}
    return preview


# --- writing --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0
    held: list[int] = field(default_factory=list)  # spreadsheet row numbers not imported

    def counts(self) -> dict[str, int]:
        return {"created": len(self.created), "updated": len(self.updated), "unchanged": self.unchanged,
                "held": len(self.held)}  # fmt: skip


def importable(preview: Preview, include_duplicates: bool) -> set[Label]:
    return {Label.NEW, Label.UPDATE} | ({Label.DUPLICATE} if include_duplicates else set())


def commit_preview(
    batch: ImportBatch, preview: Preview, actor: User, mode: ImportMode, include_duplicates: bool = False,
    progress: Progress | None = None,
) -> Outcome:  # fmt: skip
    """Write the rows of ``preview``: all or nothing (raises rows_refused when any row would be held), or
    the rows that can be imported, holding the rest. Raises nothing_to_import when nothing would change,
    so an import never reports success with no rows."""
    if preview.problems:
        raise BatchError("plan", problems=preview.problems)
    wanted = importable(preview, include_duplicates)
    held = [row.number for row in preview.rows if row.label not in wanted and row.label is not Label.UNCHANGED]
    batch.mode, batch.include_duplicates = mode, include_duplicates
    if held and mode is ImportMode.ALL_OR_NOTHING:
        batch.status = BatchStatus.REFUSED
        raise BatchError("rows_refused", held=len(held))
    outcome = Outcome(unchanged=preview.totals[Label.UNCHANGED], held=held)
    rows = [row for row in preview.rows if row.label in wanted]
    if not rows:
        raise BatchError("nothing_to_import", unchanged=outcome.unchanged, held=len(held))
    ctx = WriteContext(actor, Channel.IMPORT, f"import:{batch.batch_id}")
    assets = {a.asset_id: a for a in _load([r.asset_id for r in rows if r.asset_id])}
    for count, row in enumerate(rows, start=1):
        if row.asset_id is None:
            source = preview.plan.source if row.source_ref else None
            asset = Asset(created_by_id=actor.user_id, themes=[], status=AssetStatus(row.values["status"]),
                          source=source, source_ref=row.source_ref)  # fmt: skip
            db.session.add(asset)
            apply_values(asset, row.values, ctx)
            outcome.created.append(asset.asset_id)
        else:
            apply_values(assets[row.asset_id], row.values, ctx)
            outcome.updated.append(row.asset_id)
        if progress and count % 500 == 0:
            progress(count)
    batch.status, batch.committed_at = BatchStatus.COMMITTED, utcnow()
    batch.counts = {**{label.value: n for label, n in preview.totals.items()}, **outcome.counts()}
    return outcome


def _load(asset_ids: list[int]) -> list[Asset]:
    found: list[Asset] = []
    for start in range(0, len(asset_ids), 500):
        found += db.session.scalars(sa.select(Asset).where(Asset.asset_id.in_(asset_ids[start : start + 500])))
    return found


def confirm(
    batch: ImportBatch, actor: User, expected_hash: str, expected_preview: str, mode: ImportMode,
    include_duplicates: bool = False,
) -> Outcome:  # fmt: skip
    """Confirm a preview: refused when the file or any row's outcome changed since it was shown
    (file_changed, preview_changed); otherwise re-validated and written by ``commit_preview``."""
    check_can_import(batch, actor)
    if batch.file_hash != expected_hash:
        raise BatchError("file_changed")
    preview = preview_batch(batch, actor)
    if preview.fingerprint() != expected_preview:
        raise BatchError("preview_changed")
    return commit_preview(batch, preview, actor, mode, include_duplicates)


def check_can_import(batch: ImportBatch, actor: User) -> None:
    if batch.status not in (BatchStatus.UPLOADED, BatchStatus.REFUSED):
        raise BatchError("not_allowed")


# --- undo -----------------------------------------------------------------------------------------


@dataclass
class UndoOutcome:
    reverted: list[int] = field(default_factory=list)
    kept: list[tuple[int, str]] = field(default_factory=list)  # (asset id, reason code: edited, linked, gone)


def batch_entries(batch: ImportBatch) -> list[AuditEntry]:
    query = sa.select(AuditEntry).where(
        AuditEntry.entity_type == Asset.__tablename__, AuditEntry.channel == Channel.IMPORT.value,
        AuditEntry.channel_ref == f"import:{batch.batch_id}",
    )  # fmt: skip
    return list(db.session.scalars(query.order_by(AuditEntry.audit_id.desc())))


def undo_batch(batch: ImportBatch, actor: User) -> UndoOutcome:
    """Revert what the batch created (removed) and updated (earlier values back), for every record with no
    later edit; the others are listed with why they were kept. Raises not_undoable."""
    if batch.status is not BatchStatus.COMMITTED or not can_undo(actor, batch):
        raise BatchError("not_undoable")
    ctx = WriteContext(actor, Channel.IMPORT, f"undo:{batch.batch_id}")
    themes = {t.slug: t.theme_id for t in db.session.scalars(sa.select(Theme))}
    outcome = UndoOutcome()
    for entry in batch_entries(batch):
        asset = db.session.get(Asset, entry.entity_id)
        reason = _why_kept(asset, entry, actor)
        if asset is None or reason:
            outcome.kept.append((entry.entity_id, reason or "gone"))
            continue
        if entry.action == "create":
            ctx.begin()
            db.session.delete(asset)
            db.session.flush()
        else:
            apply_values(asset, _earlier_values(entry, themes), ctx)
        outcome.reverted.append(entry.entity_id)
    batch.status, batch.undone_at, batch.undone_by_id = BatchStatus.UNDONE, utcnow(), actor.user_id
    return outcome


def _why_kept(asset: Asset | None, entry: AuditEntry, actor: User) -> str:
    if asset is None:
        return "gone"
    if asset.version != entry.entity_version:
        return "edited"
    if not permissions.acts_for_authority(actor, asset.la_code):
        return "not_allowed"
    if entry.action == "create" and _is_linked(asset.asset_id):
        return "linked"
    return ""


def _is_linked(asset_id: int) -> bool:
    links = sa.select(Link.link_id).where(sa.or_(Link.source_asset_id == asset_id, Link.target_asset_id == asset_id))
    offers = sa.select(VenueOffer.venue_offer_id).where(VenueOffer.asset_id == asset_id)
    return db.session.scalar(links.limit(1)) is not None or db.session.scalar(offers.limit(1)) is not None


def _earlier_values(entry: AuditEntry, themes: dict[str, int]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, (old, _new) in (entry.changes or {}).items():
        if name == "themes":
            values[name] = sorted(themes[slug] for slug in old or [] if slug in themes)
        elif name in EDITABLE_FIELDS:
            values[name] = old
    return values


# --- who may --------------------------------------------------------------------------------------


def can_import(user: Any) -> bool:
    return permissions.is_officer(user)


def can_see_batch(user: Any, batch: ImportBatch) -> bool:
    """The officer who uploaded it, and admins."""
    return permissions.is_admin(user) or (permissions.is_officer(user) and batch.created_by_id == user.user_id)


def can_undo(user: Any, batch: ImportBatch) -> bool:
    return can_see_batch(user, batch)


def batches_for(user: User, limit: int = 50) -> list[ImportBatch]:
    query = sa.select(ImportBatch).order_by(ImportBatch.batch_id.desc()).limit(limit)
    if not permissions.is_admin(user):
        query = query.where(ImportBatch.created_by_id == user.user_id)
    return list(db.session.scalars(query))
