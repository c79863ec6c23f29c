"""`flask abcd scheduler`: starts the recurring jobs at the times in ABCD_JOBS_SCHEDULE (cron syntax,
UTC), instead of crontab lines on each server.

Each recurring job is a name and a *starter* (a function that enqueues it, so the runner's deduplication
and retries apply) registered by the feature that owns it. Several schedulers may run (one per server,
for resilience): with Redis each cron slot is claimed once, so a job starts once per slot whichever
scheduler sees it first. Without Redis the scheduler's own process runs the jobs in its thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from croniter import croniter
from flask import Flask

from abcd.config import ConfigError
from abcd.jobs import runner as jobs
from abcd.jobs.redis_runner import RedisRunner

log = logging.getLogger(__name__)
STARTERS = "abcd_jobs_starters"
SLOT_KEY = "abcd:schedule:{}:{}"
SLOT_TTL = 2 * 24 * 3600


def recurring(app: Flask, name: str, starter: Callable[[], Any]) -> None:
    """Make ``starter`` (which enqueues a job) startable by the scheduler under ``name``."""
    app.extensions.setdefault(STARTERS, {})[name] = starter


def starters(app: Flask) -> dict[str, Callable[[], Any]]:
    found: dict[str, Callable[[], Any]] = app.extensions.get(STARTERS, {})
    return found


def parse_schedule(text: str) -> dict[str, str]:
    """ "name=cron;name=cron" -> {name: cron}; every cron must be valid."""
    schedule: dict[str, str] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        name, sep, cron = part.partition("=")
        name, cron = name.strip(), cron.strip()
        if not sep or not name or not croniter.is_valid(cron):
            raise ConfigError(f"ABCD_JOBS_SCHEDULE: {part.strip()!r} is not name=<cron expression>")
        schedule[name] = cron
    return schedule


@dataclass
class Entry:
    name: str
    cron: str
    start: Callable[[], Any]
    last: datetime  # the latest slot already handled

    def due(self, now: datetime) -> datetime | None:
        """The newest slot after ``last`` and not after ``now`` (missed slots run once, not once each)."""
        slot = None
        for candidate in croniter(self.cron, self.last).all_next(datetime):
            if candidate > now:
                break
            slot = candidate
        return slot

    def due_after(self) -> datetime:
        """The next slot after the latest one handled."""
        found: datetime = croniter(self.cron, self.last).get_next(datetime)
        return found


@dataclass
class Scheduler:
    app: Flask
    entries: list[Entry] = field(default_factory=list)
    started: list[tuple[str, datetime]] = field(default_factory=list)  # (name, slot), for tests and logs

    @classmethod
    def from_config(cls, app: Flask, now: datetime | None = None) -> Scheduler:
        start = now or datetime.now(UTC)
        known = starters(app)
        entries = []
        for name, cron in parse_schedule(str(app.config["JOBS_SCHEDULE"])).items():
            if name not in known:
                raise ConfigError(f"ABCD_JOBS_SCHEDULE names {name!r}; the recurring jobs are {', '.join(known)}")
            entries.append(Entry(name, cron, known[name], start))
        return cls(app, entries)

    def _claim(self, name: str, slot: datetime) -> bool:
        runner = jobs.runner(self.app)
        if not isinstance(runner, RedisRunner):
            return True
        return bool(runner.connection.set(SLOT_KEY.format(name, slot.isoformat()), "1", nx=True, ex=SLOT_TTL))

    def tick(self, now: datetime | None = None) -> list[str]:
        """Start every job whose slot has come since the last tick; the names started."""
        moment = now or datetime.now(UTC)
        started = []
        for entry in self.entries:
            slot = entry.due(moment)
            if slot is None:
                continue
            entry.last = slot
            try:
                if not self._claim(entry.name, slot):
                    continue  # another scheduler started it
                with self.app.app_context():
                    entry.start()
            except Exception:
                log.exception("scheduler: could not start %s for %s", entry.name, slot.isoformat())
                continue
            log.info("scheduler: started %s for %s", entry.name, slot.isoformat())
            self.started.append((entry.name, slot))
            started.append(entry.name)
        return started

    def run(self, interval: float = 20, ticks: int | None = None) -> None:
        """Tick every ``interval`` seconds, for ever (or ``ticks`` times)."""
        done = 0
        while ticks is None or done < ticks:
            self.tick()
            done += 1
            if ticks is None or done < ticks:
                time.sleep(interval)
