"""Jobs on Redis with a real worker process: a failing job is retried once after a pause, then lands in the
dead-letter list (RQ's failed registry), which officers see on /officer/jobs with the reason and can run
again (a CSRF-protected form); the scheduler starts recurring jobs once per cron slot however many run."""

from __future__ import annotations

import math
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq.registry import FailedJobRegistry, FinishedJobRegistry

from abcd.config import ConfigError
from abcd.jobs import runner as jobs
from abcd.jobs.redis_runner import RedisRunner
from abcd.jobs.scheduler import Scheduler, parse_schedule
from tests.conftest import login
from tests.factories import PASSWORD, Cast
from tests.ops import failing
from tests.ops.worker import REPO, flask, running_worker, worker_env
from tests.rendered_forms import submit


def _wait_for(condition: Callable[[], bool], seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.1)


def test_a_failing_job_is_retried_once_then_listed_for_officers_who_can_run_it_again(
    make_app: Callable[..., Flask], redis_url: str, database_url: str, people: Cast, tmp_path: Path
) -> None:
    app = make_app(JOBS_BACKEND="rq", REDIS_URL=redis_url, WTF_CSRF_ENABLED=True)
    runner = jobs.runner(app)
    assert isinstance(runner, RedisRunner)
    with app.app_context():
        assert jobs.enqueue(failing.always_fails, "printer", "tray 2")
    failed = FailedJobRegistry(queue=runner.queue)
    log = tmp_path / "worker.log"
    with running_worker(worker_env(database_url, redis_url, tmp_path), log):
        _wait_for(lambda: failed.count == 1, 60, log)
    attempts = [float(t) for t in runner.connection.lrange(failing.ATTEMPTS, 0, -1)]
    assert len(attempts) == 2  # the first try and one retry
    # After the 1 s back-off. RQ keeps a retry's time in whole seconds (ScheduledJobRegistry scores by
    # calendar.timegm), so it may start up to a second early: at the earliest, the next whole second.
    assert attempts[1] >= math.floor(attempts[0]) + 1
    rq_id = failed.get_job_ids()[0]

    resident = app.test_client()
    _sign_in(resident, people.resident)
    assert resident.get("/officer/jobs/").status_code == 403
    client = app.test_client()
    _sign_in(client, people.officer_cardiff)
    page = client.get("/officer/jobs/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "printer" in html
    assert "RuntimeError: the printer is on fire (tray 2)" in html
    forged = client.post(f"/officer/jobs/{rq_id}/retry", data={})  # no CSRF token: refused, nothing queued
    assert forged.status_code == 400
    assert rq_id in failed
    done = submit(
        client, page, action=f"/officer/jobs/{rq_id}/retry", button="Run again: printer", follow_redirects=True
    )
    assert "The job is queued to run again." in done.get_data(as_text=True)
    assert rq_id not in failed
    assert rq_id in runner.queue.get_job_ids()
    again = client.post(f"/officer/jobs/{rq_id}/retry", data={"csrf_token": _token(html)}, follow_redirects=True)
    assert "cannot be run again" in again.get_data(as_text=True)


def _sign_in(client: FlaskClient, email: str) -> None:
    page = client.get("/auth/login")
    fill = {"email": email, "password": PASSWORD}
    assert submit(client, page, action="/auth/login", fill=fill).status_code == 302


def _token(html: str) -> str:
    marker = 'name="csrf_token" type="hidden" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_the_jobs_page_without_redis_says_so(make_app: Callable[..., Flask], people: Cast) -> None:
    client = make_app(JOBS_BACKEND="thread").test_client()
    login(client, people.officer_cardiff)
    html = client.get("/officer/jobs/").get_data(as_text=True)
    assert "keeps no history" in html


def test_the_schedule_is_checked() -> None:
    assert parse_schedule("backup=15 3 * * *; metrics=*/10 * * * *") == {
        "backup": "15 3 * * *",
        "metrics": "*/10 * * * *",
    }
    with pytest.raises(ConfigError):
        parse_schedule("backup=at three")


def test_schedulers_start_each_slot_once_and_a_worker_runs_it(
    make_app: Callable[..., Flask], redis_url: str, database_url: str, tmp_path: Path
) -> None:
    settings = {
        "JOBS_BACKEND": "rq",
        "REDIS_URL": redis_url,
        "JOBS_SCHEDULE": "consent-lapse=30 2 * * *;backup=15 3 * * *",
    }
    start = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
    first = Scheduler.from_config(make_app(**settings), now=start)
    second = Scheduler.from_config(make_app(**settings), now=start)  # another server's scheduler
    assert first.tick(datetime(2026, 12, 2, 2, 29, tzinfo=UTC)) == []
    assert first.tick(datetime(2026, 12, 2, 2, 31, tzinfo=UTC)) == ["consent-lapse"]
    assert second.tick(datetime(2026, 12, 2, 2, 31, 5, tzinfo=UTC)) == []  # claimed by the first
    assert first.tick(datetime(2026, 12, 2, 2, 45, tzinfo=UTC)) == []  # once per slot
    assert sorted(second.tick(datetime(2026, 12, 2, 3, 16, tzinfo=UTC))) == ["backup"]
    runner = jobs.runner(first.app)
    assert isinstance(runner, RedisRunner)
    waiting = [job.args[1] for job in runner.queue.get_jobs()]
    assert sorted(waiting) == ["backup", "consent-lapse"]

    env = worker_env(database_url, redis_url, tmp_path)
    burst = subprocess.run(flask("worker", "--burst"), cwd=REPO, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert burst.returncode == 0, burst.stdout[-2000:] + burst.stderr[-2000:]
    finished = FinishedJobRegistry(queue=runner.queue)
    done = {
        job.args[1]
        for job in runner.queue.job_class.fetch_many(finished.get_job_ids(), connection=runner.connection)
        if job
    }
    assert {"backup", "consent-lapse"} <= done
    assert len(list((tmp_path / "backups").glob("abcd-*.zip"))) == 1


def test_the_scheduler_command_lists_and_starts_one_job_on_request(rq_app: Flask, redis_url: str) -> None:
    cli = rq_app.test_cli_runner()
    listed = cli.invoke(args=["abcd", "scheduler", "--list"])
    assert "consent-lapse: 30 2 * * *" in listed.output
    ran = cli.invoke(args=["abcd", "scheduler", "--run", "backup"])
    assert ran.output.strip() == "Started backup."
    assert cli.invoke(args=["abcd", "scheduler", "--run", "nothing"]).exit_code != 0
    with Redis.from_url(redis_url) as connection:
        assert connection.get("abcd:jobs:pending:backup") is not None
