"""Links made in the room: each end picked by search (or typed and resolved here), written on acceptance
as a real typed link in the graph through the governed write path. Services never commit.

The ends a participant may pick are published records (groups, places, stories...) by English or Welsh
name, the places accepted in this session first; people are never searched. A relation starting "I"
(I help at, I use) has the participant at its near end: it becomes a link from the person their kept
gifts record, at their chosen audience, only if they agreed to keep what they share. Otherwise it is
shown on the screen today without a name and never written (and is forgotten when the session closes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from abcd.assets.models import Asset, AssetStatus
from abcd.changes.services import WriteContext
from abcd.extensions import db
from abcd.i18n import record_name
from abcd.links import rules
from abcd.links.labels import phrase
from abcd.links.models import Link, LinkType
from abcd.links.services import End, LinkError, LinkInput, load_end, submit_link
from abcd.people.models import Person
from abcd.text import clean_query, like_pattern
from abcd.workshops.models import Contribution, ContributionStatus, Workshop
from abcd.workshops.services import WorkshopError

ME = "me"  # the near end of an "I ..." relation: the participant themselves
MAX_CHOICES = 8


@dataclass(frozen=True)
class RoomRelation:
    """A relation offered on the participant's link form: a link type read from its source."""

    key: str
    link_type: LinkType
    label: Any
    me: bool = False  # the participant is the source

    @property
    def relation(self) -> rules.Relation:
        return rules.Relation(self.link_type, True)

    def from_kinds(self) -> frozenset[str]:
        return rules.RULES[self.link_type].sources & rules.ASSET_KINDS

    def to_kinds(self) -> frozenset[str]:
        return rules.RULES[self.link_type].targets & rules.ASSET_KINDS


class _Phrase:
    """The link vocabulary's own words ("Meets at", "Is about"), looked up in the reader's language."""

    def __init__(self, link_type: LinkType) -> None:
        self.link_type = link_type

    def __str__(self) -> str:
        return phrase(self.link_type, True)


RELATIONS: dict[str, RoomRelation] = {
    r.key: r
    for r in (
        RoomRelation("meets_at", LinkType.MEETS_AT, _Phrase(LinkType.MEETS_AT)),
        RoomRelation("i_help_at", LinkType.HELPS, _l("I help at"), me=True),
        RoomRelation("i_use", LinkType.USES, _l("I use"), me=True),
        RoomRelation("tells_of", LinkType.TELLS_OF, _Phrase(LinkType.TELLS_OF)),
        RoomRelation("partners_with", LinkType.PARTNERS_WITH, _Phrase(LinkType.PARTNERS_WITH)),
        RoomRelation("runs", LinkType.RUNS, _Phrase(LinkType.RUNS)),
    )
}


def relation_label(key: Any) -> str:
    """The words for a stored relation; free text typed before links were picked is shown as typed."""
    found = RELATIONS.get(str(key or ""))
    return str(found.label) if found is not None else str(key or "")


def link_parts(values: dict[str, Any], by: str | None = None) -> tuple[str, str, str]:
    """A link as (one end, the relation's words, the other end), for the projector, the pack and the export.
    "I help at" names its author only as ``by`` (their name, kept at public) and never a stored name."""
    near = (by or str(_l("Someone here"))) if values.get("from_key") == ME else values.get("from_name")
    return str(near or ""), relation_label(values.get("relation")), str(values.get("to_name") or "")


# --- finding ends ---------------------------------------------------------------------------------


def session_places(workshop: Workshop) -> set[int]:
    query = sa.select(Contribution.asset_id).where(
        Contribution.workshop_id == workshop.workshop_id,
        Contribution.status == ContributionStatus.ACCEPTED,
        Contribution.asset_id.is_not(None),
    )
    return {asset_id for asset_id in db.session.scalars(query) if asset_id is not None}


def find_ends(workshop: Workshop, text: str, kinds: frozenset[str], limit: int = MAX_CHOICES) -> list[Asset]:
    """Published records of ``kinds`` whose English or Welsh name holds ``text``: this session's places
    first, then exact names, then the session's authority, then the rest by name."""
    text = clean_query(text)
    if not text or not kinds:
        return []
    pattern = like_pattern(text)
    query = (
        sa.select(Asset)
        .where(
            Asset.status == AssetStatus.PUBLISHED,
            Asset.kind.in_(sorted(kinds)),
            sa.or_(Asset.name_en.ilike(pattern, escape="\\"), Asset.name_cy.ilike(pattern, escape="\\")),
        )
        .order_by(Asset.name_en, Asset.asset_id)
        .limit(200)
    )
    ours = session_places(workshop)
    lowered = text.casefold()

    def rank(asset: Asset) -> tuple[bool, bool, bool, str]:
        exact = lowered in {asset.name_en.casefold(), (asset.name_cy or "").casefold()}
        return (asset.asset_id not in ours, not exact, asset.la_code != workshop.la_code, asset.name_en.casefold())

    return sorted(db.session.scalars(query), key=rank)[:limit]


@dataclass
class Resolved:
    """One end as the participant gave it: the record, or why not (``problem``: missing, kind: only records
    of another kind have that name, ambiguous: several fit, in ``choices``)."""

    asset: Asset | None = None
    problem: str | None = None
    choices: list[Asset] = field(default_factory=list)


def resolve(workshop: Workshop, text: str | None, key: str | None, kinds: frozenset[str]) -> Resolved:
    """A picked key (``asset:12``) wins when it names a published record of a fitting kind; else the typed
    name, when exactly one record (or exactly one by its whole name) fits."""
    end = load_end(key) if key else None
    if end is not None and end.asset is not None and end.asset.kind.value in kinds:
        return Resolved(end.asset)
    found = find_ends(workshop, text or "", kinds)
    lowered = (text or "").strip().casefold()
    exact = [a for a in found if lowered in {a.name_en.casefold(), (a.name_cy or "").casefold()}]
    if len(found) == 1 or len(exact) == 1:
        return Resolved((exact or found)[0])
    if not found:
        elsewhere = find_ends(workshop, text or "", rules.ASSET_KINDS, limit=1)
        return Resolved(problem="kind" if elsewhere else "missing")
    return Resolved(problem="ambiguous", choices=found)


def end_key(asset: Asset) -> str:
    return f"asset:{asset.asset_id}"


def choice_json(asset: Asset, ours: set[int]) -> dict[str, Any]:
    return {"key": end_key(asset), "label": record_name(asset), "kind": asset.kind.value,
            "here": asset.asset_id in ours}  # fmt: skip


# --- acceptance -----------------------------------------------------------------------------------


def _stored_end(workshop: Workshop, values: dict[str, Any], side: str, kinds: frozenset[str]) -> End:
    resolved = resolve(workshop, values.get(f"{side}_name"), values.get(f"{side}_key"), kinds)
    if resolved.asset is None:
        raise WorkshopError("unresolved_link")
    values[f"{side}_key"], values[f"{side}_name"] = end_key(resolved.asset), record_name(resolved.asset, language="en")
    return End(asset=resolved.asset)


def write_link(
    workshop: Workshop, contribution: Contribution, values: dict[str, Any], ctx: WriteContext,
    person_for: Callable[[Contribution, WriteContext], Person],
) -> None:  # fmt: skip
    """Make the link an accepted contribution describes (``values`` gain the link's id). Raises
    WorkshopError("unresolved_link") when an end is no published record, LinkError when the rules refuse
    it; a link that already exists is simply that link. An "I ..." link of someone who did not agree to
    keep what they share writes nothing."""
    chosen = RELATIONS.get(str(values.get("relation") or ""))
    if chosen is None:
        raise WorkshopError("unresolved_link")
    there = _stored_end(workshop, values, "to", chosen.to_kinds())
    if chosen.me:
        if not contribution.may_keep:
            return
        ctx.begin()
        person = person_for(contribution, ctx)
        contribution.person_id = person.person_id
        here = End(person=person)
    else:
        here = _stored_end(workshop, values, "from", chosen.from_kinds())
    try:
        made = submit_link(LinkInput(here, chosen.relation, there, contribution.audience), ctx)
    except LinkError as error:
        if error.code != "duplicate":
            raise
        return
    if isinstance(made, Link):
        made.workshop_id = workshop.workshop_id
        values["link_id"] = made.link_id
    else:
        values["change_id"] = made.change_id
    db.session.flush()


def is_person_relation(key: Any) -> bool:
    found = RELATIONS.get(str(key or ""))
    return found is not None and found.me
