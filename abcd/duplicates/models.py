"""What the duplicates feature remembers: pairs officers said are different, merges with their snapshots,
and the redirects that send a merged record's old address to the record it became."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from abcd.extensions import Model
from abcd.models_base import NEVER_REUSE_IDS, created_at_column


class NotDuplicate(Model):
    """Two records an officer said are different: the pair is never offered again. Stored lower id first."""

    __tablename__ = "not_duplicate"
    __table_args__ = (
        sa.UniqueConstraint("first_asset_id", "second_asset_id", name="uq_not_duplicate_pair"),
        sa.CheckConstraint("first_asset_id < second_asset_id", name="ordered_pair"),
        NEVER_REUSE_IDS,
    )

    not_duplicate_id: Mapped[int] = mapped_column(primary_key=True)
    first_asset_id: Mapped[int] = mapped_column(sa.ForeignKey("asset.asset_id", ondelete="CASCADE"), index=True)
    second_asset_id: Mapped[int] = mapped_column(sa.ForeignKey("asset.asset_id", ondelete="CASCADE"), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = created_at_column()


class AssetMerge(Model):
    """One merge: ``merged_id`` was folded into ``survivor_id``. ``snapshot`` holds both records' values and
    every row that moved, as they were before, so the merge can be undone."""

    __tablename__ = "asset_merge"
    __table_args__ = NEVER_REUSE_IDS

    merge_id: Mapped[int] = mapped_column(primary_key=True)
    survivor_id: Mapped[int] = mapped_column(sa.ForeignKey("asset.asset_id", ondelete="CASCADE"), index=True)
    merged_id: Mapped[int] = mapped_column(sa.ForeignKey("asset.asset_id", ondelete="CASCADE"), index=True)
    la_code: Mapped[str] = mapped_column(sa.ForeignKey("local_authority.code"))
    merged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    merged_at: Mapped[datetime] = created_at_column()
    # The survivor's version just after the merge: an unmerge refuses once someone has edited it since.
    survivor_version: Mapped[int | None] = mapped_column(sa.Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    undone_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    undone_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))


class AssetRedirect(Model):
    """The old address of a merged record answers with a permanent redirect to the survivor."""

    __tablename__ = "asset_redirect"

    old_asset_id: Mapped[int] = mapped_column(sa.ForeignKey("asset.asset_id", ondelete="CASCADE"), primary_key=True)
    survivor_id: Mapped[int] = mapped_column(sa.ForeignKey("asset.asset_id", ondelete="CASCADE"), index=True)
    merge_id: Mapped[int] = mapped_column(sa.ForeignKey("asset_merge.merge_id", ondelete="CASCADE"))
