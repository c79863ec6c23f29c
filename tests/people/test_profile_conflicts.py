"""One resident, two windows: a stale profile save is refused, merged, and saved again with nothing lost."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from abcd.extensions import db
from abcd.models_base import Visibility
from abcd.people.models import Person
from tests import factories
from tests.changes.page_form import PageForm, filled, page_form
from tests.conftest import login
from tests.factories import Cast

CONFLICT = "Your profile was changed in another window while you were editing"
URL = "/people/me"


@dataclass
class Windows:
    first: FlaskClient
    second: FlaskClient
    person_id: int


@pytest.fixture
def windows(app: Flask, people: Cast) -> Windows:
    with app.app_context():
        person = factories.make_person(user_id=people.ids["resident"], display_name="Rhian", languages="English")
        person_id = person.person_id
        db.session.remove()
    first, second = app.test_client(), app.test_client()
    login(first, people.resident)
    login(second, people.resident)
    return Windows(first, second, person_id)


def _open(client: FlaskClient) -> tuple[PageForm, set[tuple[str, str]]]:
    return page_form(client.get(URL).get_data(as_text=True))


def _saved(app: Flask, person_id: int) -> Person:
    with app.app_context():
        person = db.session.get(Person, person_id)
        assert person is not None
        db.session.expunge(person)
        return person


def _save(client: FlaskClient, **values: object) -> None:
    fields, radios = _open(client)
    assert client.post(URL, data=filled(fields, radios, **values)).status_code == 302


def test_changes_made_in_two_windows_are_both_saved(app: Flask, windows: Windows) -> None:
    fields, radios = _open(windows.first)
    _save(windows.second, languages="Cymraeg, English")

    refused = windows.first.post(URL, data=filled(fields, radios, display_name="Rhian Jones"))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert CONFLICT in html
    assert "Cymraeg, English" in html
    assert _saved(app, windows.person_id).display_name == "Rhian"

    merged, radios = page_form(html)
    assert merged["languages"] == "Cymraeg, English"
    assert merged["display_name"] == "Rhian Jones"
    assert not radios
    assert windows.first.post(URL, data=merged).status_code == 302
    saved = _saved(app, windows.person_id)
    assert (saved.display_name, saved.languages) == ("Rhian Jones", "Cymraeg, English")


def test_a_setting_changed_in_both_windows_is_chosen_in_words(app: Flask, windows: Windows) -> None:
    fields, radios = _open(windows.first)
    _save(windows.second, ward_visibility=Visibility.MEMBERS.value)
    html = windows.first.post(URL, data=filled(fields, radios, ward_visibility=Visibility.PUBLIC.value)).get_data(
        as_text=True
    )
    assert "<legend>Who can see your ward: you both changed this</legend>" in html
    assert "Keep mine: Everyone (public)" in html
    assert "Keep theirs: Signed-in members" in html

    merged, radios = page_form(html)
    unchosen = windows.first.post(URL, data=merged)
    assert unchosen.status_code == 200
    assert "Choose whether to keep your value or theirs." in unchosen.get_data(as_text=True)
    assert _saved(app, windows.person_id).ward_visibility is Visibility.MEMBERS

    merged, radios = page_form(unchosen.get_data(as_text=True))
    assert windows.first.post(URL, data=filled(merged, radios, **{"keep-ward_visibility": "theirs"})).status_code == 302
    assert _saved(app, windows.person_id).ward_visibility is Visibility.MEMBERS


def test_a_hostile_name_in_a_conflict_is_shown_as_text(windows: Windows) -> None:
    fields, radios = _open(windows.first)
    _save(windows.second, display_name="<img src=x onerror=alert(1)>")
    html = windows.first.post(URL, data=filled(fields, radios, display_name="Rhian Jones")).get_data(as_text=True)
    assert CONFLICT in html
    assert "<img src=x" not in html
    assert "Keep theirs: &lt;img src=x onerror=alert(1)&gt;" in html


def test_withdrawing_consent_in_another_window_does_not_lose_the_edit(app: Flask, windows: Windows) -> None:
    fields, radios = _open(windows.first)
    assert windows.second.post("/people/me/withdraw").status_code == 302
    html = windows.first.post(URL, data=filled(fields, radios, languages="Polski")).get_data(as_text=True)
    assert CONFLICT in html
    assert "confirm_token_hash" not in html
    assert "withdrawn_at" not in html
    merged, _radios = page_form(html)
    assert merged["languages"] == "Polski"
    assert windows.first.post(URL, data=merged).status_code == 302
    saved = _saved(app, windows.person_id)
    assert saved.languages == "Polski"
    assert saved.withdrawn_at is not None
