"""Officers and residents record assets through the forms; place comes from postcode or point."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import Asset, AssetStatus
from abcd.audit.models import AuditEntry
from abcd.extensions import db
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, Cast


def asset_form(**overrides: Any) -> dict[str, Any]:
    return {
        "kind": "association",
        "name_en": "Splott Ukulele Club",
        "name_cy": "",
        "description_en": "We play on Tuesdays.",
        "postcode": "cf24 0lz",
        "status": "published",
        "membership": "open",
        "special_category": "",
        **overrides,
    }


def _asset_named(app: Flask, name: str) -> Asset | None:
    with app.app_context():
        asset = db.session.scalar(sa.select(Asset).where(Asset.name_en == name))
        if asset is not None:
            _ = asset.ward, asset.themes  # load before the session closes
        return asset


@pytest.mark.usefixtures("geodata")
def test_officer_adds_asset_by_postcode_and_ward_is_derived(client: FlaskClient, app: Flask, people: Cast) -> None:
    login(client, people.officer_cardiff)
    response = client.post("/assets/new", data=asset_form(), follow_redirects=True)
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
    form = asset_form(postcode="", latitude="51.4791", longitude="-3.1781", name_en="Point Place")
    client.post("/assets/new", data=form)
    asset = _asset_named(app, "Point Place")
    assert asset is not None
    assert asset.ward is not None
    assert asset.ward.name_en == "Cathays"


@pytest.mark.usefixtures("geodata")
def test_officer_cannot_add_records_in_another_authority(client: FlaskClient, app: Flask, people: Cast) -> None:
    login(client, people.officer_newport)
    response = client.post("/assets/new", data=asset_form(name_en="Not Mine"))
    assert response.status_code == 200
    assert "You can only add records in your own area" in response.get_data(as_text=True)
    assert _asset_named(app, "Not Mine") is None


@pytest.mark.usefixtures("geodata")
def test_resident_suggestion_waits_for_an_officer_of_that_authority(
    client: FlaskClient, app: Flask, people: Cast
) -> None:
    login(client, people.resident)
    response = client.post("/assets/new", data=asset_form(name_en="Suggested Garden"), follow_redirects=True)
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

    officer.post(f"/assets/{asset.asset_id}/status", data={"status": "published", "version": asset.version})
    assert "Suggested Garden" in client.get("/assets/").get_data(as_text=True)


@pytest.mark.usefixtures("geodata")
def test_edit_records_history_with_old_and_new_values(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        asset = factories.make_asset(name_en="Old Name", description_en="Before")
        asset_id, version = asset.asset_id, asset.version
    login(client, people.officer_cardiff)
    edit = asset_form(name_en="New Name", postcode="", latitude="51.4791", longitude="-3.1781", version=version)
    response = client.post(f"/assets/{asset_id}/edit", data=edit, follow_redirects=True)
    assert "Your changes were saved" in response.get_data(as_text=True)
    with app.app_context():
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity_id == asset_id, AuditEntry.action == "update")
        ).one()
        assert entry.changes["name_en"] == ["Old Name", "New Name"]
        assert entry.actor_id == people.ids["officer_cardiff"]
    history = client.get(f"/assets/{asset_id}/history").get_data(as_text=True)
    assert '<th scope="row">Name in English</th><td>Old Name</td><td>New Name</td>' in history


@pytest.mark.usefixtures("geodata")
def test_second_editor_is_refused_and_shown_what_changed(app: Flask, people: Cast) -> None:
    with app.app_context():
        asset = factories.make_asset(name_en="Shared Hall")
        asset_id, loaded_version = asset.asset_id, asset.version
        admin = factories.make_user(factories.Role.ADMIN, email="second@example.org")
        admin_email = admin.email
    first, second = app.test_client(), app.test_client()
    login(first, people.officer_cardiff)
    login(second, admin_email)
    point = {"postcode": "", "latitude": "51.4791", "longitude": "-3.1781", "version": loaded_version}
    first.post(f"/assets/{asset_id}/edit", data=asset_form(name_en="Shared Hall (first)", **point))
    response = second.post(f"/assets/{asset_id}/edit", data=asset_form(name_en="Shared Hall (second)", **point))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone else changed this record" in html
    assert "Shared Hall (first)" in html  # what the first editor saved
    assert 'value="Shared Hall (second)"' in html  # the second editor's work is kept in the form
    with app.app_context():
        saved = db.session.get(Asset, asset_id)
        assert saved is not None
        assert saved.name_en == "Shared Hall (first)"
    # Saving again after seeing the changes is a deliberate overwrite.
    retry = asset_form(name_en="Shared Hall (second)", **{**point, "version": loaded_version + 1})
    assert second.post(f"/assets/{asset_id}/edit", data=retry).status_code == 302


def test_stale_status_change_is_refused(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        asset = factories.make_asset()
        asset_id = asset.asset_id
    login(client, people.officer_cardiff)
    response = client.post(
        f"/assets/{asset_id}/status", data={"status": "archived", "version": 99}, follow_redirects=True
    )
    assert "Someone else changed this record" in response.get_data(as_text=True)
    with app.app_context():
        unchanged = db.session.get(Asset, asset_id)
        assert unchanged is not None
        assert unchanged.status is AssetStatus.PUBLISHED


def test_archived_assets_leave_the_directory(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        asset = factories.make_asset(name_en="Closing Hall")
        asset_id, version = asset.asset_id, asset.version
    login(client, people.officer_cardiff)
    client.post(f"/assets/{asset_id}/status", data={"status": "archived", "version": version})
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
