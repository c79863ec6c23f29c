"""Build the fictional demo dataset, and import the real venues when the open data is present.

Idempotent: every record carries a stable ``source_ref`` (or email), and existing ones are kept.
"""

from __future__ import annotations

import csv
import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from abcd.areas.models import Postcode, Ward
from abcd.areas.services import LocationError, lookup_postcode
from abcd.assets.models import Asset, AssetKind, AssetStatus, Membership, Theme
from abcd.auth.models import Role, User
from abcd.auth.services import NewAccount, create_user, find_user_by_email
from abcd.demo.data import ASSETS, FACILITY_KINDS, FIRST_NAMES, SKILLS, THEMES
from abcd.demo.offers import seed_manager, seed_offers
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility, utcnow
from abcd.people.models import (
    ConsentRecord,
    EnteredBy,
    GiftType,
    LawfulBasis,
    Person,
    PersonSkill,
    Skill,
    SkillMode,
    SkillSynonym,
)

STAFF = [
    ("admin@example.org", "Demo Administrator", Role.ADMIN, None),
    ("officer.cardiff@example.org", "Cardiff Demo Officer", Role.OFFICER, "W06000015"),
    ("officer.newport@example.org", "Newport Demo Officer", Role.OFFICER, "W06000022"),
    ("officer.vale@example.org", "Vale Demo Officer", Role.OFFICER, "W06000014"),
    ("resident@example.org", "Demo Resident", Role.RESIDENT, None),
    ("venue@example.org", "Demo Venue Manager", Role.RESIDENT, None),  # manages Llanover Hall Arts Centre
]
DEMO_CONSENT = "Demo data: a fictional person, listed for demonstration only."
FACILITIES = "facilities/real_facilities.csv"


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    credentials: list[tuple[str, str, str]] = field(default_factory=list)  # (email, password, role)

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1


def seed_demo(geodata_dir: Path | None) -> SeedReport:
    report = SeedReport()
    rng = random.Random(2026)  # the same believable dataset on every machine
    staff = _staff(report)
    themes = _themes(report)
    skills = _skills(report)
    assets = _assets(themes, staff, report)
    if geodata_dir and (geodata_dir / FACILITIES).is_file():
        _real_venues(geodata_dir / FACILITIES, themes, report)
    _residents(rng, assets, skills, report)
    _demo_resident_profile(staff["resident@example.org"], assets, skills, report)
    seed_offers(report)
    seed_manager(staff["venue@example.org"], staff["officer.cardiff@example.org"], report)
    db.session.flush()
    return report


def _staff(report: SeedReport) -> dict[str, User]:
    users = {}
    for email, name, role, la_code in STAFF:
        user = find_user_by_email(email)
        if user is None:
            password = secrets.token_urlsafe(12)
            user = create_user(NewAccount(email, password, name, role=role, la_code=la_code))
            user.email_verified_at = utcnow()  # demo addresses receive no mail; the demo shows members' view
            report.credentials.append((email, password, role.value))
            report.count("users")
        users[email] = user
    return users


def _themes(report: SeedReport) -> dict[str, Theme]:
    existing = {t.slug: t for t in db.session.scalars(sa.select(Theme))}
    for slug, name_en, name_cy in THEMES:
        if slug not in existing:
            existing[slug] = Theme(slug=slug, name_en=name_en, name_cy=name_cy)
            db.session.add(existing[slug])
            report.count("themes")
    db.session.flush()
    return existing


def _skills(report: SeedReport) -> list[Skill]:
    existing = {s.name_en: s for s in db.session.scalars(sa.select(Skill))}
    for name_en, name_cy, gift, synonyms in SKILLS:
        if name_en in existing:
            continue
        skill = Skill(name_en=name_en, name_cy=name_cy, gift_type=GiftType(gift))
        db.session.add(skill)
        db.session.flush()
        for term in {name_en.lower(), name_cy.lower(), *synonyms}:
            db.session.add(SkillSynonym(skill_id=skill.skill_id, term=term, locale="en"))
        existing[name_en] = skill
        report.count("skills")
    db.session.flush()
    return list(existing.values())


def _existing_refs() -> set[str]:
    return set(db.session.scalars(sa.select(Asset.source_ref).where(Asset.source_ref.is_not(None))))


def _place(asset: Asset, postcode: str, la_code: str) -> None:
    try:
        location = lookup_postcode(postcode)
    except LocationError:
        asset.la_code = la_code  # no postcode table loaded: the authority is still known
        return
    asset.postcode, asset.latitude, asset.longitude = location.postcode, location.latitude, location.longitude
    asset.la_code, asset.ward_code = location.la_code, location.ward_code


def _assets(themes: dict[str, Theme], staff: dict[str, User], report: SeedReport) -> list[Asset]:
    refs = _existing_refs()
    officers = {u.la_code: u for u in staff.values() if u.role is Role.OFFICER}
    for ref, kind, la_code, postcode, name_en, name_cy, theme_slugs, (description_en, description_cy) in ASSETS:
        source_ref = f"demo:{ref}"
        if source_ref in refs:
            continue
        asset = Asset(
            kind=AssetKind(kind), name_en=name_en, name_cy=name_cy, description_en=description_en,
            description_cy=description_cy,
            status=AssetStatus.PUBLISHED, source="demo", source_ref=source_ref,
            themes=[themes[s] for s in theme_slugs], created_by_id=officers[la_code].user_id,
            membership=Membership.OPEN if kind == "association" else None,
        )  # fmt: skip
        _place(asset, postcode, la_code)
        db.session.add(asset)
        report.count("assets")
    db.session.flush()
    return list(db.session.scalars(sa.select(Asset).where(Asset.source == "demo").order_by(Asset.asset_id)))


def _real_venues(path: Path, themes: dict[str, Theme], report: SeedReport) -> None:
    refs = _existing_refs()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            source_ref = f"real_facilities:{row['id']}"
            if source_ref in refs or row["kind"] not in FACILITY_KINDS:
                continue
            kind, theme_slugs = FACILITY_KINDS[row["kind"]]
            postcode = row["postcode"].strip().upper() or None
            known = postcode is not None and db.session.get(Postcode, postcode) is not None
            asset = Asset(
                kind=AssetKind(kind), name_en=row["name"], address=row["address"] or None,
                postcode=postcode if known else None,
                latitude=float(row["lat"]), longitude=float(row["lon"]),
                la_code=row["lad_code"], ward_code=_known_ward(row["ward_code"]),
                status=AssetStatus.PUBLISHED, source="real_facilities", source_ref=source_ref,
                description_en=f"Source: {row['source']} ({row['source_vintage']}).",
                description_cy=f"Ffynhonnell: {row['source']} ({row['source_vintage']}).",
                themes=[themes[s] for s in theme_slugs],
            )  # fmt: skip
            db.session.add(asset)
            report.count("real venues")
    db.session.flush()


def _known_ward(code: str) -> str | None:
    return code if code and db.session.get(Ward, code) is not None else None


def _residents(rng: random.Random, assets: list[Asset], skills: list[Skill], report: SeedReport) -> None:
    if db.session.scalar(sa.select(sa.func.count()).select_from(Person).where(Person.entered_by == EnteredBy.WORKSHOP)):
        return
    associations = [a for a in assets if a.kind is AssetKind.ASSOCIATION]
    visibilities = list(Visibility)
    for index, first_name in enumerate(FIRST_NAMES):
        home = associations[index % len(associations)]
        person = Person(
            display_name=f"{first_name} (demo)",
            display_name_visibility=rng.choice(visibilities),
            ward_code=home.ward_code,
            ward_visibility=rng.choice(visibilities),
            entered_by=EnteredBy.WORKSHOP,
            confirmed_at=utcnow(),
        )
        db.session.add(person)
        db.session.flush()
        db.session.add(
            ConsentRecord(
                person_id=person.person_id, purpose="profile", lawful_basis=LawfulBasis.CONSENT,
                wording=DEMO_CONSENT, entered_by=EnteredBy.WORKSHOP,
            )
        )  # fmt: skip
        for skill in rng.sample(skills, 3):
            mode = rng.choice(list(SkillMode))
            db.session.add(
                PersonSkill(person_id=person.person_id, skill_id=skill.skill_id, mode=mode,
                            can_teach=mode is SkillMode.OFFERED and rng.random() < 0.5,
                            visibility=rng.choice(visibilities))
            )  # fmt: skip
        for group in {home, rng.choice(associations)}:
            db.session.add(
                Link(link_type=LinkType.MEMBER_OF, source_person_id=person.person_id,
                     target_asset_id=group.asset_id, visibility=rng.choice(visibilities))
            )  # fmt: skip
        report.count("residents")
    places = [a for a in assets if a.kind is not AssetKind.ASSOCIATION]
    for group in associations:
        same_area = [p for p in places if p.la_code == group.la_code] or places
        db.session.add(
            Link(link_type=LinkType.MEETS_AT, source_asset_id=group.asset_id,
                 target_asset_id=rng.choice(same_area).asset_id, visibility=Visibility.PUBLIC)
        )  # fmt: skip
        report.count("links")


def _demo_resident_profile(user: User, assets: list[Asset], skills: list[Skill], report: SeedReport) -> None:
    """The demo resident account comes with a profile, so signing in shows the people features at once."""
    if db.session.scalar(sa.select(Person.person_id).where(Person.user_id == user.user_id)) is not None:
        return
    group = next(a for a in assets if a.kind is AssetKind.ASSOCIATION)
    person = Person(
        user_id=user.user_id, display_name="Demo Resident", display_name_visibility=Visibility.MEMBERS,
        ward_code=group.ward_code, ward_visibility=Visibility.MEMBERS, entered_by=EnteredBy.SELF,
        accepts_messages=True,
    )  # fmt: skip
    db.session.add(person)
    db.session.flush()
    db.session.add(
        ConsentRecord(person_id=person.person_id, purpose="profile", lawful_basis=LawfulBasis.CONSENT,
                      wording=DEMO_CONSENT, entered_by=EnteredBy.SELF, recorded_by_id=user.user_id)
    )  # fmt: skip
    for skill, mode in ((skills[0], SkillMode.OFFERED), (skills[2], SkillMode.WANTED)):
        db.session.add(
            PersonSkill(person_id=person.person_id, skill_id=skill.skill_id, mode=mode, visibility=Visibility.MEMBERS)
        )
    db.session.add(
        Link(link_type=LinkType.MEMBER_OF, source_person_id=person.person_id, target_asset_id=group.asset_id,
             visibility=Visibility.MEMBERS, role="member")
    )  # fmt: skip
    report.count("resident profiles")
