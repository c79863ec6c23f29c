"""Command-line tasks: `flask abcd ...` for geography, demo data, admins and first-run setup."""

from __future__ import annotations

import secrets
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from abcd.areas.loader import GeographyError, ensure_builtin_authorities, geography_loaded, load_geography
from abcd.auth.models import Role, User
from abcd.auth.services import AccountError, NewAccount, create_user, find_user_by_email
from abcd.backup.cli import backup_command, restore_command
from abcd.demo.seed import SeedReport, seed_demo
from abcd.extensions import db
from abcd.imports.cli import import_cli
from abcd.jobs.cli import jobs_cli, scheduler_command, worker_command
from abcd.mail.senders import outbox_folder
from abcd.network.cli import graph_cli
from abcd.people.consent import hide_lapsed_listings
from abcd.people.reminders import send_reconfirm_reminders
from abcd.upkeep.cli import upkeep_cli

abcd_cli = AppGroup("abcd", help="ABCD community strengths tasks.")
geography_cli = AppGroup("geography", help="Official boundaries and postcodes.")
abcd_cli.add_command(geography_cli)
people_cli = AppGroup("people", help="Residents' data: retention and re-confirmation reminders.")
abcd_cli.add_command(people_cli)
abcd_cli.add_command(graph_cli)
abcd_cli.add_command(jobs_cli)
abcd_cli.add_command(worker_command)
abcd_cli.add_command(scheduler_command)
abcd_cli.add_command(import_cli)
abcd_cli.add_command(backup_command)
abcd_cli.add_command(restore_command)
abcd_cli.add_command(upkeep_cli)


def _geodata_dir() -> Path | None:
    configured = current_app.config.get("GEODATA_DIR")
    return Path(configured) if configured and Path(configured).is_dir() else None


@geography_cli.command("load")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def geography_load(directory: Path) -> None:
    """Load ward and local-authority boundaries (GeoJSON) and postcodes (CSV) from DIRECTORY."""
    try:
        report = load_geography(directory)
    except GeographyError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    for dataset, rows in report.counts.items():
        click.echo(f"Loaded {rows} {dataset.replace('_', ' ')}.")


@geography_cli.command("fetch")
@click.option("--lads-url", help="District boundaries (ArcGIS REST query, GeoJSON); default ABCD_GEOGRAPHY_LADS_URL.")
@click.option("--wards-url", help="Ward boundaries (ArcGIS REST query, GeoJSON); default ABCD_GEOGRAPHY_WARDS_URL.")
@click.option("--postcodes-url", help="The ONS Postcode Directory (CSV or zip); default ABCD_GEOGRAPHY_POSTCODES_URL.")
@click.option("--sha256", "checksums", multiple=True, metavar="NAME=HEX", help="lads, wards or postcodes hash to HEX.")
@click.option("--into", type=click.Path(file_okay=False, path_type=Path), help="Folder (default instance/geography).")
@click.option("--no-load", is_flag=True, help="Download, check and convert only.")
def geography_fetch(
    lads_url: str | None, wards_url: str | None, postcodes_url: str | None, checksums: tuple[str, ...],
    into: Path | None, no_load: bool,
) -> None:  # fmt: skip
    """Download the official boundaries and postcodes, check them (the three authorities, counts,
    checksums), convert them to the loader's files and load them."""
    from abcd.areas.fetch import fetch_all
    from abcd.areas.official import convert

    config = current_app.config
    urls = {
        "lads": lads_url or config["GEOGRAPHY_LADS_URL"],
        "wards": wards_url or config["GEOGRAPHY_WARDS_URL"],
        "postcodes": postcodes_url or config["GEOGRAPHY_POSTCODES_URL"],
    }
    expected = dict(part.split("=", 1) for part in str(config["GEOGRAPHY_SHA256"]).split(";") if "=" in part)
    expected.update(tuple(part.split("=", 1)) for part in checksums if "=" in part)  # type: ignore[misc]
    folder = into or Path(current_app.instance_path) / "geography"
    try:
        downloads = fetch_all(urls, folder / "downloads", {k.strip(): v for k, v in expected.items()})
        for name, download in downloads.items():
            click.echo(f"Downloaded {name}: {download.size} bytes, SHA-256 {download.sha256}")
        report = convert(downloads["lads"].path, downloads["wards"].path, downloads["postcodes"].path, folder)
    except GeographyError as error:
        raise click.ClickException(str(error)) from error
    for line in report.lines():
        click.echo(line)
    if no_load:
        click.echo(f"Converted into {folder}; not loaded (--no-load).")
        return
    geography_load.callback(folder)  # type: ignore[misc]


def _print_credentials(report: SeedReport) -> None:
    if not report.credentials:
        click.echo("Demo accounts already exist; their passwords were printed when they were created.")
        return
    click.echo("\nDemo accounts (shown once; keep them somewhere safe):")
    for email, password, role in report.credentials:
        click.echo(f"  {role:9} {email:32} {password}")
    click.echo("")


@abcd_cli.command("seed-demo")
def seed_demo_command() -> None:
    """Create the fictional demo dataset (and the real venues, when the open data is present)."""
    db.session.info["actor_id"] = None
    ensure_builtin_authorities()
    report = seed_demo(_geodata_dir())
    db.session.commit()
    made = ", ".join(f"{n} {what}" for what, n in report.created.items()) or "nothing new"
    click.echo(f"Demo data: {made}.")
    _print_credentials(report)


@abcd_cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", default="Administrator", show_default=True)
@click.password_option(help="Prompted for when not given.")
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator account."""
    try:
        create_user(NewAccount(email, password, name, role=Role.ADMIN))
    except AccountError as error:
        raise click.ClickException(f"Cannot create {email}: {error}") from error
    db.session.commit()
    click.echo(f"Administrator {email} created.")


@abcd_cli.command("set-password")
@click.argument("email")
def set_password(email: str) -> None:
    """Give an account a new random password and print it."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    db.session.commit()
    click.echo(f"New password for {email}: {password}")


@abcd_cli.command("bootstrap")
def bootstrap() -> None:
    """First-run setup after migrations: authorities, geography if available, demo data if empty."""
    ensure_builtin_authorities()
    geodata = _geodata_dir()
    if geodata and not geography_loaded():
        for dataset, rows in load_geography(geodata).counts.items():
            click.echo(f"Loaded {rows} {dataset.replace('_', ' ')} from {geodata}.")
    elif not geodata:
        click.echo("No geography folder found (ABCD_GEODATA_DIR): running with the three authorities, no wards.")
        click.echo("To download the official boundaries and postcodes, run: flask abcd geography fetch")
    db.session.commit()
    if db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0:
        report = seed_demo(geodata)
        db.session.commit()
        click.echo("Demo data loaded.")
        _print_credentials(report)


@people_cli.command("lapse")
def people_lapse() -> None:
    """Hide people whose consent is past its re-confirmation date (run daily)."""
    hidden = hide_lapsed_listings()
    db.session.commit()
    click.echo(f"Hidden {hidden} listing(s) awaiting re-confirmation.")


@people_cli.command("remind")
@click.option("--days", type=int, default=None, help="Remind this many days before consent lapses.")
def people_remind(days: int | None) -> None:
    """Ask people whose consent lapses soon to re-confirm, by notice and email (run daily)."""
    reminded = send_reconfirm_reminders(days if days is not None else current_app.config["REMIND_DAYS_BEFORE"])
    db.session.commit()
    click.echo(f"Reminded {reminded} person(s) to re-confirm their listing.")


@abcd_cli.command("mail")
def mail_info() -> None:
    """Say where this instance's email goes (in development: the outbox folder to open .eml files from)."""
    sender = current_app.config["MAIL_SENDER"]
    if sender == "outbox":
        folder = outbox_folder(current_app.config, current_app.instance_path)
        click.echo(f"Email is not sent in development: every message is written to {folder}/*.eml")
    elif sender == "smtp":
        config = current_app.config
        click.echo(f"Email is sent by SMTP through {config['SMTP_HOST']}:{config['SMTP_PORT']}.")
    else:
        click.echo("Email is sent through GOV.UK Notify.")
