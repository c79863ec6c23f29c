"""The one helper that decides who may see a resident's personal data.

Every channel (pages, searches, JSON, GeoJSON, network data, exports, counts) asks here, either
about one object (``can_see``) or as a SQL condition (``visible_clause``), and the two agree:
the property tests check them against each other.

Rules, most private wins:
- each item (name, ward, skill, membership) has its own audience: public < members < officers < only me;
- nothing about a person is shown to anyone who may not see their name;
- a person entered by an officer or a workshop stays officers-only until they confirm;
- a person who withdrew consent is seen by nobody but themselves;
- a person always sees everything about themselves;
- a membership of a special-category group that its member has not explicitly agreed to show is
  seen only by the member and officers of the member's own authority (admins: all three).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from abcd import permissions
from abcd.areas.models import Ward
from abcd.auth.models import User
from abcd.links.models import Link, not_a_request
from abcd.models_base import Visibility
from abcd.people.consent import awaiting_explicit_consent
from abcd.people.models import ConsentRecord, EnteredBy, Person

RANK = {Visibility.PUBLIC: 0, Visibility.MEMBERS: 1, Visibility.OFFICERS: 2, Visibility.PRIVATE: 3}
ANONYMOUS, MEMBER, OFFICER = 0, 1, 2


@dataclass(frozen=True)
class Viewer:
    """Who is looking: their clearance (0 anyone, 1 signed in, 2 officer), their own person record and,
    for staff, the authority they act for (``every_authority`` for admins)."""

    clearance: int
    user_id: int | None = None
    person_id: int | None = None
    authority: str | None = None
    every_authority: bool = False

    @classmethod
    def of(cls, user: Any, person_id: int | None = None) -> Viewer:
        if not permissions.is_signed_in(user):
            return cls(ANONYMOUS)
        if permissions.is_officer(user):
            return cls(OFFICER, user.user_id, person_id, user.la_code, permissions.is_admin(user))
        return cls(MEMBER, user.user_id, person_id)


ANYONE = Viewer(ANONYMOUS)


def allowed(viewer: Viewer) -> list[Visibility]:
    """The audiences this viewer belongs to."""
    return [level for level, rank in RANK.items() if rank <= viewer.clearance]


def person_cap(person: Person) -> Visibility:
    """The widest audience a person may currently have, whatever they chose."""
    if person.withdrawn_at is not None:
        return Visibility.PRIVATE
    if person.entered_by is not EnteredBy.SELF and person.confirmed_at is None:
        return Visibility.OFFICERS
    return Visibility.PUBLIC


def effective(*levels: Visibility) -> Visibility:
    return max(levels, key=RANK.__getitem__)


def can_see(viewer: Viewer, person: Person, item: Visibility | None = None) -> bool:
    """May ``viewer`` see this item about ``person`` (their name when ``item`` is None)?"""
    if viewer.person_id is not None and viewer.person_id == person.person_id:
        return True
    level = effective(item or Visibility.PUBLIC, person.display_name_visibility, person_cap(person))
    return RANK[level] <= viewer.clearance


def visible_clause(viewer: Viewer, item: Any = None) -> ColumnElement[bool]:
    """The SQL twin of ``can_see``, over ``Person`` (joined into the query) and an item column."""
    audiences = allowed(viewer)
    conditions: list[ColumnElement[bool]] = [
        Person.display_name_visibility.in_(audiences),
        Person.withdrawn_at.is_(None),
    ]
    if item is not None:
        conditions.append(item.in_(audiences))
    if viewer.clearance < OFFICER:
        conditions.append(sa.or_(Person.entered_by == EnteredBy.SELF, Person.confirmed_at.is_not(None)))
    clause = sa.and_(*conditions)
    if viewer.person_id is not None:
        clause = sa.or_(Person.person_id == viewer.person_id, clause)
    return clause


def person_authority() -> ColumnElement[str | None]:
    """SQL over ``Person``: their authority, from their ward; for someone an officer or a workshop
    recorded without a ward, the authority of the officer who recorded them."""
    of_ward = sa.select(Ward.la_code).where(Ward.code == Person.ward_code).scalar_subquery()
    of_recorder = (
        sa.select(User.la_code)
        .join(ConsentRecord, ConsentRecord.recorded_by_id == User.user_id)
        .where(ConsentRecord.person_id == Person.person_id, ConsentRecord.entered_by != EnteredBy.SELF)
        .order_by(ConsentRecord.given_at)
        .limit(1)
        .scalar_subquery()
    )
    return sa.func.coalesce(of_ward, of_recorder)


def membership_clause(viewer: Viewer) -> ColumnElement[bool]:
    """``visible_clause`` for a membership ``Link`` (with its ``Person`` joined), plus the special-category
    rule: while the member has not given explicit consent, only they and officers of their authority see it.
    A request to join is no membership (not even to the person who asked): organisers see it in their list."""
    clause = sa.and_(visible_clause(viewer, Link.visibility), not_a_request())
    if viewer.every_authority:
        return clause
    shown: ColumnElement[bool] = ~awaiting_explicit_consent()
    if viewer.clearance >= OFFICER and viewer.authority is not None:
        shown = sa.or_(shown, person_authority() == viewer.authority)
    if viewer.person_id is not None:
        shown = sa.or_(shown, Person.person_id == viewer.person_id)
    return sa.and_(clause, shown)
