"""Writing the erasure log. Services never commit."""

from __future__ import annotations

import sqlalchemy as sa

from abcd.backup.models import ErasureLog
from abcd.extensions import db


def record_erasure(*, person_id: int | None, user_id: int | None = None) -> None:
    """Log that this person (and/or account) was erased, once: erasing again after a restore adds nothing."""
    if person_id is None and user_id is None:
        return
    query = sa.select(ErasureLog.erasure_id).where(
        ErasureLog.person_id.is_(None) if person_id is None else ErasureLog.person_id == person_id,
        ErasureLog.user_id.is_(None) if user_id is None else ErasureLog.user_id == user_id,
    )
    if db.session.scalar(query.limit(1)) is None:
        db.session.add(ErasureLog(person_id=person_id, user_id=user_id))
