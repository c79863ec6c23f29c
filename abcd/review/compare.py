"""A change beside the last approved version: each item before and after, and a link's two ends, as names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from abcd.assets.models import Asset
from abcd.changes import services as changes
from abcd.changes.labels import Names, describe_location, describe_value, load_names
from abcd.changes.models import ChangeKind, ChangeRequest
from abcd.extensions import db
from abcd.i18n import localised
from abcd.people import visibility
from abcd.people.models import Person, Skill
from abcd.review.labels import item_label, link_type_label
from abcd.review.services import shown_items


@dataclass(frozen=True)
class ItemRow:
    """One item a reviewer may approve: a field, or the location as a whole."""

    item: str
    label: str
    before: str
    after: str
    required: bool  # a new record cannot be published without it


def _text(item: str, values: dict[str, Any], names: Names) -> str:
    return describe_location(values, names) if item == "location" else describe_value(item, values.get(item), names)


def item_rows(change: ChangeRequest, asset: Asset | None) -> list[ItemRow]:
    """Each item of ``change`` before (the record as approved now; nothing for a new record) and after."""
    is_new = change.kind is ChangeKind.NEW
    current = changes.asset_values(asset) if asset is not None and not is_new else {}
    after_values = {**current, **change.proposed}
    names = load_names()
    rows = []
    for item in shown_items(change):
        before = "" if is_new else _text(item, current, names)
        required = is_new and item in changes.REQUIRED_ITEMS
        rows.append(ItemRow(item, item_label(item), before, _text(item, after_values, names), required))
    return rows


@dataclass(frozen=True)
class LinkView:
    source: str
    link_type: str
    target: str


def _name(record: Any) -> str:
    text, _fallback = localised(record, "name")
    return str(text or "")


def _end(proposed: dict[str, Any], side: str, viewer: visibility.Viewer) -> str:
    asset_id = proposed.get(f"{side}_asset_id")
    person_id = proposed.get(f"{side}_person_id")
    skill_id = proposed.get(f"{side}_skill_id")
    if isinstance(asset_id, int):
        asset = db.session.get(Asset, asset_id)
        return _name(asset) if asset is not None else _("a record since removed")
    if isinstance(person_id, int):
        person = db.session.get(Person, person_id)
        if person is None:
            return _("a person since removed")
        # Names of people only through the visibility helper, even for officers.
        return person.display_name if visibility.can_see(viewer, person) else _("a person whose name is not shown")
    if isinstance(skill_id, int):
        skill = db.session.get(Skill, skill_id)
        return _name(skill) if skill is not None else _("a skill since removed")
    return _("Not set")


def link_view(change: ChangeRequest, viewer: visibility.Viewer) -> LinkView:
    proposed = change.proposed
    return LinkView(
        _end(proposed, "source", viewer), link_type_label(proposed.get("link_type")), _end(proposed, "target", viewer)
    )
