"""Erasure reaches managers: when an account is deleted (a person erasing their data, or an admin removing
the account), every claim it made goes too, row by row, before the database's own cascade would.

A listener rather than a call from abcd.people.privacy, so people never import managers (managers build on
people, not the other way round).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from abcd.auth.models import User
from abcd.managers.models import AssetManager


@event.listens_for(Session, "before_flush")
def _forget_erased_managers(session: Session, _context: Any, _instances: Any) -> None:
    erased = [obj.user_id for obj in session.deleted if isinstance(obj, User) and obj.user_id is not None]
    if not erased:
        return
    for claim in session.scalars(sa.select(AssetManager).where(AssetManager.user_id.in_(erased))):
        session.delete(claim)
