"""What imports say to people: the names of row labels and batch states, and why something was refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from abcd.errors import DomainError
from abcd.imports.models import BatchStatus, ImportBatch
from abcd.imports.preview import Label
from abcd.imports.sheets import SheetError


@dataclass(frozen=True)
class _Labels:
    rows: dict[Label, Any]
    batch: dict[BatchStatus, Any]


LABELS = _Labels(
    rows={
        Label.NEW: _l("New"),
        Label.UPDATE: _l("Update"),
        Label.UNCHANGED: _l("Unchanged"),
        Label.INVALID: _l("Invalid"),
        Label.DUPLICATE: _l("Possible duplicate"),
    },
    batch={
        BatchStatus.UPLOADED: _l("Not imported yet"),
        BatchStatus.QUEUED: _l("Waiting to run"),
        BatchStatus.RUNNING: _l("Running"),
        BatchStatus.COMMITTED: _l("Imported"),
        BatchStatus.REFUSED: _l("Refused: nothing imported"),
        BatchStatus.FAILED: _l("Failed: nothing imported"),
        BatchStatus.UNDONE: _l("Undone"),
    },
)


def sheet_error_message(error: SheetError) -> str:
    messages = {
        "empty": _("The file is empty."),
        "no_header": _("The file has no header row naming its columns."),
        "duplicate_column": _("Two columns are called “%(column)s”: give each column its own name.",
                              column=error.details.get("column", "")),
        "too_many_rows": _("The file has more than %(limit)d rows: split it into smaller files.",
                           limit=error.details.get("limit", 0)),
        "too_many_columns": _("The file has more than %(limit)d columns.", limit=error.details.get("limit", 0)),
    }  # fmt: skip
    return messages.get(error.code, _("This file could not be read: save it as CSV or XLSX and try again."))


def batch_error_message(error: DomainError) -> str:
    details = error.details
    if error.code == "rows_refused":
        return _("Nothing was imported: %(held)d rows cannot be imported. Fix them, or choose to import the "
                 "valid rows and hold the rest.", held=details.get("held", 0))  # fmt: skip
    if error.code == "nothing_to_import":
        return _("Nothing to import: %(unchanged)d rows are unchanged and %(held)d cannot be imported.",
                 unchanged=details.get("unchanged", 0), held=details.get("held", 0))  # fmt: skip
    if error.code == "plan":
        return "; ".join(str(problem) for problem in details.get("problems", []))
    messages = {
        "file_changed": _("The file changed since the preview you confirmed. Check the new preview."),
        "preview_changed": _("Records or the mapping changed since your preview. Check the new preview."),
        "not_undoable": _("This import cannot be undone."),
        "error": _("The import failed and nothing was imported. Please try again."),
        "no_actor": _("The import failed and nothing was imported. Please try again."),
    }
    return messages.get(error.code, _("This import was already confirmed."))


def undo_reasons(batch: ImportBatch) -> list[tuple[int, str]]:
    """The records an undo kept, with why, in the reader's language."""
    reasons = {
        "edited": _("edited since the import"),
        "linked": _("linked to other records since the import"),
        "gone": _("no longer exists"),
        "not_allowed": _("outside your authority"),
    }
    kept = (batch.counts or {}).get("kept") or []
    return [(int(asset_id), reasons.get(code, code)) for asset_id, code in kept]
