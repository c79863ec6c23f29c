"""Reading the moderation queue: the changes waiting for an officer of the viewer's authority."""

from __future__ import annotations

import sqlalchemy as sa

from abcd import permissions
from abcd.auth.models import User
from abcd.changes.models import ChangeRequest, ChangeStatus
from abcd.extensions import db


def queue(actor: User) -> list[ChangeRequest]:
    """Pending changes this officer may decide, oldest first; an admin sees all three authorities."""
    query = sa.select(ChangeRequest).where(ChangeRequest.status == ChangeStatus.PENDING)
    if not permissions.is_admin(actor):
        query = query.where(ChangeRequest.la_code == actor.la_code)
    return list(db.session.scalars(query.order_by(ChangeRequest.submitted_at, ChangeRequest.change_id)))
