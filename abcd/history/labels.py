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
from abcd.i18n import when

ACTION_LABELS: dict[str, Any] = {
    "create": _l("Created"),
    "update": _l("Updated"),
    "delete": _l("Deleted"),
}

# The record's own bookkeeping: its id and timestamps say nothing a person needs in a history.
HIDDEN_FIELDS = frozenset({"asset_id", "created_at", "updated_at", "version"})
_REF = re.compile(r"^(restore):v(\d+)$|^(change):(\d+)$")


def channel_text(channel: str | None, channel_ref: str | None) -> str:
    """ "Form", "Form: restored version 3", "Form: approved suggestion 12", or "" if unknown."""
    known = {member.value: member for member in Channel}
    label = str(CHANNEL_LABELS[known[channel]]) if channel in known else ""
    reference = reference_text(channel_ref)
    if label and reference:
        return _("%(channel)s: %(reference)s", channel=label, reference=reference)
    return label or reference


def reference_text(channel_ref: str | None) -> str:
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


def describe(entry: Any, names: Names) -> EntryView:
    who = names.people.get(entry.actor_id) if entry.actor_id is not None else None
    rows = [
        ChangeRow(field_label(name), describe_value(name, old, names), describe_value(name, new, names))
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
    )
