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
