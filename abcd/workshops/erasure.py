"""Erasure reaches what a workshop kept about someone: when the person a participant's gifts became is
deleted (erasure of a person or an account), that participant's name is forgotten and the gifts they
shared (their skills, in their own words) are deleted too. Places and groups they added are community
records and stay, without an author's name.

A listener rather than a call from abcd.people.privacy, so people never import workshops (workshops build
on people, not the other way round).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from abcd.people.models import Person
from abcd.workshops.models import Contribution, ContributionKind, Participant


@event.listens_for(Session, "before_flush")
def _forget_erased_participants(session: Session, _context: Any, _instances: Any) -> None:
    erased = [obj.person_id for obj in session.deleted if isinstance(obj, Person) and obj.person_id is not None]
    if not erased:
        return
    contributions = list(session.scalars(sa.select(Contribution).where(Contribution.person_id.in_(erased))))
    participant_ids = {c.participant_id for c in contributions if c.participant_id is not None}
    for participant in session.scalars(
        sa.select(Participant).where(Participant.participant_id.in_(participant_ids))
    ) if participant_ids else ():  # fmt: skip
        participant.display_name = None
    for contribution in contributions:
        if contribution.kind is ContributionKind.GIFT:
            session.delete(contribution)
        else:
            contribution.person_id = None
