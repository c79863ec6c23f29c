"""The erasure log: only what is needed to erase someone again after a restore, no personal data."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from abcd.extensions import Model
from abcd.models_base import NEVER_REUSE_IDS, created_at_column


class ErasureLog(Model):
    """One erasure: the ids that were erased (never reused, so they name nobody else) and when. No foreign
    keys: the rows they named are gone, and the log must outlive them and any restore."""

    __tablename__ = "erasure_log"
    __table_args__ = NEVER_REUSE_IDS

    erasure_id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.Integer)
    person_id: Mapped[int | None] = mapped_column(sa.Integer)
    erased_at: Mapped[datetime] = created_at_column()
