"""How a change reads to a reviewer: items, ages and link types (values read through abcd.changes.labels)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from abcd.assets.labels import field_label
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


def item_label(item: str) -> str:
    """A reviewer's item: a field, or "location" for the place fields that travel together."""
    return _("Location") if item == "location" else field_label(item)


def link_type_label(value: Any) -> str:
    try:
        return str(LINK_TYPE_LABELS[LinkType(value)])
    except ValueError:
        return str(value)
