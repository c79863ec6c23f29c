"""Consent: what each person agreed to, recorded with who, when, how and in which words."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.sql.elements import ColumnElement

from abcd.assets.models import Asset
from abcd.extensions import db
from abcd.links.models import Link, LinkType, not_a_request
from abcd.models_base import utcnow
from abcd.people.models import ConsentRecord, EnteredBy, LawfulBasis, Person

# The exact words shown to people, in their language; stored with each record, so what each person
# agreed to stays known even if the wording changes later.
PROFILE_WORDING = _l(
    "I agree that Community Strengths may hold the profile I give here and show each part of it only "
    "to the people I choose. I can change who sees what, download everything, withdraw this consent "
    "or erase my profile at any time."
)


def special_category_wording(group: str, category: str) -> str:
    return _(
        "I explicitly agree to be shown as a member of %(group)s. I understand that belonging to this "
        "group may reveal my %(category)s. I can leave the group and withdraw this consent at any time.",
        group=group,
        category=category,
    )


MEMBERSHIP_TYPES = (LinkType.MEMBER_OF, LinkType.ORGANISES)
RECONFIRM_AFTER = timedelta(days=365 * 2)  # retention: listings are re-confirmed every two years
PROFILE = "profile"
SPECIAL = "special_category_link"


def record_consent(
    person: Person,
    purpose: str,
    wording: str,
    entered_by: EnteredBy,
    recorded_by_id: int | None,
    lawful_basis: LawfulBasis = LawfulBasis.CONSENT,
    link_id: int | None = None,
) -> ConsentRecord:
    now = utcnow()
    record = ConsentRecord(
        person_id=person.person_id, purpose=purpose, wording=wording, entered_by=entered_by,
        recorded_by_id=recorded_by_id, lawful_basis=lawful_basis, link_id=link_id,
        given_at=now, reconfirm_by=now + RECONFIRM_AFTER,
    )  # fmt: skip
    db.session.add(record)
    db.session.flush()
    return record


def explicit_consent_given(link_id: ColumnElement[int] | sa.orm.InstrumentedAttribute[int]) -> ColumnElement[bool]:
    """SQL: an active (not withdrawn) explicit consent covers the membership with this link id."""
    return (
        sa.select(ConsentRecord.consent_id)
        .where(
            ConsentRecord.link_id == link_id,
            ConsentRecord.purpose == SPECIAL,
            ConsentRecord.lawful_basis == LawfulBasis.EXPLICIT_CONSENT,
            ConsentRecord.withdrawn_at.is_(None),
        )
        .exists()
    )


def awaiting_explicit_consent() -> ColumnElement[bool]:
    """SQL over ``Link``: a membership of a special-category group that its member has not explicitly
    agreed to show. Derived, never stored: the group's category and the consent records decide it."""
    special_groups = sa.select(Asset.asset_id).where(Asset.special_category.is_not(None))
    return sa.and_(
        Link.link_type.in_(MEMBERSHIP_TYPES),
        not_a_request(),  # a request is nobody's membership yet: nothing to consent to
        Link.target_asset_id.in_(special_groups),
        ~explicit_consent_given(Link.link_id),
    )


def current_consents(person: Person) -> list[ConsentRecord]:
    query = sa.select(ConsentRecord).where(
        ConsentRecord.person_id == person.person_id, ConsentRecord.withdrawn_at.is_(None)
    )
    return list(db.session.scalars(query.order_by(ConsentRecord.given_at)))


def profile_consent(person: Person) -> ConsentRecord | None:
    return next((c for c in current_consents(person) if c.purpose == PROFILE), None)


def withdraw_profile_consent(person: Person) -> None:
    """From now on nobody but the person sees them; their data stays until they erase it."""
    now = utcnow()
    for record in current_consents(person):
        if record.purpose == PROFILE:
            record.withdrawn_at = now
    person.withdrawn_at = now
    db.session.flush()


def give_profile_consent(person: Person, recorded_by_id: int | None) -> ConsentRecord:
    person.withdrawn_at = None
    if person.entered_by is not EnteredBy.SELF and person.confirmed_at is None:
        person.confirmed_at = utcnow()
    return record_consent(person, PROFILE, str(PROFILE_WORDING), EnteredBy.SELF, recorded_by_id)


CONFIRM_LINK_LIFETIME = timedelta(days=30)  # an officer can issue a new link when it runs out


def issue_confirmation_token(person: Person, valid_for: timedelta = CONFIRM_LINK_LIFETIME) -> str:
    """A personal link for someone recorded by an officer, replacing any earlier one; only its hash is stored."""
    token = secrets.token_urlsafe(24)
    person.confirm_token_hash = _hash(token)
    person.confirm_token_expires_at = utcnow() + valid_for
    return token


def person_for_token(token: str, at: datetime | None = None) -> Person | None:
    """The person a confirmation link is for, while it has not expired."""
    if not token or len(token) > 100:
        return None
    person = db.session.scalar(sa.select(Person).where(Person.confirm_token_hash == _hash(token)))
    expires = person.confirm_token_expires_at if person is not None else None
    if person is None or (expires is not None and expires < (at or utcnow())):
        return None
    return person


def confirm(person: Person, at: datetime | None = None) -> ConsentRecord:
    person.confirmed_at = at or utcnow()
    person.confirm_token_hash = None
    person.confirm_token_expires_at = None
    return give_profile_consent(person, recorded_by_id=None)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hide_lapsed_listings(now: datetime | None = None) -> int:
    """Retention: people whose consent was not re-confirmed in time are hidden until they re-confirm.

    Returns how many were hidden. Run daily (``flask abcd people lapse``).
    """
    moment = now or utcnow()
    lapsed = sa.select(ConsentRecord.person_id).where(
        ConsentRecord.purpose == PROFILE,
        ConsentRecord.withdrawn_at.is_(None),
        ConsentRecord.reconfirm_by < moment,
    )
    still_current = sa.select(ConsentRecord.person_id).where(
        ConsentRecord.purpose == PROFILE,
        ConsentRecord.withdrawn_at.is_(None),
        sa.or_(ConsentRecord.reconfirm_by.is_(None), ConsentRecord.reconfirm_by >= moment),
    )
    people = db.session.scalars(
        sa.select(Person).where(
            Person.person_id.in_(lapsed), Person.person_id.not_in(still_current), Person.withdrawn_at.is_(None)
        )
    ).all()
    for person in people:
        person.withdrawn_at = moment
    db.session.flush()
    return len(people)
