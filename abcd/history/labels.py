"""How a change reads to people: channel names, dates, and names in place of codes, slugs and ids."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from babel.dates import format_datetime
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from abcd.areas.models import LocalAuthority, Ward
from abcd.assets.labels import KIND_LABELS, MEMBERSHIP_LABELS, SPECIAL_CATEGORY_LABELS, STATUS_LABELS, field_label
from abcd.assets.models import AssetKind, AssetStatus, Membership, SpecialCategory, Theme
from abcd.changes.labels import CHANNEL_LABELS
from abcd.changes.models import Channel
from abcd.i18n import current_language, field_language, localised

ACTION_LABELS: dict[str, Any] = {
    "create": _l("Created"),
    "update": _l("Updated"),
    "delete": _l("Deleted"),
}

# (Babel locale, pattern) per language: "2 December 2026, 2:04pm"; Welsh writes yb/yh for am/pm.
DATE_PATTERNS = {
    "en": ("en_GB", "d MMMM y, h:mma"),
    "cy": ("cy", "d MMMM y, h:mmaaaa"),
}

_ENUM_LABELS: dict[str, tuple[type[Any], Mapping[Any, Any]]] = {
    "kind": (AssetKind, KIND_LABELS),
    "status": (AssetStatus, STATUS_LABELS),
    "membership": (Membership, MEMBERSHIP_LABELS),
    "special_category": (SpecialCategory, SPECIAL_CATEGORY_LABELS),
}
# The record's own bookkeeping: its id and timestamps say nothing a person needs in a history.
HIDDEN_FIELDS = frozenset({"asset_id", "created_at", "updated_at", "version"})
_REF = re.compile(r"^(restore):v(\d+)$|^(change):(\d+)$")


def when(moment: datetime) -> str:
    """A stored UTC time as people read it, in Europe/London: "2 December 2026, 2:04pm"."""
    locale, pattern = DATE_PATTERNS.get(current_language(), DATE_PATTERNS["en"])
    return format_datetime(moment, pattern, tzinfo=get_timezone(), locale=locale)


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
class Names:
    """Everything a value may name, looked up once per page."""

    wards: Mapping[str, Ward]
    authorities: Mapping[str, LocalAuthority]
    themes_by_id: Mapping[int, Theme]
    themes_by_slug: Mapping[str, Theme]
    people: Mapping[int, str] = dataclasses.field(default_factory=dict)  # account names of actors and creators
    workshops: Mapping[int, str] = dataclasses.field(default_factory=dict)


def _record_name(record: Any) -> str:
    text, _fallback = localised(record, "name")
    return str(text or "")


def _theme_names(value: list[Any], names: Names) -> str:
    shown = []
    for item in value:
        theme = names.themes_by_id.get(item) if isinstance(item, int) else names.themes_by_slug.get(str(item))
        shown.append(_record_name(theme) if theme else _("a theme since removed (%(ref)s)", ref=item))
    return ", ".join(sorted(shown, key=str.casefold))


def show_value(field: str, value: Any, names: Names) -> str:
    """A stored value as a person reads it; codes, slugs and enum values become names."""
    if value is None or value == "" or value == []:
        return _("Not set")
    if field in _ENUM_LABELS:
        enum_type, labels = _ENUM_LABELS[field]
        try:
            return str(labels[enum_type(value)])
        except (ValueError, KeyError):
            return str(value)
    if field == "ward_code":
        ward = names.wards.get(value)
        return _record_name(ward) if ward else str(value)
    if field == "la_code":
        authority = names.authorities.get(value)
        return _record_name(authority) if authority else str(value)
    if field == "themes" and isinstance(value, list):
        return _theme_names(value, names)
    if field == "created_by_id" and isinstance(value, int):
        return names.people.get(value, _("the system or a former user"))
    if field == "workshop_id" and isinstance(value, int):
        return names.workshops.get(value, str(value))
    if field in ("latitude", "longitude") and isinstance(value, int | float):
        return f"{value:.5f}"
    return str(value)


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
        field_label(field), show_value(field, before, names), show_value(field, after, names), changed,
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
    )
