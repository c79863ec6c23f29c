"""How a record's history reads to people: actions, channel names, dates, and each audited change.

Values become names through abcd.changes.labels.describe_value, as on the review pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from abcd.assets.labels import field_label
from abcd.changes.labels import CHANNEL_LABELS, Names, describe_value
from abcd.changes.models import Channel
from abcd.i18n import field_language, when

ACTION_LABELS: dict[str, Any] = {
    "create": _l("Created"),
    "update": _l("Updated"),
    "delete": _l("Deleted"),
}

# The record's own bookkeeping: its id and timestamps say nothing a person needs in a history.
HIDDEN_FIELDS = frozenset({"asset_id", "created_at", "updated_at", "version"})
_REF = re.compile(r"^(restore):v(\d+)$|^(change):(\d+)$")
_BATCH = re.compile(r"^(import|undo):(\d+)$")


def channel_text(channel: str | None, channel_ref: str | None) -> str:
    """ "Form", "Form: restored version 3", "Form: approved suggestion 12", or "" if unknown."""
    known = {member.value: member for member in Channel}
    label = str(CHANNEL_LABELS[known[channel]]) if channel in known else ""
    reference = reference_text(channel_ref)
    if label and reference:
        return _("%(channel)s: %(reference)s", channel=label, reference=reference)
    return label or reference


def reference_text(channel_ref: str | None) -> str:
    batch = _BATCH.match(channel_ref or "")
    if batch:
        if batch.group(1) == "undo":
            return _("undoing import %(number)s", number=batch.group(2))
        return _("import %(number)s", number=batch.group(2))
    match = _REF.match(channel_ref or "")
    if match is None:
        return ""
    if match.group(1):
        return _("restored version %(version)s", version=match.group(2))
    return _("approved suggestion %(number)s", number=match.group(4))


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str
    after: str
    changed: bool = True
    before_lang: str | None = None  # the language of a value of a field such as name_en, for its lang attribute
    after_lang: str | None = None


def change_row(field: str, before: Any, after: Any, names: Names, changed: bool = True) -> ChangeRow:
    """One field before and after, as a person reads it."""
    language = field_language(field)
    return ChangeRow(
        field_label(field), describe_value(field, before, names), describe_value(field, after, names), changed,
        language if before not in (None, "", []) else None, language if after not in (None, "", []) else None,
    )  # fmt: skip


@dataclass(frozen=True)
class EntryView:
    """One audited change, ready to read: who, when, through what, and each field before and after."""

    version: int | None
    when: str
    who: str
    action: str
    channel: str
    rows: list[ChangeRow]
    is_creation: bool = False
    batch_id: int | None = None  # the import batch that made it, to link to


def batch_of(channel_ref: str | None) -> int | None:
    batch = _BATCH.match(channel_ref or "")
    return int(batch.group(2)) if batch else None


def describe(entry: Any, names: Names) -> EntryView:
    who = names.people.get(entry.actor_id) if entry.actor_id is not None else None
    rows = [
        change_row(name, old, new, names)
        for name, (old, new) in (entry.changes or {}).items()
        if name not in HIDDEN_FIELDS
    ]
    return EntryView(
        version=entry.entity_version,
        when=when(entry.occurred_at),
        who=who or _("the system or a former user"),
        action=str(ACTION_LABELS.get(entry.action, entry.action)),
        channel=channel_text(getattr(entry, "channel", None), getattr(entry, "channel_ref", None)),
        rows=rows,
        is_creation=entry.action == "create",
        batch_id=batch_of(getattr(entry, "channel_ref", None)),
    )
