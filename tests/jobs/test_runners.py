"""The job runners themselves: one pending job per id, bounded retries, failures visible and never raised."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from flask import Flask
from redis import Redis
from rq.job import Job, JobStatus
from rq.registry import FailedJobRegistry

from abcd.config import ConfigError
from abcd.jobs import runner as jobs
from abcd.jobs.redis_runner import RedisRunner
from abcd.jobs.thread_runner import ThreadRunner

ATTEMPTS = "test:attempts"


@jobs.background(retries=2, retry_delays=(0,), timeout=30)
def fails_every_time(redis_url: str) -> None:
    """Counts its attempts in Redis (the thread runner has no RQ job to ask), then fails."""
    with Redis.from_url(redis_url) as connection:
        connection.incr(ATTEMPTS)
    raise RuntimeError("this job always fails")


@jobs.background(retries=0, timeout=30)
def records_its_app(redis_url: str) -> None:
    from flask import current_app

    with Redis.from_url(redis_url) as connection:
        connection.set("test:ran-in", current_app.config["JOBS_QUEUE"])


def _attempts(redis_url: str) -> int:
    with Redis.from_url(redis_url) as connection:
        return int(connection.get(ATTEMPTS) or 0)


def test_rq_keeps_one_job_per_id_pending(rq_app: Flask, redis_url: str) -> None:
    with rq_app.app_context():
        assert jobs.enqueue(records_its_app, "once", redis_url)
        assert not jobs.enqueue(records_its_app, "once", redis_url)
        assert jobs.enqueue(records_its_app, "another", redis_url)
        runner = jobs.runner()
        assert isinstance(runner, RedisRunner)
        assert len(runner.queue.job_ids) == 2
        assert jobs.is_pending("once")
        runner.worker(rq_app, simple=True).work(burst=True)
        assert not jobs.is_pending("once")
        assert jobs.enqueue(records_its_app, "once", redis_url)  # free again once it has run
    with Redis.from_url(redis_url) as connection:
        assert connection.get("test:ran-in") == b"abcd"  # ran inside the app's context


def test_rq_retries_a_failing_job_then_keeps_it_as_failed(rq_app: Flask, redis_url: str) -> None:
    with rq_app.app_context():
        assert jobs.enqueue(fails_every_time, "doomed", redis_url)
        runner = jobs.runner()
        assert isinstance(runner, RedisRunner)
        [rq_id] = runner.queue.job_ids
        runner.worker(rq_app, simple=True).work(burst=True)
        assert _attempts(redis_url) == 3  # the first attempt and two retries
        failed = FailedJobRegistry(queue=runner.queue)
        assert rq_id in failed.get_job_ids()
        job = Job.fetch(rq_id, connection=runner.connection)
        assert job.get_status() == JobStatus.FAILED
        assert "this job always fails" in (job.latest_result().exc_string or "")  # type: ignore[union-attr]
        assert not jobs.is_pending("doomed")  # a failed job does not block its id


def test_rq_takes_over_an_id_left_pending_by_a_job_that_is_gone(rq_app: Flask, redis_url: str) -> None:
    with rq_app.app_context():
        runner = jobs.runner()
        assert isinstance(runner, RedisRunner)
        runner.connection.set("abcd:jobs:pending:orphan", "orphan_killed-worker", ex=3600)  # as a killed horse leaves
        assert not jobs.is_pending("orphan")
        assert jobs.enqueue(records_its_app, "orphan", redis_url)
        assert jobs.is_pending("orphan")


def test_an_unreachable_redis_never_fails_the_caller(make_app: Callable[..., Flask], tmp_path: object) -> None:
    app = make_app(JOBS_BACKEND="rq", REDIS_URL=f"unix://{tmp_path}/no-such.sock")
    with app.app_context():
        assert not jobs.enqueue(records_its_app, "nowhere", "unused")
        assert not jobs.is_pending("nowhere")


def test_thread_runner_retries_then_gives_up_and_frees_the_id(thread_app: Flask, redis_url: str) -> None:
    with thread_app.app_context():
        assert jobs.enqueue(fails_every_time, "doomed", redis_url)
        assert not jobs.enqueue(fails_every_time, "doomed", redis_url)
        deadline = time.monotonic() + 10
        while jobs.is_pending("doomed"):
            assert time.monotonic() < deadline
            time.sleep(0.02)
    assert _attempts(redis_url) == 3


def test_thread_runner_runs_a_delayed_job_when_due(thread_app: Flask, redis_url: str) -> None:
    runner = jobs.runner(thread_app)
    assert isinstance(runner, ThreadRunner)
    started = time.monotonic()
    with thread_app.app_context():
        assert jobs.enqueue(records_its_app, "later", redis_url, delay=0.3)
    with Redis.from_url(redis_url) as connection:
        while connection.get("test:ran-in") is None:
            assert time.monotonic() - started < 10
            time.sleep(0.02)
    assert time.monotonic() - started >= 0.3


def test_unknown_backend_is_refused(make_app: Callable[..., Flask]) -> None:
    with pytest.raises(ConfigError, match="JOBS_BACKEND"):
        make_app(JOBS_BACKEND="celery")
    with pytest.raises(ConfigError, match="REDIS_URL"):
        make_app(JOBS_BACKEND="rq", REDIS_URL="")
