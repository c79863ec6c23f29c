"""Making typed links (directly, or as a proposal that waits for review) and reading links between assets.

Services never commit. Links that touch a person are read for pages through abcd.people.directory,
which goes through the visibility helper; this module never lists people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from abcd import permissions
from abcd.assets.models import Asset, AssetKind, AssetStatus
from abcd.changes import services as changes
from abcd.changes.models import ChangeKind, ChangeRequest, ChangeStatus
from abcd.extensions import db
from abcd.i18n import record_name, sort_key
from abcd.links import rules
from abcd.links.labels import LINK_PHRASES, phrase
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility
from abcd.people.models import Person
from abcd.people.visibility import authority_of

__all__ = ["LINK_PHRASES", "Connection", "End", "LinkError", "LinkInput", "asset_connections", "submit_link"]

END_COLUMNS = ("source_person_id", "source_asset_id", "target_person_id", "target_asset_id")


class LinkError(changes.ChangeError):
    """A link the rules refuse. Codes: relation, same_end, duplicate, pending_duplicate, missing,
    special_category, withdrawn, person (see ``abcd.links.labels.link_error_message``).

    A ChangeError, so approving a proposal that can no longer be made is refused like any change."""


@dataclass(frozen=True)
class End:
    """One end of a link: a person or a published asset."""

    person: Person | None = None
    asset: Asset | None = None

    @property
    def kind(self) -> str:
        return rules.PERSON if self.person is not None else self.asset.kind.value  # type: ignore[union-attr]

    @property
    def key(self) -> str:
        if self.person is not None:
            return f"person:{self.person.person_id}"
        return f"asset:{self.asset.asset_id}"  # type: ignore[union-attr]


def parse_end_key(raw: str | None) -> tuple[str, int] | None:
    """``asset:12`` or ``person:3`` as (table, id); None for anything else."""
    table, _, number = (raw or "").partition(":")
    if table not in ("asset", "person") or not number.isdigit() or len(number) > 12:
        return None
    return table, int(number)


def load_end(raw: str | None) -> End | None:
    """The end a key names: a published asset or an existing person (visibility is the caller's check)."""
    parsed = parse_end_key(raw)
    if parsed is None:
        return None
    table, record_id = parsed
    if table == "person":
        person = db.session.get(Person, record_id)
        return End(person=person) if person is not None else None
    asset = db.session.get(Asset, record_id)
    return End(asset=asset) if asset is not None and asset.status is AssetStatus.PUBLISHED else None


@dataclass(frozen=True)
class LinkInput:
    here: End
    relation: rules.Relation
    there: End
    visibility: Visibility = Visibility.PRIVATE  # for links touching a person: most private first

    def proposed(self) -> dict[str, Any]:
        """The link as plain values, the shape a proposal stores and ``link_from_proposal`` takes."""
        source, target = (self.here, self.there) if self.relation.forward else (self.there, self.here)
        touches_person = self.here.person is not None or self.there.person is not None
        return {
            "link_type": self.relation.link_type.value,
            "source_person_id": source.person.person_id if source.person else None,
            "source_asset_id": source.asset.asset_id if source.asset else None,
            "target_person_id": target.person.person_id if target.person else None,
            "target_asset_id": target.asset.asset_id if target.asset else None,
            "visibility": (self.visibility if touches_person else Visibility.PUBLIC).value,
        }


def may_link_person(user: Any, person: Person) -> bool:
    """Only the person themselves links their own profile. Someone officers or a workshop recorded, who has
    no account to do it with, may be linked by an officer of their authority (an admin anywhere)."""
    if not permissions.is_signed_in(user):
        return False
    if person.user_id is not None:
        return bool(person.user_id == user.user_id)
    return permissions.acts_for_authority(user, authority_of(person))


# --- checking -------------------------------------------------------------------------------------


def _end_of(proposed: dict[str, Any], side: str) -> End:
    person_id, asset_id = proposed.get(f"{side}_person_id"), proposed.get(f"{side}_asset_id")
    if (person_id is None) == (asset_id is None):
        raise LinkError("relation")
    end = load_end(f"person:{person_id}" if person_id is not None else f"asset:{asset_id}")
    if end is None:
        raise LinkError("missing")
    if end.person is not None and end.person.withdrawn_at is not None:
        raise LinkError("withdrawn")
    return end


def _same_link(link_type: LinkType, source: End, target: End) -> sa.ColumnElement[bool]:
    def ends(a: End, b: End) -> sa.ColumnElement[bool]:
        return sa.and_(
            Link.source_person_id.is_(None) if a.person is None else Link.source_person_id == a.person.person_id,
            Link.source_asset_id.is_(None) if a.asset is None else Link.source_asset_id == a.asset.asset_id,
            Link.target_person_id.is_(None) if b.person is None else Link.target_person_id == b.person.person_id,
            Link.target_asset_id.is_(None) if b.asset is None else Link.target_asset_id == b.asset.asset_id,
        )

    either_way = sa.or_(ends(source, target), ends(target, source)) if rules.RULES[link_type].symmetric else None
    return sa.and_(Link.link_type == link_type, either_way if either_way is not None else ends(source, target))


def check(proposed: dict[str, Any]) -> tuple[End, End]:
    """The ends of a proposed link, if the rules allow it and it does not exist yet. Raises LinkError."""
    try:
        link_type = LinkType(str(proposed.get("link_type")))
    except ValueError:
        raise LinkError("relation") from None
    source, target = _end_of(proposed, "source"), _end_of(proposed, "target")
    if source.key == target.key:
        raise LinkError("same_end")
    if not rules.allowed(link_type, source.kind, target.kind):
        raise LinkError("relation")
    group = target.asset if source.person is not None else source.asset if target.person is not None else None
    if group is not None and group.kind is AssetKind.ASSOCIATION and group.special_category is not None:
        raise LinkError("special_category")
    if db.session.scalar(sa.select(Link.link_id).where(_same_link(link_type, source, target)).limit(1)):
        raise LinkError("duplicate")
    return source, target


def _same_proposal(a: dict[str, Any], b: dict[str, Any], symmetric: bool) -> bool:
    if a.get("link_type") != b.get("link_type"):
        return False
    ends = [a.get(name) for name in END_COLUMNS]
    if ends == [b.get(name) for name in END_COLUMNS]:
        return True
    return symmetric and ends == [b.get(name) for name in (*END_COLUMNS[2:], *END_COLUMNS[:2])]


def _pending_duplicate(proposed: dict[str, Any]) -> bool:
    asset_ids = {proposed.get("source_asset_id"), proposed.get("target_asset_id")} - {None}
    waiting = db.session.scalars(
        sa.select(ChangeRequest.proposed).where(
            ChangeRequest.kind == ChangeKind.LINK,
            ChangeRequest.status == ChangeStatus.PENDING,
            ChangeRequest.asset_id.in_(asset_ids),
        )
    )
    symmetric = rules.RULES[LinkType(proposed["link_type"])].symmetric
    return any(_same_proposal(proposed, other, symmetric) for other in waiting)


# --- making ---------------------------------------------------------------------------------------


def _create(proposed: dict[str, Any], created_by_id: int | None) -> Link:
    link = Link(
        link_type=LinkType(proposed["link_type"]),
        visibility=Visibility(proposed.get("visibility") or Visibility.PRIVATE.value),
        created_by_id=created_by_id,
        **{name: proposed.get(name) for name in END_COLUMNS},
    )
    db.session.add(link)
    db.session.flush()
    return link


def submit_link(data: LinkInput, ctx: changes.WriteContext) -> Link | ChangeRequest:
    """Make a link now when the actor is an officer of every asset end's authority; otherwise propose it
    (a ChangeRequest waiting for an officer of the first authority they do not act for).

    The caller has checked that the actor may link any person end (``may_link_person``).
    Raises LinkError: relation, same_end, duplicate, pending_duplicate, missing, special_category, withdrawn.
    """
    proposed = data.proposed()
    source, target = check(proposed)
    authorities = [end.asset.la_code for end in (source, target) if end.asset is not None]
    outside = [la for la in authorities if not permissions.acts_for_authority(ctx.actor, la)]
    if not outside:
        ctx.begin()
        return _create(proposed, ctx.actor.user_id)
    if _pending_duplicate(proposed):
        raise LinkError("pending_duplicate")
    person = source.person or target.person
    return changes.propose_link(proposed, outside[0], person.person_id if person else None, ctx)


def link_from_proposal(proposed: dict[str, Any], created_by_id: int | None) -> Link:
    """Make the link an approved proposal describes, if the rules still allow it. Raises LinkError
    (the ends may have gone, or someone made the same link meanwhile)."""
    check(proposed)
    return _create(proposed, created_by_id)


# --- reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Connection:
    label: str
    other: Asset
    link_type: LinkType | None = None


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
        Connection(phrase(link.link_type, True), other, link.link_type) for link, other in db.session.execute(outgoing)
    ]
    connections += [
        Connection(phrase(link.link_type, False), other, link.link_type) for link, other in db.session.execute(incoming)
    ]
    return sorted(connections, key=lambda c: (str(c.label), sort_key(record_name(c.other))))


@dataclass(frozen=True)
class Related:
    """Another asset named on a page or a map popup (``name_en``/``name_cy`` as on a record)."""

    asset_id: int
    name_en: str
    name_cy: str | None


def story_places(asset_ids: list[int] | None = None) -> dict[int, list[Related]]:
    """For each published asset, the published assets a story link (TELLS_OF) joins it to: a story's
    places and a place's stories. One query whatever the number of assets (``None``: all of them)."""
    story, place = sa.orm.aliased(Asset), sa.orm.aliased(Asset)
    query = (
        sa.select(story.asset_id, story.name_en, story.name_cy, place.asset_id, place.name_en, place.name_cy)
        .join(Link, Link.source_asset_id == story.asset_id)
        .join(place, place.asset_id == Link.target_asset_id)
        .where(
            Link.link_type == LinkType.TELLS_OF,
            story.status == AssetStatus.PUBLISHED,
            place.status == AssetStatus.PUBLISHED,
        )
    )
    if asset_ids is not None:
        query = query.where(sa.or_(story.asset_id.in_(asset_ids), place.asset_id.in_(asset_ids)))
    related: dict[int, list[Related]] = {}
    for story_id, story_en, story_cy, place_id, place_en, place_cy in db.session.execute(query):
        related.setdefault(story_id, []).append(Related(place_id, place_en, place_cy))
        related.setdefault(place_id, []).append(Related(story_id, story_en, story_cy))
    for names in related.values():
        names.sort(key=lambda item: (item.name_en.casefold(), item.asset_id))
    return related
