"""What a venue (or association) offers and what it is looking for: the partner finder's input."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from abcd.extensions import Model
from abcd.models_base import NEVER_REUSE_IDS, enum_column


class OfferDirection(enum.StrEnum):
    OFFERS = "offers"
    SEEKS = "seeks"


class OfferCategory(enum.StrEnum):
    SPACE = "space"
    EQUIPMENT = "equipment"
    TIME = "time"
    EXPERTISE = "expertise"
    THEME = "theme"
    SKILL = "skill"
    AUDIENCE = "audience"


class VenueOffer(Model):
    __tablename__ = "venue_offer"
    __table_args__ = NEVER_REUSE_IDS
    __audited__ = True

    venue_offer_id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(sa.ForeignKey("asset.asset_id", ondelete="CASCADE"), index=True)
    direction: Mapped[OfferDirection] = mapped_column(enum_column(OfferDirection))
    category: Mapped[OfferCategory] = mapped_column(enum_column(OfferCategory))
    description_en: Mapped[str | None] = mapped_column(sa.Text)
    description_cy: Mapped[str | None] = mapped_column(sa.Text)
    skill_id: Mapped[int | None] = mapped_column(sa.ForeignKey("skill.skill_id", ondelete="SET NULL"))
    theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("theme.theme_id", ondelete="SET NULL"))
