"""The moderation queue: every suggestion reaches its own authority's officers, filtered and approved in batches."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.areas.models import Ward
from abcd.assets.models import Asset, AssetKind, AssetStatus
from abcd.changes.models import ChangeKind, ChangeRequest, ChangeStatus
from abcd.extensions import db
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, CATHAYS, NEWPORT, Cast
from tests.rendered_forms import rendered_form, submit
from tests.review.builders import make_change


def _as(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    login(client, email)
    return client


def _suggest(app: Flask, people: Cast, name: str, **fields: object) -> int:
    """A resident's suggestion of a new record, waiting for review; returns the change id."""
    with app.app_context():
        asset = factories.make_asset(
            name_en=name, status=AssetStatus.PENDING, created_by_id=people.ids["resident"], **fields
        )
        proposed = {"name_en": name, "kind": asset.kind.value, "la_code": asset.la_code, "ward_code": asset.ward_code}
        return make_change(asset, people.ids["resident"], proposed, kind=ChangeKind.NEW).change_id


@pytest.mark.usefixtures("geodata")
def test_resident_suggestion_from_the_rendered_form_reaches_only_its_authoritys_queue(app: Flask, people: Cast) -> None:
    resident = _as(app, people.resident)
    page = resident.get("/assets/new")
    fill = {"kind": "place", "name_en": "Queue Garden", "postcode": "cf24 0lz", "description_en": "Raised beds."}
    response = submit(resident, page, action="/assets/new", fill=fill, follow_redirects=True)
    assert "An officer will review your suggestion" in response.get_data(as_text=True)

    cardiff = _as(app, people.officer_cardiff).get("/review/").get_data(as_text=True)
    assert "Queue Garden" in cardiff
    assert "New record" in cardiff
    assert "Test User" in cardiff  # who sent it
    assert "Name in English" in cardiff  # which items it touches
    assert "Queue Garden" not in _as(app, people.officer_newport).get("/review/").get_data(as_text=True)
    assert "Queue Garden" in _as(app, people.admin).get("/review/").get_data(as_text=True)


@pytest.mark.usefixtures("geodata")
def test_queue_filters_by_ward_kind_and_age_through_the_rendered_form(app: Flask, people: Cast) -> None:
    with app.app_context():
        other_ward = db.session.scalar(
            sa.select(Ward.code).where(Ward.la_code == CARDIFF, Ward.code != CATHAYS).order_by(Ward.code)
        )
    _suggest(app, people, "Cathays Hall", ward_code=CATHAYS)
    _suggest(app, people, "Elsewhere Choir", ward_code=other_ward, kind=AssetKind.ASSOCIATION)
    with app.app_context():
        old = factories.make_asset(name_en="Old Library", ward_code=other_ward)
        make_change(old, people.ids["resident"], {"description_en": "Open late"}, days_old=10)

    officer = _as(app, people.officer_cardiff)
    page = officer.get("/review/")
    assert "3 changes waiting" in page.get_data(as_text=True)

    by_ward = submit(officer, page, button="Apply filters", fill={"ward": CATHAYS}).get_data(as_text=True)
    assert "Cathays Hall" in by_ward
    assert "Elsewhere Choir" not in by_ward

    by_kind = submit(officer, page, button="Apply filters", fill={"kind": "association"}).get_data(as_text=True)
    assert "Elsewhere Choir" in by_kind
    assert "Cathays Hall" not in by_kind

    by_age = submit(officer, page, button="Apply filters", fill={"age": "7"}).get_data(as_text=True)
    assert "Old Library" in by_age
    assert "Cathays Hall" not in by_age
    assert "1 change waiting" in by_age


def test_queue_ignores_malformed_filters(app: Flask, people: Cast) -> None:
    _suggest(app, people, "Sturdy Hall")
    officer = _as(app, people.officer_cardiff)
    response = officer.get("/review/?ward=%00%3Cscript%3E&kind=nonsense&age=99999999999999999999")
    assert response.status_code == 200
    assert "Sturdy Hall" in response.get_data(as_text=True)


def test_batch_approve_publishes_the_ticked_suggestions_only(app: Flask, people: Cast) -> None:
    first = _suggest(app, people, "Batch One")
    second = _suggest(app, people, "Batch Two")
    _suggest(app, people, "Batch Left")
    officer = _as(app, people.officer_cardiff)
    page = officer.get("/review/")
    response = submit(
        officer, page, button="Approve selected", fill={"change_id": [str(first), str(second)]}, follow_redirects=True
    )
    text = response.get_data(as_text=True)
    assert "2 changes approved." in text
    assert "Batch Left" in text  # still waiting
    assert "Batch One" not in text
    with app.app_context():
        statuses = dict(db.session.execute(sa.select(Asset.name_en, Asset.status)).all())
    assert statuses["Batch One"] is AssetStatus.PUBLISHED
    assert statuses["Batch Two"] is AssetStatus.PUBLISHED
    assert statuses["Batch Left"] is AssetStatus.PENDING


def test_batch_approve_reports_each_bad_row_and_approves_the_rest(app: Flask, people: Cast) -> None:
    good = _suggest(app, people, "Good Row")
    decided = _suggest(app, people, "Decided Row")
    with app.app_context():
        newport_hall = factories.make_asset(la_code=NEWPORT, name_en="Newport Hall")
        newport_id = newport_hall.asset_id
        theirs = make_change(newport_hall, people.ids["resident"], {"website": "https://example.org"}).change_id
    officer = _as(app, people.officer_cardiff)
    page = officer.get("/review/")
    admin = _as(app, people.admin)
    submit(admin, admin.get(f"/review/{decided}"), form="#approve-form", button="Approve all")  # decided meanwhile

    forged = [str(good), str(decided), str(theirs), "999999", "not-a-number"]
    response = submit(officer, page, button="Approve selected", forge={"change_id": forged}, follow_redirects=True)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "1 change approved." in text
    assert f"Change {decided}: This change has already been decided." in text
    assert f"Change {theirs}: This change belongs to another authority" in text
    assert "Change 999999: There is no such change." in text
    with app.app_context():
        assert db.session.get(ChangeRequest, good).status is ChangeStatus.APPROVED  # type: ignore[union-attr]
        assert db.session.get(ChangeRequest, theirs).status is ChangeStatus.PENDING  # type: ignore[union-attr]
        assert db.session.get(Asset, newport_id).website is None  # type: ignore[union-attr]


def test_batch_approve_with_nothing_ticked_says_so(app: Flask, people: Cast) -> None:
    _suggest(app, people, "Untouched Hall")
    officer = _as(app, people.officer_cardiff)
    response = submit(officer, officer.get("/review/"), button="Approve selected", follow_redirects=True)
    assert "Tick at least one change to approve." in response.get_data(as_text=True)


def test_queue_rows_each_have_a_labelled_checkbox(app: Flask, people: Cast) -> None:
    change_id = _suggest(app, people, "Labelled Hall")
    officer = _as(app, people.officer_cardiff)
    html = officer.get("/review/").get_data(as_text=True)
    form = rendered_form(html, button="Approve selected")
    assert [c.value for c in form.controls if c.name == "change_id"] == [str(change_id)]
    assert f'<label for="change-{change_id}"' in html


def test_a_proposed_link_reads_as_its_two_records_and_how_they_link(app: Flask, people: Cast) -> None:
    with app.app_context():
        group = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Splott Singers")
        hall = factories.make_asset(name_en="Splott Hall")
        proposed = {"link_type": "meets_at", "source_asset_id": group.asset_id, "target_asset_id": hall.asset_id}
        make_change(group, people.ids["resident"], proposed, kind=ChangeKind.LINK)
    html = _as(app, people.officer_cardiff).get("/review/").get_data(as_text=True)
    assert "Splott Singers ↔ Splott Hall" in html
    assert "meets at" in html
