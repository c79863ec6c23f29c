"""Data-subject rights reach managers. Access: "everything held about you" lists a user's requests to
manage records. Erasure: when an account is deleted (a person erasing their data, or an admin removing the
account), every request it made goes too, row by row, before the database's own cascade would.

Listeners rather than calls from abcd.people.privacy, so people never import managers (managers build on
people, not the other way round).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from abcd.audit.listeners import plain
from abcd.auth.models import User
from abcd.extensions import db
from abcd.managers.models import AssetManager
from abcd.people import privacy

SECTION = "manager_requests"


@privacy.data_held_elsewhere.connect
def _requests_held(user: User) -> dict[str, list[dict[str, Any]]]:
    columns = privacy.section_columns(SECTION)
    query = sa.select(AssetManager).where(AssetManager.user_id == user.user_id).order_by(AssetManager.manager_id)
    return {SECTION: [{c: plain(getattr(m, c)) for c in columns} for m in db.session.scalars(query)]}


@event.listens_for(Session, "before_flush")
def _forget_erased_managers(session: Session, _context: Any, _instances: Any) -> None:
    erased = [obj.user_id for obj in session.deleted if isinstance(obj, User) and obj.user_id is not None]
    if not erased:
        return
    for claim in session.scalars(sa.select(AssetManager).where(AssetManager.user_id.in_(erased))):
        session.delete(claim)
