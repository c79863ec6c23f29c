"""Community assets of the ABCD kinds (people's gifts live in abcd.people) and their themes."""

from __future__ import annotations

import enum
from datetime import datetime
from uuid import uuid4

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from abcd.areas.models import LocalAuthority, Ward
from abcd.extensions import Model, db
from abcd.models_base import NEVER_REUSE_IDS, created_at_column, enum_column, updated_at_column


class AssetKind(enum.StrEnum):
    ASSOCIATION = "association"
    INSTITUTION = "institution"
    PLACE = "place"
    ECONOMY = "economy"
    CULTURE = "culture"


class AssetStatus(enum.StrEnum):
    DRAFT = "draft"
    PENDING = "pending"  # suggested by a resident, waiting for an officer
    PUBLISHED = "published"
    ARCHIVED = "archived"


class SpecialCategory(enum.StrEnum):
    """UK GDPR Art. 9 categories that membership of an association can reveal."""

    RELIGION = "religion"
    HEALTH = "health"
    SEXUALITY = "sexuality"
    POLITICS = "politics"
    TRADE_UNION = "trade_union"


class Membership(enum.StrEnum):
    OPEN = "open"
    INVITE = "invite"


asset_theme = sa.Table(
    "asset_theme",
    db.metadata,
    sa.Column("asset_id", sa.ForeignKey("asset.asset_id", ondelete="CASCADE"), primary_key=True),
    sa.Column("theme_id", sa.ForeignKey("theme.theme_id", ondelete="CASCADE"), primary_key=True),
)


class Theme(Model):
    __tablename__ = "theme"
    __table_args__ = NEVER_REUSE_IDS

    theme_id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name_en: Mapped[str] = mapped_column(sa.String(100))
    name_cy: Mapped[str] = mapped_column(sa.String(100))


class Asset(Model):
    __tablename__ = "asset"
    # The position index serves a radius search's box (abcd.search.distance): latitude by range, then
    # longitude read from the index itself.
    __table_args__ = (sa.Index("ix_asset_position", "latitude", "longitude", "status", "kind"), NEVER_REUSE_IDS)
    __audited__ = True

    asset_id: Mapped[int] = mapped_column(primary_key=True)
    # The record's public identifier in open data (the API and the Open Referral feed): given once, never
    # changed, never reused; a merged record's UUID keeps answering with its survivor (abcd.duplicates).
    uuid: Mapped[str] = mapped_column(sa.String(36), unique=True, index=True, default=lambda: str(uuid4()))
    kind: Mapped[AssetKind] = mapped_column(enum_column(AssetKind), index=True)
    name_en: Mapped[str] = mapped_column(sa.String(200))
    name_cy: Mapped[str | None] = mapped_column(sa.String(200))
    description_en: Mapped[str | None] = mapped_column(sa.Text)
    description_cy: Mapped[str | None] = mapped_column(sa.Text)
    address: Mapped[str | None] = mapped_column(sa.String(300))
    postcode: Mapped[str | None] = mapped_column(sa.String(8), index=True)
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)
    ward_code: Mapped[str | None] = mapped_column(sa.ForeignKey("ward.code", ondelete="SET NULL"), index=True)
    la_code: Mapped[str] = mapped_column(sa.ForeignKey("local_authority.code"), index=True)
    contact_name: Mapped[str | None] = mapped_column(sa.String(100))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    website: Mapped[str | None] = mapped_column(sa.String(300))
    accessibility_info: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[AssetStatus] = mapped_column(enum_column(AssetStatus), default=AssetStatus.DRAFT, index=True)
    # Associations only: who may join, and whether membership reveals special-category data.
    membership: Mapped[Membership | None] = mapped_column(enum_column(Membership))
    special_category: Mapped[SpecialCategory | None] = mapped_column(enum_column(SpecialCategory))
    # Provenance of imported records, e.g. "real_facilities" + "fac-001"; unique so imports are idempotent.
    source: Mapped[str | None] = mapped_column(sa.String(60))
    source_ref: Mapped[str | None] = mapped_column(sa.String(120), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.user_id", ondelete="SET NULL"), index=True
    )
    workshop_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop.workshop_id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 -- SQLAlchemy's declarative hook

    themes: Mapped[list[Theme]] = relationship(secondary=asset_theme, order_by=Theme.name_en)
    ward: Mapped[Ward | None] = relationship()
    local_authority: Mapped[LocalAuthority] = relationship()

    def __repr__(self) -> str:
        return f"<Asset {self.asset_id} {self.kind}>"
