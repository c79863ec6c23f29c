"""The RQ job runner: jobs wait in a queue on Redis, and ``flask abcd worker`` processes run them.

Deduplication: a job id's *pending key* names the RQ job holding it, set only when free (or when that
RQ job is gone or finished: a worker killed mid-job must not block its id for hours) and deleted by
that same job once it has succeeded or failed for the last time.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from uuid import uuid4

from flask import Flask
from redis import Redis
from rq import Queue, Retry, SimpleWorker, Worker, get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.utils import import_attribute
from rq.worker import BaseWorker

from abcd.extensions import db
from abcd.jobs.runner import BackgroundJob
from abcd.redis_client import connect

log = logging.getLogger(__name__)
PENDING_KEY = "abcd:jobs:pending:{}"
FINISHED = {JobStatus.FINISHED, JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED}
FAILURE_TTL = 7 * 24 * 3600  # failed jobs stay visible (rq info, the failed registry) for a week
_TAKE_OVER = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3]) end"
)
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


class RedisRunner:
    name = "rq"

    def __init__(self, url: str, queue_name: str) -> None:
        self.url = url
        # Short timeouts: a web request that enqueues must not hang on a Redis that is down.
        self.connection = connect(url, connect_timeout=2, timeout=5)
        self.queue = Queue(queue_name, connection=self.connection)

    def describe(self) -> str:
        return f"Background jobs: RQ on Redis, queue {self.queue.name!r}. Run them with `flask abcd worker`."

    def enqueue(self, job: BackgroundJob, job_id: str, *args: Any, delay: float = 0) -> bool:
        rq_id = f"{job_id}_{uuid4().hex[:12]}"
        worst = delay + job.timeout * (job.retries + 1) + sum(job.retry_delays) * job.retries + 600
        if not self.claim(job_id, rq_id, int(worst)):
            return False
        retry = Retry(max=job.retries, interval=list(job.retry_delays)) if job.retries else None
        try:
            rq_job = self.queue.create_job(
                perform, args=(job.path, job_id, *args), job_id=rq_id, timeout=job.timeout, retry=retry,
                failure_ttl=FAILURE_TTL, description=f"{job_id}: {job.path}",
            )  # fmt: skip
            if delay > 0:
                self.queue.schedule_job(rq_job, datetime.now(UTC) + timedelta(seconds=delay))
            else:
                self.queue.enqueue_job(rq_job)
        except Exception:
            release(self.connection, job_id, rq_id)
            raise
        return True

    def is_pending(self, job_id: str) -> bool:
        holder = self.connection.get(PENDING_KEY.format(job_id))
        return holder is not None and not self._finished(_text(holder))

    def claim(self, job_id: str, rq_id: str, ttl: int) -> bool:
        """Make ``rq_id`` the holder of ``job_id``, unless another RQ job holds it and is not finished."""
        key = PENDING_KEY.format(job_id)
        if self.connection.set(key, rq_id, nx=True, ex=ttl):
            return True
        holder = self.connection.get(key)
        if holder is None:  # released just now
            return bool(self.connection.set(key, rq_id, nx=True, ex=ttl))
        if not self._finished(_text(holder)):
            return False
        log.warning("Job %s was left pending by %s, which is gone; taking its place", job_id, _text(holder))
        return bool(self.connection.eval(_TAKE_OVER, 1, key, holder, rq_id, ttl))

    def _finished(self, rq_id: str) -> bool:
        try:
            status = Job.fetch(rq_id, connection=self.connection).get_status()
        except NoSuchJobError:
            return True
        return status in FINISHED

    def worker(self, app: Flask, simple: bool = False) -> BaseWorker:
        """A worker on this runner's queue that runs each job in ``app``'s context: by default one that
        forks a fresh process per job (memory returns to the system after a large refresh)."""
        worker_class: type[AppWorker | AppSimpleWorker] = AppSimpleWorker if simple else AppWorker
        connection = Redis.from_url(self.url)  # its own: RQ lengthens the socket timeout for blocking reads
        every = app.config["JOBS_MAINTENANCE_SECONDS"]  # RQ waits for a job at most worker_ttl - 15 s at a time,
        worker = worker_class(  # and looks after its registries between waits: so both follow the setting
            [Queue(self.queue.name, connection=connection)], connection=connection,
            maintenance_interval=every, worker_ttl=every + 15,
        )  # fmt: skip
        worker.app = app
        return worker


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def release(connection: Redis, job_id: str, rq_id: str) -> None:
    connection.eval(_RELEASE, 1, PENDING_KEY.format(job_id), rq_id)


def perform(path: str, job_id: str, *args: Any) -> None:
    """What RQ runs: the job, then freeing its id (after a success, or the last failed attempt)."""
    job = cast(BackgroundJob, import_attribute(path))
    current = get_current_job()
    assert current is not None  # noqa: S101 -- RQ calls this only inside a job
    try:
        job(*args)
    except Exception:
        if not current.retries_left:
            release(current.connection, job_id, current.id)
        raise
    release(current.connection, job_id, current.id)
    job.run_after()


class _InApp:
    app: Flask

    def perform_job(self, job: Job, queue: Queue) -> bool:
        with self.app.app_context():
            done: bool = super().perform_job(job, queue)  # type: ignore[misc]
            return done


class AppWorker(_InApp, Worker):
    def main_work_horse(self, job: Job, queue: Queue) -> None:
        with self.app.app_context():
            db.engine.dispose(close=False)  # the forked horse must not share the parent's database sockets
        super().main_work_horse(job, queue)


class AppSimpleWorker(_InApp, SimpleWorker):
    """Runs jobs in the worker's own process (tests, and machines where fork is unwelcome)."""
