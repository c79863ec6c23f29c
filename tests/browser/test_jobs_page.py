"""The officers' jobs page with jobs on it (a failed one with its reason and button, a finished one),
in English and Welsh, passes axe in Chromium."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Page, Route
from rq.registry import FailedJobRegistry, FinishedJobRegistry
from rq.results import Result

from abcd.jobs import runner as jobs
from abcd.jobs.redis_runner import RedisRunner
from tests.browser.conftest import assert_accessible
from tests.conftest import login
from tests.factories import Cast
from tests.jobs.conftest import redis_server, redis_url  # noqa: F401 -- fixtures
from tests.ops import failing


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_jobs_page_with_jobs_passes_axe(
    page: Page,
    live_server: str,
    make_app: Callable[..., Flask],
    redis_url: str,  # noqa: F811 -- the fixture imported above
    people: Cast,
    language: str,
) -> None:
    app = make_app(JOBS_BACKEND="rq", REDIS_URL=redis_url)
    runner = jobs.runner(app)
    assert isinstance(runner, RedisRunner)
    with app.app_context():
        jobs.enqueue(failing.always_fails, "printer", "tray 2")
        jobs.enqueue(failing.always_fails, "scanner", "glass")
    failed_job, done_job = runner.queue.get_jobs()
    runner.queue.remove(failed_job)
    runner.queue.remove(done_job)
    FailedJobRegistry(queue=runner.queue).add(failed_job, ttl=600)
    Result.create_failure(failed_job, ttl=600, exc_string="Traceback …\nRuntimeError: the printer is on fire")
    FinishedJobRegistry(queue=runner.queue).add(done_job, ttl=600)
    client = app.test_client()
    login(client, people.officer_cardiff)
    html = client.get(f"/officer/jobs/?lang={language}").get_data(as_text=True)
    assert "RuntimeError: the printer is on fire" in html, html[html.find("<main") :][:3000]
    assert f'lang="{language}"' in html

    def serve(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)

    page.route(f"{live_server}/officer/jobs/preview", serve)  # the page as rendered, its CSS from the live app
    page.goto("/officer/jobs/preview")
    page.get_by_role("button", name="printer").wait_for()
    assert_accessible(page)
