"""How a change reads to a reviewer: kinds of change, ages, link types, and values as names rather than codes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from abcd.areas.models import LocalAuthority, Ward
from abcd.assets.labels import KIND_LABELS, MEMBERSHIP_LABELS, SPECIAL_CATEGORY_LABELS, STATUS_LABELS, field_label
from abcd.assets.models import AssetKind, AssetStatus, Membership, SpecialCategory, Theme
from abcd.extensions import db
from abcd.i18n import localised
from abcd.links.models import LinkType

# "Older than" choices of the queue's age filter, in days.
AGE_CHOICES: dict[int, Any] = {
    1: _l("Older than 1 day"),
    7: _l("Older than a week"),
    30: _l("Older than 30 days"),
}

LINK_TYPE_LABELS: dict[LinkType, Any] = {
    LinkType.MEMBER_OF: _l("is a member of"),
    LinkType.ORGANISES: _l("organises"),
    LinkType.RUNS: _l("runs"),
    LinkType.MEETS_AT: _l("meets at"),
    LinkType.PARTNERS_WITH: _l("partners with"),
    LinkType.OFFERS: _l("offers"),
    LinkType.SEEKS: _l("is looking for"),
    LinkType.USES: _l("uses"),
    LinkType.TELLS_OF: _l("tells the story of"),
    LinkType.HELPS: _l("helps"),
}

_ENUM_LABELS: dict[str, tuple[type[Any], Mapping[Any, Any]]] = {
    "kind": (AssetKind, KIND_LABELS),
    "status": (AssetStatus, STATUS_LABELS),
    "membership": (Membership, MEMBERSHIP_LABELS),
    "special_category": (SpecialCategory, SPECIAL_CATEGORY_LABELS),
}


def item_label(item: str) -> str:
    """A reviewer's item: a field, or "location" for the place fields that travel together."""
    return _("Location") if item == "location" else field_label(item)


def link_type_label(value: Any) -> str:
    try:
        return str(LINK_TYPE_LABELS[LinkType(value)])
    except ValueError:
        return str(value)


def _name(record: Any) -> str:
    text, _fallback = localised(record, "name")
    return str(text or "")


def _theme_names(value: list[Any]) -> str:
    shown = []
    for theme_id in value:
        theme = db.session.get(Theme, theme_id) if isinstance(theme_id, int) else None
        shown.append(_name(theme) if theme else _("a theme since removed (%(ref)s)", ref=theme_id))
    return ", ".join(sorted(shown, key=str.casefold))


def describe_value(field: str, value: Any) -> str:
    """A stored plain value as a person reads it: codes, ids and enum values become names; empty is "Not set"."""
    if value is None or value == "" or value == []:
        return _("Not set")
    if field in _ENUM_LABELS:
        enum_type, labels = _ENUM_LABELS[field]
        try:
            return str(labels[enum_type(value)])
        except (ValueError, KeyError):
            return str(value)
    if field == "ward_code":
        ward = db.session.get(Ward, value) if isinstance(value, str) else None
        return _name(ward) if ward else str(value)
    if field == "la_code":
        authority = db.session.get(LocalAuthority, value) if isinstance(value, str) else None
        return _name(authority) if authority else str(value)
    if field == "themes" and isinstance(value, list):
        return _theme_names(value)
    if field in ("latitude", "longitude") and isinstance(value, int | float):
        return f"{value:.5f}"
    return str(value)


def describe_location(values: Mapping[str, Any]) -> str:
    """The place fields as one line: postcode, ward and authority (or the point when there is no postcode)."""
    parts = []
    if values.get("postcode"):
        parts.append(str(values["postcode"]))
    elif values.get("latitude") is not None and values.get("longitude") is not None:
        parts.append(
            f"{describe_value('latitude', values['latitude'])}, {describe_value('longitude', values['longitude'])}"
        )
    for name in ("ward_code", "la_code"):
        if values.get(name):
            parts.append(describe_value(name, values[name]))
    return " · ".join(parts) if parts else _("Not set")
