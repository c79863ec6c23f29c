"""Joining and leaving associations; invitations; explicit consent for sensitive groups."""

from __future__ import annotations

import html

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import AssetKind, Membership, SpecialCategory
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.people.models import ConsentRecord, LawfulBasis
from tests import factories
from tests.conftest import login
from tests.factories import Cast
from tests.people.test_profile import press, save_profile
from tests.rendered_forms import rendered_form, submit


def _resident_with_profile(client: FlaskClient, people: Cast) -> None:
    login(client, people.resident)
    save_profile(client, display_name="Joiner", display_name_visibility="public", consent=True)


def test_join_shows_member_to_chosen_audience_and_leave_removes(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        group_id = factories.make_asset(name_en="Open Choir", kind=AssetKind.ASSOCIATION).asset_id
    _resident_with_profile(client, people)
    press(client, f"/groups/{group_id}", "Join", visibility="members")
    assert "Joiner" not in app.test_client().get(f"/groups/{group_id}").get_data(as_text=True)
    other = app.test_client()
    login(other, people.officer_newport)
    assert "Joiner" in other.get(f"/groups/{group_id}").get_data(as_text=True)
    press(client, f"/groups/{group_id}", "Leave this group")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Link)) == 0


def test_invite_only_group_needs_an_organiser_to_approve(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        group_id = factories.make_asset(
            name_en="Invite Circle", kind=AssetKind.ASSOCIATION, membership=Membership.INVITE
        ).asset_id
    _resident_with_profile(client, people)
    response = press(client, f"/groups/{group_id}", "Join", visibility="public")
    assert "request to join was sent" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Joiner" not in app.test_client().get(f"/groups/{group_id}").get_data(as_text=True)
    officer = app.test_client()
    login(officer, people.officer_cardiff)
    assert "Requests to join" in officer.get(f"/groups/{group_id}").get_data(as_text=True)
    press(officer, f"/groups/{group_id}", "Approve Joiner")
    assert "Joiner" in app.test_client().get(f"/groups/{group_id}").get_data(as_text=True)


def test_sensitive_group_needs_explicit_consent_recorded_separately(
    client: FlaskClient, app: Flask, people: Cast
) -> None:
    with app.app_context():
        group_id = factories.make_asset(
            name_en="Faith Circle", kind=AssetKind.ASSOCIATION, special_category=SpecialCategory.RELIGION
        ).asset_id
    _resident_with_profile(client, people)
    refused = press(client, f"/groups/{group_id}", "Join", visibility="public")
    assert "needs your explicit consent" in client.get(refused.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Link)) == 0
    press(client, f"/groups/{group_id}", "Join", visibility="public", explicit_consent=True)
    with app.app_context():
        link = db.session.scalars(sa.select(Link)).one()
        record = db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.link_id == link.link_id)).one()
        assert record.lawful_basis is LawfulBasis.EXPLICIT_CONSENT
        assert "Faith Circle" in record.wording
        assert "Religion or belief" in record.wording
    press(client, f"/groups/{group_id}", "Leave this group")
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(ConsentRecord).where(ConsentRecord.link_id.is_not(None))
            )
            == 0
        )


def test_welsh_reader_consents_to_the_welsh_words_shown(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        group_id = factories.make_asset(
            name_en="Faith Circle", name_cy="Cylch Ffydd", kind=AssetKind.ASSOCIATION,
            special_category=SpecialCategory.RELIGION,
        ).asset_id  # fmt: skip
    _resident_with_profile(client, people)
    page = client.get(f"/groups/{group_id}", query_string={"lang": "cy"})
    shown = page.get_data(as_text=True).split('<p class="consent-wording">')[1].split("</p>")[0]
    assert "Cylch Ffydd" in shown
    assert "Faith Circle" not in shown
    assert (
        submit(client, page, button="Ymuno", fill={"visibility": "public", "explicit_consent": True}).status_code == 302
    )
    with app.app_context():
        record = db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.link_id.is_not(None))).one()
        assert record.wording == html.unescape(shown)


def test_officer_adds_a_meeting_place(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        group_id = factories.make_asset(name_en="Walkers", kind=AssetKind.ASSOCIATION).asset_id
        factories.make_asset(name_en="Parish Hall", kind=AssetKind.PLACE)
        hall_id = db.session.scalar(sa.select(factories.Asset.asset_id).where(factories.Asset.name_en == "Parish Hall"))
    login(client, people.officer_cardiff)
    press(client, f"/groups/{group_id}", "Add meeting place", place_id=hall_id)
    html = client.get(f"/groups/{group_id}").get_data(as_text=True)
    assert "Where we meet" in html
    assert "Parish Hall" in html
    with app.app_context():
        assert db.session.scalars(sa.select(Link.link_type)).one() is LinkType.MEETS_AT


def test_resident_who_starts_a_group_organises_it(
    client: FlaskClient, app: Flask, people: Cast, geodata: object
) -> None:
    from tests.assets.test_asset_forms import add_asset

    _resident_with_profile(client, people)
    add_asset(client, name_en="New Residents Group")
    with app.app_context():
        link = db.session.scalars(sa.select(Link)).one()
        assert link.link_type is LinkType.ORGANISES


@pytest.mark.usefixtures("geodata")
def test_organiser_edit_waits_for_review_and_never_touches_status(
    client: FlaskClient, app: Flask, people: Cast
) -> None:
    from abcd.assets.models import Asset, AssetStatus
    from abcd.changes import services as changes
    from abcd.groups.services import add_organiser

    with app.app_context():
        group = factories.make_asset(name_en="Organised Group", kind=AssetKind.ASSOCIATION)
        person = factories.make_person(user_id=people.ids["resident"])
        add_organiser(person, group, None)
        db.session.commit()
        group_id = group.asset_id
    login(client, people.resident)
    page = client.get(f"/assets/{group_id}/edit")
    assert page.status_code == 200
    assert not {"status", "kind", "membership", "special_category"} & rendered_form(page, button="Save").names
    submit(client, page, button="Save", fill={"name_en": "Organised Group (renamed)"})
    with app.app_context():
        saved = db.session.get(Asset, group_id)
        assert saved is not None
        assert saved.name_en == "Organised Group"  # the public keeps the approved version
        assert saved.status is AssetStatus.PUBLISHED
        (waiting,) = changes.pending_changes_for(saved)
        assert waiting.proposed["name_en"] == "Organised Group (renamed)"
        assert "status" not in waiting.proposed
    stranger = app.test_client()
    login(stranger, people.officer_newport)
    assert stranger.get(f"/assets/{group_id}/edit").status_code == 403
