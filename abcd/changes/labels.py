"""How the write path reads to people: kinds of change, outcomes, channels, and stored values as names.

A value here is in the plain shape the write path stores (``asset_values``, ``ChangeRequest.proposed``,
audit entries): enums as their values, themes as ids (older audit entries: slugs), places as codes.
``describe_value`` is the one place such a value becomes words; review and history both read through it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from abcd.areas.models import LocalAuthority, Ward
from abcd.assets.labels import KIND_LABELS, MEMBERSHIP_LABELS, SPECIAL_CATEGORY_LABELS, STATUS_LABELS
from abcd.assets.models import AssetKind, AssetStatus, Membership, SpecialCategory, Theme
from abcd.auth.models import User
from abcd.changes.models import ChangeKind, ChangeStatus, Channel
from abcd.extensions import db
from abcd.i18n import localised
from abcd.workshops.models import Workshop

CHANGE_KIND_LABELS: dict[ChangeKind, Any] = {
    ChangeKind.NEW: _l("New record"),
    ChangeKind.CHANGE: _l("Changed details"),
    ChangeKind.ARCHIVE: _l("Archive"),
    ChangeKind.LINK: _l("New link"),
}

CHANGE_STATUS_LABELS: dict[ChangeStatus, Any] = {
    ChangeStatus.PENDING: _l("Waiting for review"),
    ChangeStatus.APPROVED: _l("Accepted"),
    ChangeStatus.PARTLY_APPROVED: _l("Partly accepted"),
    ChangeStatus.REJECTED: _l("Not accepted"),
    ChangeStatus.SUPERSEDED: _l("Replaced by a later suggestion"),
}

CHANNEL_LABELS: dict[Channel, Any] = {
    Channel.FORM: _l("Form"),
    Channel.IMPORT: _l("Import"),
    Channel.WORKSHOP: _l("Workshop"),
    Channel.MERGE: _l("Merge"),
    Channel.API: _l("API"),
    Channel.SYSTEM: _l("System"),
}

_ENUM_LABELS: dict[str, tuple[type[Any], Mapping[Any, Any]]] = {
    "kind": (AssetKind, KIND_LABELS),
    "status": (AssetStatus, STATUS_LABELS),
    "membership": (Membership, MEMBERSHIP_LABELS),
    "special_category": (SpecialCategory, SPECIAL_CATEGORY_LABELS),
}


@dataclass(frozen=True)
class Names:
    """Everything a value may name, looked up once per page (``load_names``)."""

    wards: Mapping[str, Ward]
    authorities: Mapping[str, LocalAuthority]
    themes_by_id: Mapping[int, Theme]
    themes_by_slug: Mapping[str, Theme]
    people: Mapping[int, str] = dataclasses.field(default_factory=dict)  # account names of actors and creators
    workshops: Mapping[int, str] = dataclasses.field(default_factory=dict)


def load_names(user_ids: Iterable[int | None] = (), workshop_ids: Iterable[int | None] = ()) -> Names:
    """Every ward, authority and theme a value might name (small tables), and the named users and workshops."""
    themes = list(db.session.scalars(sa.select(Theme)))
    return Names(
        wards={ward.code: ward for ward in db.session.scalars(sa.select(Ward))},
        authorities={la.code: la for la in db.session.scalars(sa.select(LocalAuthority))},
        themes_by_id={theme.theme_id: theme for theme in themes},
        themes_by_slug={theme.slug: theme for theme in themes},
        people=_lookup(User.user_id, User.display_name, user_ids),
        workshops=_lookup(Workshop.workshop_id, Workshop.title, workshop_ids),
    )


def _lookup(key: Any, label: Any, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {item for item in ids if item is not None}
    if not wanted:
        return {}
    return {item: text for item, text in db.session.execute(sa.select(key, label).where(key.in_(wanted)))}


def _record_name(record: Any) -> str:
    text, _fallback = localised(record, "name")
    return str(text or "")


def _theme_names(value: list[Any], names: Names) -> str:
    shown = []
    for item in value:
        theme = names.themes_by_id.get(item) if isinstance(item, int) else names.themes_by_slug.get(str(item))
        shown.append(_record_name(theme) if theme else _("a theme since removed (%(ref)s)", ref=item))
    return ", ".join(sorted(shown, key=str.casefold))


def describe_value(field: str, value: Any, names: Names) -> str:
    """A stored value as a person reads it: codes, ids, slugs and enum values become names; empty is "Not set"."""
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


def describe_location(values: Mapping[str, Any], names: Names) -> str:
    """The place fields as one line: postcode, ward and authority (or the point when there is no postcode)."""
    parts = []
    if values.get("postcode"):
        parts.append(str(values["postcode"]))
    elif values.get("latitude") is not None and values.get("longitude") is not None:
        latitude, longitude = (describe_value(name, values[name], names) for name in ("latitude", "longitude"))
        parts.append(f"{latitude}, {longitude}")
    for name in ("ward_code", "la_code"):
        if values.get(name):
            parts.append(describe_value(name, values[name], names))
    return " · ".join(parts) if parts else _("Not set")
