"""The in-process job runner for ``make run`` without Redis: one daemon thread per process runs jobs, in
an app context, one at a time, in order of when they are due.

Jobs live only as long as the process, and two processes each run their own: with several app
processes (gunicorn), set REDIS_URL and run ``flask abcd worker`` instead.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

from abcd.jobs.runner import BackgroundJob

log = logging.getLogger(__name__)


@dataclass(order=True)
class _Entry:
    due: float  # time.monotonic()
    order: int
    job: BackgroundJob = field(compare=False)
    job_id: str = field(compare=False)
    args: tuple[Any, ...] = field(compare=False)
    attempt: int = field(compare=False, default=0)


class ThreadRunner:
    name = "thread"

    def __init__(self, app: Flask) -> None:
        self._app = app
        self._ready = threading.Condition()
        self._reset()

    def _reset(self) -> None:
        self._due: list[_Entry] = []
        self._pending: set[str] = set()  # queued, scheduled, waiting for a retry, or running
        self._order = itertools.count()
        self._thread: threading.Thread | None = None
        self._holds = 0
        self._stopping = False
        self._pid = os.getpid()

    def describe(self) -> str:
        return (
            "Background jobs: in this process (no REDIS_URL). Fine for one process; "
            "with several, set REDIS_URL and run `flask abcd worker`."
        )

    def enqueue(self, job: BackgroundJob, job_id: str, *args: Any, delay: float = 0) -> bool:
        with self._ready:
            if self._pid != os.getpid():  # a forked child inherits the parent's state but not its thread
                self._reset()
            if job_id in self._pending or self._stopping:
                return False
            self._pending.add(job_id)
            self._push(_Entry(time.monotonic() + max(0.0, delay), next(self._order), job, job_id, args))
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="abcd-jobs", daemon=True)
                self._thread.start()
            return True

    def is_pending(self, job_id: str) -> bool:
        with self._ready:
            return job_id in self._pending

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Run nothing while inside (a job already running finishes): lets a caller prove what did not run."""
        with self._ready:
            self._holds += 1
        try:
            yield
        finally:
            with self._ready:
                self._holds -= 1
                self._ready.notify_all()

    def stop(self, timeout: float = 10) -> None:
        """Stop the thread after the job it is running; jobs not started are dropped."""
        with self._ready:
            self._stopping = True
            self._ready.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _push(self, entry: _Entry) -> None:
        heapq.heappush(self._due, entry)
        self._ready.notify_all()

    def _next(self) -> _Entry | None:
        with self._ready:
            while not self._stopping:
                wait = self._due[0].due - time.monotonic() if self._due else None
                if self._holds == 0 and wait is not None and wait <= 0:
                    return heapq.heappop(self._due)
                self._ready.wait(None if self._holds or wait is None else wait)
            return None

    def _work(self) -> None:
        while (entry := self._next()) is not None:
            self._run(entry)

    def _run(self, entry: _Entry) -> None:
        job = entry.job
        try:
            with self._app.app_context():
                job(*entry.args)
        except Exception:
            if entry.attempt < job.retries:
                retry = entry.attempt + 1
                log.exception("Job %s failed; retry %d of %d", entry.job_id, retry, job.retries)
                with self._ready:
                    due = time.monotonic() + job.delay_before(retry)
                    self._push(_Entry(due, next(self._order), job, entry.job_id, entry.args, retry))
                return
            log.exception("Job %s failed after %d attempts; giving up", entry.job_id, entry.attempt + 1)
            self._release(entry.job_id)
            return
        self._release(entry.job_id)
        with self._app.app_context():
            job.run_after()

    def _release(self, job_id: str) -> None:
        with self._ready:
            self._pending.discard(job_id)
