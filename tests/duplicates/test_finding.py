"""Officers see possible duplicates of their authority with the reasons; "not a duplicate" is remembered;
the asset form warns as its user types, and on submit without JavaScript."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from abcd.duplicates import services
from abcd.extensions import db
from tests import factories
from tests.conftest import login
from tests.duplicates.conftest import Variants
from tests.factories import Cast
from tests.rendered_forms import rendered_forms, submit


def _pairs_page(client: FlaskClient) -> str:
    response = client.get("/duplicates/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_seeded_variants_pair_up_with_their_reasons(client: FlaskClient, people: Cast, variants: Variants) -> None:
    login(client, people.officer_cardiff)
    page = _pairs_page(client)
    assert f"/duplicates/merge/{variants.library}/{variants.library_again}" in page
    assert f"/duplicates/merge/{variants.singers}/{variants.singers_demo}" in page
    assert "The same name, once case, accents, punctuation and words like “St.” are set aside" in page
    assert "The same postcode: CF3 0EF" in page
    assert "The same phone number: 029 2078 0000" in page
    assert "Adamsdown Community Garden" not in page  # a neighbour, not a duplicate


def test_unrelated_neighbours_are_not_candidates(app: Flask, variants: Variants) -> None:
    with app.test_request_context():
        garden = db.session.get(factories.Asset, variants.garden)
        assert garden is not None
        assert services.possible_duplicates_of(garden) == []
        singers = db.session.get(factories.Asset, variants.singers)
        assert singers is not None
        assert [c.asset.asset_id for c in services.possible_duplicates_of(singers)] == [variants.singers_demo]


def test_officers_of_another_authority_do_not_see_the_pairs(
    client: FlaskClient, people: Cast, variants: Variants
) -> None:
    login(client, people.officer_newport)
    assert "St Mellons" not in _pairs_page(client)


def test_not_a_duplicate_hides_the_pair_for_good(
    app: Flask, client: FlaskClient, people: Cast, variants: Variants
) -> None:
    login(client, people.officer_cardiff)
    page = client.get("/duplicates/")
    action = f"/duplicates/{variants.library}/{variants.library_again}/not-duplicate"
    response = submit(client, page, action=action, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "are different" in text
    assert f"/duplicates/merge/{variants.library}/{variants.library_again}" not in text
    assert f"/duplicates/merge/{variants.singers}/{variants.singers_demo}" in text  # other pairs stay
    with app.test_request_context():
        library = db.session.get(factories.Asset, variants.library)
        assert library is not None
        assert services.possible_duplicates_of(library) == []


def test_as_you_type_check_lists_records_with_reasons(client: FlaskClient, people: Cast, variants: Variants) -> None:
    login(client, people.resident)
    answer = client.get("/duplicates/check.json?name_en=st+mellons+LIBRARY&postcode=cf3+0ef").get_json()
    assert answer["heading"] == "This may already exist:"
    found = {match["url"]: match for match in answer["matches"]}
    assert set(found) == {f"/assets/{variants.library}", f"/assets/{variants.library_again}"}
    assert "The same postcode: cf3 0ef" in found[f"/assets/{variants.library}"]["reasons"]
    welsh = client.get("/duplicates/check.json?name_cy=Cantorion+Sul+Adamsdown&postcode=CF24+0LZ").get_json()
    assert [match["name"] for match in welsh["matches"]] == ["Adamsdown Sunday Singers (demo)"]
    nothing = client.get("/duplicates/check.json?name_en=Splott+Pool&postcode=CF24+0LZ").get_json()
    assert nothing["matches"] == []


def test_form_without_javascript_shows_the_hint_on_submit_then_saves(
    app: Flask, client: FlaskClient, people: Cast, variants: Variants
) -> None:
    login(client, people.officer_cardiff)
    page = client.get("/assets/new")
    fill = {"kind": "place", "name_en": "St Mellons Library", "postcode": "CF3 0EF", "status": "published"}
    warned = submit(client, page, action="/assets/new", fill=fill)
    text = warned.get_data(as_text=True)
    assert warned.status_code == 200
    assert "This may already exist:" in text
    assert f'href="/assets/{variants.library}"' in text
    assert "If yours is a different one, save again." in text
    saved = submit(client, warned, action="/assets/new", button="Save", url="/assets/new")
    assert saved.status_code == 302
    assert [form.action for form in rendered_forms(client.get("/assets/new"))]  # the form still renders
