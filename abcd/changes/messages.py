"""Words for the write path's refusals, so every channel that shows them explains them the same way."""

from __future__ import annotations

from flask_babel import gettext as _

from abcd.areas.models import LocalAuthority
from abcd.assets.labels import field_label
from abcd.errors import DomainError
from abcd.extensions import db
from abcd.i18n import localised


def _area(la_code: object) -> str:
    authority = db.session.get(LocalAuthority, la_code) if isinstance(la_code, str) else None
    return (localised(authority, "name")[0] or authority.code) if authority is not None else str(la_code or "")


def change_error_message(error: DomainError) -> str:
    code, details = error.code, error.details
    if code == "outside_authority" and details.get("moving"):
        return _(
            "That place is in %(area)s. Only an officer can move a record to another area.",
            area=_area(details.get("la_code")),
        )
    if code == "outside_authority":
        return _(
            "That place is in %(area)s. You can only add records in your own area.", area=_area(details.get("la_code"))
        )
    if code == "officer_field":
        fields = ", ".join(field_label(str(name)) for name in details.get("fields", []))
        return _("Only an officer can change: %(fields)s.", fields=fields)
    if code == "nothing_changed":
        return _("You have not changed anything yet.")
    if code == "not_pending":
        return _("This change has already been decided.")
    if code == "reason_needed":
        return _("Give a reason, so the person who suggested it knows why.")
    if code == "required_item":
        return _("A new record cannot be published without its name, kind and place.")
    if code == "invalid":
        return _("Some of what was entered needs correcting.")
    return _("You do not have permission to do that.")
