"""Deciding one change: each item before and after, approval item by item, rejection with a reason the
submitter reads in their language, and every bad request answered with a message, never a 500."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import Asset, AssetKind, AssetStatus
from abcd.auth.models import Role
from abcd.changes.models import ChangeKind, ChangeRequest, ChangeStatus
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.notices.models import Notice
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, Cast
from tests.rendered_forms import rendered_form, submit
from tests.review.builders import make_change

HOSTILE = "<script>alert('x')</script> \u202e' OR 1=1 --"


def _as(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    login(client, email)
    return client


def _edit_of_published(app: Flask, people: Cast) -> tuple[int, int]:
    """An organiser's proposed edit of a published hall: (asset id, change id)."""
    with app.app_context():
        theme = factories.make_theme()
        asset = factories.make_asset(name_en="Old Name", description_en="Old words")
        proposed = {"name_en": "New Name", "description_en": "New words", "themes": [theme.theme_id]}
        return asset.asset_id, make_change(asset, people.ids["resident"], proposed).change_id


def _suggest_through_the_form(app: Flask, email: str, name: str) -> tuple[int, int]:
    """A resident suggests a record on the rendered /assets/new form: (asset id, change id)."""
    client = _as(app, email)
    fill = {"kind": "place", "name_en": name, "postcode": "cf24 0lz", "description_en": "Raised beds."}
    response = submit(client, client.get("/assets/new"), action="/assets/new", fill=fill)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        change = db.session.scalar(sa.select(ChangeRequest).join(Asset).where(Asset.name_en == name))
        assert change is not None
        assert change.asset_id is not None
        return change.asset_id, change.change_id


def test_detail_shows_each_item_before_and_after_as_names(app: Flask, people: Cast) -> None:
    _asset_id, change_id = _edit_of_published(app, people)
    text = _as(app, people.officer_cardiff).get(f"/review/{change_id}").get_data(as_text=True)
    for expected in ("Changed details", "Name in English", "Old Name", "New Name", "Themes", "Music", "Not set"):
        assert expected in text


def test_approving_selected_items_applies_only_those(app: Flask, people: Cast) -> None:
    asset_id, change_id = _edit_of_published(app, people)
    officer = _as(app, people.officer_cardiff)
    page = officer.get(f"/review/{change_id}")
    response = submit(officer, page, form="#approve-form", button="Approve selected", fill={"item": ["name_en"]})
    assert response.status_code == 302
    with app.app_context():
        asset = db.session.get(Asset, asset_id)
        change = db.session.get(ChangeRequest, change_id)
        assert asset is not None
        assert change is not None
        assert asset.name_en == "New Name"
        assert asset.description_en == "Old words"  # left out: untouched
        assert asset.themes == []
        assert change.status is ChangeStatus.PARTLY_APPROVED
        assert change.approved_fields == ["name_en"]


def test_approve_selected_with_nothing_ticked_is_a_message(app: Flask, people: Cast) -> None:
    asset_id, change_id = _edit_of_published(app, people)
    officer = _as(app, people.officer_cardiff)
    page = officer.get(f"/review/{change_id}")
    response = submit(
        officer, page, form="#approve-form", button="Approve selected", fill={"item": []}, follow_redirects=True
    )
    assert "Tick at least one item to approve, or reject the change." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Asset, asset_id).name_en == "Old Name"  # type: ignore[union-attr]


@pytest.mark.usefixtures("geodata")
def test_new_record_keeps_name_kind_and_place_and_clears_what_was_left_out(app: Flask, people: Cast) -> None:
    asset_id, change_id = _suggest_through_the_form(app, people.resident, "Raised Bed Garden")
    officer = _as(app, people.officer_cardiff)
    page = officer.get(f"/review/{change_id}")
    html = page.get_data(as_text=True)
    assert "Nothing yet: a new record" in html
    assert "CF24 0LZ · Adamsdown · Cardiff" in html  # the ward and authority by name, not code
    form = rendered_form(html, form="#approve-form")
    kept = {c.value for c in form.controls if c.name == "kept_item"}
    assert kept == {"name_en", "kind", "location"}
    assert all(c.disabled and c.checked for c in form.controls if c.name == "kept_item")
    assert {c.value for c in form.controls if c.name == "item"} == {"description_en"}

    submit(officer, page, form="#approve-form", button="Approve selected", fill={"item": []})
    with app.app_context():
        asset = db.session.get(Asset, asset_id)
        assert asset is not None
        assert asset.status is AssetStatus.PUBLISHED
        assert asset.name_en == "Raised Bed Garden"
        assert asset.ward_code is not None
        assert asset.la_code == CARDIFF
        assert asset.description_en is None
        assert db.session.get(ChangeRequest, change_id).status is ChangeStatus.PARTLY_APPROVED  # type: ignore[union-attr]


@pytest.mark.usefixtures("geodata")
def test_rejection_archives_the_suggestion_and_tells_a_welsh_speaker_in_welsh(app: Flask, people: Cast) -> None:
    with app.app_context():
        welsh = factories.make_user(Role.RESIDENT, email="cymraeg@example.org", locale="cy")
        welsh_id = welsh.user_id
    asset_id, change_id = _suggest_through_the_form(app, "cymraeg@example.org", "Gardd Gymunedol")
    officer = _as(app, people.officer_cardiff)
    page = officer.get(f"/review/{change_id}")
    response = submit(officer, page, form="#reject-form", fill={"reason": HOSTILE}, follow_redirects=True)
    assert "The change was rejected" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Asset, asset_id).status is AssetStatus.ARCHIVED  # type: ignore[union-attr]
        notice = db.session.scalar(sa.select(Notice).where(Notice.user_id == welsh_id))
        assert notice is not None
        assert notice.subject == "Ni dderbyniwyd eich awgrym am “Gardd Gymunedol”"
        assert HOSTILE.strip() in notice.body
    inbox = _as(app, "cymraeg@example.org").get("/notices/").get_data(as_text=True)
    assert "<script>alert" not in inbox
    assert "&lt;script&gt;alert" in inbox


def test_rejection_needs_a_reason(app: Flask, people: Cast) -> None:
    _asset_id, change_id = _edit_of_published(app, people)
    officer = _as(app, people.officer_cardiff)
    response = submit(officer, officer.get(f"/review/{change_id}"), form="#reject-form", fill={"reason": "   "})
    assert response.status_code == 200
    assert "Give a reason, so the person who suggested it knows why." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(ChangeRequest, change_id).status is ChangeStatus.PENDING  # type: ignore[union-attr]


def test_a_change_decided_meanwhile_is_a_clear_message(app: Flask, people: Cast) -> None:
    asset_id, change_id = _edit_of_published(app, people)
    officer, admin = _as(app, people.officer_cardiff), _as(app, people.admin)
    page = officer.get(f"/review/{change_id}")
    submit(admin, admin.get(f"/review/{change_id}"), form="#reject-form", fill={"reason": "Duplicate"})

    response = submit(officer, page, form="#approve-form", button="Approve all", follow_redirects=True)
    assert response.status_code == 200
    assert "This change has already been decided." in response.get_data(as_text=True)
    again = submit(officer, page, form="#reject-form", fill={"reason": "Late"}, follow_redirects=True)
    assert "This change has already been decided." in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Asset, asset_id).name_en == "Old Name"  # type: ignore[union-attr]
        assert db.session.get(ChangeRequest, change_id).reason == "Duplicate"  # type: ignore[union-attr]
    decided_page = officer.get(f"/review/{change_id}").get_data(as_text=True)
    assert "Not accepted" in decided_page
    assert "Duplicate" in decided_page
    assert 'id="reject-form"' not in decided_page


def test_another_authoritys_officer_may_neither_see_nor_decide(app: Flask, people: Cast) -> None:
    _asset_id, change_id = _edit_of_published(app, people)
    page = _as(app, people.officer_cardiff).get(f"/review/{change_id}")
    newport = _as(app, people.officer_newport)
    assert newport.get(f"/review/{change_id}").status_code == 403
    assert submit(newport, page, form="#approve-form", button="Approve all").status_code == 403
    assert submit(newport, page, form="#reject-form", fill={"reason": "Mine now"}).status_code == 403
    with app.app_context():
        assert db.session.get(ChangeRequest, change_id).status is ChangeStatus.PENDING  # type: ignore[union-attr]


def test_unknown_changes_are_not_found(app: Flask, people: Cast) -> None:
    officer = _as(app, people.officer_cardiff)
    assert officer.get("/review/424242").status_code == 404
    assert officer.post("/review/424242/approve").status_code == 404
    assert officer.get("/review/not-a-number").status_code == 404


def _proposed_link(app: Flask, people: Cast) -> tuple[int, int, int]:
    """A resident's proposal that Cathays Choir meets at Chapel Hall: (choir id, hall id, change id)."""
    with app.app_context():
        choir = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Cathays Choir")
        hall = factories.make_asset(name_en="Chapel Hall")
        proposed = {"link_type": "meets_at", "source_asset_id": choir.asset_id, "target_asset_id": hall.asset_id}
        change = make_change(None, people.ids["resident"], proposed, kind=ChangeKind.LINK, la_code=CARDIFF)
        return choir.asset_id, hall.asset_id, change.change_id


def test_a_proposed_link_shows_both_ends_and_approving_makes_it(app: Flask, people: Cast) -> None:
    _choir_id, _hall_id, change_id = _proposed_link(app, people)
    officer = _as(app, people.officer_cardiff)
    page = officer.get(f"/review/{change_id}")
    text = page.get_data(as_text=True)
    assert "Cathays Choir" in text
    assert "meets at" in text
    assert "Chapel Hall" in text
    submit(officer, page, form="#approve-form", button="Approve the link")
    with app.app_context():
        link = db.session.scalar(sa.select(Link))
        assert link is not None
        assert link.link_type is LinkType.MEETS_AT
        assert db.session.get(ChangeRequest, change_id).status is ChangeStatus.APPROVED  # type: ignore[union-attr]


def test_approving_a_link_made_meanwhile_says_it_already_exists(app: Flask, people: Cast) -> None:
    choir_id, hall_id, change_id = _proposed_link(app, people)
    with app.app_context():
        db.session.add(Link(link_type=LinkType.MEETS_AT, source_asset_id=choir_id, target_asset_id=hall_id))
        db.session.commit()
    officer = _as(app, people.officer_cardiff)
    page = officer.get(f"/review/{change_id}")
    answer = submit(officer, page, form="#approve-form", button="Approve the link", follow_redirects=True)
    text = answer.get_data(as_text=True)
    assert "These two are already linked in that way." in text
    assert "You do not have permission" not in text
    with app.app_context():
        assert db.session.get(ChangeRequest, change_id).status is ChangeStatus.PENDING  # type: ignore[union-attr]
