"""The one helper that decides who may see a resident's personal data.

Every channel (pages, searches, JSON, GeoJSON, network data, exports, counts) asks here, either
about one object (``can_see``) or as a SQL condition (``visible_clause``), and the two agree:
the property tests check them against each other.

Rules, most private wins:
- each item (name, ward, skill, membership) has its own audience: public < members < officers < only me;
- "officers" are the community officers of the person's own local authority (the authority of their
  ward; for someone an officer or a workshop recorded without a ward, that officer's authority);
  admins act for all three. Someone with no authority at all is seen at that level by admins only;
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
from abcd.extensions import db
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

    def covers(self, authority: str | None) -> bool:
        """Is this viewer one of the officers of ``authority`` (admins: of every authority)?"""
        return self.clearance >= OFFICER and (
            self.every_authority or (authority is not None and authority == self.authority)
        )

    @classmethod
    def of(cls, user: Any, person_id: int | None = None) -> Viewer:
        if not permissions.is_signed_in(user):
            return cls(ANONYMOUS)
        if permissions.is_officer(user):
            return cls(OFFICER, user.user_id, person_id, user.la_code, permissions.is_admin(user))
        if not permissions.has_verified_email(user):  # anyone can sign up with any address: prove it first
            return cls(ANONYMOUS, user.user_id, person_id)
        return cls(MEMBER, user.user_id, person_id)


ANYONE = Viewer(ANONYMOUS)
# An officer of every authority: what the network build asks about, before it narrows by authority.
ANY_OFFICER = Viewer(OFFICER, every_authority=True)


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
    if RANK[level] > viewer.clearance:
        return False
    return level is not Visibility.OFFICERS or viewer.covers(authority_of(person))


def visible_clause(viewer: Viewer, item: Any = None) -> ColumnElement[bool]:
    """The SQL twin of ``can_see``, over ``Person`` (joined into the query) and an item column."""
    audiences = allowed(viewer)
    conditions: list[ColumnElement[bool]] = [
        Person.display_name_visibility.in_(audiences),
        Person.withdrawn_at.is_(None),
    ]
    if item is not None:
        conditions.append(item.in_(audiences))
    unconfirmed = sa.and_(Person.entered_by != EnteredBy.SELF, Person.confirmed_at.is_(None))
    if viewer.clearance < OFFICER:
        conditions.append(~unconfirmed)
    elif not viewer.every_authority:
        officers_only = [Person.display_name_visibility == Visibility.OFFICERS, unconfirmed]
        if item is not None:
            officers_only.append(item == Visibility.OFFICERS)
        own_authority = person_authority() == viewer.authority if viewer.authority is not None else sa.false()
        conditions.append(sa.or_(~sa.or_(*officers_only), own_authority))
    clause = sa.and_(*conditions)
    if viewer.person_id is not None:
        clause = sa.or_(Person.person_id == viewer.person_id, clause)
    return clause


def person_authority() -> ColumnElement[str | None]:
    """SQL over ``Person``: their authority, from their ward; for someone an officer or a workshop
    recorded without a ward, the authority of the officer who recorded them."""
    # Aliases, so a query that already joins Ward (or User) does not swallow these subqueries' FROM.
    ward, recorder, record = sa.orm.aliased(Ward), sa.orm.aliased(User), sa.orm.aliased(ConsentRecord)
    of_ward = sa.select(ward.la_code).where(ward.code == Person.ward_code).scalar_subquery()
    of_recorder = (
        sa.select(recorder.la_code)
        .join(record, record.recorded_by_id == recorder.user_id)
        .where(record.person_id == Person.person_id, record.entered_by != EnteredBy.SELF)
        .order_by(record.given_at)
        .limit(1)
        .scalar_subquery()
    )
    return sa.func.coalesce(of_ward, of_recorder)


def authority_of(person: Person) -> str | None:
    """The object twin of ``person_authority``: one query, remembered on the loaded person for as long
    as their ward stays the same."""
    remembered = sa.inspect(person).info.get("authority")
    if remembered is not None and remembered[0] == person.ward_code:
        return str(remembered[1]) if remembered[1] is not None else None
    authority = db.session.scalar(sa.select(person_authority()).where(Person.person_id == person.person_id))
    sa.inspect(person).info["authority"] = (person.ward_code, authority)
    return authority


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
