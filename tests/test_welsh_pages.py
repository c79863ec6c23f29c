"""Welsh pages name records in Welsh: every page of the access matrix, read in Welsh by every role, with
records that carry Welsh names, never shows the English name of a record that has a Welsh one."""

from __future__ import annotations

import html
import re

import pytest
import sqlalchemy as sa
from flask import Flask

from abcd.areas.models import LocalAuthority, Ward
from abcd.assets.models import Asset
from abcd.changes.models import ChangeRequest
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility
from abcd.people.models import Skill
from tests import factories
from tests.conftest import World
from tests.test_access_matrix import MATRIX, ROLES, _client_as, _url

WELSH_NAMES = {
    "published": ("Neuadd y Prawf", "Disgrifiad Cymraeg o'r neuadd"),
    "pending": ("Neuadd Aros", None),
    "group": ("Côr Matrics", "Côr sy'n canu bob nos Fawrth"),
}
WELSH_SKILLS = {"Matrix singing": "Canu Matrics", "Matrix juggling": "Jyglo Matrics"}
# Pages that hand over data in both languages on purpose (exports, a JSON feed with name and name_cy).
DATA_IN_BOTH_LANGUAGES = {
    *("people.skills_json", "people.my_data", "people.my_data_json", "people.my_data_zip", "people.export_csv"),
    # Open data: machine-readable, with name_en and name_cy (the Open Referral profile has one name field).
    *("api.assets", "api.areas", "api.area", "api.wards", "api.themes", "api.ward_strengths"),
    *("api.authority_strengths", "api_docs.openapi_json", "open_data.assets_geojson", "open_data.assets_csv"),
    *("openreferral.services", "openreferral.service_at_locations", "openreferral.organizations"),
    *("openreferral.taxonomies", "openreferral.taxonomy_terms"),
}
# Not the page naming a record: form values the reader may edit, the value of an English field in a table of
# fields (history, review: <td lang="en">), and headings that show both names on purpose (an officer checking
# a suggested skill's translation), which say so with data-both-languages.
_NOT_NAMING = re.compile(
    r'<textarea[^>]*>.*?</textarea>|\svalue="[^"]*"|<td lang="en"[^>]*>.*?</td>'
    r"|<(\w+)[^>]*data-both-languages[^>]*>.*?</\1>",
    re.S,
)


@pytest.fixture
def welsh_world(app: Flask, world: World) -> tuple[World, list[str]]:
    """The world of the access matrix with Welsh names and descriptions on its records, a theme, and a
    meeting place; returns it with the English names a Welsh page must not show."""
    with app.app_context():
        english: list[str] = []
        theme = factories.make_theme(slug="matrix-music", name_en="Matrix Music", name_cy="Cerddoriaeth Matrics")
        english.append(theme.name_en)
        for key, (name_cy, description_cy) in WELSH_NAMES.items():
            asset = db.session.get(Asset, world.ids[key])
            assert asset is not None
            asset.name_cy, asset.description_en = name_cy, f"Described in English ({key})"
            asset.description_cy = description_cy
            asset.themes.append(theme)
            english.append(asset.name_en)
            if description_cy:
                english.append(asset.description_en)
        suggestion = db.session.get(ChangeRequest, world.ids["change"])
        assert suggestion is not None
        suggestion.proposed = {**suggestion.proposed, "name_cy": WELSH_NAMES["pending"][0]}
        meets_at = Link(
            link_type=LinkType.MEETS_AT, source_asset_id=world.ids["group"], target_asset_id=world.ids["published"],
            visibility=Visibility.PUBLIC,
        )  # fmt: skip
        db.session.add(meets_at)
        for skill in db.session.scalars(sa.select(Skill).where(Skill.name_en.in_(WELSH_SKILLS))):
            skill.name_cy = WELSH_SKILLS[skill.name_en]
            english.append(skill.name_en)
        for area in [*db.session.scalars(sa.select(LocalAuthority)), *db.session.scalars(sa.select(Ward))]:
            if area.name_cy and area.name_cy.casefold() != area.name_en.casefold():
                english.append(area.name_en)
        db.session.commit()
        db.session.remove()
    return world, english


def _shown_text(page: str) -> str:
    return html.unescape(_NOT_NAMING.sub(" ", page))


def _english_names_on(page: str, english: list[str]) -> list[str]:
    shown = _shown_text(page)
    return [name for name in english if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", shown)]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_names_records_in_welsh(app: Flask, welsh_world: tuple[World, list[str]], role: str) -> None:
    world, english = welsh_world
    client = _client_as(app, role, world.cast)
    checked, failures = 0, []
    for endpoint, method, template, expected in MATRIX:
        if method != "GET" or expected[role] != 200 or endpoint in DATA_IN_BOTH_LANGUAGES:
            continue
        url = _url(template, world)
        response = client.get(url + ("&" if "?" in url else "?") + "lang=cy")
        if not response.mimetype.startswith(("text/html", "application/json", "application/geo+json")):
            continue
        checked += 1
        found = _english_names_on(response.get_data(as_text=True), english)
        if found:
            failures.append(f"{url}: {found}")
    assert checked >= 15
    assert not failures, "English names on Welsh pages:\n" + "\n".join(failures)
