"""Turning an ordinary group into a special-category group hides every membership its member has not
explicitly agreed to show: from everyone but the member and officers of the member's authority, on every
channel; the member is asked in their own language and answers on one page; removing the category later
never republishes a hidden membership."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext
from markupsafe import escape

from abcd.assets.models import AssetKind, SpecialCategory
from abcd.auth.models import Role
from abcd.extensions import db
from abcd.groups import services as groups
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility
from abcd.partners.models import OfferCategory, OfferDirection, VenueOffer
from abcd.people.models import ConsentRecord, LawfulBasis, Person
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, CATHAYS, Cast
from tests.rendered_forms import rendered_fields, submit

GROUP, GROUP_CY, VENUE = "Harmony Circle", "Cylch Harmoni", "Canton Arts Hall"
WAITING = "Your consent is needed"


# --- the scene --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scene:
    cast: Cast
    group_id: int
    venue_id: int
    member_id: int  # Aled, English, a Cardiff resident (the cast's resident)
    welsh_id: int  # Bethan, who reads in Welsh
    welsh_email: str
    other_email: str  # a resident with no part in this


@pytest.fixture
def scene(app: Flask, people: Cast) -> Scene:
    """An ordinary Cardiff group, two members shown to everyone, and a venue Aled uses (so partner results
    find the group through him)."""
    with app.test_request_context():
        skill = factories.make_skill("Harmonica")
        group = factories.make_asset(name_en=GROUP, name_cy=GROUP_CY, kind=AssetKind.ASSOCIATION, la_code=CARDIFF)
        venue = factories.make_asset(name_en=VENUE, la_code=CARDIFF)
        db.session.add(
            VenueOffer(asset_id=venue.asset_id, direction=OfferDirection.OFFERS, category=OfferCategory.SPACE)
        )
        aled = factories.make_person(
            Visibility.PUBLIC, [skill], display_name="Aled Member", ward_code=CATHAYS, user_id=people.ids["resident"]
        )
        welsh_user = factories.make_user(Role.RESIDENT, email="bethan@example.org", locale="cy")
        bethan = factories.make_person(Visibility.PUBLIC, display_name="Bethan Aelod", user_id=welsh_user.user_id)
        factories.make_user(Role.RESIDENT, email="other@example.org")
        for person in (aled, bethan):
            groups.join(person, group, Visibility.PUBLIC, False, None)
        db.session.add(
            Link(link_type=LinkType.USES, source_person_id=aled.person_id, target_asset_id=venue.asset_id,
                 visibility=Visibility.PUBLIC)
        )  # fmt: skip
        db.session.commit()
        ids = group.asset_id, venue.asset_id, aled.person_id, bethan.person_id
        db.session.remove()
    return Scene(people, *ids, welsh_email="bethan@example.org", other_email="other@example.org")


def _as(app: Flask, email: str | None) -> FlaskClient:
    client = app.test_client()
    if email is not None:
        login(client, email)
    return client


def _switch_on_by_form(app: Flask, scene: Scene, category: str = "religion") -> None:
    officer = _as(app, scene.cast.officer_cardiff)
    action = f"/assets/{scene.group_id}/edit"
    response = submit(officer, officer.get(action), action=action, fill={"special_category": category})
    assert response.status_code == 302, response.get_data(as_text=True).split("<main")[-1][:3000]


# --- what each channel shows ------------------------------------------------------------------------


def _group_page(client: FlaskClient, scene: Scene) -> str:
    return client.get(f"/groups/{scene.group_id}").get_data(as_text=True)


def _person_page(client: FlaskClient, scene: Scene) -> str:
    response = client.get(f"/people/{scene.member_id}")
    assert response.status_code == 200  # the name stays public: only the membership is hidden
    return response.get_data(as_text=True)


def _network_edge(client: FlaskClient, scene: Scene) -> bool:
    payload = json.loads(client.get(f"/network/graph.json?focus=asset:{scene.group_id}").get_data(as_text=True))
    member = f"person:{scene.member_id}"
    return any(member in edge and f"asset:{scene.group_id}" in edge for edge in payload["edges"])


def _partner_results(client: FlaskClient, scene: Scene) -> str:
    return client.get(f"/partners/assets/{scene.venue_id}/partners").get_data(as_text=True)


def _export_groups(client: FlaskClient) -> str:
    rows = list(csv.DictReader(io.StringIO(client.get("/people/export.csv").get_data(as_text=True))))
    (aled,) = [row for row in rows if row["name"] == "Aled Member"]
    return aled["groups"]


def test_before_the_switch_the_membership_shows_on_every_channel(app: Flask, scene: Scene) -> None:
    """The baseline the other tests take away from: each channel really does show this membership."""
    resident = _as(app, scene.other_email)
    assert "Aled Member" in _group_page(_as(app, None), scene)
    assert GROUP in _person_page(_as(app, None), scene)
    assert _network_edge(resident, scene)
    assert GROUP in _partner_results(resident, scene)
    assert _export_groups(_as(app, scene.cast.officer_newport)) == GROUP


def test_switch_by_the_edit_form_hides_unconsented_memberships_from_everyone_else(app: Flask, scene: Scene) -> None:
    _switch_on_by_form(app, scene)
    anonymous, resident = _as(app, None), _as(app, scene.other_email)
    newport = _as(app, scene.cast.officer_newport)
    for client in (anonymous, resident, newport):
        page = _group_page(client, scene)
        assert "Aled Member" not in page
        assert "Bethan Aelod" not in page
        assert GROUP not in _person_page(client, scene)
    for client in (resident, newport):
        assert not _network_edge(client, scene)
        assert GROUP not in _partner_results(client, scene)
    assert GROUP not in _export_groups(newport)
    # Officers of the member's authority still see it, on pages and in their export; so does an admin.
    for email in (scene.cast.officer_cardiff, scene.cast.admin):
        officer = _as(app, email)
        assert "Aled Member" in _group_page(officer, scene)
        assert GROUP in _person_page(officer, scene)
        assert _export_groups(officer) == GROUP
    # The member sees their own membership everywhere, and is told their consent is needed.
    member = _as(app, scene.cast.resident)
    assert "Aled Member" in _group_page(member, scene)
    assert GROUP in _person_page(member, scene)
    assert _network_edge(member, scene)
    home = member.get("/").get_data(as_text=True)
    assert WAITING in home
    assert "/people/me/consent/groups" in home
    assert WAITING not in resident.get("/").get_data(as_text=True)


def test_the_network_keeps_a_waiting_membership_for_the_member_and_their_councils_officers(
    app: Flask, scene: Scene
) -> None:
    """One graph serves officers of every authority; its person nodes carry their authority, so the
    membership reaches Cardiff's officers (the member's council) and not Newport's."""
    with app.test_request_context():
        group = db.session.get(factories.Asset, scene.group_id)
        assert group is not None
        group.special_category = SpecialCategory.HEALTH
        hidden = groups.hide_unconsented_memberships(group, None)
        db.session.commit()
        assert {link.source_person_id for link in hidden} == {scene.member_id, scene.welsh_id}
        assert {link.visibility for link in hidden} == {Visibility.OFFICERS}
    assert _network_edge(_as(app, scene.cast.officer_cardiff), scene)
    assert not _network_edge(_as(app, scene.cast.officer_newport), scene)
    assert _network_edge(_as(app, scene.cast.resident), scene)


def test_member_consents_on_the_page_and_chooses_who_sees_it(app: Flask, scene: Scene) -> None:
    _switch_on_by_form(app, scene)
    member = _as(app, scene.cast.resident)
    page = member.get("/people/me/consent/groups")
    html = page.get_data(as_text=True)
    assert "I explicitly agree to be shown as a member of Harmony Circle" in html
    assert "Religion or belief" in html
    with app.app_context():
        link_id = db.session.scalar(  # the membership, not the venue Aled uses: row order is the database's
            sa.select(Link.link_id).where(
                Link.source_person_id == scene.member_id, Link.target_asset_id == scene.group_id
            )
        )
    action = f"/people/me/consent/groups/{link_id}"
    assert rendered_fields(page, action=action)[f"link-{link_id}-visibility"] == ["private"]  # most private first
    # Without the tick nothing is recorded and the page says why.
    refused = submit(member, page, action=action, fill={f"link-{link_id}-visibility": "members"})
    assert "Tick the box to give your explicit consent" in refused.get_data(as_text=True)
    assert "Aled Member" not in _group_page(_as(app, scene.other_email), scene)
    given = submit(
        member, page, action=action,
        fill={f"link-{link_id}-visibility": "members", f"link-{link_id}-explicit_consent": True},
    )  # fmt: skip
    assert given.status_code == 302
    with app.app_context():
        record = db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.link_id == link_id)).one()
        assert record.lawful_basis is LawfulBasis.EXPLICIT_CONSENT
        assert "Harmony Circle" in record.wording
    # Shown now to signed-in members, whichever authority; still not to the public.
    assert "Aled Member" in _group_page(_as(app, scene.other_email), scene)
    assert "Aled Member" in _group_page(_as(app, scene.cast.officer_newport), scene)
    assert _network_edge(_as(app, scene.other_email), scene)
    assert "Aled Member" not in _group_page(_as(app, None), scene)
    assert WAITING not in member.get("/").get_data(as_text=True)
    assert "No group is waiting for your consent." in member.get("/people/me/consent/groups").get_data(as_text=True)


def test_member_may_leave_instead_of_consenting(app: Flask, scene: Scene) -> None:
    _switch_on_by_form(app, scene)
    member = _as(app, scene.cast.resident)
    page = member.get("/people/me/consent/groups")
    with app.app_context():
        link_id = db.session.scalar(  # the membership, not the venue Aled uses: row order is the database's
            sa.select(Link.link_id).where(
                Link.source_person_id == scene.member_id, Link.target_asset_id == scene.group_id
            )
        )
    submit(member, page, action=f"/people/me/consent/groups/{link_id}/leave")
    with app.app_context():
        assert db.session.get(Link, link_id) is None
    assert "Aled Member" not in _group_page(_as(app, scene.cast.officer_cardiff), scene)


def test_someone_elses_waiting_membership_cannot_be_consented_to(app: Flask, scene: Scene) -> None:
    _switch_on_by_form(app, scene)
    with app.app_context():
        bethans = db.session.scalar(sa.select(Link.link_id).where(Link.source_person_id == scene.welsh_id))
    member = _as(app, scene.cast.resident)
    response = member.post(f"/people/me/consent/groups/{bethans}", data={f"link-{bethans}-explicit_consent": "y"})
    assert response.status_code == 404
    assert member.post(f"/people/me/consent/groups/{bethans}/leave").status_code == 404


def test_removing_the_category_never_republishes_a_hidden_membership(app: Flask, scene: Scene) -> None:
    _switch_on_by_form(app, scene)
    _switch_on_by_form(app, scene, category="")  # the officer removes the category again
    resident = _as(app, scene.other_email)
    for client in (_as(app, None), resident):
        assert "Aled Member" not in _group_page(client, scene)
        assert GROUP not in _person_page(client, scene)
    assert not _network_edge(resident, scene)
    assert GROUP not in _partner_results(resident, scene)
    assert "Aled Member" in _group_page(_as(app, scene.cast.officer_cardiff), scene)


def test_the_member_is_asked_in_their_own_language(app: Flask, scene: Scene) -> None:
    _switch_on_by_form(app, scene)  # the officer works in English
    welsh = _as(app, scene.welsh_email).get("/notices/?lang=cy").get_data(as_text=True)
    assert "Rwy&#39;n rhoi fy nghaniatâd datganedig i gael fy nangos fel aelod o&#39;r grŵp Cylch Harmoni" in welsh
    assert "Crefydd neu gred" in welsh
    assert "I explicitly agree" not in welsh
    with app.test_request_context(), force_locale("cy"):  # her words, whatever the officer's language
        assert str(escape(gettext("Your membership of %(group)s needs your consent", group=GROUP_CY))) in welsh
    english = _as(app, scene.cast.resident).get("/notices/").get_data(as_text=True)
    assert '<a href="/people/me/consent/groups">Your membership of Harmony Circle needs your consent</a>' in english
    assert "I explicitly agree to be shown as a member of Harmony Circle" in english
    # The page itself, in Welsh, carries the same Welsh words she would agree to.
    page = _as(app, scene.welsh_email).get("/people/me/consent/groups").get_data(as_text=True)
    assert "Cylch Harmoni" in page
    assert "rhoi fy nghaniatâd datganedig" in page


def test_consent_to_one_category_is_not_consent_to_another(app: Flask, scene: Scene) -> None:
    with app.test_request_context():
        group = db.session.get(factories.Asset, scene.group_id)
        person = db.session.get(Person, scene.member_id)
        assert group is not None
        assert person is not None
        group.special_category = SpecialCategory.RELIGION
        groups.hide_unconsented_memberships(group, None)
        ((link, association),) = groups.awaiting_consent(scene.member_id)
        groups.consent_to_membership(person, link, association, Visibility.PUBLIC, None)
        group.special_category = SpecialCategory.RELIGION  # saved again unchanged: her consent still holds
        assert scene.member_id not in {m.source_person_id for m in groups.hide_unconsented_memberships(group, None)}
        group.special_category = SpecialCategory.HEALTH
        hidden = groups.hide_unconsented_memberships(group, None, previous=SpecialCategory.RELIGION)
        db.session.commit()
        assert scene.member_id in {m.source_person_id for m in hidden}
    assert "Aled Member" not in _group_page(_as(app, None), scene)
    assert WAITING in _as(app, scene.cast.resident).get("/").get_data(as_text=True)
