"""Test data builders: real rows in the real database, committed, with sensible defaults."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from abcd.assets.models import Asset, AssetKind, AssetStatus, Theme

__all__ = ["Asset"]
from abcd.auth.models import Role, User
from abcd.extensions import db
from abcd.models_base import Visibility, utcnow
from abcd.people.consent import issue_confirmation_token
from abcd.people.models import EnteredBy, GiftType, Person, PersonSkill, Skill, SkillMode, SkillSynonym

PASSWORD = "correct horse battery staple"
CARDIFF, NEWPORT, VALE = "W06000015", "W06000022", "W06000014"
CATHAYS = "W05001274"
_serial = itertools.count(1)


@cache
def _password_hash() -> str:
    return generate_password_hash(PASSWORD)  # scrypt is slow by design: hash once per run


def make_user(role: Role = Role.RESIDENT, la_code: str | None = None, **fields: Any) -> User:
    n = next(_serial)
    user = User(
        email=fields.pop("email", f"user{n}@example.org"),
        display_name=fields.pop("display_name", f"Test User {n}"),
        role=role,
        la_code=la_code,
        password_hash=_password_hash(),
        email_verified_at=fields.pop("email_verified_at", utcnow()),  # pass None for an unproven address
        **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_theme(slug: str = "music", name_en: str = "Music", name_cy: str = "Cerddoriaeth") -> Theme:
    theme = Theme(slug=slug, name_en=name_en, name_cy=name_cy)
    db.session.add(theme)
    db.session.commit()
    return theme


def make_asset(**fields: Any) -> Asset:
    n = next(_serial)
    values: dict[str, Any] = {
        "kind": AssetKind.PLACE,
        "name_en": f"Test Hall {n}",
        "la_code": CARDIFF,
        "status": AssetStatus.PUBLISHED,
        "latitude": 51.4791,
        "longitude": -3.1781,
        **fields,
    }
    asset = Asset(**values)
    db.session.add(asset)
    db.session.commit()
    return asset


@dataclass(frozen=True)
class Cast:
    resident: str
    officer_cardiff: str
    officer_newport: str
    admin: str
    ids: dict[str, int]


def make_cast() -> Cast:
    users = {
        "resident": make_user(Role.RESIDENT, email="resident@example.org"),
        "officer_cardiff": make_user(Role.OFFICER, CARDIFF, email="officer.cardiff@example.org"),
        "officer_newport": make_user(Role.OFFICER, NEWPORT, email="officer.newport@example.org"),
        "admin": make_user(Role.ADMIN, email="admin@example.org"),
    }
    return Cast(**{k: u.email for k, u in users.items()}, ids={k: u.user_id for k, u in users.items()})


def make_skill(name_en: str = "Music", name_cy: str | None = None, **fields: Any) -> Skill:
    synonyms = fields.pop("synonyms", [])
    skill = Skill(name_en=name_en, name_cy=name_cy, gift_type=fields.pop("gift_type", GiftType.HANDS), **fields)
    db.session.add(skill)
    db.session.flush()
    for term in synonyms:
        db.session.add(SkillSynonym(skill_id=skill.skill_id, term=term))
    db.session.commit()
    return skill


def make_person(
    visibility: Visibility = Visibility.PRIVATE,
    skills: list[Skill] | tuple[Skill, ...] = (),
    skill_visibility: Visibility | None = None,
    **fields: Any,
) -> Person:
    """A self-registered, consenting person; every item shown to ``visibility`` unless told otherwise."""
    n = next(_serial)
    person = Person(
        display_name=fields.pop("display_name", f"Person {n}"),
        display_name_visibility=visibility,
        ward_visibility=fields.pop("ward_visibility", visibility),
        entered_by=fields.pop("entered_by", EnteredBy.SELF),
        **fields,
    )
    db.session.add(person)
    db.session.flush()
    for skill in skills:
        db.session.add(
            PersonSkill(
                person_id=person.person_id, skill_id=skill.skill_id, mode=SkillMode.OFFERED,
                visibility=skill_visibility or visibility,
            )
        )  # fmt: skip
    db.session.commit()
    return person


def person_skill_ids(person: Person) -> list[int]:
    return list(
        db.session.scalars(sa.select(PersonSkill.person_skill_id).where(PersonSkill.person_id == person.person_id))
    )


def make_recorded_person() -> tuple[Person, str]:
    """Someone recorded by an officer, waiting to confirm by their personal link."""
    person = make_person(visibility=Visibility.PUBLIC, entered_by=EnteredBy.OFFICER)
    token = issue_confirmation_token(person)
    db.session.commit()
    return person, token
