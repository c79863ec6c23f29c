"""Jobs for the worker tests, importable by a real `flask abcd worker` process (PYTHONPATH is the repo)."""

from __future__ import annotations

import time

from rq import get_current_job

from abcd.jobs import runner as jobs

ATTEMPTS = "test:attempts"


@jobs.background(retries=1, retry_delays=(1,), timeout=30)
def always_fails(marker: str) -> None:
    """Notes each attempt's time in Redis, then fails."""
    current = get_current_job()
    assert current is not None
    current.connection.rpush(ATTEMPTS, str(time.time()))
    raise RuntimeError(f"the printer is on fire ({marker})")
