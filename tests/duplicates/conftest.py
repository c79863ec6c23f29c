"""Seeded variants as officers meet them: the same library and the same choir entered twice, beside neighbours."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from abcd.assets.models import AssetKind
from abcd.extensions import db
from tests import factories
from tests.factories import CARDIFF, Cast

TROWBRIDGE, ADAMSDOWN = "W05001296", "W05001270"


@dataclass(frozen=True)
class Variants:
    library: int
    library_again: int
    singers: int
    singers_demo: int
    garden: int


@pytest.fixture
def variants(app: Flask, people: Cast, geodata: Path) -> Variants:
    def asset(name: str, postcode: str, ward: str, **fields: object) -> int:
        made = factories.make_asset(
            name_en=name, postcode=postcode, ward_code=ward, la_code=CARDIFF,
            created_by_id=people.ids["officer_cardiff"], **fields,
        )  # fmt: skip
        return made.asset_id

    with app.app_context():
        ids = Variants(
            library=asset("St. Mellons Library", "CF3 0EF", TROWBRIDGE, contact_phone="029 2078 0000"),
            library_again=asset("St Mellons library", "CF3 0EF", TROWBRIDGE, contact_phone="+44 29 2078 0000"),
            singers=asset("Adamsdown Sunday Singers", "CF24 0LZ", ADAMSDOWN, kind=AssetKind.ASSOCIATION),
            singers_demo=asset(
                "Adamsdown Sunday Singers (demo)",
                "CF24 0LZ",
                ADAMSDOWN,
                kind=AssetKind.ASSOCIATION,
                name_cy="Cantorion Sul Adamsdown (demo)",
            ),
            garden=asset("Adamsdown Community Garden", "CF24 0LZ", ADAMSDOWN),
        )
        db.session.remove()
    return ids
