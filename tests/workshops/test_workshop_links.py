"""Links made in a workshop: each end resolved to a published record (picked, or typed and resolved on the
server with a clear message), written on acceptance as a typed link through the governed write path and
seen in the live graph; "I help at" only for someone who agreed to be kept, at their audience; and the
projector's network and map of the area at the public audience."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from abcd.assets.models import Asset, AssetKind
from abcd.changes.models import Channel
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility
from abcd.network import live
from abcd.people.models import Person
from abcd.workshops.models import Contribution
from tests import factories
from tests.factories import Cast
from tests.rendered_forms import rendered_form, submit
from tests.workshops.test_workshop_flow import SECRET_NAME, _accept, _join, _open_workshop, _waiting

pytestmark = pytest.mark.usefixtures("geodata")


def _records(app: Flask) -> dict[str, int]:
    with app.app_context():
        made = {
            "choir": factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Splott Choir", name_cy="Côr Sblot"),
            "hall": factories.make_asset(kind=AssetKind.PLACE, name_en="Splott Hall"),
            "hall2": factories.make_asset(kind=AssetKind.PLACE, name_en="Splott Hall Annexe"),
            "park": factories.make_asset(kind=AssetKind.PLACE, name_en="Moorland Park"),
        }
        return {name: asset.asset_id for name, asset in made.items()}


def _send_link(phone: FlaskClient, code: str, fill: dict[str, str]) -> tuple[int, str]:
    response = _link_response(phone, code, fill)
    return response.status_code, response.get_data(as_text=True)


def _link_response(phone: FlaskClient, code: str, fill: dict[str, str]) -> TestResponse:
    page = phone.get(f"/join/{code}/add")
    return submit(phone, page, action=f"/join/{code}/add/link", button="Send: Link", fill=fill)


def _links(app: Flask, workshop_id: int) -> list[Link]:
    with app.app_context():
        found = list(db.session.scalars(sa.select(Link).where(Link.workshop_id == workshop_id)))
        db.session.expunge_all()
        return found


def test_a_typed_end_is_resolved_with_a_clear_message_when_missing_of_another_kind_or_ambiguous(
    app: Flask, people: Cast
) -> None:  # fmt: skip
    ids = _records(app)
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code, keep="no")

    fill = {"relation": "meets_at", "from_name": "Nobody's Band", "to_name": "Moorland"}
    status, page = _send_link(phone, code, fill)
    assert status == 200
    assert "Nothing in the directory or this workshop is called “Nobody&#39;s Band”" in page
    fill = {"relation": "meets_at", "from_name": "Moorland Park", "to_name": "Splott Hall Annexe"}
    status, page = _send_link(phone, code, fill)
    assert "“Moorland Park” cannot be linked that way" in page
    # Two places hold "Splott Hall": the server lists both to choose from (no script needed)...
    again = _link_response(phone, code, {"relation": "meets_at", "from_name": "choir", "to_name": "Splott H"})
    assert "Several records match “Splott H”: choose one below." in again.get_data(as_text=True)
    form = rendered_form(again, action=f"/join/{code}/add/link")
    choices = [c.value for c in form.controls if c.name == "to_key"]
    assert choices == [f"asset:{ids['hall']}", f"asset:{ids['hall2']}"]
    assert _waiting(app, workshop_id) == {}
    # ... and choosing one sends it (the Welsh name of the group is found too).
    response = submit(phone, again, action=f"/join/{code}/add/link", button="Send: Link",
                      fill={"from_name": "Côr Sblot", "to_key": f"asset:{ids['hall2']}"})  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        values = db.session.scalars(sa.select(Contribution.values).where(Contribution.kind == "link")).one()
    assert values["from_key"] == f"asset:{ids['choir']}"
    assert values["to_key"] == f"asset:{ids['hall2']}"
    assert values["to_name"] == "Splott Hall Annexe"


def test_the_search_box_lists_published_records_of_a_fitting_kind_this_sessions_places_first(
    app: Flask, people: Cast
) -> None:  # fmt: skip
    ids = _records(app)
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code)
    submit(phone, phone.get(f"/join/{code}/add"), action=f"/join/{code}/add/place", button="Send: Place or group",
           fill={"name": "Splott Hall Garden", "postcode": "CF24 0LZ", "asset_kind": "place"})  # fmt: skip
    _accept(officer, workshop_id, _waiting(app, workshop_id)["Splott Hall Garden"])

    found = phone.get(f"/join/{code}/ends?relation=meets_at&side=to&q=splott").get_json()
    assert [f["label"] for f in found] == ["Splott Hall Garden", "Splott Hall", "Splott Hall Annexe"]
    assert found[0]["here"] is True
    assert found[1]["here"] is False
    assert phone.get(f"/join/{code}/ends?relation=meets_at&side=from&q=splott").get_json() == [
        {"key": f"asset:{ids['choir']}", "label": "Splott Choir", "kind": "association", "here": False}
    ]
    assert phone.get(f"/join/{code}/ends?relation=nonsense&side=to&q=splott").get_json() == []
    assert phone.get("/join/NOPE99/ends?relation=meets_at&side=to&q=splott").get_json() == []


def test_an_accepted_link_is_a_typed_link_written_by_the_workshop_and_in_the_live_graph(
    app: Flask, people: Cast
) -> None:  # fmt: skip
    ids = _records(app)
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code, keep="no")
    fill = {"relation": "meets_at", "from_name": "Splott Choir", "to_name": "Moorland Park"}
    status, _page = _send_link(phone, code, fill)
    assert status == 302
    assert _links(app, workshop_id) == []  # nothing is written while it waits
    with app.app_context():
        contribution_id = db.session.scalars(sa.select(Contribution.contribution_id)).one()
    assert "Accepted: it is on the screen now." in _accept(officer, workshop_id, contribution_id)

    [link] = _links(app, workshop_id)
    assert (link.link_type, link.source_asset_id, link.target_asset_id) == (
        LinkType.MEETS_AT, ids["choir"], ids["park"])  # fmt: skip
    assert link.visibility is Visibility.PUBLIC  # between two records: community information
    with app.app_context():
        entry = db.session.execute(
            sa.text("SELECT channel, channel_ref FROM audit_entry WHERE entity_type = 'link' AND entity_id = :id"),
            {"id": link.link_id},
        ).first()
        assert entry is not None
        assert tuple(entry) == (Channel.WORKSHOP.value, f"workshop:{workshop_id}")
        graph = live.current_graph().graph
        assert f"asset:{ids['park']}" in graph.adj[f"asset:{ids['choir']}"]
    screen = officer.get(f"/workshops/{workshop_id}/screen.json").get_json()
    assert screen["items"][0]["text"] == "Splott Choir — Meets at — Moorland Park"
    area = screen["area"]
    assert {n["key"] for n in area["nodes"] if n["room"]} == {f"asset:{ids['choir']}", f"asset:{ids['park']}"}
    assert {(e["from"], e["to"]) for e in area["edges"] if e["room"]} == {
        tuple(sorted((f"asset:{ids['choir']}", f"asset:{ids['park']}")))
    }
    assert "Moorland Park" in {p["label"] for p in area["places"] if p["room"]}
    assert "Splott Hall" in {p["label"] for p in area["places"] if not p["room"]}  # the rest of the area
    # The same link again is simply that link: accepting a second copy writes nothing more.
    _send_link(phone, code, {"relation": "meets_at", "from_name": "Splott Choir", "to_name": "Moorland Park"})
    _accept(officer, workshop_id, max(_waiting(app, workshop_id).values()))
    assert len(_links(app, workshop_id)) == 1


def test_i_help_at_is_written_only_for_someone_kept_at_their_audience_and_no_name_reaches_the_screen(
    app: Flask, people: Cast
) -> None:  # fmt: skip
    ids = _records(app)
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    unkept = _join(app, code, name=SECRET_NAME, keep="no")
    kept = _join(app, code, name="Megan Officersonly", keep="yes", audience="officers")
    # "I help at" needs no first end: the participant is it.
    assert _send_link(unkept, code, {"relation": "i_help_at", "to_name": "Splott Choir"})[0] == 302
    assert _send_link(kept, code, {"relation": "i_help_at", "to_name": "Moorland Park"})[0] == 302
    with app.app_context():
        waiting = db.session.scalars(sa.select(Contribution.contribution_id)).all()
        values = [v for v in db.session.scalars(sa.select(Contribution.values))]
    assert all(v["from_name"] is None and v["from_key"] == "me" for v in values)  # no name is ever stored in it
    console = officer.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert "accepting shows it today without a name and writes no link" in console
    for contribution_id in waiting:
        _accept(officer, workshop_id, contribution_id)

    [link] = _links(app, workshop_id)
    with app.app_context():
        person = db.session.get(Person, link.source_person_id)
        assert person is not None
        assert person.display_name == "Megan Officersonly"
        assert person.display_name_visibility is Visibility.OFFICERS
        assert (link.link_type, link.target_asset_id, link.visibility) == (
            LinkType.HELPS, ids["park"], Visibility.OFFICERS)  # fmt: skip
        assert SECRET_NAME not in str(db.session.scalars(sa.select(Person.display_name)).all())
    screen = officer.get(f"/workshops/{workshop_id}/screen.json").get_json()
    assert sorted(item["text"] for item in screen["items"]) == [
        "Someone here — I help at — Moorland Park", "Someone here — I help at — Splott Choir"]  # fmt: skip
    assert all(item["by"] is None for item in screen["items"])
    shown = str(screen) + officer.get(f"/workshops/{workshop_id}/screen").get_data(as_text=True)
    for name in (SECRET_NAME, "Megan Officersonly"):
        assert name not in shown  # neither kept at public: the shared screen names nobody
    assert not any(n["key"].startswith("person:") for n in screen["area"]["nodes"])
    export = officer.get(f"/workshops/{workshop_id}/export.csv").get_data(as_text=True)
    assert SECRET_NAME not in export
    assert re.search(r"I help at,Moorland Park", export)


def test_a_link_whose_end_left_the_directory_waits_with_a_message(app: Flask, people: Cast) -> None:
    ids = _records(app)
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code)
    _send_link(phone, code, {"relation": "meets_at", "from_name": "Splott Choir", "to_name": "Moorland Park"})
    with app.app_context():
        park = db.session.get(Asset, ids["park"])
        assert park is not None
        db.session.delete(park)
        db.session.commit()
        contribution_id = db.session.scalars(sa.select(Contribution.contribution_id)).one()
    page = _accept(officer, workshop_id, contribution_id)
    assert "An end of this link is not a published record." in page
    assert _links(app, workshop_id) == []
    assert list(_waiting(app, workshop_id).values()) == [contribution_id]
