"""`flask abcd worker` (runs background jobs from Redis) and `flask abcd jobs` (which runner is in use)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from abcd.jobs import runner as jobs

jobs_cli = AppGroup("jobs", help="Background jobs: which runner is in use.")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs that are waiting, then exit.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run background jobs from the Redis queue (REDIS_URL), with RQ's scheduler for delayed jobs."""
    from abcd.jobs.redis_runner import RedisRunner

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    runner = jobs.runner(app)
    if not isinstance(runner, RedisRunner):
        raise click.ClickException(
            "A worker needs Redis: set REDIS_URL. Without it, jobs run in a thread inside the app process."
        )
    click.echo(runner.describe())
    for check in jobs.worker_start_checks(app):
        check()
    runner.worker(app).work(burst=burst, with_scheduler=True, logging_level="INFO")


@jobs_cli.command("status")
def status_command() -> None:
    """Say which job runner this configuration uses (one line)."""
    click.echo(jobs.runner().describe())


@click.command("scheduler")
@click.option("--interval", type=float, default=20, show_default=True, help="Seconds between looks at the clock.")
@click.option("--list", "list_only", is_flag=True, help="Say what is scheduled and when it next runs, then exit.")
@click.option("--run", "run_now", metavar="NAME", help="Start one recurring job now, then exit.")
@with_appcontext
def scheduler_command(interval: float, list_only: bool, run_now: str | None) -> None:
    """Start the recurring jobs at the times in ABCD_JOBS_SCHEDULE (instead of crontab lines)."""
    from abcd.jobs.scheduler import Scheduler, starters

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if run_now is not None:
        known = starters(app)
        if run_now not in known:
            raise click.ClickException(f"No recurring job {run_now!r}; there are: {', '.join(known)}")
        known[run_now]()
        click.echo(f"Started {run_now}.")
        return
    scheduler = Scheduler.from_config(app)
    for entry in scheduler.entries:
        click.echo(f"{entry.name}: {entry.cron} (next {entry.due_after().isoformat(timespec='minutes')})")
    if list_only:
        return
    click.echo(jobs.runner(app).describe())
    scheduler.run(interval)
