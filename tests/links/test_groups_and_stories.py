"""Organisers on a group's page, turning down a request to join; stories and places name each other."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import Asset, AssetKind, Membership
from abcd.auth.models import Role
from abcd.extensions import db
from abcd.groups import services as groups
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility
from abcd.notices.models import Notice
from tests import factories
from tests.conftest import login
from tests.factories import Cast
from tests.people.test_profile import save_profile
from tests.rendered_forms import submit


@pytest.fixture
def circle(app: Flask, people: Cast) -> dict[str, int]:
    """An invitation-only group with a public organiser (who has an account) and a resident asking to join."""
    with app.app_context():
        group = factories.make_asset(name_en="Invite Circle", kind=AssetKind.ASSOCIATION, membership=Membership.INVITE)
        organiser_user = factories.make_user(Role.RESIDENT, email="organiser@example.org")
        organiser = factories.make_person(display_name="Olwen Organiser", visibility=Visibility.PUBLIC,
                                          user_id=organiser_user.user_id)  # fmt: skip
        groups.add_organiser(organiser, group, None).visibility = Visibility.PUBLIC  # Olwen's choice
        hidden = factories.make_person(display_name="Hidden Organiser", visibility=Visibility.PRIVATE)
        groups.add_organiser(hidden, group, None)
        db.session.commit()
        ids = {"group": group.asset_id}
        db.session.remove()
    asker = app.test_client()
    login(asker, people.resident)
    assert (
        save_profile(asker, display_name="Asking Alys", display_name_visibility="public", consent=True).status_code
        == 302
    )
    group_page = asker.get(f"/groups/{ids['group']}")
    assert submit(asker, group_page, button="Join", fill={"visibility": "public"}).status_code == 302
    return ids


def test_group_page_shows_organisers_through_visibility(client: FlaskClient, circle: dict[str, int]) -> None:
    html = client.get(f"/groups/{circle['group']}").get_data(as_text=True)
    organisers = html[html.index("Organisers") : html.index("Members")]
    assert "Olwen Organiser" in organisers
    assert "Hidden Organiser" not in html


@pytest.mark.parametrize("who", ["organiser@example.org", "officer.cardiff@example.org"])
def test_organiser_or_officer_turns_down_a_request(app: Flask, circle: dict[str, int], people: Cast, who: str) -> None:
    manager = app.test_client()
    login(manager, who)
    page = manager.get(f"/groups/{circle['group']}")
    assert "Asking Alys" in page.get_data(as_text=True)
    reject = f"/groups/{circle['group']}/reject"
    done = submit(manager, page, action=reject, follow_redirects=True).get_data(as_text=True)
    assert "was turned down" in done
    with app.app_context():
        assert db.session.scalar(sa.select(Link).where(Link.role == groups.REQUESTED)) is None
        notice = db.session.scalar(sa.select(Notice).where(Notice.user_id == people.ids["resident"]))
        assert notice is not None
        assert "Invite Circle" in notice.body
    again = submit(manager, page, action=reject, follow_redirects=True)  # the same page, pressed again
    assert "That request was not found" in again.get_data(as_text=True)


def test_members_cannot_turn_down_requests(app: Flask, circle: dict[str, int], people: Cast) -> None:
    member = app.test_client()
    login(member, people.resident)
    with app.app_context():
        link_id = db.session.scalar(sa.select(Link.link_id).where(Link.role == groups.REQUESTED))
    assert member.post(f"/groups/{circle['group']}/reject", data={"link_id": link_id}).status_code == 403


@pytest.fixture
def story(app: Flask) -> dict[str, int]:
    with app.app_context():
        hall = factories.make_asset(name_en="Splott Hall", name_cy="Neuadd Sblot", kind=AssetKind.PLACE)
        tale = factories.make_asset(name_en="<b>Tale</b> of the Docks", kind=AssetKind.CULTURE)
        other = factories.make_asset(name_en="Lonely Hall", kind=AssetKind.PLACE)
        db.session.add(Link(link_type=LinkType.TELLS_OF, source_asset_id=tale.asset_id,
                            target_asset_id=hall.asset_id, visibility=Visibility.PUBLIC))  # fmt: skip
        db.session.commit()
        ids = {"hall": hall.asset_id, "tale": tale.asset_id, "other": other.asset_id}
        db.session.remove()
    return ids


def test_story_and_place_pages_name_each_other(client: FlaskClient, story: dict[str, int]) -> None:
    tale = client.get(f"/assets/{story['tale']}").get_data(as_text=True)
    assert ">About</h2>" in tale
    assert "Splott Hall" in tale[tale.index(">About</h2>") :]
    hall = client.get(f"/assets/{story['hall']}").get_data(as_text=True)
    assert "Stories about this place" in hall
    assert "&lt;b&gt;Tale&lt;/b&gt; of the Docks" in hall
    assert "<b>Tale" not in hall


def _features(client: FlaskClient, query: str = "") -> dict[int, dict[str, object]]:
    document = json.loads(client.get(f"/maps/assets.geojson{query}").get_data(as_text=True))
    return {feature["id"]: feature["properties"] for feature in document["features"]}


def test_map_popups_carry_stories_and_places(client: FlaskClient, story: dict[str, int]) -> None:
    features = _features(client)
    assert features[story["hall"]]["related"] == ["<b>Tale</b> of the Docks"]  # data; the script shows it as text
    assert features[story["tale"]]["related"] == ["Splott Hall"]
    assert "related" not in features[story["other"]]
    assert _features(client, "?lang=cy")[story["tale"]]["related"] == ["Neuadd Sblot"]
    script = client.get("/maps/script/assets.js?lang=en").get_data(as_text=True)
    assert "Stories about this place: %(names)s" in script
    assert "About: %(names)s" in script


def test_map_data_needs_one_query_for_stories_however_many(
    app: Flask, client: FlaskClient, story: dict[str, int]
) -> None:
    def count_queries() -> int:
        seen: list[str] = []

        def remember(*args: object) -> None:
            seen.append(str(args[2]))

        with app.app_context():
            sa.event.listen(db.engine, "before_cursor_execute", remember)
            try:
                _features(client, f"?x={len(seen)}{id(seen)}")  # a new URL: no 304
            finally:
                sa.event.remove(db.engine, "before_cursor_execute", remember)
        return len(seen)

    before = count_queries()
    with app.app_context():
        for n in range(5):
            place = factories.make_asset(name_en=f"Place {n}", kind=AssetKind.PLACE)
            tale = factories.make_asset(name_en=f"Tale {n}", kind=AssetKind.CULTURE)
            db.session.add(Link(link_type=LinkType.TELLS_OF, source_asset_id=tale.asset_id,
                                target_asset_id=place.asset_id))  # fmt: skip
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Asset)) == 13
    assert count_queries() == before
