"""A job for the worker fault: long enough to be killed in the middle, counting its attempts in Redis."""

from __future__ import annotations

import time

from flask import current_app
from redis import Redis

from abcd.jobs.runner import background

ATTEMPTS = "abcd:load:attempts:{}"
DONE = "abcd:load:done:{}"


@background(retries=1, retry_delays=(1,), timeout=20)
def slow_job(marker: str) -> None:
    with Redis.from_url(current_app.config["REDIS_URL"]) as redis:
        redis.incr(ATTEMPTS.format(marker))
        time.sleep(8)
        redis.set(DONE.format(marker), "1")


def enqueue(marker: str) -> None:
    """Put one slow job on the queue of the app configured by the environment (REDIS_URL)."""
    from abcd import create_app
    from abcd.jobs import runner

    app = create_app()
    with app.app_context():
        if not runner.runner(app).enqueue(slow_job, f"load-{marker}", marker):
            raise RuntimeError("the job was not enqueued")
