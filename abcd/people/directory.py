"""Reading people for others: the skills directory, person pages, counts and exports.

Every query here is filtered by abcd.people.visibility; nothing reads Person rows around it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa

from abcd.areas.models import Ward
from abcd.assets.models import Asset, AssetStatus
from abcd.extensions import db
from abcd.links.labels import phrase
from abcd.links.models import Link, LinkType
from abcd.people.models import GiftType, Person, PersonSkill, Skill, SkillMode, SkillStatus
from abcd.people.skills import matching_skill_ids
from abcd.people.visibility import Viewer, can_see, membership_clause, visible_clause
from abcd.search.distance import ordered_by_distance, within_km
from abcd.search.places import Point, read_place
from abcd.text import clean_query


@dataclass(frozen=True)
class SkillFilters:
    text: str = ""
    la_code: str | None = None
    ward_code: str | None = None
    mode: SkillMode | None = None
    gift: GiftType | None = None
    # Search by place (abcd.search.places): people are placed at their ward's centre, never nearer.
    near: Point | None = None
    radius_km: int | None = None
    typed: str = ""
    place_error: tuple[str, str] | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> SkillFilters:
        """Needs an app context: a postcode or ward typed in the box is looked up."""
        mode, gift = args.get("mode", ""), args.get("gift", "")
        typed = clean_query(args.get("q"))
        place = read_place(typed, args)
        return cls(
            text=place.text,
            typed=typed,
            near=place.near,
            radius_km=place.radius_km,
            place_error=place.error,
            la_code=clean_query(args.get("la"), 9) or place.la_code,
            ward_code=clean_query(args.get("ward"), 9) or None,
            mode=SkillMode(mode) if mode in set(SkillMode) else None,
            gift=GiftType(gift) if gift in set(GiftType) else None,
        )


@dataclass(frozen=True)
class Listing:
    person_id: int
    display_name: str
    ward_code: str | None  # only when the viewer may see the ward
    skill: Skill
    mode: SkillMode
    can_teach: bool
    accepts_messages: bool


@dataclass
class PersonView:
    person: Person
    ward_code: str | None
    skills: list[tuple[PersonSkill, Skill]] = field(default_factory=list)
    groups: list[Asset] = field(default_factory=list)


def _listings_query(viewer: Viewer, filters: SkillFilters) -> sa.Select[tuple[PersonSkill, Person, Skill]]:
    query = (
        sa.select(PersonSkill, Person, Skill)
        .join(Person, Person.person_id == PersonSkill.person_id)
        .join(Skill, Skill.skill_id == PersonSkill.skill_id)
        .where(Skill.status == SkillStatus.ACCEPTED, visible_clause(viewer, PersonSkill.visibility))
    )
    if filters.place_error:
        query = query.where(sa.false())
    if filters.text:
        query = query.where(PersonSkill.skill_id.in_(matching_skill_ids(filters.text)))
    if filters.mode:
        query = query.where(PersonSkill.mode == filters.mode)
    if filters.gift:
        query = query.where(Skill.gift_type == filters.gift)
    if filters.ward_code or filters.la_code:
        # Filtering by place may only use wards the viewer could see, or the filter itself would leak them.
        query = query.where(visible_clause(viewer, Person.ward_visibility))
        if filters.ward_code:
            query = query.where(Person.ward_code == filters.ward_code)
        if filters.la_code:
            query = query.where(Person.ward_code.in_(sa.select(Ward.code).where(Ward.la_code == filters.la_code)))
    if filters.near:
        # Distance is the ward's, so only people whose ward the viewer may see take part, as for a ward filter.
        query = query.join(Ward, Ward.code == Person.ward_code).where(
            visible_clause(viewer, Person.ward_visibility), Ward.centroid_lat.is_not(None)
        )
        if filters.radius_km:
            query = query.where(*within_km(filters.near, filters.radius_km, Ward.centroid_lat, Ward.centroid_lon))
        query = ordered_by_distance(query, filters.near, Ward.centroid_lat, Ward.centroid_lon)
    return query


def skill_listings(
    viewer: Viewer, filters: SkillFilters, limit: int = 50, offset: int = 0
) -> tuple[int, list[Listing]]:
    """(total, one page) of person-skill listings this viewer may see."""
    query = _listings_query(viewer, filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    # Whether the ward may be shown is the SQL twin's answer, per row: can_see here would ask the
    # database for each person's authority, once a row.
    ward_seen = visible_clause(viewer, Person.ward_visibility).label("ward_seen")
    rows = db.session.execute(
        query.add_columns(ward_seen)
        .order_by(Skill.name_en, Person.display_name, PersonSkill.person_skill_id)
        .limit(limit)
        .offset(offset)
    ).tuples()
    listings = [
        Listing(
            person_id=person.person_id,
            display_name=person.display_name,
            ward_code=person.ward_code if seen else None,
            skill=skill,
            mode=holding.mode,
            can_teach=holding.can_teach,
            accepts_messages=person.accepts_messages,
        )
        for holding, person, skill, seen in rows
    ]
    return total, listings


def visible_person(viewer: Viewer, person_id: int) -> Person | None:
    return db.session.scalar(sa.select(Person).where(Person.person_id == person_id, visible_clause(viewer)))


def person_view(viewer: Viewer, person: Person) -> PersonView:
    """The parts of a person this viewer may see; call only for a person from visible_person."""
    skills = db.session.execute(
        sa.select(PersonSkill, Skill)
        .join(Skill, Skill.skill_id == PersonSkill.skill_id)
        .join(Person, Person.person_id == PersonSkill.person_id)
        .where(PersonSkill.person_id == person.person_id, visible_clause(viewer, PersonSkill.visibility))
        .order_by(PersonSkill.mode, Skill.name_en)
    ).tuples()
    return PersonView(
        person=person,
        ward_code=person.ward_code if can_see(viewer, person, person.ward_visibility) else None,
        skills=list(skills),
        groups=visible_memberships(viewer, person.person_id),
    )


def visible_memberships(viewer: Viewer, person_id: int) -> list[Asset]:
    query = (
        sa.select(Asset)
        .join(Link, Link.target_asset_id == Asset.asset_id)
        .join(Person, Person.person_id == Link.source_person_id)
        .where(
            Link.source_person_id == person_id,
            Link.link_type.in_([LinkType.MEMBER_OF, LinkType.ORGANISES]),
            Asset.status == AssetStatus.PUBLISHED,
            membership_clause(viewer),
        )
        .distinct()
        .order_by(Asset.name_en)
    )
    return list(db.session.scalars(query))


def memberships_by_person(viewer: Viewer) -> dict[int, list[str]]:
    """Every membership this viewer may see, as group names by person: one query for a whole export."""
    query = (
        sa.select(Link.source_person_id, Asset.name_en)
        .join(Asset, Asset.asset_id == Link.target_asset_id)
        .join(Person, Person.person_id == Link.source_person_id)
        .where(
            Link.link_type.in_([LinkType.MEMBER_OF, LinkType.ORGANISES]),
            Asset.status == AssetStatus.PUBLISHED,
            membership_clause(viewer),
        )
        .order_by(Asset.name_en)
    )
    groups: dict[int, list[str]] = {}
    for person_id, name in db.session.execute(query).tuples():
        if person_id is not None:
            groups.setdefault(person_id, []).append(name)
    return groups


def ward_counts(viewer: Viewer) -> dict[str, int]:
    """People per ward that this viewer may see there; hidden people are not counted at all."""
    query = (
        sa.select(Person.ward_code, sa.func.count())
        .where(Person.ward_code.is_not(None), visible_clause(viewer, Person.ward_visibility))
        .group_by(Person.ward_code)
    )
    return {ward: count for ward, count in db.session.execute(query).tuples() if ward}


# Memberships are shown (and requested, and consented to) on the groups' pages, not among other links.
MEMBERSHIP_TYPES = (LinkType.MEMBER_OF, LinkType.ORGANISES)


def person_links(viewer: Viewer, person_id: int) -> list[tuple[str, Asset]]:
    """This person's other links to published assets ("Helps", "Uses"), phrased from the person, as the
    viewer may see them."""
    query = (
        sa.select(Link.link_type, Asset)
        .join(Asset, Asset.asset_id == Link.target_asset_id)
        .join(Person, Person.person_id == Link.source_person_id)
        .where(
            Link.source_person_id == person_id,
            Link.link_type.not_in(MEMBERSHIP_TYPES),
            Asset.status == AssetStatus.PUBLISHED,
            visible_clause(viewer, Link.visibility),
        )
        .order_by(Link.link_type, Asset.name_en)
    )
    return [(phrase(link_type, True), asset) for link_type, asset in db.session.execute(query).tuples()]


def people_linked_to(viewer: Viewer, asset_id: int) -> list[tuple[str, Person]]:
    """People linked to an asset other than as members ("Helped by", "Used by"), phrased from the asset,
    as the viewer may see them: both the person's name and the link must be visible."""
    query = (
        sa.select(Link.link_type, Person)
        .join(Person, Person.person_id == Link.source_person_id)
        .where(
            Link.target_asset_id == asset_id,
            Link.link_type.not_in(MEMBERSHIP_TYPES),
            visible_clause(viewer, Link.visibility),
        )
        .order_by(Link.link_type, Person.display_name)
    )
    return [(phrase(link_type, False), person) for link_type, person in db.session.execute(query).tuples()]
