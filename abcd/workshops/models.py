"""Co-production workshops: a session, the people who join it by code, and what they contribute."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from abcd.extensions import Model
from abcd.models_base import NEVER_REUSE_IDS, Visibility, created_at_column, enum_column

if TYPE_CHECKING:
    from abcd.areas.models import Ward
    from abcd.assets.models import Theme
    from abcd.auth.models import User


class WorkshopState(enum.StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    PAUSED = "paused"  # participants read only
    CLOSED = "closed"


class WorkshopPhase(enum.StrEnum):
    PLACES = "places"  # map our place
    GIFTS = "gifts"  # our gifts
    CONNECTIONS = "connections"
    NEXT = "next"  # what next


class ContributionKind(enum.StrEnum):
    PLACE = "place"
    GIFT = "gift"
    LINK = "link"
    STORY = "story"


class ContributionStatus(enum.StrEnum):
    WAITING = "waiting"
    ACCEPTED = "accepted"
    HIDDEN = "hidden"


workshop_ward = sa.Table(
    "workshop_ward",
    Model.metadata,
    sa.Column("workshop_id", sa.ForeignKey("workshop.workshop_id", ondelete="CASCADE"), primary_key=True),
    sa.Column("ward_code", sa.ForeignKey("ward.code", ondelete="CASCADE"), primary_key=True),
)
workshop_theme = sa.Table(
    "workshop_theme",
    Model.metadata,
    sa.Column("workshop_id", sa.ForeignKey("workshop.workshop_id", ondelete="CASCADE"), primary_key=True),
    sa.Column("theme_id", sa.ForeignKey("theme.theme_id", ondelete="CASCADE"), primary_key=True),
)
workshop_facilitator = sa.Table(
    "workshop_facilitator",
    Model.metadata,
    sa.Column("workshop_id", sa.ForeignKey("workshop.workshop_id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("user_account.user_id", ondelete="CASCADE"), primary_key=True),
)


class Workshop(Model):
    __tablename__ = "workshop"
    __table_args__ = NEVER_REUSE_IDS

    workshop_id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    held_on: Mapped[date] = mapped_column(sa.Date)
    la_code: Mapped[str] = mapped_column(sa.ForeignKey("local_authority.code"), index=True)
    # A plain text place: assets point at their workshop, so a foreign key back would be a cycle.
    place_text: Mapped[str | None] = mapped_column(sa.String(200))
    # The venue as a record; no foreign key for the same reason (the venue may later be archived or merged).
    place_asset_id: Mapped[int | None] = mapped_column(sa.Integer)
    facilitator_name: Mapped[str | None] = mapped_column(sa.String(100))
    facilitator_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = created_at_column()
    state: Mapped[WorkshopState] = mapped_column(
        enum_column(WorkshopState), default=WorkshopState.PLANNED, server_default=WorkshopState.PLANNED.value
    )
    phase: Mapped[WorkshopPhase] = mapped_column(
        enum_column(WorkshopPhase), default=WorkshopPhase.PLACES, server_default=WorkshopPhase.PLACES.value
    )
    # Short, unambiguous, typed on a phone: unique while it exists.
    join_code: Mapped[str | None] = mapped_column(sa.String(12), unique=True, index=True)
    languages: Mapped[str] = mapped_column(sa.String(20), default="en cy", server_default="en cy")
    # Bumped on every change the projector shows: it polls with the version it has.
    screen_version: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    timer_ends_at: Mapped[datetime | None] = mapped_column(sa.DateTime)  # the facilitator's countdown, if running
    # Counts taken when the session closed, before what its authors did not agree to keep was forgotten.
    report: Mapped[dict[str, int] | None] = mapped_column(sa.JSON)

    wards: Mapped[list[Ward]] = relationship("Ward", secondary=workshop_ward, lazy="selectin")
    themes: Mapped[list[Theme]] = relationship("Theme", secondary=workshop_theme, lazy="selectin")
    co_facilitators: Mapped[list[User]] = relationship("User", secondary=workshop_facilitator, lazy="selectin")


class Participant(Model):
    """Someone who joined by code, without an account. Their name is kept only if they agreed to keep
    what they share; otherwise it is never stored."""

    __tablename__ = "workshop_participant"
    __table_args__ = NEVER_REUSE_IDS

    participant_id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.workshop_id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str | None] = mapped_column(sa.String(100))
    may_keep: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    audience: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.OFFICERS)
    locale: Mapped[str] = mapped_column(sa.String(5), default="en")
    joined_at: Mapped[datetime] = created_at_column()
    # A paper capture sheet keyed in by a facilitator: which sheet, and who keyed it.
    sheet_ref: Mapped[str | None] = mapped_column(sa.String(60))
    keyed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))


class Contribution(Model):
    """One thing captured in the room, waiting in the moderation lane until a facilitator accepts or hides
    it. Consent and audience are copied from the participant when it is made."""

    __tablename__ = "workshop_contribution"
    __table_args__ = NEVER_REUSE_IDS

    contribution_id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(sa.ForeignKey("workshop.workshop_id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop_participant.participant_id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[ContributionKind] = mapped_column(enum_column(ContributionKind))
    status: Mapped[ContributionStatus] = mapped_column(
        enum_column(ContributionStatus), default=ContributionStatus.WAITING, index=True
    )
    # The plain values as typed (name, asset kind, postcode, gift type, mode, ends of a link, text).
    values: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    may_keep: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    audience: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.OFFICERS)
    created_at: Mapped[datetime] = created_at_column()
    keyed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    asset_id: Mapped[int | None] = mapped_column(sa.ForeignKey("asset.asset_id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.person_id", ondelete="SET NULL"))
