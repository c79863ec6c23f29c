"""A claim to manage an asset, and (once an officer approves it) the manager it makes."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from abcd.extensions import Model
from abcd.models_base import NEVER_REUSE_IDS, Visibility, created_at_column, enum_column


class ClaimStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for an officer of the asset's authority
    APPROVED = "approved"  # the claimant manages the asset
    DECLINED = "declined"  # an officer said no, with a reason
    ENDED = "ended"  # the manager stepped down, or an officer removed them


class AssetManager(Model):
    """One person's claim on one asset; while approved they keep its offers and propose changes to it.

    Deleted with the account (and so on erasure): a claim is personal data, not a record of the community.
    """

    __tablename__ = "asset_manager"
    __table_args__ = (sa.Index("ix_asset_manager_queue", "status", "la_code"), NEVER_REUSE_IDS)

    manager_id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(sa.ForeignKey("asset.asset_id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="CASCADE"), index=True)
    # The authority whose officers decide, copied from the asset when claimed (the queue filters on it).
    la_code: Mapped[str] = mapped_column(sa.ForeignKey("local_authority.code"))
    status: Mapped[ClaimStatus] = mapped_column(enum_column(ClaimStatus), default=ClaimStatus.PENDING)
    # What the claimant says: the name to show, their role there and how officers can reach them.
    shown_name: Mapped[str] = mapped_column(sa.String(100))
    role: Mapped[str] = mapped_column(sa.String(200))
    contact: Mapped[str] = mapped_column(sa.String(200))  # officers of the authority only, whatever the audience
    # Who sees them named as a manager on the asset's page (most private first).
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.OFFICERS)
    requested_at: Mapped[datetime] = created_at_column()
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    reason: Mapped[str | None] = mapped_column(sa.Text)  # why declined or removed
    ended_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    def __repr__(self) -> str:
        return f"<AssetManager {self.manager_id} asset={self.asset_id} {self.status}>"
