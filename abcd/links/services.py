"""Reading links for pages. People's links are left to the visibility helper of the people feature."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from abcd.assets.models import Asset, AssetStatus
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility

# How a link reads from each end: (from the source, from the target).
LINK_PHRASES: dict[LinkType, tuple[Any, Any]] = {
    LinkType.MEMBER_OF: (_l("Member of"), _l("Has member")),
    LinkType.ORGANISES: (_l("Organises"), _l("Organised by")),
    LinkType.RUNS: (_l("Runs"), _l("Run by")),
    LinkType.MEETS_AT: (_l("Meets at"), _l("Meeting place of")),
    LinkType.PARTNERS_WITH: (_l("Partners with"), _l("Partners with")),
    LinkType.OFFERS: (_l("Offers"), _l("Offered by")),
    LinkType.SEEKS: (_l("Looking for"), _l("Sought by")),
    LinkType.USES: (_l("Uses"), _l("Used by")),
    LinkType.TELLS_OF: (_l("Tells the story of"), _l("Has stories")),
}


def link_from_proposal(proposed: dict[str, Any], created_by_id: int | None) -> Link:
    """Make the link an approved proposal describes (its ends and type are plain values)."""
    columns = ("source_person_id", "source_asset_id", "target_person_id", "target_asset_id", "target_skill_id")
    link = Link(
        link_type=LinkType(proposed["link_type"]),
        visibility=Visibility(proposed.get("visibility") or Visibility.PUBLIC.value),
        created_by_id=created_by_id,
        **{name: proposed.get(name) for name in columns},
    )
    db.session.add(link)
    db.session.flush()
    return link


@dataclass(frozen=True)
class Connection:
    label: str
    other: Asset


def asset_connections(asset: Asset) -> list[Connection]:
    """Links between this asset and other published assets, phrased from this asset's side."""
    outgoing = (
        sa.select(Link, Asset)
        .join(Asset, Asset.asset_id == Link.target_asset_id)
        .where(Link.source_asset_id == asset.asset_id, Asset.status == AssetStatus.PUBLISHED)
    )
    incoming = (
        sa.select(Link, Asset)
        .join(Asset, Asset.asset_id == Link.source_asset_id)
        .where(Link.target_asset_id == asset.asset_id, Asset.status == AssetStatus.PUBLISHED)
    )
    connections = [
        Connection(str(LINK_PHRASES[link.link_type][0]), other) for link, other in db.session.execute(outgoing)
    ]
    connections += [
        Connection(str(LINK_PHRASES[link.link_type][1]), other) for link, other in db.session.execute(incoming)
    ]
    return sorted(connections, key=lambda c: (c.label, c.other.name_en))
