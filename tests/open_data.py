"""Published and unpublished records of several kinds, areas and themes, for the open API and the feed."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask

from abcd.areas.models import Postcode
from abcd.assets.models import AssetKind, AssetStatus
from abcd.extensions import db
from tests import factories
from tests.factories import CARDIFF, NEWPORT

# A private person's details on a record: none of them may appear in any open data answer.
PRIVATE_NAME, PRIVATE_EMAIL, PRIVATE_PHONE = "Gwenllian Private", "gwenllian.private@example.org", "07700 900123"
CITY_CENTRE = (51.4816, -3.1791)  # CF10 1AA, roughly


@dataclass(frozen=True)
class OpenData:
    choir: str  # UUIDs
    library: str
    hall: str
    newport_club: str
    draft: str
    music: int  # theme ids
    sport: int
    choir_id: int
    library_id: int


@pytest.fixture
def open_data(app: Flask) -> OpenData:
    with app.app_context():
        music = factories.make_theme()
        sport = factories.make_theme("sport", "Sport", "Chwaraeon")
        centre = db.session.get(Postcode, "CF10 1AA")  # loaded with the open data folder, else made here
        if centre is None:
            centre = Postcode(
                postcode="CF10 1AA", latitude=CITY_CENTRE[0], longitude=CITY_CENTRE[1], in_area=True, la_code=CARDIFF
            )
            db.session.add(centre)
        db.session.commit()

        make = factories.make_asset
        choir = make(
            name_en="Adamsdown Singers", kind=AssetKind.ASSOCIATION, description_en="A choir that sings on Sundays",
            latitude=centre.latitude + 0.002, longitude=centre.longitude,
            address="1 Chapel Street", postcode="CF24 0LZ",
            contact_name=PRIVATE_NAME, contact_email=PRIVATE_EMAIL, contact_phone=PRIVATE_PHONE,
            website="https://singers.example.org",
        )  # fmt: skip
        choir.themes.append(music)
        library = make(
            name_en="Central Library", kind=AssetKind.INSTITUTION, latitude=51.52, longitude=-3.20,
            accessibility_info="Step-free entrance",
        )  # fmt: skip
        library.themes.extend([music, sport])
        hall = make(name_en="Splott Hall", kind=AssetKind.PLACE, latitude=None, longitude=None)
        newport_club = make(name_en="Newport Boxing Club", la_code=NEWPORT, latitude=51.58, longitude=-2.99)
        newport_club.themes.append(sport)
        draft = make(name_en="Secret Draft Society", status=AssetStatus.DRAFT)
        db.session.commit()
        made = OpenData(
            choir.uuid, library.uuid, hall.uuid, newport_club.uuid, draft.uuid, music.theme_id, sport.theme_id,
            choir.asset_id, library.asset_id,
        )  # fmt: skip
        db.session.remove()
    return made
