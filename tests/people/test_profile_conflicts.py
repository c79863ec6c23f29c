"""One resident, two windows: a stale profile save is refused, merged, and saved again with nothing lost."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from abcd.extensions import db
from abcd.models_base import Visibility
from abcd.people.models import Person
from tests import factories
from tests.conftest import login
from tests.factories import Cast
from tests.rendered_forms import FillValue, rendered_fields, rendered_form, submit

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


def _saved(app: Flask, person_id: int) -> Person:
    with app.app_context():
        person = db.session.get(Person, person_id)
        assert person is not None
        db.session.expunge(person)
        return person


def _press_save(client: FlaskClient, page: TestResponse, **fill: FillValue) -> TestResponse:
    """Save the profile form as `page` rendered it, changing only the fields named."""
    return submit(client, page, action=URL, button="Save my profile", fill=fill)


def _save(client: FlaskClient, **values: FillValue) -> None:
    assert _press_save(client, client.get(URL), **values).status_code == 302


def _radios(page: TestResponse) -> set[tuple[str, str]]:
    form = rendered_form(page, action=URL)
    return {(control.name, control.value) for control in form.controls if control.kind == "radio"}


def test_changes_made_in_two_windows_are_both_saved(app: Flask, windows: Windows) -> None:
    opened = windows.first.get(URL)
    _save(windows.second, languages="Cymraeg, English")

    refused = _press_save(windows.first, opened, display_name="Rhian Jones")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert CONFLICT in html
    assert "Cymraeg, English" in html
    assert _saved(app, windows.person_id).display_name == "Rhian"

    merged = rendered_fields(refused, action=URL)
    assert merged["languages"] == ["Cymraeg, English"]
    assert merged["display_name"] == ["Rhian Jones"]
    assert not _radios(refused)  # nothing to choose
    assert _press_save(windows.first, refused).status_code == 302
    saved = _saved(app, windows.person_id)
    assert (saved.display_name, saved.languages) == ("Rhian Jones", "Cymraeg, English")


def test_a_setting_changed_in_both_windows_is_chosen_in_words(app: Flask, windows: Windows) -> None:
    opened = windows.first.get(URL)
    _save(windows.second, ward_visibility=Visibility.MEMBERS.value)
    refused = _press_save(windows.first, opened, ward_visibility=Visibility.PUBLIC.value)
    html = refused.get_data(as_text=True)
    assert "<legend>Who can see your ward: you both changed this</legend>" in html
    assert "Keep mine: Everyone (public)" in html
    assert "Keep theirs: Signed-in members" in html

    unchosen = _press_save(windows.first, refused)
    assert unchosen.status_code == 200
    assert "Choose whether to keep your value or theirs." in unchosen.get_data(as_text=True)
    assert _saved(app, windows.person_id).ward_visibility is Visibility.MEMBERS

    assert _press_save(windows.first, unchosen, **{"keep-ward_visibility": "theirs"}).status_code == 302
    assert _saved(app, windows.person_id).ward_visibility is Visibility.MEMBERS


def test_a_hostile_name_in_a_conflict_is_shown_as_text(windows: Windows) -> None:
    opened = windows.first.get(URL)
    _save(windows.second, display_name="<img src=x onerror=alert(1)>")
    html = _press_save(windows.first, opened, display_name="Rhian Jones").get_data(as_text=True)
    assert CONFLICT in html
    assert "<img src=x" not in html
    assert "Keep theirs: &lt;img src=x onerror=alert(1)&gt;" in html


def test_withdrawing_consent_in_another_window_does_not_lose_the_edit(app: Flask, windows: Windows) -> None:
    opened = windows.first.get(URL)
    withdraw = windows.second.get(URL)
    assert submit(windows.second, withdraw, action="/people/me/withdraw").status_code == 302
    refused = _press_save(windows.first, opened, languages="Polski")
    html = refused.get_data(as_text=True)
    assert CONFLICT in html
    assert "confirm_token_hash" not in html
    assert "withdrawn_at" not in html
    assert rendered_fields(refused, action=URL)["languages"] == ["Polski"]
    assert _press_save(windows.first, refused).status_code == 302
    saved = _saved(app, windows.person_id)
    assert saved.languages == "Polski"
    assert saved.withdrawn_at is not None
