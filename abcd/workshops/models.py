"""Co-production workshops: a named session in which assets and links are captured live."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from abcd.extensions import Model
from abcd.models_base import NEVER_REUSE_IDS, created_at_column


class Workshop(Model):
    __tablename__ = "workshop"
    __table_args__ = NEVER_REUSE_IDS

    workshop_id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    held_on: Mapped[date] = mapped_column(sa.Date)
    la_code: Mapped[str] = mapped_column(sa.ForeignKey("local_authority.code"), index=True)
    # A plain text place: assets point at their workshop, so a foreign key back would be a cycle.
    place_text: Mapped[str | None] = mapped_column(sa.String(200))
    facilitator_name: Mapped[str | None] = mapped_column(sa.String(100))
    facilitator_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = created_at_column()
