"""Demo offers and needs for real venues, and one approved venue manager, so the partner finder and
"venues speak for themselves" show something on first run. Idempotent: a venue that already has offers
keeps them, and the manager is added once."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from abcd.assets.models import Asset, Theme
from abcd.auth.models import User
from abcd.extensions import db
from abcd.managers.models import AssetManager, ClaimStatus
from abcd.models_base import Visibility, utcnow
from abcd.partners.models import OfferCategory, OfferDirection, VenueOffer
from abcd.people.models import Skill

if TYPE_CHECKING:
    from abcd.demo.seed import SeedReport

OFFERS, SEEKS = OfferDirection.OFFERS, OfferDirection.SEEKS
# (venue's source_ref, direction, category, English, Welsh, skill's English name, theme slug)
VENUE_OFFERS = [
    ("real_facilities:fac-018", OFFERS, OfferCategory.EQUIPMENT,
     "Music equipment: a PA system, keyboards and a drum kit that community groups can borrow.",
     "Offer cerddoriaeth: system PA, allweddellau a set o ddrymiau y gall grwpiau cymunedol eu benthyg.", None, None),
    ("real_facilities:fac-018", OFFERS, OfferCategory.SPACE,
     "A rehearsal studio for up to 25 people on weekday evenings.",
     "Stiwdio ymarfer i hyd at 25 o bobl ar nosweithiau'r wythnos.", None, None),
    ("real_facilities:fac-018", SEEKS, OfferCategory.SKILL,
     "Musicians to lead open sessions for young people on Saturday mornings.",
     "Cerddorion i arwain sesiynau agored i bobl ifanc ar fore Sadwrn.", "Music", None),
    ("real_facilities:fac-018", SEEKS, OfferCategory.AUDIENCE,
     "Young people in Canton and Riverside who have never played in a band.",
     "Pobl ifanc yn Nhreganna a Glan-yr-afon sydd erioed wedi chwarae mewn band.", None, "young-people"),
    ("real_facilities:fac-021", OFFERS, OfferCategory.SPACE,
     "A studio theatre on weekday mornings for community performances.",
     "Theatr stiwdio ar foreau'r wythnos ar gyfer perfformiadau cymunedol.", None, None),
    ("real_facilities:fac-021", SEEKS, OfferCategory.SKILL,
     "Storytellers to help young people make their own show.",
     "Storïwyr i helpu pobl ifanc i greu eu sioe eu hunain.", "Storytelling", None),
    ("real_facilities:fac-020", OFFERS, OfferCategory.SPACE,
     "Gallery space by the bay for community exhibitions.",
     "Gofod oriel ger y bae ar gyfer arddangosfeydd cymunedol.", None, None),
    ("real_facilities:fac-020", SEEKS, OfferCategory.SKILL,
     "Photographers to record local people's stories of the docks.",
     "Ffotograffwyr i gofnodi straeon pobl leol am y dociau.", "Photography", None),
    ("real_facilities:fac-042", OFFERS, OfferCategory.SPACE,
     "A community room for 30 people, free for local groups.",
     "Ystafell gymunedol i 30 o bobl, am ddim i grwpiau lleol.", None, None),
    ("real_facilities:fac-042", SEEKS, OfferCategory.SKILL,
     "Volunteers to help older people get online.",
     "Gwirfoddolwyr i helpu pobl hŷn i fynd ar-lein.", "Computer help", "older-people"),
]  # fmt: skip
MANAGED_VENUE = "real_facilities:fac-018"  # Llanover Hall Arts Centre


def seed_offers(report: SeedReport) -> None:
    """Offers and needs for the real venues that are present (none without the open data)."""
    refs = {ref for ref, *_rest in VENUE_OFFERS}
    venues = {a.source_ref: a for a in db.session.scalars(sa.select(Asset).where(Asset.source_ref.in_(refs)))}
    if not venues:
        return
    kept = set(db.session.scalars(sa.select(VenueOffer.asset_id).where(VenueOffer.asset_id.in_(
        [v.asset_id for v in venues.values()]))))  # fmt: skip
    skills = {s.name_en: s.skill_id for s in db.session.scalars(sa.select(Skill))}
    themes = {t.slug: t.theme_id for t in db.session.scalars(sa.select(Theme))}
    for ref, direction, category, text_en, text_cy, skill, theme in VENUE_OFFERS:
        venue = venues.get(ref)
        if venue is None or venue.asset_id in kept:
            continue
        db.session.add(
            VenueOffer(asset_id=venue.asset_id, direction=direction, category=category, description_en=text_en,
                       description_cy=text_cy, skill_id=skills.get(skill or ""), theme_id=themes.get(theme or ""))
        )  # fmt: skip
        report.count("venue offers and needs")
    db.session.flush()


def seed_manager(manager: User, officer: User, report: SeedReport) -> None:
    """The demo venue account manages Llanover Hall, approved by Cardiff's demo officer, named publicly."""
    venue = db.session.scalar(sa.select(Asset).where(Asset.source_ref == MANAGED_VENUE))
    if venue is None or db.session.scalar(
        sa.select(AssetManager.manager_id).where(AssetManager.asset_id == venue.asset_id)
    ) is not None:  # fmt: skip
        return
    db.session.add(
        AssetManager(
            asset_id=venue.asset_id, user_id=manager.user_id, la_code=venue.la_code, status=ClaimStatus.APPROVED,
            shown_name=manager.display_name, role="Programme coordinator (demo)", contact=manager.email,
            visibility=Visibility.PUBLIC, decided_by_id=officer.user_id, decided_at=utcnow(),
        )
    )  # fmt: skip
    report.count("venue managers")
    db.session.flush()
