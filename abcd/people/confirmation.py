"""Informed confirmation of a listing an officer recorded, and the person's lasting way back to it.

The person sees each item the officer recorded (name, ward, groups, skills) with the audience the
officer suggested, and chooses each audience themselves; "only me" is preselected. Confirmation
links expire (an officer can issue a new one); after confirming, the person keeps a manage link to
change, download, withdraw or erase. Services never commit; emails leave when the caller commits.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from abcd.areas.models import Ward
from abcd.assets.models import Asset
from abcd.audit.listeners import plain
from abcd.extensions import db
from abcd.links.models import Link
from abcd.mail.services import compose, external_url, queue
from abcd.models_base import Visibility
from abcd.people import consent
from abcd.people.models import ConsentRecord, EnteredBy, Person, PersonSkill, Skill

NAME, WARD = "name", "ward"


@dataclass(frozen=True)
class RecordedItem:
    """One thing recorded about a person; ``field`` names its audience field on the confirm form."""

    field: str
    kind: str  # name | ward | group | offered | wanted
    name_en: str
    name_cy: str | None
    audience: Visibility


def recorded_items(person: Person) -> list[RecordedItem]:
    items = [RecordedItem(NAME, NAME, person.display_name, person.display_name, person.display_name_visibility)]
    ward = db.session.get(Ward, person.ward_code) if person.ward_code else None
    if ward is not None:
        items.append(RecordedItem(WARD, WARD, ward.name_en, ward.name_cy, person.ward_visibility))
    groups = db.session.execute(
        sa.select(Link, Asset)
        .join(Asset, Asset.asset_id == Link.target_asset_id)
        .where(Link.source_person_id == person.person_id, Link.link_type.in_(consent.MEMBERSHIP_TYPES))
        .order_by(Link.link_id)
    ).tuples()
    items += [RecordedItem(f"link_{ln.link_id}", "group", a.name_en, a.name_cy, ln.visibility) for ln, a in groups]
    skills = db.session.execute(
        sa.select(PersonSkill, Skill)
        .join(Skill, Skill.skill_id == PersonSkill.skill_id)
        .where(PersonSkill.person_id == person.person_id)
        .order_by(PersonSkill.person_skill_id)
    ).tuples()
    items += [
        RecordedItem(f"skill_{held.person_skill_id}", held.mode.value, skill.name_en, skill.name_cy, held.visibility)
        for held, skill in skills
    ]
    return items


def apply_audiences(person: Person, audiences: dict[str, Visibility]) -> None:
    """Set each item's audience as the person chose; fields that are not theirs are ignored."""
    if NAME in audiences:
        person.display_name_visibility = audiences[NAME]
    if WARD in audiences:
        person.ward_visibility = audiences[WARD]
    for link in db.session.scalars(sa.select(Link).where(Link.source_person_id == person.person_id)):
        link.visibility = audiences.get(f"link_{link.link_id}", link.visibility)
    for held in db.session.scalars(sa.select(PersonSkill).where(PersonSkill.person_id == person.person_id)):
        held.visibility = audiences.get(f"skill_{held.person_skill_id}", held.visibility)
    db.session.flush()


def confirm_listing(person: Person, audiences: dict[str, Visibility]) -> str:
    """The person confirms with their own choices: returns their manage link's token (also emailed to
    them when the officer recorded an address)."""
    apply_audiences(person, audiences)
    consent.confirm(person)
    token = issue_manage_token(person)
    if person.contact_email:
        link = external_url("people.manage", person.contact_locale, token=token)
        queue(compose("manage_link", person.contact_email, person.contact_locale, name=person.display_name, link=link))
    return token


def issue_manage_token(person: Person) -> str:
    token = secrets.token_urlsafe(24)
    person.manage_token_hash = _hash(token)
    return token


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def person_for_manage_token(token: str) -> Person | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(sa.select(Person).where(Person.manage_token_hash == _hash(token)))


def send_confirmation_link(person: Person, token: str) -> bool:
    """Email the confirmation link when the officer recorded an address; whether one was sent."""
    if not person.contact_email:
        return False
    expires = person.confirm_token_expires_at
    link = external_url("people.confirm", person.contact_locale, token=token)
    queue(compose("confirm_listing", person.contact_email, person.contact_locale, name=person.display_name,
                  link=link, expires=expires))  # fmt: skip
    return True


def awaiting_confirmation(person: Person) -> bool:
    return person.user_id is None and person.entered_by is not EnteredBy.SELF and person.confirmed_at is None


def listing_data(person: Person) -> dict[str, Any]:
    """Everything held about a person without an account, for them to download."""
    skip = {"confirm_token_hash", "manage_token_hash"}
    profile = {c.key: plain(getattr(person, c.key)) for c in sa.inspect(Person).column_attrs if c.key not in skip}
    consents = db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.person_id == person.person_id))
    return {
        "profile": profile,
        "items": [
            {"kind": item.kind, "name_en": item.name_en, "name_cy": item.name_cy, "audience": item.audience.value}
            for item in recorded_items(person)
        ],
        "consents": [
            {key: plain(getattr(c, key)) for key in ("purpose", "wording", "given_at", "reconfirm_by", "withdrawn_at")}
            for c in consents
        ],
    }
