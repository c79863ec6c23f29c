"""After a restore: erase again everyone in the erasure log, and record the restore in the audit trail."""

from __future__ import annotations

import sqlalchemy as sa

from abcd.audit.models import AuditEntry
from abcd.auth.models import User
from abcd.backup.archive import Manifest
from abcd.backup.models import ErasureLog
from abcd.changes.models import Channel
from abcd.extensions import db
from abcd.network.models import GraphMetric
from abcd.people import privacy
from abcd.people.models import Person


def erase_again(channel_ref: str) -> int:
    """Erase every logged person or account the restored data still holds, through the same erasure as the
    first time (audit entries blanked, links and consents gone); how many were erased again."""
    db.session.info.update(actor_id=None, channel=Channel.SYSTEM.value, channel_ref=channel_ref)
    erased = 0
    for entry in db.session.scalars(sa.select(ErasureLog).order_by(ErasureLog.erasure_id)).all():
        user = db.session.get(User, entry.user_id) if entry.user_id is not None else None
        if user is not None:
            privacy.erase(user)
            erased += 1
        person = db.session.get(Person, entry.person_id) if entry.person_id is not None else None
        if person is not None:
            privacy.erase_person(person)
            erased += user is None
        if entry.person_id is not None:  # derived metrics must not keep the node's key alive either
            db.session.execute(sa.delete(GraphMetric).where(GraphMetric.node_key == f"person:{entry.person_id}"))
    db.session.flush()
    return erased


def record_restore(manifest: Manifest) -> None:
    """One audit entry for the restore itself: which backup, taken when, at which schema revision."""
    db.session.add(
        AuditEntry(
            action="restore", entity_type="database", entity_id=0, channel=Channel.SYSTEM.value,
            channel_ref=f"restore:{manifest.created_at}"[:60],
            changes={"backup_created_at": [None, manifest.created_at], "revision": [None, manifest.alembic_revision]},
        )
    )  # fmt: skip
    db.session.flush()
