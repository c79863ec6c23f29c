"""The row report people can fix: spreadsheet row, column, value and message for every row not imported,
and the errors file (the original columns plus an Error column) that can be corrected and uploaded again."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _

from abcd.imports.preview import Label, Preview, RowResult
from abcd.imports.sheets import sheet_csv, sheet_xlsx

HELD = (Label.INVALID, Label.DUPLICATE)


@dataclass(frozen=True)
class ReportLine:
    row: int
    column: str
    value: str
    message: str


def duplicate_message(result: RowResult) -> str:
    parts = []
    for match in result.duplicates:
        if match.asset_id is not None:
            parts.append(_("may already exist as “%(name)s” (record %(id)d)", name=match.name, id=match.asset_id))
        else:
            parts.append(_("may be the same as row %(row)d", row=match.row_number or 0))
    return "; ".join(parts)


def report_lines(preview: Preview, held: tuple[Label, ...] = HELD) -> Iterator[ReportLine]:
    """One line per problem, in row order, in the language in force."""
    for result in preview.rows:
        if result.label not in held:
            continue
        for issue in result.issues:
            yield ReportLine(result.number, issue.column, issue.value, str(issue.message))
        if result.label is Label.DUPLICATE:
            name = str(result.values.get("name_en") or "")
            yield ReportLine(result.number, preview.plan.column_of("name_en"), name, duplicate_message(result))


def _error_text(result: RowResult, preview: Preview) -> str:
    texts = [f"{issue.column}: {issue.message}" for issue in result.issues]
    if result.label is Label.DUPLICATE:
        texts.append(duplicate_message(result))
    return "; ".join(texts)


def errors_file(preview: Preview, as_xlsx: bool = False) -> bytes:
    """The held rows as they were uploaded, each with an Error cell; the Error column is ignored when the
    corrected file is uploaded again."""
    error_column = _("Error")
    header = [*preview.sheet.columns, error_column]
    width = len(preview.sheet.columns)
    rows = [
        [*(list(result.cells[:width]) + [""] * (width - len(result.cells))), _error_text(result, preview)]
        for result in preview.rows
        if result.label in HELD
    ]
    return sheet_xlsx(header, rows, title=error_column) if as_xlsx else sheet_csv(header, rows)
