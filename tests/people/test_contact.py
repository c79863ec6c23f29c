"""Contacting a person through the app never reveals an email address."""

from flask import Flask
from flask.testing import FlaskClient

from abcd.models_base import Visibility
from abcd.people.models import ContactMessage
from tests import factories
from tests.conftest import login
from tests.factories import Cast
from tests.people.test_profile import press


def test_message_is_relayed_and_recorded_without_emails(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        recipient_user = factories.make_user(email="helper@example.org", display_name="Helper Huw")
        person = factories.make_person(
            display_name="Huw", visibility=Visibility.PUBLIC, accepts_messages=True, user_id=recipient_user.user_id
        )
        person_id = person.person_id
    login(client, people.resident)
    page = client.get(f"/people/{person_id}").get_data(as_text=True)
    assert "helper@example.org" not in page
    press(client, f"/people/{person_id}/contact", "Send", body="Can you help at the fair?")
    with app.app_context():
        from abcd.extensions import db

        assert db.session.query(ContactMessage).count() == 1
    inbox = app.test_client()
    login(inbox, "helper@example.org")
    html = inbox.get("/people/me/messages").get_data(as_text=True)
    assert "Can you help at the fair?" in html
    assert "resident@example.org" not in html


def test_people_who_do_not_accept_messages_cannot_be_contacted(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        person_id = factories.make_person(visibility=Visibility.PUBLIC).person_id
    login(client, people.resident)
    assert client.get(f"/people/{person_id}/contact").status_code == 404
    assert "Send a message" not in client.get(f"/people/{person_id}").get_data(as_text=True)
