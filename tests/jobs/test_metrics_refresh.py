"""Network metrics keep up by themselves: a due write enqueues one refresh, run by a real RQ worker on a
real Redis or by the in-process thread, and never inside the request that made the write."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from rq import Queue
from rq.registry import ScheduledJobRegistry

from abcd.assets.models import Asset
from abcd.extensions import db
from abcd.jobs import runner as jobs
from abcd.jobs.redis_runner import RedisRunner
from abcd.jobs.thread_runner import ThreadRunner
from abcd.models_base import utcnow
from abcd.network import jobs as network_jobs
from abcd.network.models import GRAPH_STATE_TABLE
from tests import factories
from tests.assets.test_asset_forms import POINT, PUBLISHED, add_asset
from tests.conftest import login
from tests.factories import CARDIFF, Cast


def _versions(app: Flask) -> tuple[int, int | None]:
    with app.app_context():
        row = db.session.execute(sa.select(GRAPH_STATE_TABLE.c.version, GRAPH_STATE_TABLE.c.metrics_version)).one()
        db.session.remove()
    return row.version, row.metrics_version


def _queue(app: Flask) -> Queue:
    runner = jobs.runner(app)
    assert isinstance(runner, RedisRunner)
    return runner.queue


def test_due_writes_enqueue_one_refresh_that_an_rq_worker_brings_current(rq_app: Flask) -> None:
    with rq_app.app_context():
        for name in ("Splott Choir", "Adamsdown Allotments", "Roath Runners"):
            factories.make_asset(la_code=CARDIFF, name_en=name)  # three commits, each due (never computed)
        queue = _queue(rq_app)
        assert len(queue.job_ids) == 1
        assert queue.job_ids[0].startswith(network_jobs.REFRESH_JOB_ID)
        assert network_jobs.metrics_refreshing()
        db.session.remove()
    assert _versions(rq_app)[1] is None  # enqueued, not run: nothing computed on the writer's side

    assert jobs.runner(rq_app).worker(rq_app, simple=True).work(burst=True)  # type: ignore[attr-defined]

    version, metrics_version = _versions(rq_app)
    assert version >= 3  # the three assets (and the ward their factory may add first)
    assert metrics_version == version
    with rq_app.app_context():
        assert not network_jobs.metrics_refreshing()
        assert len(_queue(rq_app).job_ids) == 0  # the follow-up check found nothing new


def test_a_lone_write_to_young_metrics_schedules_a_check_for_when_they_come_of_age(rq_app: Flask) -> None:
    with rq_app.app_context():
        factories.make_asset(la_code=CARDIFF)
        jobs.runner(rq_app).worker(rq_app, simple=True).work(burst=True)  # type: ignore[attr-defined]
        factories.make_asset(la_code=CARDIFF)  # 1 change, metrics seconds old: not due for METRICS_MAX_AGE
        queue = _queue(rq_app)
        assert queue.job_ids == []
        scheduled = ScheduledJobRegistry(queue=queue)
        [check] = scheduled.get_job_ids()
        assert check.startswith("network-metrics-check-")
        when = scheduled.get_scheduled_time(check).replace(tzinfo=None)
        expected = utcnow() + timedelta(seconds=rq_app.config["METRICS_MAX_AGE"])
        assert abs((when - expected).total_seconds()) < 5
        factories.make_asset(la_code=CARDIFF)  # the same moment of age: no second check
        assert scheduled.get_job_ids() == [check]
        db.session.remove()


def test_enough_changes_make_metrics_due_before_they_come_of_age(
    make_app: Callable[..., Flask], redis_url: str
) -> None:
    app = make_app(JOBS_BACKEND="rq", REDIS_URL=redis_url, METRICS_AFTER_CHANGES=2)
    with app.app_context():
        factories.make_asset(la_code=CARDIFF)
        jobs.runner(app).worker(app, simple=True).work(burst=True)  # type: ignore[attr-defined]
        factories.make_asset(la_code=CARDIFF)
        assert _queue(app).job_ids == []
        factories.make_asset(la_code=CARDIFF)  # the second change since: due now
        assert len(_queue(app).job_ids) == 1
        db.session.remove()


def test_thread_runner_refreshes_after_a_due_request_never_inside_it(thread_app: Flask, people: Cast) -> None:
    client: FlaskClient = thread_app.test_client()
    login(client, people.officer_cardiff)
    runner = jobs.runner(thread_app)
    assert isinstance(runner, ThreadRunner)
    with runner.hold():  # the thread runs nothing meanwhile: whatever ran, ran in the request
        response = add_asset(client, **PUBLISHED, **POINT)
        assert response.status_code == 302
        version, metrics_version = _versions(thread_app)
        assert version >= 1
        assert metrics_version is None
        assert runner.is_pending(network_jobs.REFRESH_JOB_ID)
        page = client.get("/network/strengths").get_data(as_text=True)
        assert "being calculated now" in page
    deadline = time.monotonic() + 60
    while _versions(thread_app)[1] != _versions(thread_app)[0]:
        assert time.monotonic() < deadline, "the background refresh did not finish within 60 s"
        time.sleep(0.05)
    while runner.is_pending(network_jobs.REFRESH_JOB_ID):  # its follow-up check, after the commit
        assert time.monotonic() < deadline
        time.sleep(0.05)
    page = client.get("/network/strengths").get_data(as_text=True)
    assert "being calculated" not in page
    assert "communities and positions were calculated" in page
    assert " ago (" in page  # "… calculated 2 seconds ago (3 December 2026, 2:04pm)."


COMPUTED = datetime(2026, 12, 2, 14, 0)


@pytest.mark.parametrize(
    ("lag", "due"),
    [
        (network_jobs.MetricsLag(0, COMPUTED), None),  # current: nothing to do
        (network_jobs.MetricsLag(0, None), None),  # an empty graph never written to
        (network_jobs.MetricsLag(1, None), datetime.min),  # never computed: at once
        (network_jobs.MetricsLag(25, COMPUTED), datetime.min),  # enough changes: at once
        (network_jobs.MetricsLag(24, COMPUTED), COMPUTED + timedelta(seconds=300)),  # when they come of age
    ],
)
def test_metrics_fall_due_after_enough_changes_or_enough_time(
    lag: network_jobs.MetricsLag, due: datetime | None
) -> None:
    assert lag.due_at(after_changes=25, max_age=300) == due


def test_worker_command_catches_up_on_writes_made_while_no_runner_ran(app: Flask, rq_app: Flask) -> None:
    with app.app_context():  # JOBS_BACKEND=off: written, nothing enqueued
        factories.make_asset(la_code=CARDIFF)
        db.session.remove()
    assert _queue(rq_app).job_ids == []

    result = rq_app.test_cli_runner().invoke(args=["abcd", "worker", "--burst"])  # forks a horse per job

    assert result.exit_code == 0, result.output
    assert "RQ on Redis" in result.output
    version, metrics_version = _versions(rq_app)
    assert metrics_version == version == 1


def test_a_write_succeeds_when_redis_is_down(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    down = make_app(JOBS_BACKEND="rq", REDIS_URL=f"unix://{tmp_path}/no-redis.sock")
    with down.app_context():
        asset = factories.make_asset(la_code=CARDIFF, name_en="Written anyway")
        assert db.session.get(Asset, asset.asset_id) is not None
        assert not network_jobs.metrics_refreshing()
        db.session.remove()
