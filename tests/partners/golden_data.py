"""Venues and groups placed by distance from a point, for the golden partner cases (and the browser test).

Issue 15: for Llanover Hall, offering music equipment and looking for musicians, the finder listed two
older-people groups 15-17 km away and missed both choirs in Cardiff about 3 km away.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from abcd.assets.models import Asset, AssetKind, Theme
from abcd.extensions import db
from abcd.links.models import LinkType
from abcd.partners.models import OfferCategory, OfferDirection
from tests import factories
from tests.network.builders import MEMBERS, join, make_person, make_skill, offer

LLANOVER = (51.4846, -3.2056)  # Canton, Cardiff
OFFERS, SEEKS = OfferDirection.OFFERS, OfferDirection.SEEKS

THEMES = {
    "music": ("Music", "Cerddoriaeth"),
    "older-people": ("Older people", "Pobl hŷn"),
    "arts": ("Arts and creativity", "Celfyddydau a chreadigrwydd"),
    "wellbeing": ("Health and wellbeing", "Iechyd a lles"),
    "young-people": ("Children and young people", "Plant a phobl ifanc"),
    "heritage": ("Heritage and local history", "Treftadaeth a hanes lleol"),
    "environment": ("Environment and green spaces", "Amgylchedd a mannau gwyrdd"),
}


def at(origin: tuple[float, float], km_north: float, km_east: float = 0.0) -> dict[str, float]:
    """Coordinates ``km_north`` and ``km_east`` of ``origin`` (near enough at this scale)."""
    lat, lon = origin
    return {
        "latitude": lat + km_north / 111.2,
        "longitude": lon + km_east / (111.2 * math.cos(math.radians(lat))),
    }


def make_themes() -> dict[str, Theme]:
    return {slug: factories.make_theme(slug, en, cy) for slug, (en, cy) in THEMES.items()}


def group(name: str, themes: list[Theme], place: dict[str, float], **fields: object) -> Asset:
    asset = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en=name, **place, **fields)
    asset.themes.extend(themes)
    db.session.commit()
    return asset


@dataclass(frozen=True)
class MusicVenue:
    venue: int
    choirs: tuple[int, int]  # nearest first
    older: tuple[int, int]  # the groups 15 and 17 km away
    knitters: int  # nearby, nothing in common


def music_venue(themes: dict[str, Theme]) -> MusicVenue:
    """Llanover Hall offers music equipment and looks for musicians; its own themes are arts and older
    people. Two choirs work on music about 3 km away; two older-people groups 15 and 17 km away each share a
    member with the hall and its older-people theme."""
    hall = factories.make_asset(name_en="Llanover Hall Arts Centre", latitude=LLANOVER[0], longitude=LLANOVER[1])
    hall.themes.extend([themes["arts"], themes["older-people"]])
    db.session.commit()
    music = make_skill("Music", "Cerddoriaeth")
    offer(
        hall.asset_id,
        OFFERS,
        OfferCategory.EQUIPMENT,
        description_en="Music equipment",
        theme_id=themes["music"].theme_id,
    )
    offer(hall.asset_id, SEEKS, OfferCategory.SKILL, description_en="Musicians", skill_id=music.skill_id)
    singers = group("Adamsdown Sunday Singers", [themes["music"], themes["wellbeing"]], at(LLANOVER, 0.4, 2.8))
    choir = group("Roath Community Choir", [themes["music"]], at(LLANOVER, 2.6, 1.9))
    silver = group("Barry Silver Circle", [themes["older-people"]], at(LLANOVER, -13.0, -7.5), la_code=factories.VALE)
    seniors = group(
        "Newport Seniors Social", [themes["older-people"]], at(LLANOVER, 7.0, 15.5), la_code=factories.NEWPORT
    )
    knitters = group("Canton Knitters", [themes["environment"]], at(LLANOVER, 0.5))
    for far in (silver, seniors):
        person = make_person(f"Member of {far.name_en}", MEMBERS)
        join(person, far.asset_id)
        join(person, hall.asset_id, MEMBERS, LinkType.USES)
    return MusicVenue(
        hall.asset_id, (singers.asset_id, choir.asset_id), (silver.asset_id, seniors.asset_id), knitters.asset_id
    )
