"""The history page for people: names not codes, dates in words, compare, restore and its refusals."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from abcd.areas.models import Ward
from abcd.assets.models import Asset
from abcd.audit.models import AuditEntry
from abcd.extensions import db
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, CATHAYS, NEWPORT, Cast
from tests.rendered_forms import submit

pytestmark = pytest.mark.usefixtures("geodata")
WHEN = datetime(2026, 12, 2, 14, 4)  # stored in UTC; London is on GMT in December


def _edit(asset_id: int, actor_id: int, **values: object) -> None:
    """Change the record as the signed-in actor would, so the audit listener records it."""
    db.session.info["actor_id"] = actor_id
    asset = db.session.get(Asset, asset_id)
    assert asset is not None
    for name, value in values.items():
        setattr(asset, name, value)
    db.session.commit()
    db.session.info["actor_id"] = None


def _other_cardiff_ward() -> Ward:
    return db.session.scalars(
        sa.select(Ward).where(Ward.la_code == CARDIFF, Ward.code != CATHAYS).order_by(Ward.code)
    ).first()


@pytest.fixture
def hall(app: Flask, people: Cast) -> dict[str, object]:
    """A hall at version 2: moved from Cathays to another ward, renamed and given a theme."""
    with app.app_context():
        officer_id = people.ids["officer_cardiff"]
        music = factories.make_theme()
        db.session.info["actor_id"] = officer_id
        asset = factories.make_asset(
            name_en="Old Name", ward_code=CATHAYS, postcode="CF24 4AA", created_by_id=officer_id
        )
        ward = _other_cardiff_ward()
        _edit(asset.asset_id, officer_id, name_en="New Name", ward_code=ward.code, postcode="CF10 1AA", themes=[music])
        db.session.execute(sa.update(AuditEntry).values(occurred_at=WHEN))
        db.session.commit()
        facts = {"asset_id": asset.asset_id, "ward": ward.name_en, "ward_code": ward.code, "version": asset.version}
        db.session.remove()
    return facts


def _officer(app: Flask, people: Cast, who: str = "officer_cardiff") -> FlaskClient:
    client = app.test_client()
    login(client, getattr(people, who))
    return client


def _text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_history_names_wards_themes_and_people_and_writes_dates_in_words(
    app: Flask, people: Cast, hall: dict[str, object]
) -> None:
    page = _text(_officer(app, people), f"/assets/{hall['asset_id']}/history")
    assert "Cathays" in page
    assert hall["ward"] in page
    assert CATHAYS not in page
    assert hall["ward_code"] not in page
    assert "Music" in page
    assert "['music']" not in page
    assert "Name in English" in page
    assert "name_en" not in page
    assert "2 December 2026, 2:04pm" in page
    with app.app_context():
        officer = db.session.get(factories.User, people.ids["officer_cardiff"])
        assert officer is not None
        assert f"by {officer.display_name}" in page
        created = rf'<th scope="row">Created by</th><td[^>]*>{re.escape(officer.display_name)}</td>'
        assert re.search(created, page)  # the cell also names its column, for phones (data-label)
    assert "asset_id" not in page
    assert "created_at" not in page


def test_history_in_welsh_uses_welsh_month_and_names(app: Flask, people: Cast, hall: dict[str, object]) -> None:
    page = _text(_officer(app, people), f"/assets/{hall['asset_id']}/history?lang=cy")
    assert "2 Rhagfyr 2026" in page
    assert "Cerddoriaeth" in page


def test_history_link_on_the_record_leads_to_the_page(app: Flask, people: Cast, hall: dict[str, object]) -> None:
    officer = _officer(app, people)
    detail = _text(officer, f"/assets/{hall['asset_id']}")
    assert f'href="/assets/{hall["asset_id"]}/history"' in detail


def test_compare_shows_each_field_at_both_versions(app: Flask, people: Cast, hall: dict[str, object]) -> None:
    page = _text(_officer(app, people), f"/assets/{hall['asset_id']}/history/compare?a=1&b=2")
    row = re.search(r"<th scope=\"row\">Name in English</th>(.*?)</tr>", page, re.S)
    assert row is not None
    assert "Old Name" in row.group(1)
    assert "New Name" in row.group(1)
    assert "Changed" in row.group(1)
    address = re.search(r"<th scope=\"row\">Address</th>(.*?)</tr>", page, re.S)
    assert address is not None
    assert "Same" in address.group(1)
    assert "Cathays" in page


def _open_restore(client: FlaskClient, asset_id: object, version: int) -> TestResponse:
    page = client.get(f"/assets/{asset_id}/history/{version}/restore")
    assert page.status_code == 200
    return page


def _press_restore(client: FlaskClient, page: TestResponse) -> TestResponse:
    return submit(client, page, button="Restore this version", follow_redirects=True)


def test_restore_confirms_what_will_change_then_saves_a_new_version(
    app: Flask, people: Cast, hall: dict[str, object]
) -> None:
    officer = _officer(app, people)
    page = _open_restore(officer, hall["asset_id"], 1)
    text = page.get_data(as_text=True)
    assert "What restoring will change" in text
    assert "Old Name" in text
    assert "Cathays" in text
    assert "Postcode" in text  # a place is restored whole
    response = _press_restore(officer, page)
    assert "Version 1 was restored as version 3" in response.get_data(as_text=True)
    with app.app_context():
        asset = db.session.get(Asset, hall["asset_id"])
        assert asset is not None
        assert (asset.version, asset.name_en, asset.ward_code, asset.postcode) == (3, "Old Name", CATHAYS, "CF24 4AA")
        assert asset.themes == []
        entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.audit_id.desc())).first()
        assert entry is not None
        assert entry.entity_version == 3
        assert entry.changes["name_en"] == ["New Name", "Old Name"]
        assert entry.actor_id == people.ids["officer_cardiff"]
        assert (entry.channel, entry.channel_ref) == ("form", "restore:v1")
    assert "Form: restored version 1" in _text(officer, f"/assets/{hall['asset_id']}/history")


def test_restore_over_a_newer_change_is_refused(app: Flask, people: Cast, hall: dict[str, object]) -> None:
    officer = _officer(app, people)
    page = _open_restore(officer, hall["asset_id"], 1)
    with app.app_context():
        _edit(int(str(hall["asset_id"])), people.ids["admin"], name_en="Someone Else's Name")
    response = _press_restore(officer, page)
    assert "Someone changed this record after you opened this page" in response.get_data(as_text=True)
    with app.app_context():
        asset = db.session.get(Asset, hall["asset_id"])
        assert asset is not None
        assert asset.name_en == "Someone Else's Name"


def test_restoring_the_current_version_says_there_is_nothing_to_do(
    app: Flask, people: Cast, hall: dict[str, object]
) -> None:
    officer = _officer(app, people)
    page = _text(officer, f"/assets/{hall['asset_id']}/history/2/restore")
    assert "there is nothing to restore" in page
    assert "Restore this version" not in page
    response = officer.post(
        f"/assets/{hall['asset_id']}/history/2/restore", data={"expected_version": "2"}, follow_redirects=True
    )
    assert "there is nothing to restore" in response.get_data(as_text=True)


def test_a_version_in_another_authority_is_not_restored_by_this_officer(app: Flask, people: Cast) -> None:
    with app.app_context():
        db.session.info["actor_id"] = people.ids["admin"]
        asset = factories.make_asset(name_en="Moved Hall", la_code=NEWPORT, ward_code=None)
        _edit(asset.asset_id, people.ids["admin"], la_code=CARDIFF, ward_code=CATHAYS)
        asset_id = asset.asset_id
        db.session.remove()
    officer = _officer(app, people)
    response = _press_restore(officer, _open_restore(officer, asset_id, 1))
    assert "another local authority" in response.get_data(as_text=True)
    with app.app_context():
        asset = db.session.get(Asset, asset_id)
        assert asset is not None
        assert asset.la_code == CARDIFF


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/assets/999999/history", 404, "We could not find that page"),
        ("/assets/{id}/history/99/restore", 404, "This record has no version 99"),
        ("/assets/{id}/history/0/restore", 404, "This record has no version 0"),
        ("/assets/{id}/history/compare?a=99&b=1", 400, "There is a problem"),
        ("/assets/{id}/history/compare?a=abc&b=", 400, "There is a problem"),
        ("/assets/{id}/history/compare", 400, "There is a problem"),
    ],
)
def test_unknown_records_and_versions_get_a_clear_answer(
    app: Flask, people: Cast, hall: dict[str, object], path: str, status: int, message: str
) -> None:
    response = _officer(app, people).get(path.format(id=hall["asset_id"]))
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_a_restore_without_the_version_seen_is_not_applied(app: Flask, people: Cast, hall: dict[str, object]) -> None:
    officer = _officer(app, people)
    for data in ({}, {"expected_version": "x"}, {"expected_version": "9" * 30}):
        response = officer.post(f"/assets/{hall['asset_id']}/history/1/restore", data=data, follow_redirects=True)
        assert response.status_code == 200
        assert "That restore was not understood" in response.get_data(as_text=True)
    with app.app_context():
        asset = db.session.get(Asset, hall["asset_id"])
        assert asset is not None
        assert asset.version == 2


def test_another_authoritys_officer_is_refused(app: Flask, people: Cast, hall: dict[str, object]) -> None:
    newport = _officer(app, people, "officer_newport")
    base = f"/assets/{hall['asset_id']}/history"
    assert newport.get(base).status_code == 403
    assert newport.get(f"{base}/compare?a=1&b=2").status_code == 403
    assert newport.get(f"{base}/1/restore").status_code == 403
    assert newport.post(f"{base}/1/restore", data={"expected_version": "2"}).status_code == 403


def test_hostile_text_is_escaped_everywhere(app: Flask, people: Cast) -> None:
    hostile = '<script>alert("x")</script>'
    with app.app_context():
        asset = factories.make_asset(name_en="Plain Hall")
        _edit(asset.asset_id, people.ids["officer_cardiff"], name_en=hostile, address=hostile)
        asset_id = asset.asset_id
        db.session.remove()
    officer = _officer(app, people)
    for url in (f"/assets/{asset_id}/history", f"/assets/{asset_id}/history/compare?a=1&b=2"):
        page = _text(officer, url)
        assert hostile not in page
        assert "&lt;script&gt;" in page
    page = _text(officer, f"/assets/{asset_id}/history/1/restore")
    assert hostile not in page


def test_restoring_only_themes_still_makes_a_new_version(app: Flask, people: Cast) -> None:
    with app.app_context():
        music = factories.make_theme()
        asset = factories.make_asset(name_en="Theme Hall")
        _edit(asset.asset_id, people.ids["officer_cardiff"], name_en="Renamed Hall", themes=[music])
        _edit(asset.asset_id, people.ids["officer_cardiff"], name_en="Theme Hall")
        asset_id, version = asset.asset_id, asset.version
        db.session.remove()
    officer = _officer(app, people)
    page = _open_restore(officer, asset_id, 1)
    assert "Music" in page.get_data(as_text=True)
    assert "Name in English" not in page.get_data(as_text=True)
    _press_restore(officer, page)
    with app.app_context():
        asset = db.session.get(Asset, asset_id)
        assert asset is not None
        assert (asset.version, asset.themes) == (version + 1, [])
        entry = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.audit_id.desc())).first()
        assert entry is not None
        assert (entry.entity_version, entry.changes) == (version + 1, {"themes": [["music"], []]})
