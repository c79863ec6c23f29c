"""What a background job is, which runner runs it (RQ on Redis, or a thread in this process), and enqueueing.

A job is a module-level function wrapped by ``@background``; it is enqueued under a *job id*, and a runner
holds at most one job per id queued, scheduled or running: enqueueing an id already pending does nothing.
A failing job is retried a bounded number of times, then logged (and, on RQ, kept as failed). Enqueueing
never raises: a job runner that is down must not take a web request down with it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from flask import Flask, current_app, has_app_context

from abcd.config import ConfigError

log = logging.getLogger(__name__)
BACKENDS = ("auto", "rq", "thread", "off")
EXTENSION = "abcd_jobs"
WORKER_START = "abcd_jobs_worker_start"


class BackgroundJob:
    """A function run by a job runner. ``then`` runs after a success, once the job's id is free again,
    so it may enqueue the same job (a refresh that finds more changes made while it ran)."""

    def __init__(self, func: Callable[..., Any], retries: int, retry_delays: tuple[int, ...], timeout: int) -> None:
        self.func = func
        self.retries = retries
        self.retry_delays = retry_delays or (0,)
        self.timeout = timeout
        self.after: Callable[[], Any] | None = None
        self.path = f"{func.__module__}.{func.__qualname__}"  # how RQ's worker finds it again

    def __call__(self, *args: Any) -> Any:
        return self.func(*args)

    def then(self, after: Callable[[], Any]) -> Callable[[], Any]:
        self.after = after
        return after

    def delay_before(self, retry: int) -> int:
        """Seconds to wait before retry number ``retry`` (1-based); the last delay repeats."""
        return self.retry_delays[min(retry, len(self.retry_delays)) - 1]

    def run_after(self) -> None:
        if self.after is None:
            return
        try:
            self.after()
        except Exception:
            log.exception("The follow-up of job %s failed", self.path)


def background(
    retries: int = 3, retry_delays: tuple[int, ...] = (10, 60, 300), timeout: int = 600
) -> Callable[[Callable[..., Any]], BackgroundJob]:
    """Make a module-level function a background job: ``retries`` more attempts after a failure, waiting
    ``retry_delays`` seconds before each; each attempt is stopped after ``timeout`` seconds (RQ)."""

    def wrap(func: Callable[..., Any]) -> BackgroundJob:
        return BackgroundJob(func, retries, retry_delays, timeout)

    return wrap


class Runner(Protocol):
    name: str

    def enqueue(self, job: BackgroundJob, job_id: str, *args: Any, delay: float = 0) -> bool: ...

    def is_pending(self, job_id: str) -> bool: ...

    def describe(self) -> str: ...


class NoRunner:
    """``JOBS_BACKEND = "off"``: nothing runs in the background (tests; or cron runs the commands)."""

    name = "off"

    def enqueue(self, job: BackgroundJob, job_id: str, *args: Any, delay: float = 0) -> bool:
        return False

    def is_pending(self, job_id: str) -> bool:
        return False

    def describe(self) -> str:
        return "Background jobs are off (JOBS_BACKEND=off): run `flask abcd graph refresh` from cron."


def backend_name(config: dict[str, Any] | Any) -> str:
    chosen = str(config.get("JOBS_BACKEND") or "auto")
    if chosen not in BACKENDS:
        raise ConfigError(f"ABCD_JOBS_BACKEND must be one of {', '.join(BACKENDS)}, not {chosen!r}")
    if chosen == "auto":
        return "rq" if config.get("REDIS_URL") else "thread"
    if chosen == "rq" and not config.get("REDIS_URL"):
        raise ConfigError("ABCD_JOBS_BACKEND=rq needs REDIS_URL (or ABCD_REDIS_URL).")
    return chosen


def init_app(app: Flask) -> None:
    """Pick the runner from the configuration; nothing connects or starts until the first job."""
    name = backend_name(app.config)
    runner: Runner
    if name == "rq":
        from abcd.jobs.redis_runner import RedisRunner

        runner = RedisRunner(app.config["REDIS_URL"], app.config["JOBS_QUEUE"])
    elif name == "thread":
        from abcd.jobs.thread_runner import ThreadRunner

        runner = ThreadRunner(app)
    else:
        runner = NoRunner()
    app.extensions[EXTENSION] = runner


def on_worker_start(app: Flask, check: Callable[[], Any]) -> None:
    """Have ``flask abcd worker`` call ``check`` as it starts: work that fell due while no worker ran."""
    app.extensions.setdefault(WORKER_START, []).append(check)


def worker_start_checks(app: Flask) -> list[Callable[[], Any]]:
    checks: list[Callable[[], Any]] = app.extensions.get(WORKER_START, [])
    return checks


def runner(app: Flask | None = None) -> Runner:
    found: Runner = (app or current_app).extensions[EXTENSION]
    return found


def enabled() -> bool:
    return has_app_context() and runner().name != "off"


def enqueue(job: BackgroundJob, job_id: str, *args: Any, delay: float = 0) -> bool:
    """Run ``job(*args)`` in the background, after ``delay`` seconds, unless a job with ``job_id`` is
    already queued, scheduled or running. True when queued; False when deduplicated, off or failed
    (logged: a runner that is down never fails the caller)."""
    try:
        return runner().enqueue(job, job_id, *args, delay=delay)
    except Exception:
        log.exception("Could not enqueue job %s (%s)", job_id, job.path)
        return False


def is_pending(job_id: str) -> bool:
    """Whether a job with ``job_id`` is queued, scheduled or running (False when that cannot be known)."""
    try:
        return runner().is_pending(job_id)
    except Exception:
        log.warning("Could not ask the job runner about job %s", job_id, exc_info=True)
        return False
