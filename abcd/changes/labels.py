"""Translated names for kinds of change, their outcomes and the channels they arrive through."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from abcd.changes.models import ChangeKind, ChangeStatus, Channel

CHANGE_KIND_LABELS: dict[ChangeKind, Any] = {
    ChangeKind.NEW: _l("New record"),
    ChangeKind.CHANGE: _l("Changed details"),
    ChangeKind.ARCHIVE: _l("Archive"),
    ChangeKind.LINK: _l("New link"),
}

CHANGE_STATUS_LABELS: dict[ChangeStatus, Any] = {
    ChangeStatus.PENDING: _l("Waiting for review"),
    ChangeStatus.APPROVED: _l("Accepted"),
    ChangeStatus.PARTLY_APPROVED: _l("Partly accepted"),
    ChangeStatus.REJECTED: _l("Not accepted"),
    ChangeStatus.SUPERSEDED: _l("Replaced by a later suggestion"),
}

CHANNEL_LABELS: dict[Channel, Any] = {
    Channel.FORM: _l("Form"),
    Channel.IMPORT: _l("Import"),
    Channel.WORKSHOP: _l("Workshop"),
    Channel.MERGE: _l("Merge"),
    Channel.API: _l("API"),
    Channel.SYSTEM: _l("System"),
}
