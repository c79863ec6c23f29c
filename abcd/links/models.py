"""Typed links between people, assets and skills: the single source of truth for the graph layer.

Each end is a real foreign key (one column per kind of end) so the database enforces integrity
and deleting a person or asset cascades to its links.
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from abcd.extensions import Model
from abcd.models_base import NEVER_REUSE_IDS, Visibility, created_at_column, enum_column


class LinkType(enum.StrEnum):
    MEMBER_OF = "member_of"  # person -> association
    ORGANISES = "organises"  # person -> association
    RUNS = "runs"  # association/institution -> asset
    MEETS_AT = "meets_at"  # association -> place
    PARTNERS_WITH = "partners_with"  # asset <-> asset
    OFFERS = "offers"  # asset -> skill (a venue or group offers it)
    SEEKS = "seeks"  # asset -> skill (looking for it)
    USES = "uses"  # person/association -> place
    TELLS_OF = "tells_of"  # story (culture) -> place: the story is about the place
    HELPS = "helps"  # person -> association/asset: volunteers or lends a hand


def _one_of(*columns: str) -> str:
    return " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in columns) + " = 1"


class Link(Model):
    __tablename__ = "link"
    __audited__ = True
    __table_args__ = (
        sa.CheckConstraint(_one_of("source_person_id", "source_asset_id"), name="one_source"),
        sa.CheckConstraint(_one_of("target_person_id", "target_asset_id", "target_skill_id"), name="one_target"),
        NEVER_REUSE_IDS,
    )

    link_id: Mapped[int] = mapped_column(primary_key=True)
    link_type: Mapped[LinkType] = mapped_column(enum_column(LinkType), index=True)
    source_person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.person_id", ondelete="CASCADE"), index=True
    )
    source_asset_id: Mapped[int | None] = mapped_column(sa.ForeignKey("asset.asset_id", ondelete="CASCADE"), index=True)
    target_person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("person.person_id", ondelete="CASCADE"), index=True
    )
    target_asset_id: Mapped[int | None] = mapped_column(sa.ForeignKey("asset.asset_id", ondelete="CASCADE"), index=True)
    target_skill_id: Mapped[int | None] = mapped_column(sa.ForeignKey("skill.skill_id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(sa.String(60))
    # Links that touch a person carry that person's choice; links between assets are public.
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.PRIVATE)
    workshop_id: Mapped[int | None] = mapped_column(sa.ForeignKey("workshop.workshop_id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()


# The role of a request to join an invitation-only group. A request is not a membership: until an
# organiser approves it, it is shown only in the organisers' request list, never as membership.
REQUESTED = "requested"


def not_a_request() -> ColumnElement[bool]:
    """SQL over ``Link``: every link but a request to join that is waiting for its organisers."""
    return sa.or_(Link.role.is_(None), Link.role != REQUESTED)
