"""One's profile as the profile form's conflict handling sees it: its fields, saved values and audit trail."""

from __future__ import annotations

import enum
from typing import Any

from wtforms import Form

from abcd.edit_conflicts import EditedRecord
from abcd.people import services
from abcd.people.models import Person

FORM_FIELDS = (
    "display_name", "display_name_visibility", "ward_code", "ward_visibility", "languages", "accepts_messages",
)  # fmt: skip


def edited_profile(person: Person, form: Form) -> EditedRecord:
    """Only the form's own fields appear in the table: consent dates and tokens are not the form's business."""
    return EditedRecord(
        fields=FORM_FIELDS,
        version=person.version,
        current=_saved_values(person),
        history_since=lambda version: services.profile_changes_since(person, version),
        label=lambda name: str(form[name].label.text) if name in FORM_FIELDS else None,
    )


def _saved_values(person: Person) -> dict[str, Any]:
    values = {name: getattr(person, name) for name in FORM_FIELDS}
    return {name: value.value if isinstance(value, enum.Enum) else value for name, value in values.items()}
