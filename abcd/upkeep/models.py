"""When each asset was last checked (and by whom), its reminder state, and the public's "out of date" reports."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from abcd.extensions import Model
from abcd.models_base import NEVER_REUSE_IDS, created_at_column


class AssetCheck(Model):
    """One row per asset, made the first time it is checked or reminded about; audited, so the history of
    checks is in the audit trail. Kept apart from ``Asset`` on purpose: confirming that nothing changed is
    not an edit, so it must not bump the record's version (an editor's open form stays valid) nor touch the
    change feed (the graph does not move when someone says "still correct")."""

    __tablename__ = "asset_check"
    __audited__ = True

    asset_id: Mapped[int] = mapped_column(sa.ForeignKey("asset.asset_id", ondelete="CASCADE"), primary_key=True)
    checked_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    checked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    # How the last check was made: "link" (an owner's emailed link), "officer", "bulk" (after a workshop).
    checked_how: Mapped[str | None] = mapped_column(sa.String(20))
    # Reminders since the last check: 1-3 to the owners, 4 once the authority's officers were told.
    reminders_sent: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    reminded_at: Mapped[datetime | None] = mapped_column(sa.DateTime)


class OutdatedReport(Model):
    """Someone said a record is out of date; waits in the officers' upkeep list until one deals with it."""

    __tablename__ = "outdated_report"
    __table_args__ = (sa.Index("ix_outdated_report_open", "la_code", "resolved_at"), NEVER_REUSE_IDS)

    report_id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(sa.ForeignKey("asset.asset_id", ondelete="CASCADE"), index=True)
    la_code: Mapped[str] = mapped_column(sa.ForeignKey("local_authority.code"))
    reason: Mapped[str] = mapped_column(sa.Text)
    reported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    reported_at: Mapped[datetime] = created_at_column()
    resolved_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
