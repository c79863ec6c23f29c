"""A person's own data reaches workshops: "My data" (access and portability) lists the sessions they took
part in as the participant whose gifts became them, with the consent and audience they gave, and everything
that participant contributed, in their own words. Registered with abcd.people.privacy, so people never
import workshops."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from abcd.audit.listeners import plain
from abcd.extensions import db
from abcd.i18n import day, when
from abcd.models_base import Visibility
from abcd.people.labels import VISIBILITY_LABELS
from abcd.people.models import Person
from abcd.people.privacy import HeldElsewhere, register_held_elsewhere
from abcd.workshops.labels import KIND_LABELS, STATUS_LABELS
from abcd.workshops.models import Contribution, ContributionKind, ContributionStatus, Participant, Workshop

SESSION_COLUMNS = ["participant_id", "workshop_id", "held_on", "display_name", "may_keep", "audience", "locale",
                   "joined_at", "sheet_ref"]  # fmt: skip
CONTRIBUTION_COLUMNS = ["contribution_id", "workshop_id", "kind", "words", "may_keep", "audience", "status",
                        "created_at", "decided_at"]  # fmt: skip


def _participant_ids(person: Person) -> list[int]:
    """The participants whose gifts became this person: who they were in each session."""
    query = sa.select(Contribution.participant_id).where(
        Contribution.person_id == person.person_id, Contribution.participant_id.is_not(None)
    )
    return sorted({pid for pid in db.session.scalars(query.distinct()) if pid is not None})


def sessions_of(person: Person) -> list[dict[str, Any]]:
    query = (
        sa.select(Participant, Workshop.held_on)
        .join(Workshop, Workshop.workshop_id == Participant.workshop_id)
        .where(Participant.participant_id.in_(_participant_ids(person)))
        .order_by(Participant.participant_id)
    )
    return [
        {**{c: plain(getattr(p, c)) for c in SESSION_COLUMNS if c != "held_on"}, "held_on": plain(held_on)}
        for p, held_on in db.session.execute(query).tuples()
    ]


def contributions_of(person: Person) -> list[dict[str, Any]]:
    """Everything those participants contributed (waiting, accepted or hidden), as they or the facilitator
    who accepted it worded it."""
    query = (
        sa.select(Contribution)
        .where(Contribution.participant_id.in_(_participant_ids(person)))
        .order_by(Contribution.contribution_id)
    )
    return [
        {**{c: plain(getattr(row, c)) for c in CONTRIBUTION_COLUMNS if c != "words"}, "words": dict(row.values)}
        for row in db.session.scalars(query)
    ]


def _enum(enum_type: type[Any], labels: dict[Any, Any]) -> Any:
    def show(value: Any, _lookups: Any) -> str:
        try:
            return str(labels[enum_type(value)])
        except (ValueError, KeyError):
            return str(value)

    return show


def _words(value: Any, _lookups: Any) -> str:
    return " — ".join(str(v) for v in value.values() if v) if isinstance(value, dict) else str(value)


def _yes_no(value: Any, _lookups: Any) -> str:
    return _("Yes") if value else _("No")


def _moment(value: Any, _lookups: Any) -> str:
    return when(datetime.fromisoformat(value))


def _day(value: Any, _lookups: Any) -> str:
    return day(date.fromisoformat(value))


def _text(value: Any, _lookups: Any) -> str:
    return str(value)


REFERENCE = (_l("Reference number"), _text)
COMMON = {
    "may_keep": (_l("May be kept after the session"), _yes_no),
    "audience": (_l("Who may see it if kept"), _enum(Visibility, VISIBILITY_LABELS)),
}
register_held_elsewhere(HeldElsewhere(
    "workshop_sessions", _l("Workshops you took part in"), SESSION_COLUMNS, sessions_of,
    {**COMMON, "participant_id": REFERENCE, "held_on": (_l("Held on"), _day), "joined_at": (_l("Joined"), _moment),
     "sheet_ref": (_l("Paper sheet reference"), _text)},
))  # fmt: skip
register_held_elsewhere(HeldElsewhere(
    "workshop_contributions", _l("What you shared at workshops"), CONTRIBUTION_COLUMNS, contributions_of,
    {**COMMON, "contribution_id": REFERENCE, "kind": (_l("What"), _enum(ContributionKind, KIND_LABELS)),
     "words": (_l("In your words"), _words), "status": (_l("Outcome"), _enum(ContributionStatus, STATUS_LABELS))},
))  # fmt: skip
