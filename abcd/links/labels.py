"""How links read, from each end, in the reader's language; and the words for refused links."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from abcd.errors import DomainError
from abcd.links.models import LinkType

# How a link reads from each end: (from the source, from the target). Each phrase is followed by
# the other end's name ("Hosts Riverside Choir", "Is about Splott Market").
LINK_PHRASES: dict[LinkType, tuple[Any, Any]] = {
    LinkType.MEMBER_OF: (_l("Member of"), _l("Has member")),
    LinkType.ORGANISES: (_l("Organises"), _l("Organised by")),
    LinkType.RUNS: (_l("Runs"), _l("Run by")),
    LinkType.MEETS_AT: (_l("Meets at"), _l("Hosts")),
    LinkType.PARTNERS_WITH: (_l("Partners with"), _l("Partners with")),
    LinkType.OFFERS: (_l("Offers"), _l("Offered by")),
    LinkType.SEEKS: (_l("Looking for"), _l("Sought by")),
    LinkType.USES: (_l("Uses"), _l("Used by")),
    LinkType.TELLS_OF: (_l("Is about"), _l("Has stories")),
    LinkType.HELPS: (_l("Helps"), _l("Helped by")),
}


def phrase(link_type: LinkType, from_source: bool) -> str:
    return str(LINK_PHRASES[link_type][0 if from_source else 1])


def link_error_message(error: DomainError) -> str:
    """Words for a link the rules refuse (``LinkError`` codes)."""
    messages = {
        "relation": _("That kind of link cannot be made between these two."),
        "same_end": _("A record cannot be linked to itself."),
        "duplicate": _("These two are already linked in that way."),
        "pending_duplicate": _("That link has already been suggested and is waiting for review."),
        "missing": _("One end of that link no longer exists or is not published."),
        "special_category": _(
            "Linking a person to this group could reveal sensitive information about them. "
            "Join it from the group's page, which asks for explicit consent."
        ),
        "withdrawn": _("This person has withdrawn their consent to be listed, so they cannot be linked."),
        "person": _("Only the person themselves can link their own profile."),
    }
    return messages.get(error.code, _("You do not have permission to do that."))
