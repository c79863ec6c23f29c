"""`flask abcd import assets FILE --officer EMAIL`: the wizard's preview and import from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _

from abcd.auth.services import find_user_by_email
from abcd.database import refresh_statistics
from abcd.extensions import db
from abcd.imports import labels, mapping, services
from abcd.imports.models import ImportMode
from abcd.imports.preview import Preview
from abcd.imports.report import errors_file, report_lines
from abcd.imports.sheets import SheetError

import_cli = AppGroup("import", help="Import spreadsheets (CSV or XLSX).")


def _constants(pairs: tuple[str, ...]) -> dict[str, str]:
    found = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or name.strip() not in mapping.CONSTANT_FIELDS:
            raise click.BadParameter(
                f"{pair!r}: use FIELD=VALUE with FIELD one of {', '.join(mapping.CONSTANT_FIELDS)}"
            )
        found[name.strip()] = value.strip()
    return found


def _print_report(preview: Preview) -> None:
    for problem in preview.problems:
        click.echo(f"Mapping: {problem}", err=True)
    totals = ", ".join(f"{labels.LABELS.rows[label]}: {n}" for label, n in preview.totals.items())
    click.echo(f"{len(preview.rows)} rows. {totals}")
    for line in report_lines(preview):
        click.echo(f"Row {line.row}, {line.column} = {line.value!r}: {line.message}")


@import_cli.command("assets")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--officer", "email", required=True, help="The officer (or admin) the import is made as.")
@click.option("--dry-run", is_flag=True, help="Preview only: print the totals and row report, write nothing.")
@click.option("--valid-only", is_flag=True, help="Import the rows that can be imported and hold the rest.")
@click.option("--include-duplicates", is_flag=True, help="Also import rows marked as possible duplicates.")
@click.option("--errors-out", type=click.Path(dir_okay=False, path_type=Path), help="Write the held rows here.")
@click.option("--mapping", "source", help="The source whose saved mapping to use (its ids are unique in it).")
@click.option("--set", "constants", multiple=True, metavar="FIELD=VALUE", help="A value for every row.")
def import_assets(path: Path, email: str, dry_run: bool, valid_only: bool, include_duplicates: bool,
                  errors_out: Path | None, source: str | None, constants: tuple[str, ...]) -> None:  # fmt: skip
    """Import community assets from PATH; all or nothing unless --valid-only. Exit status 1 when rows were
    refused or held, 2 on a usage error."""
    actor = find_user_by_email(email)
    if actor is None or not services.can_import(actor):
        raise click.UsageError(f"{email} is not an officer or admin.")
    db.session.info["actor_id"] = actor.user_id
    with force_locale(actor.locale or "en"):
        try:
            batch, _sheet = services.start_batch(path.read_bytes(), path.name, actor, source)
        except SheetError as error:
            raise click.ClickException(labels.sheet_error_message(error)) from error
        plan = services.plan_of(batch)
        services.apply_plan(batch, mapping.Plan(plan.columns, {**plan.constants, **_constants(constants)}, plan.source))
        preview = services.preview_batch(batch, actor)
        _print_report(preview)
        if errors_out is not None:
            errors_out.write_bytes(errors_file(preview, errors_out.suffix.lower() == ".xlsx"))
        refused = bool(preview.problems) or any(line for line in report_lines(preview))
        if dry_run:
            db.session.rollback()
            raise SystemExit(1 if refused and not valid_only else 0)
        mode = ImportMode.VALID_ONLY if valid_only else ImportMode.ALL_OR_NOTHING
        try:
            outcome = services.commit_preview(batch, preview, actor, mode, include_duplicates)
        except services.BatchError as error:
            db.session.rollback()
            click.echo(labels.batch_error_message(error), err=True)
            raise SystemExit(1) from error
        db.session.commit()
        if refresh_statistics(db.session.connection()):  # a large import can change which index serves best
            db.session.commit()
        click.echo(_("Import %(number)d: %(created)d new, %(updated)d updated, %(unchanged)d unchanged, %(held)d held.",
                     number=batch.batch_id, **outcome.counts()))  # fmt: skip
        raise SystemExit(1 if outcome.held else 0)
