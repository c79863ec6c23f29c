"""`flask abcd upkeep remind`: the review reminders, for cron when no job worker runs."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from abcd.extensions import db
from abcd.upkeep.reminders import send_reminders

upkeep_cli = AppGroup("upkeep", help="Keeping records fresh: review reminders.")


@upkeep_cli.command("remind")
def remind_command() -> None:
    """Send the review reminders that are due (owners three times, then the authority's officers); run daily."""
    db.session.info["actor_id"] = None
    report = send_reminders()
    db.session.commit()
    steps = ", ".join(f"step {step}: {count}" for step, count in sorted(report.by_step.items())) or "none due"
    click.echo(f"Reminded about {report.records} record(s) ({steps}); {report.emails} email(s) sent.")
