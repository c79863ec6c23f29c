"""Large imports in the background: the confirmed batch is re-validated and written by a job, which
reports how many rows it has checked; the batch page shows that progress."""

from __future__ import annotations

import logging

from flask import current_app

from abcd.auth.models import User
from abcd.database import refresh_statistics
from abcd.extensions import db
from abcd.imports import services
from abcd.imports.models import BatchStatus, ImportBatch, ImportMode
from abcd.jobs import runner as jobs

log = logging.getLogger(__name__)


def runs_in_background(batch: ImportBatch) -> bool:
    return batch.rows_total > int(current_app.config["IMPORT_BACKGROUND_ROWS"]) and jobs.enabled()


def queue(batch: ImportBatch, preview_fingerprint: str) -> None:
    """Mark the batch queued (the caller commits, then calls ``enqueue``)."""
    batch.status = BatchStatus.QUEUED
    batch.rows_done = 0
    batch.message = preview_fingerprint  # what the job checks before writing; replaced by its outcome


def enqueue(batch_id: int) -> bool:
    return jobs.enqueue(run_import, f"import:{batch_id}", batch_id)


@jobs.background(retries=0, timeout=1800)
def run_import(batch_id: int) -> None:
    """Write a queued batch; a refusal or failure is recorded on the batch for the officer to read."""
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.status is not BatchStatus.QUEUED:
        return
    actor = db.session.get(User, batch.created_by_id) if batch.created_by_id else None
    expected, mode = batch.message or "", batch.mode or ImportMode.ALL_OR_NOTHING
    batch.status, batch.message = BatchStatus.RUNNING, None
    db.session.commit()
    try:
        _write(batch, actor, expected, mode)
    except Exception:
        db.session.rollback()
        log.exception("Import batch %s failed", batch_id)
        failed = db.session.get(ImportBatch, batch_id)
        if failed is not None:
            failed.status, failed.message = BatchStatus.FAILED, "error"
            db.session.commit()


def _write(batch: ImportBatch, actor: User | None, expected: str, mode: ImportMode) -> None:
    if actor is None:
        batch.status, batch.message = BatchStatus.FAILED, "no_actor"
        db.session.commit()
        return

    def checked(rows: int) -> None:
        batch.rows_done = rows
        db.session.commit()  # nothing is written yet while rows are checked: progress can be seen

    db.session.info["actor_id"] = actor.user_id
    preview = services.preview_batch(batch, actor, progress=checked)
    batch.rows_done = batch.rows_total
    db.session.commit()
    if preview.fingerprint() != expected:
        batch.status, batch.message = BatchStatus.UPLOADED, "preview_changed"
        db.session.commit()
        return
    try:
        services.commit_preview(batch, preview, actor, mode, batch.include_duplicates)
    except services.BatchError as error:
        db.session.rollback()
        batch = db.session.get(ImportBatch, batch.batch_id) or batch
        batch.status = BatchStatus.REFUSED if error.code == "rows_refused" else BatchStatus.UPLOADED
        batch.message = error.code
    db.session.commit()
    if refresh_statistics(db.session.connection()):  # a large import can change which index serves best
        db.session.commit()
