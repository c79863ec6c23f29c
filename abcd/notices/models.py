"""A message from the system to one user (a decision on their suggestion, a request for consent)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from abcd.extensions import Model
from abcd.models_base import NEVER_REUSE_IDS, created_at_column


class Notice(Model):
    __tablename__ = "notice"
    __table_args__ = NEVER_REUSE_IDS

    notice_id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="CASCADE"), index=True)
    # Rendered once, in the recipient's language at the time it was sent.
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    # Where the notice points, e.g. "/assets/12"; a path inside this app, never an outside address.
    link_path: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = created_at_column()
    read_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
