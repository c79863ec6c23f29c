"""The privacy notice: in English and Welsh, in the footer, and next to every form that collects personal data."""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import World
from tests.test_access_matrix import _client_as, _url

LINK_TEXT = {
    "en": "How we use your personal data: privacy notice",
    "cy": "Sut rydym yn defnyddio eich data personol: hysbysiad preifatrwydd",
}
# Every page with a form that collects personal data, and a role that sees that form.
PERSONAL_DATA_FORMS = [
    ("anonymous", "/auth/register"),
    ("anonymous", "/people/confirm/{token}"),
    ("resident", "/people/me"),
    ("resident", "/people/me/skills"),
    ("resident", "/groups/{group}"),
    ("resident", "/people/{public_person}/contact"),
    ("resident", "/people/me/consent/groups"),
    ("officer_cardiff", "/people/record"),
]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_every_personal_data_form_links_to_the_notice(app: Flask, world: World, language: str) -> None:
    missing = []
    for role, template in PERSONAL_DATA_FORMS:
        client = _client_as(app, role, world.cast)
        page = html.unescape(client.get(f"{_url(template, world)}?lang={language}").get_data(as_text=True))
        if f'<a href="/about/privacy{"?lang=cy" if language == "cy" else ""}">{LINK_TEXT[language]}</a>' not in page:
            missing.append(template)
    assert missing == []


def test_notice_states_controllers_bases_officer_scope_retention_rights_and_the_ico(client: FlaskClient) -> None:
    page = html.unescape(client.get("/about/privacy").get_data(as_text=True))
    for words in (
        "Cardiff Council, Newport City Council and the Vale of Glamorgan Council are each the controller",
        "Your explicit consent, given separately for each such group",
        "Public task",
        "the officers of your own council",
        "Administrators, who run the service for all three councils",
        "never any personal data",
        "every two years",
        "data-protection@example.org",
        "Information Commissioner's Office (ICO)",
    ):
        assert words in page
    assert '<a href="/about/privacy">Privacy notice</a>' in page  # the footer, on every page


def test_notice_reads_in_welsh_with_the_same_terms_as_the_consent_wording(client: FlaskClient) -> None:
    page = html.unescape(client.get("/about/privacy?lang=cy").get_data(as_text=True))
    assert "<h1>Hysbysiad preifatrwydd ar gyfer Cryfderau Cymunedol</h1>" in page
    assert "Eich caniatâd datganedig, a roddir ar wahân ar gyfer pob grŵp o'r fath" in page
    assert "swyddogion eich cyngor eich hun" in page
    assert "Swyddfa'r Comisiynydd Gwybodaeth (ICO)" in page
    assert "Privacy notice" not in page
    assert '<a href="/about/privacy?lang=cy">Hysbysiad preifatrwydd</a>' in page
