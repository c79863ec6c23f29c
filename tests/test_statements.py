"""Published statements, and the officers' list of records still lacking Welsh."""

from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from tests.conftest import login
from tests.factories import NEWPORT, Cast


def test_accessibility_statement_has_the_required_sections(client: FlaskClient) -> None:
    html = client.get("/about/accessibility").get_data(as_text=True)
    for section in (
        "How accessible this website is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
        "WCAG",
    ):
        assert section in html
    assert "Accessibility statement" in client.get("/").get_data(as_text=True)


def test_statements_read_in_welsh(client: FlaskClient) -> None:
    welsh = client.get("/about/welsh-language?lang=cy").get_data(as_text=True)
    assert '<html lang="cy">' in welsh
    assert "Welsh language statement" not in welsh


def test_officer_sees_own_records_lacking_welsh(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        factories.make_asset(name_en="Only English Hall")
        factories.make_asset(name_en="Bilingual Hall", name_cy="Neuadd Ddwyieithog")
        factories.make_asset(name_en="Newport Only English", la_code=NEWPORT)
        factories.make_asset(name_en="Missing Description", name_cy="Disgrifiad Coll", description_en="English text")
    login(client, people.officer_cardiff)
    html = client.get("/assets/welsh").get_data(as_text=True)
    assert "Only English Hall" in html
    assert "Missing Description" in html
    assert "Bilingual Hall" not in html
    assert "Newport Only English" not in html
