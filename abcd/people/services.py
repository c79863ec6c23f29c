"""Residents' profiles and their gifts and skills. Services never commit.

Reads that cross people go through abcd.people.visibility; a person's own pages see everything.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from abcd.audit import services as audit
from abcd.audit.models import AuditEntry
from abcd.auth.models import User
from abcd.changes.merge import EditConflictError
from abcd.extensions import db
from abcd.models_base import Visibility
from abcd.people import consent
from abcd.people.models import ContactMessage, EnteredBy, GiftType, Person, PersonSkill, Skill, SkillMode
from abcd.people.visibility import Viewer


@dataclass(frozen=True)
class ProfileInput:
    display_name: str
    display_name_visibility: Visibility
    ward_code: str | None
    ward_visibility: Visibility
    languages: str | None
    accepts_messages: bool


@dataclass(frozen=True)
class SkillInput:
    skill_id: int
    mode: SkillMode
    can_teach: bool
    visibility: Visibility


class ProfileError(ValueError):
    """A profile change that cannot be made; ``code`` says why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def person_of(user: User) -> Person | None:
    return db.session.scalar(sa.select(Person).where(Person.user_id == user.user_id))


def person_id_of(user: object) -> int | None:
    user_id = getattr(user, "user_id", None)
    if user_id is None:
        return None
    return db.session.scalar(sa.select(Person.person_id).where(Person.user_id == user_id))


def viewer_for(user: object) -> Viewer:
    """The visibility helper's viewer for a user (or Flask-Login's anonymous user), with their own profile."""
    return Viewer.of(user, person_id_of(user))


def _apply(person: Person, data: ProfileInput) -> None:
    person.display_name = data.display_name
    person.display_name_visibility = data.display_name_visibility
    person.ward_code = data.ward_code
    person.ward_visibility = data.ward_visibility
    person.languages = data.languages
    person.accepts_messages = data.accepts_messages


def create_own_profile(user: User, data: ProfileInput) -> Person:
    """A resident's first profile, with their consent recorded in the words they agreed to."""
    if person_of(user) is not None:
        raise ProfileError("exists")
    person = Person(user_id=user.user_id, entered_by=EnteredBy.SELF)
    _apply(person, data)
    db.session.add(person)
    db.session.flush()
    consent.record_consent(person, consent.PROFILE, str(consent.PROFILE_WORDING), EnteredBy.SELF, user.user_id)
    return person


def update_profile(person: Person, data: ProfileInput, expected_version: int) -> Person:
    """Save one's profile as edited at ``expected_version``; EditConflictError if it was saved since."""
    if person.version != expected_version:
        raise EditConflictError(person.version, profile_changes_since(person, expected_version))
    _apply(person, data)
    db.session.flush()
    return person


def profile_changes_since(person: Person, version: int) -> list[AuditEntry]:
    """The profile's audit entries after ``version``, oldest first."""
    return audit.entries_of(Person.__tablename__, person.person_id, after_version=version)


def record_person_for_resident(
    data: ProfileInput, officer: User, entered_by: EnteredBy, contact_email: str | None = None,
    contact_locale: str = "en",
) -> tuple[Person, str]:  # fmt: skip
    """An officer (or a workshop) records someone: officers-only until they confirm by the link."""
    person = Person(entered_by=entered_by, contact_email=contact_email, contact_locale=contact_locale)
    _apply(person, data)
    db.session.add(person)
    db.session.flush()
    token = consent.issue_confirmation_token(person)
    consent.record_consent(
        person, consent.PROFILE, str(consent.PROFILE_WORDING), entered_by, officer.user_id,
        lawful_basis=consent.LawfulBasis.PUBLIC_TASK,
    )  # fmt: skip
    return person, token


def my_skills(person: Person) -> list[tuple[PersonSkill, Skill]]:
    query = (
        sa.select(PersonSkill, Skill)
        .join(Skill, Skill.skill_id == PersonSkill.skill_id)
        .where(PersonSkill.person_id == person.person_id)
        .order_by(PersonSkill.mode, Skill.gift_type, Skill.name_en)
    )
    return [(ps, skill) for ps, skill in db.session.execute(query).tuples()]


def add_skill(person: Person, data: SkillInput) -> PersonSkill:
    """Add one skill to a profile. Raises ProfileError: unknown_skill; already_held when the person has it
    in that mode already (its "I could teach this" and audience are changed where it is listed, never
    silently overwritten by adding it again)."""
    skill = db.session.get(Skill, data.skill_id)
    if skill is None:
        raise ProfileError("unknown_skill")
    held = db.session.scalar(
        sa.select(PersonSkill.person_skill_id).where(
            PersonSkill.person_id == person.person_id,
            PersonSkill.skill_id == data.skill_id,
            PersonSkill.mode == data.mode,
        )
    )
    if held is not None:
        raise ProfileError("already_held")
    holding = PersonSkill(
        person_id=person.person_id, skill_id=data.skill_id, mode=data.mode,
        can_teach=data.can_teach and data.mode is SkillMode.OFFERED, visibility=data.visibility,
    )  # fmt: skip
    db.session.add(holding)
    db.session.flush()
    return holding


def own_skill(person: Person, person_skill_id: int) -> PersonSkill | None:
    holding = db.session.get(PersonSkill, person_skill_id)
    return holding if holding is not None and holding.person_id == person.person_id else None


def set_skill_visibility(holding: PersonSkill, visibility: Visibility) -> None:
    holding.visibility = visibility
    db.session.flush()


def remove_skill(holding: PersonSkill) -> None:
    db.session.delete(holding)
    db.session.flush()


GIFT_ORDER = (GiftType.HEAD, GiftType.HEART, GiftType.HANDS)


class ContactError(ValueError):
    """A message that cannot be relayed; ``code`` says why."""


def send_message(sender: User, recipient: Person, body: str) -> None:
    """Relay a message; the recipient sees the sender's name, never an email address."""
    if not recipient.accepts_messages:
        raise ContactError("not_accepting")
    if recipient.user_id == sender.user_id:
        raise ContactError("self")
    db.session.add(ContactMessage(sender_user_id=sender.user_id, recipient_person_id=recipient.person_id, body=body))
    db.session.flush()


def inbox(person: Person) -> list[tuple[ContactMessage, str | None]]:
    query = (
        sa.select(ContactMessage, User.display_name)
        .outerjoin(User, User.user_id == ContactMessage.sender_user_id)
        .where(ContactMessage.recipient_person_id == person.person_id)
        .order_by(ContactMessage.sent_at.desc())
    )
    return [(message, name) for message, name in db.session.execute(query).tuples()]
