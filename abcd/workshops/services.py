"""Workshop sessions and their moderation lane. Services never commit, never touch the request.

A participant's contributions wait as ``Contribution`` rows; only a facilitator's acceptance writes
anything to assets or people, and then through the governed write path (channel WORKSHOP).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from abcd import permissions
from abcd.areas.models import Ward
from abcd.assets.models import Asset, AssetStatus, Theme
from abcd.auth.models import User
from abcd.errors import DomainError
from abcd.extensions import db
from abcd.models_base import Visibility, utcnow
from abcd.workshops.models import (
    Contribution,
    ContributionKind,
    ContributionStatus,
    Participant,
    Workshop,
    WorkshopPhase,
    WorkshopState,
    workshop_facilitator,
)

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: read off a projector and typed on a phone without doubt.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
MIN_AGE = 13
# Someone kept without a name (an anonymous participant's gift): stored words, never shown as theirs.
ANONYMOUS_NAME = "Workshop participant"
KEEP_WORDING = "Shared at a co-production workshop; may be kept and shown to the audience chosen."
# The values each kind of contribution holds, as typed.
FIELDS: dict[ContributionKind, tuple[str, ...]] = {
    ContributionKind.PLACE: ("name", "asset_kind", "postcode"),
    ContributionKind.GIFT: ("skill", "gift_type", "mode"),
    ContributionKind.LINK: ("from_name", "relation", "to_name", "from_key", "to_key"),
    ContributionKind.STORY: ("text",),
}


class WorkshopError(DomainError):
    """Codes: closed (no joining), too_young, not_open (capture refused), decided (already accepted or hidden),
    no_location (a place needs a postcode before it is accepted), unknown_record (no such record to match)."""


@dataclass(frozen=True)
class WorkshopInput:
    title: str
    held_on: date
    la_code: str
    place_asset_id: int | None = None
    ward_codes: list[str] = field(default_factory=list)
    theme_ids: list[int] = field(default_factory=list)
    languages: str = "en cy"
    co_facilitator_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class JoinInput:
    old_enough: bool
    display_name: str | None
    may_keep: bool
    audience: Visibility
    locale: str = "en"


# --- sessions ---------------------------------------------------------------------------------------


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(sa.select(Workshop.workshop_id).where(Workshop.join_code == code)) is None:
            return code


def normalise_code(raw: str) -> str:
    return "".join(raw.split()).upper()[: CODE_LENGTH * 2]


def find_by_code(raw: str) -> Workshop | None:
    code = normalise_code(raw)
    return db.session.scalar(sa.select(Workshop).where(Workshop.join_code == code)) if code else None


def create_workshop(data: WorkshopInput, officer: User) -> Workshop:
    """A planned session with a fresh join code. The caller checks the officer acts for ``data.la_code``."""
    workshop = Workshop(
        title=data.title, held_on=data.held_on, la_code=data.la_code, place_asset_id=data.place_asset_id,
        languages=data.languages, facilitator_user_id=officer.user_id, facilitator_name=officer.display_name,
        join_code=new_join_code(), state=WorkshopState.PLANNED, phase=WorkshopPhase.PLACES, screen_version=0,
    )  # fmt: skip
    # Only a published record can be the venue, and only wards of the session's authority be in focus.
    place = db.session.get(Asset, data.place_asset_id) if data.place_asset_id else None
    if place is None or place.status is not AssetStatus.PUBLISHED:
        workshop.place_asset_id = place = None
    workshop.place_text = place.name_en if place is not None else None
    in_focus = sa.select(Ward).where(Ward.code.in_(data.ward_codes), Ward.la_code == data.la_code)
    workshop.wards = list(db.session.scalars(in_focus))
    workshop.themes = list(db.session.scalars(sa.select(Theme).where(Theme.theme_id.in_(data.theme_ids))))
    chosen = db.session.scalars(sa.select(User).where(User.user_id.in_(data.co_facilitator_ids)))
    workshop.co_facilitators = [user for user in chosen if permissions.is_officer(user)]
    db.session.add(workshop)
    db.session.flush()
    return workshop


def _changed(workshop: Workshop) -> None:
    workshop.screen_version = (workshop.screen_version or 0) + 1


def set_state(workshop: Workshop, state: WorkshopState) -> None:
    workshop.state = state
    workshop.closed_at = utcnow() if state is WorkshopState.CLOSED else None
    _changed(workshop)
    db.session.flush()


def set_phase(workshop: Workshop, phase: WorkshopPhase) -> None:
    workshop.phase = phase
    _changed(workshop)
    db.session.flush()


TIMER_CHOICES = (2, 5, 10, 15, 20)  # minutes


def start_timer(workshop: Workshop, minutes: int) -> None:
    """A countdown on the projector; ``minutes`` of 0 stops it."""
    workshop.timer_ends_at = utcnow() + timedelta(minutes=minutes) if minutes > 0 else None
    _changed(workshop)
    db.session.flush()


def timer_seconds_left(workshop: Workshop) -> int | None:
    if workshop.timer_ends_at is None:
        return None
    return max(0, int((workshop.timer_ends_at - utcnow()).total_seconds()))


def workshops_for(officer: User) -> list[Workshop]:
    query = sa.select(Workshop).order_by(Workshop.held_on.desc(), Workshop.workshop_id.desc())
    if not permissions.is_admin(officer):
        mine = sa.select(workshop_facilitator.c.workshop_id).where(workshop_facilitator.c.user_id == officer.user_id)
        query = query.where(sa.or_(Workshop.la_code == officer.la_code, Workshop.workshop_id.in_(mine)))
    return list(db.session.scalars(query.limit(200)))


# --- participants -----------------------------------------------------------------------------------


def join(workshop: Workshop, data: JoinInput) -> Participant:
    """A participant joins. Refuses (WorkshopError) a closed session and anyone under 13; nothing is
    stored about a child. A name is stored only when the participant agreed that what they share is kept."""
    if workshop.state is WorkshopState.CLOSED:
        raise WorkshopError("closed")
    if not data.old_enough:
        raise WorkshopError("too_young")
    participant = Participant(
        workshop_id=workshop.workshop_id,
        display_name=data.display_name if data.may_keep else None,
        may_keep=data.may_keep,
        audience=data.audience if data.may_keep else Visibility.PRIVATE,
        locale=data.locale,
    )
    db.session.add(participant)
    db.session.flush()
    return participant


def record_sheet(workshop: Workshop, data: JoinInput, sheet_ref: str, facilitator: User) -> Participant:
    """A paper capture sheet keyed in by a facilitator: its author as a participant, with the consent the
    sheet records, which sheet it was and who keyed it. Refuses (WorkshopError too_young) a child's sheet;
    a closed session still takes sheets, since paper is often typed up afterwards."""
    if not data.old_enough:
        raise WorkshopError("too_young")
    participant = Participant(
        workshop_id=workshop.workshop_id,
        display_name=data.display_name if data.may_keep else None,
        may_keep=data.may_keep,
        audience=data.audience if data.may_keep else Visibility.PRIVATE,
        locale=data.locale, sheet_ref=sheet_ref, keyed_by_id=facilitator.user_id,
    )  # fmt: skip
    db.session.add(participant)
    db.session.flush()
    return participant


def participant_of(workshop: Workshop, participant_id: Any) -> Participant | None:
    participant = db.session.get(Participant, participant_id) if isinstance(participant_id, int) else None
    return participant if participant is not None and participant.workshop_id == workshop.workshop_id else None


def contribute(
    workshop: Workshop, participant: Participant | None, kind: ContributionKind, values: dict[str, Any],
    keyed_by: User | None = None,
) -> Contribution:  # fmt: skip
    """A contribution waiting in the moderation lane, carrying its author's consent and audience (and, from a
    paper sheet, who keyed it). Raises WorkshopError("not_open") for a participant's own unless the session
    is open (planned, paused and closed are read only to phones)."""
    if keyed_by is None and workshop.state is not WorkshopState.OPEN:
        raise WorkshopError("not_open")
    contribution = Contribution(
        workshop_id=workshop.workshop_id,
        participant_id=participant.participant_id if participant else None,
        kind=kind,
        status=ContributionStatus.WAITING,
        values={name: values.get(name) for name in FIELDS[kind]},
        may_keep=participant.may_keep if participant else False,
        audience=participant.audience if participant else Visibility.PRIVATE,
        keyed_by_id=keyed_by.user_id if keyed_by else None,
    )
    db.session.add(contribution)
    db.session.flush()
    return contribution


def contributions_of(participant: Participant) -> list[Contribution]:
    query = sa.select(Contribution).where(Contribution.participant_id == participant.participant_id)
    return list(db.session.scalars(query.order_by(Contribution.contribution_id.desc())))
