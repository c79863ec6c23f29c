"""Builders for the network tests: people, skills, links and offers as real committed rows."""

from __future__ import annotations

from typing import Any

from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility, utcnow
from abcd.partners.models import OfferCategory, OfferDirection, VenueOffer
from abcd.people.models import (
    ConsentRecord,
    EnteredBy,
    GiftType,
    LawfulBasis,
    Person,
    PersonSkill,
    Skill,
    SkillMode,
)

PUBLIC, MEMBERS, OFFICERS, PRIVATE = Visibility.PUBLIC, Visibility.MEMBERS, Visibility.OFFICERS, Visibility.PRIVATE


def make_person(name: str, visibility: Visibility = MEMBERS, consent: bool = True, **fields: Any) -> Person:
    values: dict[str, Any] = {
        "display_name": name,
        "display_name_visibility": visibility,
        "ward_visibility": fields.pop("ward_visibility", visibility),
        "entered_by": EnteredBy.SELF,
        **fields,
    }
    person = Person(**values)
    db.session.add(person)
    db.session.flush()
    if consent:
        db.session.add(
            ConsentRecord(
                person_id=person.person_id, purpose="profile", lawful_basis=LawfulBasis.CONSENT,
                wording="I agree to be listed.", entered_by=EnteredBy.SELF,
            )
        )  # fmt: skip
    db.session.commit()
    return person


def make_skill(name: str, name_cy: str | None = None) -> Skill:
    skill = Skill(name_en=name, name_cy=name_cy, gift_type=GiftType.HANDS)
    db.session.add(skill)
    db.session.commit()
    return skill


def join(
    person: Person, asset_id: int, visibility: Visibility = MEMBERS, link_type: LinkType = LinkType.MEMBER_OF
) -> Link:
    link = Link(link_type=link_type, source_person_id=person.person_id, target_asset_id=asset_id, visibility=visibility)
    db.session.add(link)
    db.session.commit()
    return link


def link_assets(source_id: int, target_id: int, link_type: LinkType = LinkType.MEETS_AT) -> Link:
    link = Link(link_type=link_type, source_asset_id=source_id, target_asset_id=target_id, visibility=PUBLIC)
    db.session.add(link)
    db.session.commit()
    return link


def give_skill(
    person: Person, skill: Skill, visibility: Visibility = MEMBERS, mode: SkillMode = SkillMode.OFFERED
) -> None:
    db.session.add(PersonSkill(person_id=person.person_id, skill_id=skill.skill_id, mode=mode, visibility=visibility))
    db.session.commit()


def offer(asset_id: int, direction: OfferDirection, category: OfferCategory, **fields: Any) -> VenueOffer:
    row = VenueOffer(asset_id=asset_id, direction=direction, category=category, **fields)
    db.session.add(row)
    db.session.commit()
    return row


def withdraw(person: Person) -> None:
    person.withdrawn_at = utcnow()
    db.session.commit()
