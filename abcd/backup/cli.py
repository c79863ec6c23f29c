"""`flask abcd backup FILE` and `flask abcd restore FILE`."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from abcd.backup.services import BackupError, backup_database, restore_database
from abcd.extensions import db


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Write the whole database to FILE (a zip of JSON lines with SHA-256 checksums)."""
    if file.exists():
        raise click.ClickException(f"{file} already exists: choose a new name, so no backup is overwritten.")
    manifest = backup_database(file)
    total = sum(t.rows for t in manifest.tables)
    click.echo(
        f"Backed up {total} rows from {len(manifest.tables)} tables (schema {manifest.alembic_revision}) to {file}."
    )


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(file: Path, yes: bool) -> None:
    """Replace the whole database with the backup in FILE, then erase again everyone erased since."""
    if not yes:
        click.confirm(f"Replace every row of this database with {file}?", abort=True)
    try:
        report = restore_database(file)
    except BackupError as error:
        db.session.rollback()
        raise click.ClickException(f"Nothing was restored: {error}") from error
    db.session.commit()
    click.echo(
        f"Restored {sum(report.rows.values())} rows from the backup of {report.manifest.created_at} (UTC); "
        f"erased again {report.erased_again} person(s) or account(s) erased since."
    )
