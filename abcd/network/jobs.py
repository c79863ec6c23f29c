"""The network's background jobs: connector scores, communities and positions recomputed once enough has
changed or enough time has passed, by the job runner, never inside a request.

After each commit that appended to the change feed, one cheap query on the feed's head decides:
``METRICS_AFTER_CHANGES`` changes since the metrics, or any change to metrics older than
``METRICS_MAX_AGE`` seconds (or none yet), enqueue the refresh now; fewer changes to younger metrics
schedule a check for the moment they come of age, so one lone write is reflected within that age.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from abcd.extensions import db
from abcd.jobs import runner as jobs
from abcd.models_base import utcnow
from abcd.network import refresh
from abcd.network.feed import FEED_APPENDED
from abcd.network.models import GRAPH_STATE_ID, GRAPH_STATE_TABLE

log = logging.getLogger(__name__)
REFRESH_JOB_ID = "network-metrics-refresh"
CHECK_JOB_ID = "network-metrics-check-{}"  # one per moment the metrics come of age: never deduplicated away


@dataclass(frozen=True)
class MetricsLag:
    changes: int  # feed transactions since the metrics were computed (all of them, when never)
    computed_at: datetime | None

    def due_at(self, after_changes: int, max_age: int) -> datetime | None:
        """When a refresh is due (now, or earlier, when due already); None when the metrics describe the
        current graph."""
        if self.changes <= 0:
            return None
        if self.computed_at is None or self.changes >= after_changes:
            return datetime.min
        return self.computed_at + timedelta(seconds=max_age)


def metrics_lag() -> MetricsLag:
    """Read the feed's head on a connection of its own (it is called right after a commit)."""
    head = GRAPH_STATE_TABLE
    query = sa.select(head.c.version, head.c.metrics_version, head.c.metrics_computed_at).where(
        head.c.graph_state_id == GRAPH_STATE_ID
    )
    with db.engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        return MetricsLag(0, None)
    version, metrics_version, computed_at = row
    if metrics_version is None or computed_at is None:
        return MetricsLag(version or 0, None)
    return MetricsLag(max(0, (version or 0) - metrics_version), computed_at)


@jobs.background(retries=2, retry_delays=(60, 300), timeout=3600)
def refresh_metrics_job() -> None:
    report = refresh.refresh_metrics()
    db.session.commit()
    log.info("Network metrics refreshed for graph version %d in %.1f s", report.version, report.seconds["total"])


@jobs.background(retries=0, timeout=60)
def check_metrics_job() -> None:
    schedule_metrics()


def schedule_metrics() -> bool:
    """Enqueue the refresh when it is due, or a check for when it will be; True when a refresh was
    enqueued. Never raises: called after commits, whose work is done by then."""
    if not jobs.enabled():
        return False
    try:
        config = current_app.config
        due = metrics_lag().due_at(int(config["METRICS_AFTER_CHANGES"]), int(config["METRICS_MAX_AGE"]))
        if due is None:
            return False
        wait = (due - utcnow()).total_seconds()
        if wait <= 0:
            return jobs.enqueue(refresh_metrics_job, REFRESH_JOB_ID)
        # The id names the moment, so every write before it shares one check; +1 s lands it past that moment.
        jobs.enqueue(check_metrics_job, CHECK_JOB_ID.format(due.strftime("%Y%m%d%H%M%S%f")), delay=wait + 1)
    except Exception:
        log.exception("Could not schedule the network metrics refresh")
    return False


refresh_metrics_job.then(schedule_metrics)  # changes made while it ran


def metrics_refreshing() -> bool:
    """Whether a refresh is queued or running (for pages that say how fresh the metrics are)."""
    return jobs.enabled() and jobs.is_pending(REFRESH_JOB_ID)


@event.listens_for(Session, "after_commit")
def _schedule_after_commit(session: Session) -> None:
    if session.info.pop(FEED_APPENDED, False) and has_app_context():
        schedule_metrics()


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(FEED_APPENDED, None)  # a commit that failed after the feed was written


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(metrics_refreshing=metrics_refreshing)
    jobs.on_worker_start(app, schedule_metrics)  # writes made while no worker ran
