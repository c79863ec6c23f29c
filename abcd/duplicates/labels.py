"""Words for why two records may be one, for what a merge moves, and for the merges it refuses."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from abcd.assets.labels import field_label
from abcd.duplicates.scoring import Reason
from abcd.errors import DomainError


def reason_text(reason: Reason) -> str:
    """One matching part of a pair, in the viewer's language."""
    code, detail = reason.code, reason.detail
    if code == "same_name":
        return _("The same name, once case, accents, punctuation and words like “St.” are set aside")
    if code == "similar_name":
        return _("Names %(percent)s%% alike", percent=detail)
    if code == "same_postcode":
        return _("The same postcode: %(value)s", value=detail)
    if code == "same_phone":
        return _("The same phone number: %(value)s", value=detail)
    if code == "same_email":
        return _("The same email address: %(value)s", value=detail)
    return _("The same website: %(value)s", value=detail)


def reasons_text(reasons: tuple[Reason, ...]) -> list[str]:
    return [reason_text(reason) for reason in reasons]


def choice_label(name: str) -> str:
    return _("Location") if name == "location" else field_label(name)


def move_text(kind: str, count: int) -> str:
    """One line of what a merge moves to the survivor, with its count."""
    if kind == "links":
        return ngettext("%(num)d link to other records", "%(num)d links to other records", count)
    if kind == "memberships":
        return ngettext("%(num)d membership", "%(num)d memberships", count)
    if kind == "stories":
        return ngettext("%(num)d story told of this place", "%(num)d stories told of this place", count)
    if kind == "offers":
        return ngettext("%(num)d offer or request", "%(num)d offers and requests", count)
    if kind == "consents":
        return ngettext("%(num)d consent record", "%(num)d consent records", count)
    return ngettext(
        "%(num)d history entry, kept with the archived record and linked from the merge",
        "%(num)d history entries, kept with the archived record and linked from the merge",
        count,
    )


def collapsing_text(count: int) -> str:
    return ngettext(
        "%(num)d link the kept record already has is kept once, not twice",
        "%(num)d links the kept record already has are kept once, not twice",
        count,
    )


def merge_error_message(error: DomainError) -> str:
    code = error.code
    messages = {
        "same_record": _("A record cannot be merged with itself."),
        "other_authority": _("These records belong to different councils. Only an administrator can merge them."),
        "stale": _("One of these records changed since this page was shown. Check the values again and confirm."),
        "already_merged": _("One of these records has already been merged into another."),
        "awaiting_consent": _(
            "Some memberships of these groups are waiting for their members' consent. "
            "Merge them once the members have answered."
        ),
        "category_differs": _(
            "Membership of these groups reveals different things, and they have members. "
            "Make the two records say the same on what membership reveals first."
        ),
        "pending_changes": _("Suggested changes to these records are waiting for review. Decide them first."),
        "changed_since": _(
            "A record was edited after the merge, so it cannot be undone from the snapshot. "
            "Undo those edits from the record's history first."
        ),
        "already_undone": _("This merge has already been undone."),
    }
    return messages.get(code, _("You do not have permission to do that."))
