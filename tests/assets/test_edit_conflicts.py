"""Two officers edit one asset at once: the stale save is refused, and nothing either of them did is lost."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from abcd.assets.models import Asset, AssetKind
from abcd.auth.models import Role
from abcd.extensions import db
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, Cast
from tests.rendered_forms import FillValue, rendered_fields, rendered_form, submit

CONFLICT = "Someone else changed this record while you were editing"
CHOOSE = "Choose whether to keep your value or theirs."


@dataclass
class Officers:
    a: FlaskClient
    b: FlaskClient
    asset_id: int

    @property
    def url(self) -> str:
        return f"/assets/{self.asset_id}/edit"


@pytest.fixture
def officers(app: Flask, people: Cast, geodata: object) -> Officers:
    """Officer A and officer B of Cardiff, signed in on their own browsers, and a hall they both curate."""
    with app.app_context():
        asset = factories.make_asset(name_en="Shared Hall", description_en="Old description", la_code=CARDIFF)
        factories.make_theme(slug="arts-crafts", name_en="Arts and crafts", name_cy="Celf a chrefft")
        second = factories.make_user(Role.OFFICER, CARDIFF, email="officer.b@example.org", display_name="Officer Bea")
        asset_id, b_email = asset.asset_id, second.email
        db.session.remove()
    a, b = app.test_client(), app.test_client()
    login(a, people.officer_cardiff)
    login(b, b_email)
    return Officers(a, b, asset_id)


def _saved(app: Flask, asset_id: int) -> Asset:
    with app.app_context():
        asset = db.session.get(Asset, asset_id)
        assert asset is not None
        _ = asset.themes
        db.session.expunge(asset)
        return asset


def _save(officers: Officers, client: FlaskClient, page: TestResponse, **fill: FillValue) -> TestResponse:
    """Press Save on the edit form as `page` rendered it, changing only the fields named."""
    return submit(client, page, action=officers.url, button="Save", fill=fill)


def _radios(officers: Officers, page: TestResponse) -> set[tuple[str, str]]:
    """Every radio the edit form offers, chosen or not."""
    form = rendered_form(page, action=officers.url)
    return {(control.name, control.value) for control in form.controls if control.kind == "radio"}


def _b_saves(officers: Officers, **values: FillValue) -> None:
    response = _save(officers, officers.b, officers.b.get(officers.url), **values)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def test_contact_saved_by_b_and_description_saved_by_a_both_survive(app: Flask, officers: Officers) -> None:
    a_page = officers.a.get(officers.url)  # A opens the asset
    _b_saves(officers, contact_name="Bea Jones")

    refused = _save(officers, officers.a, a_page, description_en="New description")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert CONFLICT in html
    assert "<td>Contact name</td>" in html  # the table of what changed
    assert "Bea Jones" in html
    assert "Officer Bea" in html
    assert _saved(app, officers.asset_id).description_en == "Old description"

    fields = rendered_fields(refused, action=officers.url)
    assert fields["contact_name"] == ["Bea Jones"]  # B's saved value, which A never touched
    assert fields["description_en"] == ["New description"]  # A's own change
    assert not _radios(officers, refused)  # nothing for A to choose

    assert _save(officers, officers.a, refused).status_code == 302  # save again, as rendered
    saved = _saved(app, officers.asset_id)
    assert saved.contact_name == "Bea Jones"
    assert saved.description_en == "New description"


@pytest.mark.parametrize(("choice", "kept"), [("mine", "A's Hall"), ("theirs", "B's Hall")])
def test_a_field_both_changed_shows_both_values_and_honours_the_choice(
    app: Flask, officers: Officers, choice: str, kept: str
) -> None:
    a_page = officers.a.get(officers.url)
    _b_saves(officers, name_en="B's Hall", contact_name="Bea Jones")

    refused = _save(officers, officers.a, a_page, name_en="A's Hall", description_en="New description")
    html = refused.get_data(as_text=True)
    assert "<legend>Name in English: you both changed this</legend>" in html
    assert "Keep mine: A&#39;s Hall" in html
    assert "Keep theirs: B&#39;s Hall" in html
    assert _radios(officers, refused) == {("keep-name_en", "mine"), ("keep-name_en", "theirs")}

    assert _save(officers, officers.a, refused, **{"keep-name_en": choice}).status_code == 302
    saved = _saved(app, officers.asset_id)
    assert saved.name_en == kept
    assert (saved.contact_name, saved.description_en) == ("Bea Jones", "New description")


def test_saving_a_conflict_without_choosing_asks_again_and_saves_nothing(app: Flask, officers: Officers) -> None:
    a_page = officers.a.get(officers.url)
    _b_saves(officers, name_en="B's Hall")
    refused = _save(officers, officers.a, a_page, name_en="A's Hall")

    again = _save(officers, officers.a, refused)  # no choice made
    page = again.get_data(as_text=True)
    assert again.status_code == 200
    assert CHOOSE in page
    assert 'aria-describedby="keep-name_en-error"' in page
    assert _saved(app, officers.asset_id).name_en == "B's Hall"

    # the choice is still offered, and now made
    assert _save(officers, officers.a, again, **{"keep-name_en": "mine"}).status_code == 302
    assert _saved(app, officers.asset_id).name_en == "A's Hall"


def test_a_choice_survives_another_mistake_on_the_form(app: Flask, officers: Officers) -> None:
    a_page = officers.a.get(officers.url)
    _b_saves(officers, name_en="B's Hall")
    refused = _save(officers, officers.a, a_page, name_en="A's Hall")

    bad = _save(officers, officers.a, refused, website="not a web address", **{"keep-name_en": "theirs"})
    page = bad.get_data(as_text=True)
    assert "Enter a web address starting with https://." in page
    assert 'value="theirs" checked' in page
    assert _save(officers, officers.a, bad, website="").status_code == 302
    assert _saved(app, officers.asset_id).name_en == "B's Hall"


def test_a_hostile_value_in_a_conflict_is_shown_as_text(officers: Officers) -> None:
    hostile = '<script>alert("x")</script>'
    a_page = officers.a.get(officers.url)
    _b_saves(officers, name_en=hostile)
    html = _save(officers, officers.a, a_page, name_en="A's Hall").get_data(as_text=True)
    assert CONFLICT in html
    assert hostile not in html
    assert "Keep theirs: &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_themes_and_kinds_read_as_words_not_codes(app: Flask, officers: Officers) -> None:
    with app.app_context():
        theme_id = db.session.scalar(db.select(factories.Theme.theme_id))
    a_page = officers.a.get(officers.url)
    _b_saves(officers, themes=[theme_id], kind=AssetKind.INSTITUTION.value)
    refused = _save(officers, officers.a, a_page, kind=AssetKind.CULTURE.value)
    html = refused.get_data(as_text=True)
    assert '<td>Themes</td><td class="conflict-value">—</td><td class="conflict-value">Arts and crafts</td>' in html
    assert "Keep mine: Culture and stories" in html
    assert "Keep theirs: Institution" in html
    assert rendered_fields(refused, action=officers.url)["themes"] == [str(theme_id)]  # B's theme kept in A's form

    assert _save(officers, officers.a, refused, **{"keep-kind": "mine"}).status_code == 302
    saved = _saved(app, officers.asset_id)
    assert saved.kind is AssetKind.CULTURE
    assert [t.slug for t in saved.themes] == ["arts-crafts"]


def test_a_third_save_while_choosing_is_merged_again(app: Flask, officers: Officers, people: Cast) -> None:
    a_page = officers.a.get(officers.url)
    _b_saves(officers, name_en="B's Hall")
    refused = _save(officers, officers.a, a_page, name_en="A's Hall")
    _b_saves(officers, contact_phone="029 2000 0000")  # B saves again while A decides

    again = _save(officers, officers.a, refused, **{"keep-name_en": "mine"})
    assert CONFLICT in again.get_data(as_text=True)
    fields = rendered_fields(again, action=officers.url)
    assert fields["contact_phone"] == ["029 2000 0000"]
    assert fields["name_en"] == ["A's Hall"]
    assert _save(officers, officers.a, again).status_code == 302
    saved = _saved(app, officers.asset_id)
    assert (saved.name_en, saved.contact_phone) == ("A's Hall", "029 2000 0000")
