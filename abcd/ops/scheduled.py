"""The recurring jobs `flask abcd scheduler` starts (the times are ABCD_JOBS_SCHEDULE): the network
metrics check, the upkeep reminders, consent lapse and re-confirmation reminders, backups, and the
database's planner statistics.

Each is a background job (retried once after a pause, then kept as failed for the officers' jobs page),
started through the runner so a run still pending is never doubled."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask, current_app

from abcd.backup.services import backup_database
from abcd.database import refresh_statistics
from abcd.extensions import db
from abcd.jobs import runner as jobs
from abcd.jobs.scheduler import recurring
from abcd.network.jobs import schedule_metrics
from abcd.people.consent import hide_lapsed_listings
from abcd.people.reminders import send_reconfirm_reminders
from abcd.upkeep.jobs import schedule_reminders

log = logging.getLogger(__name__)


@jobs.background(retries=1, retry_delays=(120,), timeout=900)
def consent_lapse_job() -> None:
    hidden = hide_lapsed_listings()
    db.session.commit()
    log.info("Consent lapse: %d listing(s) hidden awaiting re-confirmation", hidden)


@jobs.background(retries=1, retry_delays=(300,), timeout=1800)
def consent_reminders_job() -> None:
    reminded = send_reconfirm_reminders(int(current_app.config["REMIND_DAYS_BEFORE"]))
    db.session.commit()
    log.info("Consent reminders: %d person(s) asked to re-confirm", reminded)


def backup_folder() -> Path | None:
    configured = str(current_app.config.get("BACKUP_DIR") or "")
    return Path(configured) if configured else None


@jobs.background(retries=1, retry_delays=(600,), timeout=3600)
def backup_job() -> None:
    """The whole database to BACKUP_DIR/abcd-<UTC time>.zip; only the newest BACKUP_KEEP are kept."""
    folder = backup_folder()
    if folder is None:
        log.warning("Backup skipped: set ABCD_BACKUP_DIR")
        return
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"abcd-{datetime.now(UTC):%Y%m%d-%H%M%S}.zip"
    manifest = backup_database(target)
    log.info("Backup written to %s (%d tables)", target, len(manifest.tables))
    keep = max(1, int(current_app.config["BACKUP_KEEP"]))
    for old in sorted(folder.glob("abcd-*.zip"))[:-keep]:
        old.unlink(missing_ok=True)


@jobs.background(retries=1, retry_delays=(300,), timeout=900)
def statistics_job() -> None:
    """SQLite's planner statistics, gathered again when the assets have grown or shrunk (abcd.database)."""
    if refresh_statistics(db.session.connection()):
        db.session.commit()
        log.info("Query planner statistics gathered again")


def init_app(app: Flask) -> None:
    recurring(app, "metrics", schedule_metrics)
    recurring(app, "upkeep-reminders", schedule_reminders)
    recurring(app, "consent-lapse", lambda: jobs.enqueue(consent_lapse_job, "consent-lapse"))
    recurring(app, "consent-reminders", lambda: jobs.enqueue(consent_reminders_job, "consent-reminders"))
    recurring(app, "backup", lambda: jobs.enqueue(backup_job, "backup"))
    recurring(app, "statistics", lambda: jobs.enqueue(statistics_job, "statistics"))
