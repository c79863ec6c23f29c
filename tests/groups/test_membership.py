"""Joining and leaving associations; invitations; explicit consent for sensitive groups."""

from __future__ import annotations

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
from tests.people.test_profile import PROFILE


def _resident_with_profile(client: FlaskClient, people: Cast) -> None:
    login(client, people.resident)
    client.post(
        "/people/me", data={**PROFILE, "display_name": "Joiner", "display_name_visibility": "public", "consent": "y"}
    )


def test_join_shows_member_to_chosen_audience_and_leave_removes(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        group_id = factories.make_asset(name_en="Open Choir", kind=AssetKind.ASSOCIATION).asset_id
    _resident_with_profile(client, people)
    client.post(f"/groups/{group_id}/join", data={"visibility": "members"})
    assert "Joiner" not in app.test_client().get(f"/groups/{group_id}").get_data(as_text=True)
    other = app.test_client()
    login(other, people.officer_newport)
    assert "Joiner" in other.get(f"/groups/{group_id}").get_data(as_text=True)
    client.post(f"/groups/{group_id}/leave")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Link)) == 0


def test_invite_only_group_needs_an_organiser_to_approve(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        group_id = factories.make_asset(
            name_en="Invite Circle", kind=AssetKind.ASSOCIATION, membership=Membership.INVITE
        ).asset_id
    _resident_with_profile(client, people)
    response = client.post(f"/groups/{group_id}/join", data={"visibility": "public"}, follow_redirects=True)
    assert "request to join was sent" in response.get_data(as_text=True)
    assert "Joiner" not in app.test_client().get(f"/groups/{group_id}").get_data(as_text=True)
    officer = app.test_client()
    login(officer, people.officer_cardiff)
    assert "Requests to join" in officer.get(f"/groups/{group_id}").get_data(as_text=True)
    with app.app_context():
        link_id = db.session.scalar(sa.select(Link.link_id))
    officer.post(f"/groups/{group_id}/approve", data={"link_id": link_id})
    assert "Joiner" in app.test_client().get(f"/groups/{group_id}").get_data(as_text=True)


def test_sensitive_group_needs_explicit_consent_recorded_separately(
    client: FlaskClient, app: Flask, people: Cast
) -> None:
    with app.app_context():
        group_id = factories.make_asset(
            name_en="Faith Circle", kind=AssetKind.ASSOCIATION, special_category=SpecialCategory.RELIGION
        ).asset_id
    _resident_with_profile(client, people)
    refused = client.post(f"/groups/{group_id}/join", data={"visibility": "public"}, follow_redirects=True)
    assert "needs your explicit consent" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Link)) == 0
    client.post(f"/groups/{group_id}/join", data={"visibility": "public", "explicit_consent": "y"})
    with app.app_context():
        link = db.session.scalars(sa.select(Link)).one()
        record = db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.link_id == link.link_id)).one()
        assert record.lawful_basis is LawfulBasis.EXPLICIT_CONSENT
        assert "Faith Circle" in record.wording
        assert "Religion or belief" in record.wording
    client.post(f"/groups/{group_id}/leave")
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(ConsentRecord).where(ConsentRecord.link_id.is_not(None))
            )
            == 0
        )


def test_officer_adds_a_meeting_place(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        group_id = factories.make_asset(name_en="Walkers", kind=AssetKind.ASSOCIATION).asset_id
        factories.make_asset(name_en="Parish Hall", kind=AssetKind.PLACE)
        hall_id = db.session.scalar(sa.select(factories.Asset.asset_id).where(factories.Asset.name_en == "Parish Hall"))
    login(client, people.officer_cardiff)
    client.post(f"/groups/{group_id}/meets-at", data={"place_id": hall_id})
    html = client.get(f"/groups/{group_id}").get_data(as_text=True)
    assert "Where we meet" in html
    assert "Parish Hall" in html
    with app.app_context():
        assert db.session.scalars(sa.select(Link.link_type)).one() is LinkType.MEETS_AT


def test_resident_who_starts_a_group_organises_it(
    client: FlaskClient, app: Flask, people: Cast, geodata: object
) -> None:
    from tests.assets.test_asset_forms import asset_form

    _resident_with_profile(client, people)
    client.post("/assets/new", data=asset_form(name_en="New Residents Group"))
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
    from tests.assets.test_asset_forms import asset_form

    with app.app_context():
        group = factories.make_asset(name_en="Organised Group", kind=AssetKind.ASSOCIATION)
        person = factories.make_person(user_id=people.ids["resident"])
        add_organiser(person, group, None)
        db.session.commit()
        group_id, version = group.asset_id, group.version
    login(client, people.resident)
    point = {"postcode": "", "latitude": "51.4791", "longitude": "-3.1781", "version": version}
    client.post(
        f"/assets/{group_id}/edit", data=asset_form(name_en="Organised Group (renamed)", status="archived", **point)
    )
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
