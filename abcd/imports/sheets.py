"""Reading an uploaded spreadsheet (CSV in UTF-8, UTF-8 with BOM or Windows-1252, `,` or `;`; or XLSX) into
rows of text numbered as the spreadsheet numbers them, and writing sheets back out (CSV or XLSX)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from abcd.csv_output import FORMULA_STARTS, write_csv
from abcd.errors import DomainError

MAX_ROWS = 50_000
MAX_COLUMNS = 200
_XLSX_MAGIC = b"PK\x03\x04"


class SheetError(DomainError):
    """A file that cannot be read as a sheet. Codes: empty, no_header, duplicate_column (``column``),
    too_many_rows (``limit``), too_many_columns, unreadable (not CSV text nor an XLSX workbook)."""


@dataclass(frozen=True)
class SheetRow:
    number: int  # the spreadsheet's row number: the header is row 1 (or wherever it was found)
    cells: tuple[str, ...]

    def value(self, index: int) -> str:
        return self.cells[index] if index < len(self.cells) else ""


@dataclass(frozen=True)
class Sheet:
    columns: tuple[str, ...]
    rows: tuple[SheetRow, ...]
    encoding: str = ""  # of a CSV file; "" for XLSX
    delimiter: str = ""


def read_sheet(content: bytes, file_name: str = "") -> Sheet:
    """The header and the non-blank rows of ``content``. Raises SheetError."""
    if not content.strip():
        raise SheetError("empty")
    if content.startswith(_XLSX_MAGIC) or file_name.lower().endswith(".xlsx"):
        return _from_rows(_xlsx_rows(content))
    text, encoding = decode(content)
    delimiter = sniff_delimiter(text)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    sheet = _from_rows((number, row) for number, row in enumerate(rows, start=1))
    return Sheet(sheet.columns, sheet.rows, encoding, delimiter)


def decode(content: bytes) -> tuple[str, str]:
    """UTF-8 (with or without its byte-order mark) when the bytes are valid UTF-8, else Windows-1252."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in content:
        raise SheetError("unreadable")
    # The five bytes Windows-1252 leaves undefined become U+FFFD rather than failing the whole file.
    return content.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """`;` when the header line has more semicolons than commas (continental Excel), else `,`."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _xlsx_rows(content: bytes) -> Iterable[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # only XLSX uploads pay for importing it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise SheetError("unreadable") from error
    try:
        sheet = workbook.worksheets[0]
        numbered = enumerate(sheet.iter_rows(values_only=True), start=1)
        rows = [(number, [cell_text(value) for value in values]) for number, values in numbered]
    finally:
        workbook.close()
    return rows


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person typed: 12.0 is "12", a date is ISO, empty is ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _from_rows(numbered: Iterable[tuple[int, Sequence[str]]]) -> Sheet:
    columns: tuple[str, ...] | None = None
    rows: list[SheetRow] = []
    for number, raw in numbered:
        cells = tuple(unescape_cell(cell.strip()) for cell in raw)
        if not any(cells):
            continue  # blank lines keep their numbers but are not rows
        if columns is None:
            columns = _header(cells)
            continue
        if len(rows) >= MAX_ROWS:
            raise SheetError("too_many_rows", limit=MAX_ROWS)
        rows.append(SheetRow(number, cells))
    if columns is None:
        raise SheetError("no_header")
    return Sheet(columns, tuple(rows))


def _header(cells: tuple[str, ...]) -> tuple[str, ...]:
    while cells and not cells[-1]:
        cells = cells[:-1]
    if len(cells) > MAX_COLUMNS:
        raise SheetError("too_many_columns", limit=MAX_COLUMNS)
    seen: set[str] = set()
    named = []
    for index, cell in enumerate(cells, start=1):
        name = cell or f"#{index}"
        if name.casefold() in seen:
            raise SheetError("duplicate_column", column=name)
        seen.add(name.casefold())
        named.append(name)
    return tuple(named)


def unescape_cell(value: str) -> str:
    """Undo the apostrophe our own exports put before a cell that would start a formula."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def sheet_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file Excel opens with the right accents (UTF-8 with a byte-order mark), every cell made safe."""
    return ("\ufeff" + write_csv(header, rows)).encode("utf-8")


def sheet_xlsx(header: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Sheet") -> bytes:
    """An XLSX workbook with one sheet; text cells are written as text, never as formulas."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(value: Any) -> Any:
    # openpyxl stores a string starting "=" as a formula; the apostrophe keeps it text (read back by unescape_cell).
    return "'" + value if isinstance(value, str) and value.startswith("=") else value
