"""What the officers' jobs page shows: RQ's registries (waiting, scheduled, running, done, failed: the
dead-letter list) with each recent job's state and, for a failed one, the reason; and retrying one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job
from rq.registry import (
    BaseRegistry,
    DeferredJobRegistry,
    FailedJobRegistry,
    FinishedJobRegistry,
    ScheduledJobRegistry,
    StartedJobRegistry,
)

from abcd.jobs.redis_runner import RedisRunner

RECENT = 20  # jobs listed per state


@dataclass(frozen=True)
class JobRow:
    rq_id: str
    job_id: str  # the app's id (what deduplicates), e.g. "network-metrics-refresh"
    task: str  # the function run, e.g. "abcd.network.jobs.refresh_metrics_job"
    state: str  # queued | scheduled | started | finished | failed | deferred
    when: datetime | None  # ended (finished, failed), started, or enqueued
    reason: str  # a failed job's exception, its last line


@dataclass(frozen=True)
class Overview:
    counts: dict[str, int]
    failed: list[JobRow]
    recent: list[JobRow]  # finished, running, waiting and scheduled, newest first


def _reason(job: Job) -> str:
    latest = job.latest_result()
    text = (latest.exc_string if latest is not None else "") or ""
    lines = [line for line in str(text).strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def _row(job: Job, state: str) -> JobRow:
    args = job.args or ()
    task = str(args[0]) if args else str(job.func_name)
    job_id = str(args[1]) if len(args) > 1 else job.id
    when = job.ended_at or job.started_at or job.enqueued_at
    return JobRow(job.id, job_id, task, state, when, _reason(job) if state == "failed" else "")


def _rows(runner: RedisRunner, ids: list[str], state: str) -> list[JobRow]:
    rows = []
    for job in Job.fetch_many(ids, connection=runner.connection):
        if job is not None:
            rows.append(_row(job, state))
    return rows


def _newest(registry: BaseRegistry, limit: int) -> list[str]:
    return [_text(raw) for raw in registry.connection.zrevrange(registry.key, 0, limit - 1)]  # type: ignore[arg-type]


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _registries(runner: RedisRunner) -> dict[str, BaseRegistry]:
    queue = runner.queue
    return {
        "started": StartedJobRegistry(queue=queue),
        "scheduled": ScheduledJobRegistry(queue=queue),
        "deferred": DeferredJobRegistry(queue=queue),
        "finished": FinishedJobRegistry(queue=queue),
        "failed": FailedJobRegistry(queue=queue),
    }


def counts(runner: RedisRunner) -> dict[str, int]:
    """How many jobs are in each state (finished and failed ones for as long as RQ keeps them)."""
    return {"queued": runner.queue.count, **{state: found.count for state, found in _registries(runner).items()}}


def overview(runner: RedisRunner, limit: int = RECENT) -> Overview:
    queue = runner.queue
    registries = _registries(runner)
    counts = {"queued": queue.count, **{state: registry.count for state, registry in registries.items()}}
    failed = _rows(runner, _newest(registries["failed"], limit), "failed")
    recent = (
        _rows(runner, _newest(registries["started"], limit), "started")
        + _rows(runner, queue.get_job_ids(0, limit), "queued")
        + _rows(runner, _newest(registries["scheduled"], limit), "scheduled")
        + _rows(runner, _newest(registries["finished"], limit), "finished")
    )
    return Overview(counts, failed, recent)


def retry(runner: RedisRunner, rq_id: str) -> bool:
    """Queue a failed job again. False when it is not (or no longer) failed, or when a run of the same
    job is already waiting (the app's job ids are never doubled)."""
    registry = FailedJobRegistry(queue=runner.queue)
    try:
        job = Job.fetch(rq_id, connection=runner.connection)
    except NoSuchJobError:
        return False
    if rq_id not in registry or len(job.args or ()) < 2:
        return False
    if not runner.claim(str(job.args[1]), rq_id, int(job.timeout or 600) * 2 + 600):
        return False
    try:
        registry.requeue(job)
    except InvalidJobOperation:
        return False
    return True
