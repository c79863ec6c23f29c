"""Every CSV the app writes: one writer that makes each text cell safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets (CSV injection):
# a resident could make an officer's spreadsheet fetch a URL or run a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text cell that could start a formula gets a leading apostrophe, which spreadsheets show as text;
    numbers, booleans and empty cells pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV text: the header row (always, even with no rows), then each row with every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return out.getvalue()
