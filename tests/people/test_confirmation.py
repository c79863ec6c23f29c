"""Defect 5: confirming an officer-recorded listing is informed consent, with a lasting way back."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import AssetKind
from abcd.extensions import db
from abcd.links.models import Link
from abcd.models_base import Visibility, utcnow
from abcd.people.models import Person, PersonSkill
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, Cast
from tests.mailserver import Mailbox, link_in
from tests.rendered_forms import rendered_fields, submit


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _record(app: Flask, people: Cast, email: str | None = "rhys@example.org") -> tuple[FlaskClient, str, int]:
    """An officer records Rhys, a member of a choir, through the form as rendered; the printable page."""
    with app.app_context():
        choir = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Cathays Choir", la_code=CARDIFF).asset_id
    officer = app.test_client()
    login(officer, people.officer_cardiff)
    page = officer.get("/people/record")
    fill = {"display_name": "Rhys", "display_name_visibility": "public", "association": choir,
            "contact_email": email or "", "contact_locale": "cy"}  # fmt: skip
    printable = submit(officer, page, action="/people/record", fill=fill)
    assert printable.status_code == 200
    html = printable.get_data(as_text=True)
    with app.app_context():
        person_id = db.session.query(Person.person_id).filter_by(display_name="Rhys").scalar()
    return officer, html, person_id


def _token(html: str) -> str:
    match = re.search(r"/people/confirm/([\w-]+)", html)
    assert match, "no confirmation link on the page"
    return match.group(1)


def test_officer_gets_a_printable_page_with_qr_code_and_the_person_an_email(
    app: Flask, people: Cast, mailbox: Mailbox
) -> None:
    _officer, html, _person_id = _record(app, people)
    assert "<svg" in html
    assert "qr-code" in html
    assert "Print this page" in html
    assert "We also emailed the link to rhys@example.org." in html
    [message] = mailbox.wait_for("rhys@example.org")
    assert message["Content-Language"] == "cy"  # the language the officer chose for them
    assert _token(html) in link_in(message, "/people/confirm/")


def test_confirm_page_shows_every_item_with_only_me_preselected_and_asks_age(
    app: Flask, people: Cast, mailbox: Mailbox
) -> None:
    _officer, html, person_id = _record(app, people)
    visitor = app.test_client()
    page = visitor.get(f"/people/confirm/{_token(html)}")
    text = page.get_data(as_text=True)
    assert "Rhys" in text
    assert "Cathays Choir" in text
    assert "Everyone (public)" in text  # what the officer suggested is shown
    fields = rendered_fields(page, button="Confirm with these choices")
    audiences = {name: value for name, value in fields.items() if name in ("name",) or name.startswith("link_")}
    assert audiences
    assert all(value == ["private"] for value in audiences.values())

    # Under 13 (box not ticked): not confirmed.
    refused = submit(visitor, page, button="Confirm with these choices", fill={"consent": True})
    assert "You must be 13 or older to confirm this yourself." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Person, person_id).confirmed_at is None  # type: ignore[union-attr]

    [link_field] = [name for name in fields if name.startswith("link_")]
    done = submit(visitor, page, button="Confirm with these choices",
                  fill={"over_13": True, "consent": True, "name": "members", link_field: "officers"})  # fmt: skip
    assert done.status_code == 200
    assert "Your listing is confirmed" in done.get_data(as_text=True)
    with app.app_context():
        person = db.session.get(Person, person_id)
        assert person is not None
        assert person.confirmed_at is not None
        assert person.display_name_visibility is Visibility.MEMBERS
        link = db.session.query(Link).filter_by(source_person_id=person_id).one()
        assert link.visibility is Visibility.OFFICERS
    # The lasting way back is shown and emailed; the confirmation link is spent.
    assert "/people/manage/" in done.get_data(as_text=True)
    assert len(mailbox.wait_for("rhys@example.org", count=2)) == 2
    assert visitor.get(f"/people/confirm/{_token(html)}").status_code == 404


def test_links_expire_and_an_officer_of_their_authority_issues_a_new_one(app: Flask, people: Cast) -> None:
    officer, html, person_id = _record(app, people, email=None)
    old = _token(html)
    with app.app_context():
        person = db.session.get(Person, person_id)
        assert person is not None
        person.confirm_token_expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    expired = app.test_client().get(f"/people/confirm/{old}")
    assert expired.status_code == 404
    assert "Ask the community officer who recorded you for a new one." in expired.get_data(as_text=True)

    newport = app.test_client()
    login(newport, people.officer_newport)
    assert newport.post(f"/people/{person_id}/confirmation-link").status_code == 403
    profile = officer.get(f"/people/{person_id}")
    fresh = submit(officer, profile, button="Issue a new personal link")
    assert fresh.status_code == 200
    assert "<svg" in fresh.get_data(as_text=True)
    new = _token(fresh.get_data(as_text=True))
    assert new != old
    assert app.test_client().get(f"/people/confirm/{new}").status_code == 200


def test_declining_erases_what_the_officer_recorded(app: Flask, people: Cast) -> None:
    _officer, html, person_id = _record(app, people, email=None)
    visitor = app.test_client()
    page = visitor.get(f"/people/confirm/{_token(html)}")
    submit(visitor, page, button="Erase everything the officer recorded")
    with app.app_context():
        assert db.session.get(Person, person_id) is None


def test_manage_link_changes_downloads_withdraws_and_erases(app: Flask, people: Cast) -> None:
    _officer, html, person_id = _record(app, people, email=None)
    visitor = app.test_client()
    page = visitor.get(f"/people/confirm/{_token(html)}")
    done = submit(visitor, page, button="Confirm with these choices", fill={"over_13": True, "consent": True})
    manage_path = urlsplit(re.search(r'href="([^"]*/people/manage/[^"]+)"', done.get_data(as_text=True))[1]).path  # type: ignore[index]

    manage = visitor.get(manage_path)
    assert manage.headers["Cache-Control"] == "private, no-store"
    submit(visitor, manage, button="Save my choices", fill={"name": "public"})
    with app.app_context():
        assert db.session.get(Person, person_id).display_name_visibility is Visibility.PUBLIC  # type: ignore[union-attr]

    data = json.loads(visitor.get(f"{manage_path}/data.json").get_data(as_text=True))
    assert data["profile"]["display_name"] == "Rhys"
    assert "manage_token_hash" not in data["profile"]
    assert [item["name_en"] for item in data["items"]] == ["Rhys", "Cathays Choir"]

    submit(visitor, visitor.get(manage_path), button="Withdraw my consent")
    with app.app_context():
        assert db.session.get(Person, person_id).withdrawn_at is not None  # type: ignore[union-attr]
    submit(visitor, visitor.get(manage_path), button="Show my listing again")
    with app.app_context():
        assert db.session.get(Person, person_id).withdrawn_at is None  # type: ignore[union-attr]
    submit(visitor, visitor.get(manage_path), button="Erase my listing")
    with app.app_context():
        assert db.session.get(Person, person_id) is None
        assert db.session.query(PersonSkill).count() == 0
    assert visitor.get(manage_path).status_code == 404
