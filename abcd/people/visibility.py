"""The one helper that decides who may see a resident's personal data.

Every channel (pages, searches, JSON, GeoJSON, network data, exports, counts) asks here, either
about one object (``can_see``) or as a SQL condition (``visible_clause``), and the two agree:
the property tests check them against each other.

Rules, most private wins:
- each item (name, ward, skill, membership) has its own audience: public < members < officers < only me;
- nothing about a person is shown to anyone who may not see their name;
- a person entered by an officer or a workshop stays officers-only until they confirm;
- a person who withdrew consent is seen by nobody but themselves;
- a person always sees everything about themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from abcd import permissions
from abcd.models_base import Visibility
from abcd.people.models import EnteredBy, Person

RANK = {Visibility.PUBLIC: 0, Visibility.MEMBERS: 1, Visibility.OFFICERS: 2, Visibility.PRIVATE: 3}
ANONYMOUS, MEMBER, OFFICER = 0, 1, 2


@dataclass(frozen=True)
class Viewer:
    """Who is looking: their clearance (0 anyone, 1 signed in, 2 officer) and their own person record."""

    clearance: int
    user_id: int | None = None
    person_id: int | None = None

    @classmethod
    def of(cls, user: Any, person_id: int | None = None) -> Viewer:
        if not permissions.is_signed_in(user):
            return cls(ANONYMOUS)
        clearance = OFFICER if permissions.is_officer(user) else MEMBER
        return cls(clearance, user.user_id, person_id)


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
