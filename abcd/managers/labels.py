"""Words for claims and managers, in the reader's language."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from abcd.managers.models import ClaimStatus
from abcd.managers.services import ManagerError

STATUS_LABELS: dict[ClaimStatus, Any] = {
    ClaimStatus.PENDING: _l("Waiting for an officer"),
    ClaimStatus.APPROVED: _l("You manage it"),
    ClaimStatus.DECLINED: _l("Not approved"),
    ClaimStatus.ENDED: _l("Ended"),
}


def manager_error_message(error: ManagerError) -> str:
    messages = {
        "not_allowed": _("You cannot do that for this record."),
        "already_claimed": _("You have already asked to manage this record."),
        "not_pending": _("Someone has already decided this request."),
        "not_manager": _("That person does not manage this record now."),
        "reason_needed": _("Give a reason: the person is sent it."),
    }
    return messages.get(error.code, _("That could not be done."))
