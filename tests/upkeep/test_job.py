"""The reminders as a background job: run by the in-process runner, then scheduled again for the next day."""

from __future__ import annotations

import time

from flask import Flask

from abcd.jobs import runner as jobs
from abcd.upkeep.jobs import REMIND_JOB_ID, schedule_reminders
from tests.mailserver import Mailbox
from tests.upkeep.records import group_with_organiser


def test_the_reminder_job_sends_what_is_due_and_schedules_tomorrows_run(thread_app: Flask, mailbox: Mailbox) -> None:
    with thread_app.app_context():
        group_with_organiser()
        assert schedule_reminders()
    [message] = mailbox.wait_for("organiser@example.org", timeout=30)
    assert "still up to date" in str(message["Subject"])
    deadline = time.monotonic() + 30
    with thread_app.app_context():
        while not jobs.is_pending(REMIND_JOB_ID):  # the follow-up, a day later, once this run released its id
            assert time.monotonic() < deadline, "the next day's run was not scheduled"
            time.sleep(0.05)
        assert not schedule_reminders(), "one pending run at a time"
