"""The import wizard's forms: the upload, the column mapping and the confirmation."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField
from wtforms.validators import Length, Optional, Regexp

from abcd.forms import BaseForm, optional_text
from abcd.imports.models import ImportMode

SOURCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\- ]*$"
SPREADSHEETS = ["csv", "xlsx", "txt"]


class UploadForm(BaseForm):
    sheet = FileField(
        _l("Spreadsheet"),
        validators=[FileRequired(_l("Choose a file.")), FileAllowed(SPREADSHEETS, _l("Upload a CSV or XLSX file."))],
        description=_l("CSV (commas or semicolons; UTF-8 or Windows) or Excel XLSX; the first row names the columns."),
    )
    source = StringField(
        _l("Where the list comes from (optional)"),
        validators=[Optional(), Length(max=60), Regexp(SOURCE_PATTERN, message=_l("Use letters, digits, - and _."))],
        filters=[optional_text],
        description=_l("A short name such as “library-list”. A source's mapping is remembered for next time."),
    )


class ReplaceForm(BaseForm):
    sheet = FileField(
        _l("Corrected file"),
        validators=[FileRequired(_l("Choose a file.")), FileAllowed(SPREADSHEETS, _l("Upload a CSV or XLSX file."))],
    )


class SourceForm(BaseForm):
    source = StringField(
        _l("Where the list comes from"),
        validators=[Optional(), Length(max=60), Regexp(SOURCE_PATTERN, message=_l("Use letters, digits, - and _."))],
        filters=[optional_text],
        description=_l("Needed when a column holds the sheet's own ids: they are unique within their source."),
    )
    remember = BooleanField(_l("Remember this mapping for the source"), default=True)


MODE_CHOICES: list[tuple[str, Any]] = [
    (ImportMode.ALL_OR_NOTHING.value, _l("All or nothing: import only if every row can be imported")),
    (ImportMode.VALID_ONLY.value, _l("Import the rows that can be imported, and hold the rest")),
]


class ConfirmForm(BaseForm):
    file_hash = HiddenField()
    preview = HiddenField()
    mode = RadioField(
        _l("If some rows cannot be imported"), choices=MODE_CHOICES, default=ImportMode.ALL_OR_NOTHING.value
    )
    include_duplicates = BooleanField(_l("Also import the rows marked “Possible duplicate”"))


def column_choices(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", str(_l("(do not import)"))), *fields]


__all__ = ["ConfirmForm", "ReplaceForm", "SelectField", "SourceForm", "UploadForm", "column_choices"]
