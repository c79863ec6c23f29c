"""The moderation lane: a facilitator accepts (optionally edited) or hides each contribution; accepting
writes places and kept gifts through the governed write path, and the projector's items come from here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from abcd.assets.models import Asset, AssetKind, AssetStatus
from abcd.assets.services import AssetInput
from abcd.auth.models import User
from abcd.changes.models import Channel
from abcd.changes.services import WriteContext, submit_new_asset
from abcd.duplicates.services import Candidate, possible_duplicates_of
from abcd.extensions import db
from abcd.models_base import Visibility, utcnow
from abcd.people import consent
from abcd.people.models import EnteredBy, GiftType, LawfulBasis, Person, PersonSkill, Skill, SkillMode
from abcd.people.skills import propose_skill
from abcd.workshops.linking import write_link
from abcd.workshops.models import (
    Contribution,
    ContributionKind,
    ContributionStatus,
    Participant,
    Workshop,
    WorkshopState,
)
from abcd.workshops.services import ANONYMOUS_NAME, FIELDS, KEEP_WORDING, WorkshopError, set_state


def context_for(workshop: Workshop, facilitator: User) -> WriteContext:
    return WriteContext(facilitator, Channel.WORKSHOP, f"workshop:{workshop.workshop_id}")


def lane(workshop: Workshop, status: ContributionStatus = ContributionStatus.WAITING) -> list[Contribution]:
    query = sa.select(Contribution).where(
        Contribution.workshop_id == workshop.workshop_id, Contribution.status == status
    )
    return list(db.session.scalars(query.order_by(Contribution.contribution_id)))


def participants_of(workshop: Workshop) -> dict[int, Participant]:
    query = sa.select(Participant).where(Participant.workshop_id == workshop.workshop_id)
    return {p.participant_id: p for p in db.session.scalars(query)}


def _decidable(contribution: Contribution) -> None:
    if contribution.status is not ContributionStatus.WAITING:
        raise WorkshopError("decided")


def hide(workshop: Workshop, contribution: Contribution, facilitator: User) -> bool:
    """Hidden from the projector; a waiting item is never written anywhere. An accepted item may be taken off
    the screen too (returns True): what accepting wrote stays, governed like any record."""
    if contribution.status is ContributionStatus.HIDDEN:
        raise WorkshopError("decided")
    was_accepted = contribution.status is ContributionStatus.ACCEPTED
    contribution.status = ContributionStatus.HIDDEN
    contribution.decided_at, contribution.decided_by_id = utcnow(), facilitator.user_id
    workshop.screen_version = (workshop.screen_version or 0) + 1
    db.session.flush()
    return was_accepted


def accept(
    workshop: Workshop, contribution: Contribution, edits: dict[str, Any], facilitator: User,
    same_as: int | None = None,
) -> None:  # fmt: skip
    """Accept with the facilitator's ``edits`` over the typed values. A place becomes an asset through the
    write path (published for an officer of its authority), or, with ``same_as``, is the existing record
    it duplicates (nothing is written); a gift becomes a Person (entered by WORKSHOP) with the skill, only
    when its author agreed to keep it; a link becomes a typed link between its ends (``linking.write_link``).
    Raises WorkshopError (decided, no_location, unknown_record, unresolved_link),
    ChangeError (invalid, outside_authority) or LocationError; nothing is changed then."""
    _decidable(contribution)
    values = {**contribution.values, **{k: v for k, v in edits.items() if k in FIELDS[contribution.kind] and v}}
    ctx = context_for(workshop, facilitator)
    if contribution.kind is ContributionKind.PLACE and same_as is not None:
        contribution.asset_id = _existing_record(same_as)
    elif contribution.kind is ContributionKind.PLACE:
        _accept_place(workshop, contribution, values, ctx)
    elif contribution.kind is ContributionKind.GIFT and contribution.may_keep:
        _accept_gift(contribution, values, ctx)
    elif contribution.kind is ContributionKind.LINK:
        write_link(workshop, contribution, values, ctx, _person_for)
    contribution.values = values
    contribution.status = ContributionStatus.ACCEPTED
    contribution.decided_at, contribution.decided_by_id = utcnow(), facilitator.user_id
    workshop.screen_version = (workshop.screen_version or 0) + 1
    db.session.flush()


def _existing_record(asset_id: int) -> int:
    asset = db.session.get(Asset, asset_id)
    if asset is None or asset.status is AssetStatus.ARCHIVED:
        raise WorkshopError("unknown_record")
    return asset.asset_id


def _accept_place(workshop: Workshop, contribution: Contribution, values: dict[str, Any], ctx: WriteContext) -> None:
    if not values.get("postcode"):
        raise WorkshopError("no_location")
    data = AssetInput(
        kind=AssetKind(values.get("asset_kind") or AssetKind.PLACE.value), name_en=str(values["name"]),
        postcode=str(values["postcode"]), status=AssetStatus.PUBLISHED,
    )  # fmt: skip
    asset = submit_new_asset(data, ctx)
    asset.workshop_id = workshop.workshop_id
    db.session.flush()
    contribution.asset_id = asset.asset_id


def _skill_named(name: str, gift_type: GiftType, person_id: int) -> Skill:
    lowered = name.lower()
    found = db.session.scalar(
        sa.select(Skill).where(sa.or_(sa.func.lower(Skill.name_en) == lowered, sa.func.lower(Skill.name_cy) == lowered))
    )
    return found if found is not None else propose_skill(name, None, gift_type, person_id)


def _person_for(contribution: Contribution, ctx: WriteContext) -> Person:
    """One person per participant per session: their first kept gift records them, with their consent."""
    earlier = db.session.scalar(
        sa.select(Contribution.person_id).where(
            Contribution.participant_id == contribution.participant_id,
            Contribution.participant_id.is_not(None),
            Contribution.person_id.is_not(None),
        )
    )
    person = db.session.get(Person, earlier) if earlier else None
    if person is not None:
        return person
    participant = db.session.get(Participant, contribution.participant_id) if contribution.participant_id else None
    named = participant is not None and participant.may_keep and bool(participant.display_name)
    person = Person(
        display_name=participant.display_name if named and participant else ANONYMOUS_NAME,
        display_name_visibility=contribution.audience if named else Visibility.PRIVATE,
        ward_visibility=Visibility.PRIVATE, entered_by=EnteredBy.WORKSHOP,
        contact_locale=participant.locale if participant else "en",
    )  # fmt: skip
    db.session.add(person)
    db.session.flush()
    consent.record_consent(
        person, consent.PROFILE, KEEP_WORDING, EnteredBy.WORKSHOP, ctx.actor.user_id, lawful_basis=LawfulBasis.CONSENT
    )
    return person


def _accept_gift(contribution: Contribution, values: dict[str, Any], ctx: WriteContext) -> None:
    ctx.begin()
    person = _person_for(contribution, ctx)
    skill = _skill_named(
        str(values["skill"]), GiftType(values.get("gift_type") or GiftType.HANDS.value), person.person_id
    )
    mode = SkillMode(values.get("mode") or SkillMode.OFFERED.value)
    held = db.session.scalar(
        sa.select(PersonSkill).where(
            PersonSkill.person_id == person.person_id, PersonSkill.skill_id == skill.skill_id, PersonSkill.mode == mode
        )
    )
    if held is None:
        db.session.add(
            PersonSkill(
                person_id=person.person_id, skill_id=skill.skill_id, mode=mode, visibility=contribution.audience
            )
        )
    db.session.flush()
    contribution.person_id = person.person_id


def duplicate_hints(contribution: Contribution) -> list[Candidate]:
    """Existing records a place may already be, from its name and postcode (best first)."""
    values = contribution.values
    if contribution.kind is not ContributionKind.PLACE or not values.get("name"):
        return []
    data = AssetInput(
        kind=AssetKind(values.get("asset_kind") or AssetKind.PLACE.value), name_en=str(values["name"]),
        postcode=values.get("postcode") or None,
    )  # fmt: skip
    try:
        return possible_duplicates_of(data, limit=3)
    except ValueError:  # a postcode that cannot be placed: no block to compare within
        return []


@dataclass(frozen=True)
class ScreenItem:
    contribution_id: int
    kind: ContributionKind
    values: dict[str, Any]
    by: str | None  # a name only when its author chose to keep it at the public audience


def public_name(contribution: Contribution, participants: dict[int, Participant]) -> str | None:
    """The author's name as the shared screen may show it: public audience only, whatever the viewer's clearance."""
    participant = participants.get(contribution.participant_id or 0)
    if participant is None or not participant.may_keep or participant.audience is not Visibility.PUBLIC:
        return None
    return participant.display_name or None


def screen_items(workshop: Workshop, limit: int = 30) -> list[ScreenItem]:
    """Accepted items, newest first; never hidden or waiting ones."""
    query = (
        sa.select(Contribution)
        .where(Contribution.workshop_id == workshop.workshop_id, Contribution.status == ContributionStatus.ACCEPTED)
        .order_by(Contribution.decided_at.desc(), Contribution.contribution_id.desc())
        .limit(limit)
    )
    participants = participants_of(workshop)
    return [
        ScreenItem(c.contribution_id, c.kind, dict(c.values), public_name(c, participants))
        for c in db.session.scalars(query)
    ]


def counts(workshop: Workshop) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Contribution.status, sa.func.count())
        .where(Contribution.workshop_id == workshop.workshop_id)
        .group_by(Contribution.status)
    ).tuples()
    found = {status.value: number for status, number in rows}
    participants = db.session.scalar(
        sa.select(sa.func.count()).select_from(Participant).where(Participant.workshop_id == workshop.workshop_id)
    )
    return {**{s.value: found.get(s.value, 0) for s in ContributionStatus}, "participants": participants or 0}


def accepted_by_kind(workshop: Workshop) -> dict[ContributionKind, int]:
    """For the closing report: how many of each kind the room added and the facilitators accepted."""
    rows = db.session.execute(
        sa.select(Contribution.kind, sa.func.count())
        .where(Contribution.workshop_id == workshop.workshop_id, Contribution.status == ContributionStatus.ACCEPTED)
        .group_by(Contribution.kind)
    ).tuples()
    found = {kind: number for kind, number in rows}
    return {kind: found.get(kind, 0) for kind in ContributionKind}


def close(workshop: Workshop) -> None:
    """Close the session: take the report's counts, then forget what its authors said was only for today
    (their gifts, links and stories that were not written anywhere). Places and groups are community
    information: an accepted one is in the directory already, governed like any record."""
    accepted = accepted_by_kind(workshop)
    workshop.report = {**counts(workshop), **{f"accepted_{kind.value}": n for kind, n in accepted.items()}}
    unkept = sa.select(Contribution).where(
        Contribution.workshop_id == workshop.workshop_id,
        Contribution.may_keep.is_(False),
        Contribution.asset_id.is_(None),
        Contribution.person_id.is_(None),
    )
    for contribution in db.session.scalars(unkept):
        db.session.delete(contribution)
    set_state(workshop, WorkshopState.CLOSED)


def accepted_places(workshop: Workshop) -> list[tuple[Contribution, Asset]]:
    """Accepted places and the records they wrote or matched, for the map export."""
    query = (
        sa.select(Contribution, Asset)
        .join(Asset, Asset.asset_id == Contribution.asset_id)
        .where(Contribution.workshop_id == workshop.workshop_id, Contribution.status == ContributionStatus.ACCEPTED)
        .order_by(Contribution.contribution_id)
    )
    return [(c, a) for c, a in db.session.execute(query).tuples()]


def gaps(workshop: Workshop) -> list[str]:
    """Gifts the room wants that nobody in it offers (accepted ones, compared without case), as first typed."""
    query = sa.select(Contribution.values).where(
        Contribution.workshop_id == workshop.workshop_id,
        Contribution.status == ContributionStatus.ACCEPTED,
        Contribution.kind == ContributionKind.GIFT,
    )
    wanted: dict[str, str] = {}
    offered: set[str] = set()
    for values in db.session.scalars(query):
        skill = str(values.get("skill") or "").strip()
        if values.get("mode") == "wanted":
            wanted.setdefault(skill.lower(), skill)
        else:
            offered.add(skill.lower())
    return sorted(text for key, text in wanted.items() if key and key not in offered)
