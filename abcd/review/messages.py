"""Words for a reviewer's refusals: the write path's own, the link rules', and those only deciding raises."""

from __future__ import annotations

from flask_babel import gettext as _

from abcd.changes.messages import change_error_message
from abcd.errors import DomainError
from abcd.links.labels import link_error_message
from abcd.links.services import LinkError


def review_error_message(error: DomainError) -> str:
    if isinstance(error, LinkError):  # a link that can no longer be made says why, not "no permission"
        return link_error_message(error)
    if error.code == "not_found":
        return _("There is no such change.")
    if error.code == "not_allowed":
        return _("This change belongs to another authority's officers.")
    if error.code == "nothing_changed":
        return _("Tick at least one item to approve, or reject the change.")
    if error.code == "could_not_apply":
        return _("This change could not be applied. Open it to check it, or reject it.")
    return change_error_message(error)
