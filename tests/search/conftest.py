"""Records for the search tests: names and descriptions in both languages, placed around Cathays."""

from __future__ import annotations

import pytest
from flask import Flask

from abcd.assets.models import AssetKind
from abcd.extensions import db
from tests import factories
from tests.factories import CATHAYS, NEWPORT

# CF24 4AB, as the postcode table (OS Code-Point Open) places it.
CF24_4AB = (51.489184, -3.174298)


@pytest.fixture
def searchable(app: Flask) -> dict[str, int]:
    with app.app_context():
        factories.make_skill("Music", "Cerddoriaeth", synonyms=["guitar", "gitâr", "singing"])
        made = {
            "choir": factories.make_asset(
                name_en="Cathays Male Voice Choir", name_cy="Côr Meibion Cathays", kind=AssetKind.ASSOCIATION,
                ward_code=CATHAYS, postcode="CF24 4AB", latitude=CF24_4AB[0], longitude=CF24_4AB[1],
                description_en="Men singing together every Tuesday.",
                description_cy="Dynion yn canu gyda'i gilydd bob dydd Mawrth.",
            ),
            "coop": factories.make_asset(
                name_en="Cathays Co-op Food", kind=AssetKind.ECONOMY, latitude=51.4870, longitude=-3.1700,
                description_en="A shop run as a co-operative.",
            ),
            "cowbridge": factories.make_asset(
                name_en="Cowbridge Town Hall", la_code="W06000014", latitude=51.4614, longitude=-3.4474,
            ),
            "music": factories.make_asset(
                name_en="Splott Tuesday Group", kind=AssetKind.ASSOCIATION, latitude=51.4800, longitude=-3.1500,
                description_en="Friendly music sessions for beginners.",
                description_cy="Sesiynau cerddoriaeth cyfeillgar i ddechreuwyr.",
            ),
            "garden": factories.make_asset(
                name_en="Roath Community Garden", name_cy="Gardd Gymunedol y Rhath", kind=AssetKind.PLACE,
                latitude=51.4950, longitude=-3.1650,
                description_en="Growing food together.", description_cy="Tyfu bwyd gyda'n gilydd yn yr ardd.",
            ),
            "market": factories.make_asset(
                name_en="Newport Indoor Market", kind=AssetKind.ECONOMY, la_code=NEWPORT,
                latitude=51.5880, longitude=-2.9950, description_en="Stalls, food and a music stage.",
            ),
        }  # fmt: skip
        ids = {key: asset.asset_id for key, asset in made.items()}
        db.session.remove()
    return ids
