"""The daily reminders as a background job: started when a worker starts, then again every day after it ran."""

from __future__ import annotations

import logging

from flask import Flask

from abcd.extensions import db
from abcd.jobs import runner as jobs
from abcd.upkeep.reminders import send_reminders

log = logging.getLogger(__name__)
REMIND_JOB_ID = "upkeep-reminders"
DAY = 24 * 3600


@jobs.background(retries=2, retry_delays=(300, 3600), timeout=1800)
def remind_job() -> None:
    report = send_reminders()
    db.session.commit()
    log.info("Upkeep reminders: %d record(s), %d email(s)", report.records, report.emails)


def schedule_reminders(delay: float = 0) -> bool:
    """Queue the reminders (once: a pending run is not doubled); cron can run `flask abcd upkeep remind` instead."""
    return jobs.enqueue(remind_job, REMIND_JOB_ID, delay=delay)


remind_job.then(lambda: schedule_reminders(delay=DAY))


def init_app(app: Flask) -> None:
    jobs.on_worker_start(app, schedule_reminders)
