"""Venues and groups speak for themselves: a person asks to manage a record, an officer of its authority
decides, and the manager then keeps its offers and proposes changes that still go through review."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import Asset
from abcd.changes.models import ChangeRequest, ChangeStatus
from abcd.extensions import db
from abcd.managers.models import AssetManager, ClaimStatus
from abcd.models_base import Visibility
from abcd.notices.models import Notice
from abcd.partners.models import OfferCategory, OfferDirection, VenueOffer
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, Cast
from tests.rendered_forms import FormError, rendered_forms, submit

CLAIM = {"shown_name": "Rhian Davies", "role": "Programme manager", "contact": "rhian@llanover.example"}


@dataclass(frozen=True)
class Venue:
    asset_id: int
    offer_id: int


@pytest.fixture
def venue(app: Flask, people: Cast) -> Venue:
    with app.app_context():
        asset = factories.make_asset(name_en="Llanover Hall Arts Centre", la_code=CARDIFF)
        offer = VenueOffer(
            asset_id=asset.asset_id, direction=OfferDirection.OFFERS, category=OfferCategory.SPACE,
            description_en="A dance studio",
        )  # fmt: skip
        db.session.add(offer)
        db.session.commit()
        found = Venue(asset.asset_id, offer.venue_offer_id)
        db.session.remove()
    return found


def _as(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    login(client, email)
    return client


def _claim(app: Flask, client: FlaskClient, asset_id: int, audience: str = "public") -> int:
    page = client.get(f"/assets/{asset_id}")
    assert "Ask to manage this" in page.get_data(as_text=True)
    response = submit(
        client, client.get(f"/managers/assets/{asset_id}/claim"), button="Send request",
        fill={**CLAIM, "visibility": audience},
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        newest = (
            sa.select(AssetManager).where(AssetManager.asset_id == asset_id).order_by(AssetManager.manager_id.desc())
        )
        claim = db.session.scalars(newest).first()
        assert claim is not None
        assert claim.status is ClaimStatus.PENDING
        return claim.manager_id


def _approve(officer: FlaskClient, manager_id: int) -> None:
    response = submit(officer, officer.get(f"/managers/claims/{manager_id}"), form="#decision-form", button="Approve")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def _notices(app: Flask, user_id: int) -> list[str]:
    with app.app_context():
        return [f"{n.subject} {n.body}" for n in db.session.scalars(sa.select(Notice).where(Notice.user_id == user_id))]


def test_claim_approved_manager_keeps_offers_and_proposes_changes_through_review(
    app: Flask, people: Cast, venue: Venue
) -> None:
    resident = _as(app, people.resident)
    manager_id = _claim(app, resident, venue.asset_id)
    officer = _as(app, people.officer_cardiff)
    home = officer.get("/officer/").get_data(as_text=True)
    assert "1 request to manage a record is waiting." in home
    queue = officer.get("/managers/claims").get_data(as_text=True)
    assert "Llanover Hall Arts Centre" in queue
    assert "Programme manager" in queue
    decision = officer.get(f"/managers/claims/{manager_id}").get_data(as_text=True)
    assert "rhian@llanover.example" in decision  # officers see the contact to check with
    _approve(officer, manager_id)
    assert any("You now manage “Llanover Hall Arts Centre”" in n for n in _notices(app, people.ids["resident"]))

    # The manager keeps its offers and needs: add one, change the existing one.
    page = resident.get(f"/partners/assets/{venue.asset_id}/offers")
    response = submit(
        resident, page, button="Add",
        fill={"direction": "seeks", "category": "expertise", "description_en": "Musicians for Saturday sessions"},
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    edit = resident.get(f"/partners/offers/{venue.offer_id}/edit")
    assert submit(resident, edit, button="Save", fill={"description_en": "A sprung-floor studio"}).status_code == 302
    with app.app_context():
        descriptions = set(db.session.scalars(sa.select(VenueOffer.description_en)))
    assert descriptions == {"Musicians for Saturday sessions", "A sprung-floor studio"}

    # A change to the record itself is a proposal: nobody sees it until an officer approves.
    detail = resident.get(f"/assets/{venue.asset_id}").get_data(as_text=True)
    assert "Suggest a change to its record" in detail
    form_page = resident.get(f"/managers/assets/{venue.asset_id}/edit")
    assert 'name="status"' not in form_page.get_data(as_text=True)
    response = submit(resident, form_page, button="Save", fill={"description_en": "Arts centre in Canton, open daily"})
    assert response.status_code == 302, response.get_data(as_text=True).split("<main")[1][:3000]
    with app.app_context():
        asset = db.session.get(Asset, venue.asset_id)
        assert asset is not None
        assert asset.description_en is None  # not published directly
        change = db.session.scalar(sa.select(ChangeRequest).where(ChangeRequest.asset_id == venue.asset_id))
        assert change is not None
        assert change.status is ChangeStatus.PENDING
        assert change.channel_ref == f"manager:{manager_id}"
        assert change.proposed["description_en"] == "Arts centre in Canton, open daily"
        change_id = change.change_id
    assert "Arts centre in Canton" not in app.test_client().get(f"/assets/{venue.asset_id}").get_data(as_text=True)
    response = submit(officer, officer.get(f"/review/{change_id}"), form="#approve-form", button="Approve all")
    assert response.status_code == 302
    assert "Arts centre in Canton, open daily" in app.test_client().get(f"/assets/{venue.asset_id}").get_data(
        as_text=True
    )


def test_declined_claim_needs_a_reason_which_the_claimant_is_sent(app: Flask, people: Cast, venue: Venue) -> None:
    resident = _as(app, people.resident)
    manager_id = _claim(app, resident, venue.asset_id)
    officer = _as(app, people.officer_cardiff)
    page = officer.get(f"/managers/claims/{manager_id}")
    refused = submit(officer, page, form="#decision-form", button="Decline", fill={"reason": "  "})
    assert refused.status_code == 200
    assert "Give a reason: the person is sent it." in refused.get_data(as_text=True)
    response = submit(
        officer, page, form="#decision-form", button="Decline", fill={"reason": "We could not reach the venue."}
    )
    assert response.status_code == 302
    assert any("We could not reach the venue." in n for n in _notices(app, people.ids["resident"]))
    mine = resident.get("/managers/mine").get_data(as_text=True)
    assert "Not approved" in mine
    assert "We could not reach the venue." in mine
    assert resident.post(f"/partners/assets/{venue.asset_id}/offers", data={"direction": "offers"}).status_code == 403
    assert resident.get(f"/managers/assets/{venue.asset_id}/edit").status_code == 403


def test_officer_of_another_authority_cannot_decide(app: Flask, people: Cast, venue: Venue) -> None:
    manager_id = _claim(app, _as(app, people.resident), venue.asset_id)
    newport = _as(app, people.officer_newport)
    assert "Llanover Hall" not in newport.get("/managers/claims").get_data(as_text=True)
    assert newport.get(f"/managers/claims/{manager_id}").status_code == 403
    assert newport.post(f"/managers/claims/{manager_id}", data={"decision": "approve"}).status_code == 403
    with app.app_context():
        claim = db.session.get(AssetManager, manager_id)
        assert claim is not None
        assert claim.status is ClaimStatus.PENDING
    _approve(_as(app, people.admin), manager_id)  # an admin acts for every authority
    with app.app_context():
        claim = db.session.get(AssetManager, manager_id)
        assert claim is not None
        assert claim.status is ClaimStatus.APPROVED


def test_non_manager_cannot_keep_offers(app: Flask, people: Cast, venue: Venue) -> None:
    resident = _as(app, people.resident)
    page = resident.get(f"/partners/assets/{venue.asset_id}/offers")
    assert "A dance studio" in page.get_data(as_text=True)
    with pytest.raises(FormError):
        submit(resident, page, button="Add")  # the page renders no form to add with
    _claim(app, resident, venue.asset_id)  # waiting for an officer is not managing
    post = {"direction": "offers", "category": "space", "description_en": "Forged"}
    assert resident.post(f"/partners/assets/{venue.asset_id}/offers", data=post).status_code == 403
    assert resident.get(f"/partners/offers/{venue.offer_id}/edit").status_code == 403
    assert resident.post(f"/partners/offers/{venue.offer_id}/delete").status_code == 403
    with app.app_context():
        other = factories.make_asset(name_en="Other Hall")
        db.session.add(
            AssetManager(asset_id=other.asset_id, user_id=people.ids["resident"], la_code=CARDIFF,
                         status=ClaimStatus.APPROVED, shown_name="R", role="Caretaker", contact="r@example.org")
        )  # fmt: skip
        db.session.commit()
    # Managing another record gives no rights over this one.
    assert resident.post(f"/partners/offers/{venue.offer_id}/delete").status_code == 403
    with app.app_context():
        assert db.session.scalar(sa.select(VenueOffer.description_en)) == "A dance studio"


def _manager(asset_id: int, name: str, visibility: Visibility) -> None:
    user = factories.make_user(display_name=name)
    db.session.add(
        AssetManager(asset_id=asset_id, user_id=user.user_id, la_code=CARDIFF, status=ClaimStatus.APPROVED,
                     shown_name=name, role=f"{name}'s role", contact=f"{name}@example.org", visibility=visibility)
    )  # fmt: skip
    db.session.commit()


def test_managers_shown_only_at_their_chosen_audience(app: Flask, people: Cast, venue: Venue) -> None:
    with app.app_context():
        _manager(venue.asset_id, "Pub Lic", Visibility.PUBLIC)
        _manager(venue.asset_id, "Mem Ber", Visibility.MEMBERS)
        _manager(venue.asset_id, "Off Icer", Visibility.OFFICERS)
        unproven = factories.make_user(email="unproven@example.org", email_verified_at=None)
        assert unproven.email_verified_at is None
    seen = {
        "anyone": app.test_client(),
        "unproven": _as(app, "unproven@example.org"),
        "resident": _as(app, people.resident),
        "officer_newport": _as(app, people.officer_newport),
        "officer_cardiff": _as(app, people.officer_cardiff),
    }
    expected = {
        "anyone": {"Pub Lic"},
        "unproven": {"Pub Lic"},
        "resident": {"Pub Lic", "Mem Ber"},
        "officer_newport": {"Pub Lic", "Mem Ber"},
        "officer_cardiff": {"Pub Lic", "Mem Ber", "Off Icer"},
    }
    for who, client in seen.items():
        html = client.get(f"/assets/{venue.asset_id}").get_data(as_text=True)
        shown = {name for name in ("Pub Lic", "Mem Ber", "Off Icer") if name in html}
        assert shown == expected[who], who
        assert "Pub Lic@example.org" not in html  # contacts are for the officers' page only
    listing = seen["officer_cardiff"].get(f"/managers/assets/{venue.asset_id}").get_data(as_text=True)
    assert "Off Icer@example.org" in listing
    assert "Off Icer" not in seen["resident"].get(f"/managers/assets/{venue.asset_id}").get_data(as_text=True)


def test_stepping_down_and_removal_end_management(app: Flask, people: Cast, venue: Venue) -> None:
    resident = _as(app, people.resident)
    officer = _as(app, people.officer_cardiff)
    _approve(officer, _claim(app, resident, venue.asset_id))
    listing = officer.get(f"/managers/assets/{venue.asset_id}")
    refused = submit(officer, listing, button="Remove as manager", fill={"reason": ""}, follow_redirects=True)
    assert "Give a reason: the person is sent it." in refused.get_data(as_text=True)
    submit(officer, listing, button="Remove as manager", fill={"reason": "They left the venue."})
    assert any("They left the venue." in n for n in _notices(app, people.ids["resident"]))
    assert resident.get(f"/managers/assets/{venue.asset_id}/edit").status_code == 403
    assert "Rhian Davies" not in app.test_client().get(f"/assets/{venue.asset_id}").get_data(as_text=True)

    second = _claim(app, resident, venue.asset_id)  # asking again after removal is allowed
    _approve(officer, second)
    assert "Rhian Davies" in app.test_client().get(f"/assets/{venue.asset_id}").get_data(as_text=True)
    response = submit(resident, resident.get("/managers/mine"), button="Step down Llanover Hall Arts Centre")
    assert response.status_code == 302
    assert "Rhian Davies" not in app.test_client().get(f"/assets/{venue.asset_id}").get_data(as_text=True)
    post = {"direction": "offers", "category": "space"}
    assert resident.post(f"/partners/assets/{venue.asset_id}/offers", data=post).status_code == 403


def test_claim_form_explains_missing_answers(app: Flask, people: Cast, venue: Venue) -> None:
    resident = _as(app, people.resident)
    page = resident.get(f"/managers/assets/{venue.asset_id}/claim")
    options = next(c for c in rendered_forms(page)[-1].controls if c.name == "visibility").options
    assert [o.value for o in options] == ["officers", "members", "public"]
    assert options[0].selected  # most private first
    response = submit(resident, page, button="Send request", fill={"role": "", "contact": ""})
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Say what your role is there." in text
    assert "Give an email address or phone number." in text
    officer = _as(app, people.officer_cardiff)
    assert officer.get(f"/managers/assets/{venue.asset_id}/claim").status_code == 403  # they curate it already


def test_my_data_lists_requests_then_erasure_removes_them(app: Flask, people: Cast, venue: Venue) -> None:
    resident = _as(app, people.resident)
    _approve(_as(app, people.officer_cardiff), _claim(app, resident, venue.asset_id))
    assert "Rhian Davies" in app.test_client().get(f"/assets/{venue.asset_id}").get_data(as_text=True)
    page = resident.get("/people/me/data").get_data(as_text=True)
    assert "Records you manage or asked to manage" in page
    assert "rhian@llanover.example" in page
    assert "You manage it" in page
    held = json.loads(resident.get("/people/me/data.json").get_data(as_text=True))["manager_requests"]
    assert [(r["role"], r["status"], r["visibility"]) for r in held] == [("Programme manager", "approved", "public")]
    response = submit(
        resident, resident.get("/people/me/erase"), button="Erase everything", fill={"confirm_text": "ERASE"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AssetManager)) == 0
    assert "Rhian Davies" not in app.test_client().get(f"/assets/{venue.asset_id}").get_data(as_text=True)


def test_what_a_claimant_types_is_shown_as_text(app: Flask, people: Cast, venue: Venue) -> None:
    hostile = "<script>alert('x')</script>"
    resident = _as(app, people.resident)
    page = resident.get(f"/managers/assets/{venue.asset_id}/claim")
    response = submit(resident, page, button="Send request", fill={**CLAIM, "role": hostile})
    assert response.status_code == 302
    queue = _as(app, people.officer_cardiff).get("/managers/claims").get_data(as_text=True)
    assert hostile not in queue
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in queue
