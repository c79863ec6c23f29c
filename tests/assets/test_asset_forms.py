"""Officers and residents record assets through the forms; place comes from postcode or point."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from abcd.assets.models import Asset, AssetStatus
from abcd.audit.models import AuditEntry
from abcd.extensions import db
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, Cast
from tests.rendered_forms import FillValue, submit

# What a person types into /assets/new; officers also see the status field, residents do not.
ASSET: dict[str, FillValue] = {
    "kind": "association",
    "name_en": "Splott Ukulele Club",
    "description_en": "We play on Tuesdays.",
    "postcode": "cf24 0lz",
    "membership": "open",
}
PUBLISHED: dict[str, FillValue] = {"status": "published"}
POINT: dict[str, FillValue] = {"postcode": "", "latitude": "51.4791", "longitude": "-3.1781"}


def add_asset(client: FlaskClient, follow_redirects: bool = False, **fill: FillValue) -> TestResponse:
    """Fill in /assets/new as the signed-in user's page renders it, starting from ASSET."""
    page = client.get("/assets/new")
    return submit(client, page, action="/assets/new", fill={**ASSET, **fill}, follow_redirects=follow_redirects)


def edit_asset(client: FlaskClient, asset_id: int, follow_redirects: bool = False, **fill: FillValue) -> TestResponse:
    """Change some fields of an asset's edit form, keeping the rest as rendered."""
    page = client.get(f"/assets/{asset_id}/edit")
    return submit(client, page, button="Save", fill=fill, follow_redirects=follow_redirects)


def change_status(client: FlaskClient, asset_id: int, button: str) -> TestResponse:
    """Press one of the status buttons (Publish, Return to draft, Archive) on the asset's page."""
    page = client.get(f"/assets/{asset_id}")
    return submit(client, page, action="/status", button=button, follow_redirects=True)


def _asset_named(app: Flask, name: str) -> Asset | None:
    with app.app_context():
        asset = db.session.scalar(sa.select(Asset).where(Asset.name_en == name))
        if asset is not None:
            _ = asset.ward, asset.themes  # load before the session closes
        return asset


@pytest.mark.usefixtures("geodata")
def test_officer_adds_asset_by_postcode_and_ward_is_derived(client: FlaskClient, app: Flask, people: Cast) -> None:
    login(client, people.officer_cardiff)
    response = add_asset(client, follow_redirects=True, **PUBLISHED)
    html = response.get_data(as_text=True)
    assert "Splott Ukulele Club" in html
    assert "Ward: Adamsdown" in html
    asset = _asset_named(app, "Splott Ukulele Club")
    assert asset is not None
    assert asset.postcode == "CF24 0LZ"
    assert asset.la_code == CARDIFF
    assert asset.status is AssetStatus.PUBLISHED
    assert asset.created_by_id == people.ids["officer_cardiff"]
    directory = client.get("/assets/?q=ukulele").get_data(as_text=True)
    assert "Splott Ukulele Club" in directory
    assert "Adamsdown" in directory


@pytest.mark.usefixtures("geodata")
def test_point_by_latitude_longitude_derives_ward(client: FlaskClient, app: Flask, people: Cast) -> None:
    login(client, people.officer_cardiff)
    add_asset(client, name_en="Point Place", **POINT, **PUBLISHED)
    asset = _asset_named(app, "Point Place")
    assert asset is not None
    assert asset.ward is not None
    assert asset.ward.name_en == "Cathays"


@pytest.mark.usefixtures("geodata")
def test_officer_cannot_add_records_in_another_authority(client: FlaskClient, app: Flask, people: Cast) -> None:
    login(client, people.officer_newport)
    response = add_asset(client, name_en="Not Mine", **PUBLISHED)
    assert response.status_code == 200
    assert "You can only add records in your own area" in response.get_data(as_text=True)
    assert _asset_named(app, "Not Mine") is None


@pytest.mark.usefixtures("geodata")
def test_resident_suggestion_waits_for_an_officer_of_that_authority(
    client: FlaskClient, app: Flask, people: Cast
) -> None:
    login(client, people.resident)
    response = add_asset(client, follow_redirects=True, name_en="Suggested Garden")
    assert "An officer will review your suggestion" in response.get_data(as_text=True)
    asset = _asset_named(app, "Suggested Garden")
    assert asset is not None
    assert asset.status is AssetStatus.PENDING
    assert "Suggested Garden" not in client.get("/assets/").get_data(as_text=True)

    officer = app.test_client()
    login(officer, people.officer_cardiff)
    assert "Suggested Garden" in officer.get("/review/").get_data(as_text=True)
    other = app.test_client()
    login(other, people.officer_newport)
    assert "Suggested Garden" not in other.get("/review/").get_data(as_text=True)

    change_status(officer, asset.asset_id, "Publish")
    assert "Suggested Garden" in client.get("/assets/").get_data(as_text=True)


@pytest.mark.usefixtures("geodata")
def test_edit_records_history_with_old_and_new_values(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        asset = factories.make_asset(name_en="Old Name", description_en="Before")
        asset_id = asset.asset_id
    login(client, people.officer_cardiff)
    response = edit_asset(client, asset_id, follow_redirects=True, name_en="New Name")
    assert "Your changes were saved" in response.get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity_id == asset_id, AuditEntry.action == "update")
        ).one()
        assert entry.changes["name_en"] == ["Old Name", "New Name"]
        assert entry.actor_id == people.ids["officer_cardiff"]
    history = client.get(f"/assets/{asset_id}/history").get_data(as_text=True)
    row = r'<th scope="row">Name in English</th><td lang="en"[^>]*>Old Name</td><td lang="en"[^>]*>New Name</td>'
    assert re.search(row, history)  # each cell also carries its column's name, for phones (data-label)


@pytest.mark.usefixtures("geodata")
def test_second_editor_is_refused_and_shown_what_changed(app: Flask, people: Cast) -> None:
    with app.app_context():
        asset = factories.make_asset(name_en="Shared Hall")
        asset_id = asset.asset_id
        admin = factories.make_user(factories.Role.ADMIN, email="second@example.org")
        admin_email = admin.email
    first, second = app.test_client(), app.test_client()
    login(first, people.officer_cardiff)
    login(second, admin_email)
    first_page, second_page = first.get(f"/assets/{asset_id}/edit"), second.get(f"/assets/{asset_id}/edit")
    submit(first, first_page, button="Save", fill={"name_en": "Shared Hall (first)"})
    response = submit(second, second_page, button="Save", fill={"name_en": "Shared Hall (second)"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone else changed this record" in html
    assert "Shared Hall (first)" in html  # what the first editor saved
    assert 'value="Shared Hall (second)"' in html  # the second editor's work is kept in the form
    with app.app_context():
        saved = db.session.get(Asset, asset_id)
        assert saved is not None
        assert saved.name_en == "Shared Hall (first)"
    # Both changed the name: saving again needs a choice, and keeping one's own is a deliberate overwrite.
    assert "Choose whether to keep your value or theirs." in submit(second, response, button="Save").get_data(
        as_text=True
    )
    assert submit(second, response, button="Save", fill={"keep-name_en": "mine"}).status_code == 302
    with app.app_context():
        overwritten = db.session.get(Asset, asset_id)
        assert overwritten is not None
        assert overwritten.name_en == "Shared Hall (second)"


def test_stale_status_change_is_refused(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        asset_id = factories.make_asset().asset_id
    login(client, people.officer_cardiff)
    stale_page = client.get(f"/assets/{asset_id}")
    with app.app_context():
        renamed = db.session.get(Asset, asset_id)
        assert renamed is not None
        renamed.name_en = "Renamed meanwhile"
        db.session.commit()
    response = submit(client, stale_page, action="/status", button="Archive", follow_redirects=True)
    assert "Someone else changed this record" in response.get_data(as_text=True)
    with app.app_context():
        unchanged = db.session.get(Asset, asset_id)
        assert unchanged is not None
        assert unchanged.status is AssetStatus.PUBLISHED


def test_archived_assets_leave_the_directory(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        asset = factories.make_asset(name_en="Closing Hall")
        asset_id = asset.asset_id
    login(client, people.officer_cardiff)
    assert "Status changed to Archived" in change_status(client, asset_id, "Archive").get_data(as_text=True)
    assert "Closing Hall" not in client.get("/assets/").get_data(as_text=True)


def test_deleting_an_asset_is_audited_and_cascades_to_links(app_ctx: Flask) -> None:
    from abcd.links.models import Link, LinkType

    group, hall = factories.make_asset(name_en="Group"), factories.make_asset(name_en="Hall")
    db.session.add(Link(link_type=LinkType.MEETS_AT, source_asset_id=group.asset_id, target_asset_id=hall.asset_id))
    db.session.commit()
    db.session.delete(hall)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Link)) == 0
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.entity_type == "asset", AuditEntry.entity_id == hall.asset_id)
    ).all()
    assert actions == ["create", "delete"]
