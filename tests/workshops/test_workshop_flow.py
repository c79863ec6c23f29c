"""A workshop end to end through its rendered forms: an officer plans and opens it, participants join by
code without an account, contributions wait in the lane, and only accepted ones reach the projector."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import Asset, AssetKind, AssetStatus
from abcd.changes.models import Channel
from abcd.extensions import db
from abcd.network import live
from abcd.people.models import EnteredBy, Person, PersonSkill
from abcd.workshops.models import Contribution, ContributionStatus, Participant, Workshop
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, Cast
from tests.rendered_forms import FormError, rendered_form, submit

SECRET_NAME = "Gwenllian Secretname"


def _open_workshop(client: FlaskClient, people: Cast) -> tuple[int, str]:
    login(client, people.officer_cardiff)
    page = client.get("/workshops/new")
    response = submit(
        client, page, action="/workshops/new", button="Create the workshop",
        fill={"title": "Splott strengths", "held_on": "2027-03-14", "la_code": CARDIFF},
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    console_url = response.headers["Location"]
    workshop_id = int(console_url.rstrip("/").rsplit("/", 1)[1])
    console = client.get(console_url)
    code = re.search(r'class="join-code">([A-Z0-9]+)<', console.get_data(as_text=True))
    assert code is not None
    submit(client, console, action=f"/workshops/{workshop_id}/state", button="Set to: Open")
    return workshop_id, code.group(1)


def _join(app: Flask, code: str, *, name: str = "", keep: str = "yes", audience: str = "public",
          age: str = "13plus") -> FlaskClient:  # fmt: skip
    phone = app.test_client()
    start = phone.get("/join")
    opened = submit(phone, start, action="/join", button="Join", fill={"code": code.lower()})
    assert opened.status_code == 302
    page = phone.get(opened.headers["Location"])
    fill = {"age": age, "display_name": name, "keep": keep, "audience": audience}
    response = submit(phone, page, button="Take part", fill=fill)
    assert response.status_code in (200, 302)
    phone.last_join = response  # type: ignore[attr-defined]
    return phone


def _add(phone: FlaskClient, code: str, kind: str, button: str, fill: dict[str, str]) -> None:
    page = phone.get(f"/join/{code}/add")
    response = submit(phone, page, action=f"/join/{code}/add/{kind}", button=button, fill=fill)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def _waiting(app: Flask, workshop_id: int) -> dict[str, int]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(Contribution).where(
                Contribution.workshop_id == workshop_id, Contribution.status == ContributionStatus.WAITING
            )
        )
        return {
            str(c.values.get("name") or c.values.get("skill") or c.values.get("text")): c.contribution_id for c in rows
        }


def _accept(client: FlaskClient, workshop_id: int, contribution_id: int, fill: dict[str, str] | None = None) -> str:
    console = client.get(f"/workshops/{workshop_id}")
    action = f"/workshops/{workshop_id}/contributions/{contribution_id}/accept"
    response = submit(client, console, action=action, button="Accept", fill=fill or {}, follow_redirects=True)
    return response.get_data(as_text=True)


@pytest.mark.usefixtures("geodata")
def test_accepted_place_becomes_a_published_asset_and_reaches_the_screen(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code, name="Ifan", keep="yes", audience="public")
    _add(phone, code, "place", "Send: Place or group", {"name": "Splott Community Hall", "postcode": "CF24 0LZ"})
    _add(phone, code, "story", "Send: Story", {"text": "Rude words about a neighbour"})
    screen = officer.get(f"/workshops/{workshop_id}/screen.json").get_json()
    assert screen["items"] == []  # nothing before acceptance
    waiting = _waiting(app, workshop_id)

    page = _accept(officer, workshop_id, waiting["Splott Community Hall"])
    assert "Accepted" in page
    console = officer.get(f"/workshops/{workshop_id}")
    lane = f"/workshops/{workshop_id}/contributions/{waiting['Rude words about a neighbour']}/accept"
    submit(officer, console, action=lane, button="Hide")  # the lane's Hide button posts to the hide route

    screen = officer.get(f"/workshops/{workshop_id}/screen.json").get_json()
    assert [item["text"] for item in screen["items"]] == ["Splott Community Hall"]
    assert screen["items"][0]["by"] == "Ifan"  # kept, at the public audience
    assert "Rude words" not in officer.get(f"/workshops/{workshop_id}/screen").get_data(as_text=True)
    with app.app_context():
        asset = db.session.scalar(sa.select(Asset).where(Asset.name_en == "Splott Community Hall"))
        assert asset is not None
        assert asset.status is AssetStatus.PUBLISHED
        assert asset.la_code == CARDIFF
        assert asset.workshop_id == workshop_id
        entry = db.session.execute(
            sa.text("SELECT channel, channel_ref FROM audit_entry WHERE entity_type = 'asset' AND entity_id = :id"),
            {"id": asset.asset_id},
        ).first()
        assert entry is not None
        assert (entry[0], entry[1]) == (Channel.WORKSHOP.value, f"workshop:{workshop_id}")
        assert "Rude words" not in str(db.session.scalars(sa.select(Asset.name_en)).all())


def test_a_name_not_agreed_to_be_kept_appears_nowhere(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code, name=SECRET_NAME, keep="no")
    _add(phone, code, "gift", "Send: Gift or skill", {"skill": "Bread baking", "gift_type": "hands"})
    console = officer.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert SECRET_NAME not in console
    assert "an anonymous participant" in console
    _accept(officer, workshop_id, _waiting(app, workshop_id)["Bread baking"])
    screen = officer.get(f"/workshops/{workshop_id}/screen.json").get_json()
    assert [item["text"] for item in screen["items"]] == ["Bread baking"]
    assert SECRET_NAME not in str(screen)
    assert SECRET_NAME not in officer.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert SECRET_NAME not in officer.get(f"/workshops/{workshop_id}/export.csv").get_data(as_text=True)
    with app.app_context():
        assert SECRET_NAME not in str(db.session.scalars(sa.select(Participant.display_name)).all())
        assert SECRET_NAME not in str(db.session.scalars(sa.select(Person.display_name)).all())
        assert SECRET_NAME not in str(db.session.scalars(sa.select(Asset.name_en)).all())
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 0  # not kept: no person


def test_a_kept_gift_becomes_a_person_entered_by_the_workshop(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    named = _join(app, code, name="Ifan", keep="yes", audience="members")
    anonymous = _join(app, code, name="", keep="yes", audience="public")
    _add(named, code, "gift", "Send: Gift or skill", {"skill": "Guitar", "gift_type": "hands", "mode": "offered"})
    _add(anonymous, code, "gift", "Send: Gift or skill", {"skill": "Local history", "gift_type": "head"})
    waiting = _waiting(app, workshop_id)
    _accept(officer, workshop_id, waiting["Guitar"])
    _accept(officer, workshop_id, waiting["Local history"])
    screen = officer.get(f"/workshops/{workshop_id}/screen.json").get_json()
    assert {item["by"] for item in screen["items"]} == {None}  # members audience is not public; anonymous has none
    with app.app_context():
        persons = {p.display_name: p for p in db.session.scalars(sa.select(Person))}
        assert set(persons) == {"Ifan", "Workshop participant"}
        assert all(p.entered_by is EnteredBy.WORKSHOP for p in persons.values())
        skills = db.session.scalars(sa.select(PersonSkill).where(PersonSkill.person_id == persons["Ifan"].person_id))
        assert [s.visibility.value for s in skills] == ["members"]


def test_join_is_refused_for_a_closed_workshop_and_for_under_13s(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    child = _join(app, code, name="Little One", keep="yes", age="under13")
    assert "Nothing about you has been saved" in child.last_join.get_data(as_text=True)  # type: ignore[attr-defined]
    assert child.get(f"/join/{code}/add").status_code == 302  # not joined: sent back to the join page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 0

    console = officer.get(f"/workshops/{workshop_id}")
    submit(officer, console, action=f"/workshops/{workshop_id}/state", button="Set to: Closed")
    late = app.test_client()
    page = late.get(f"/join/{code}")
    assert "This workshop has closed" in page.get_data(as_text=True)
    with pytest.raises(FormError):
        rendered_form(page, button="Take part")
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        assert workshop is not None
        assert workshop.closed_at is not None


def test_a_paused_workshop_is_read_only_for_participants(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code)
    page = phone.get(f"/join/{code}/add")
    submit(officer, officer.get(f"/workshops/{workshop_id}"), action=f"/workshops/{workshop_id}/state",
           button="Set to: Paused")  # fmt: skip
    response = submit(phone, page, action=f"/join/{code}/add/story", button="Send: Story", fill={"text": "Late"})
    assert "paused or closed" in phone.get(response.headers["Location"]).get_data(as_text=True)
    assert _waiting(app, workshop_id) == {}
    screen = officer.get(f"/workshops/{workshop_id}/screen.json").get_json()
    assert screen["state"] == "paused"


def test_a_newport_officer_cannot_run_a_cardiff_workshop(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, _code = _open_workshop(officer, people)
    newport = app.test_client()
    login(newport, people.officer_newport)
    for url in ("", "/screen", "/screen.json", "/export.csv"):
        assert newport.get(f"/workshops/{workshop_id}{url}").status_code == 403


@pytest.mark.usefixtures("geodata")
def test_closing_reports_counts_and_the_export_holds_exactly_the_accepted_items(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    with app.app_context():
        factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Adamsdown Choir")
    phone = _join(app, code, name="Ifan", keep="yes", audience="public")
    _add(phone, code, "place", "Send: Place or group",
         {"name": "Adamsdown Hall", "postcode": "CF24 0LZ", "asset_kind": "place"})  # fmt: skip
    _accept(officer, workshop_id, _waiting(app, workshop_id)["Adamsdown Hall"])
    _add(phone, code, "link", "Send: Link",
         {"from_name": "choir", "relation": "meets_at", "to_name": "Adamsdown Hall"})  # fmt: skip
    _add(phone, code, "story", "Send: Story", {"text": "Not for the export"})
    _add(phone, code, "gift", "Send: Gift or skill", {"skill": "Still waiting skill"})
    waiting = _waiting(app, workshop_id)
    with app.app_context():
        link_id = db.session.scalar(sa.select(Contribution.contribution_id).where(Contribution.kind == "link"))
    _accept(officer, workshop_id, int(link_id or 0))
    lane = f"/workshops/{workshop_id}/contributions/{waiting['Not for the export']}/accept"
    submit(officer, officer.get(f"/workshops/{workshop_id}"), action=lane, button="Hide")
    submit(officer, officer.get(f"/workshops/{workshop_id}"), action=f"/workshops/{workshop_id}/state",
           button="Set to: Closed")  # fmt: skip

    report = officer.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert re.search(r"People who joined</dt><dd>1<", report)
    assert re.search(r"Accepted: Place or group</dt><dd>1<", report)
    assert re.search(r"Accepted: Link</dt><dd>1<", report)
    assert re.search(r"Still waiting</dt><dd>1<", report)
    lines = officer.get(f"/workshops/{workshop_id}/export.csv").get_data(as_text=True).strip().splitlines()
    assert len(lines) == 3  # the header and the two accepted items
    assert any("Adamsdown Hall" in line and "CF24 0LZ" in line for line in lines)
    assert any("Adamsdown Choir" in line and "Meets at" in line for line in lines)
    assert "Not for the export" not in "\n".join(lines)
    assert "Still waiting skill" not in "\n".join(lines)
    geojson = officer.get(f"/workshops/{workshop_id}/export.geojson").get_json()
    assert [f["properties"]["name"] for f in geojson["features"]] == ["Adamsdown Hall"]
    assert geojson["features"][0]["geometry"]["type"] == "Point"


@pytest.mark.usefixtures("geodata")
def test_an_accepted_item_taken_off_the_screen_leaves_its_record(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code)
    _add(phone, code, "place", "Send: Place or group", {"name": "Moorland Park", "postcode": "CF24 0LZ"})
    contribution_id = _waiting(app, workshop_id)["Moorland Park"]
    _accept(officer, workshop_id, contribution_id)
    before = officer.get(f"/workshops/{workshop_id}/screen.json").get_json()
    hide = f"/workshops/{workshop_id}/contributions/{contribution_id}/hide"
    page = submit(officer, officer.get(f"/workshops/{workshop_id}"), action=hide, button="Hide", follow_redirects=True)
    assert "Taken off the screen. A record it already created stays in the directory." in page.get_data(as_text=True)
    after = officer.get(f"/workshops/{workshop_id}/screen.json").get_json()
    assert after["version"] > before["version"]
    assert after["items"] == []
    with app.app_context():
        assert db.session.scalar(sa.select(Asset.asset_id).where(Asset.name_en == "Moorland Park")) is not None


@pytest.mark.usefixtures("geodata")
def test_closing_forgets_what_was_only_for_today_but_counts_it(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code, name="Someone", keep="no")
    _add(phone, code, "story", "Send: Story", {"text": "Only for today"})
    _add(phone, code, "gift", "Send: Gift or skill", {"skill": "Juggling"})
    _add(phone, code, "place", "Send: Place or group", {"name": "Splott Pool", "postcode": "CF24 0LZ"})
    waiting = _waiting(app, workshop_id)
    _accept(officer, workshop_id, waiting["Only for today"])
    _accept(officer, workshop_id, waiting["Splott Pool"])
    submit(officer, officer.get(f"/workshops/{workshop_id}"), action=f"/workshops/{workshop_id}/state",
           button="Set to: Closed")  # fmt: skip
    report = officer.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert re.search(r"Accepted: Story</dt><dd>1<", report)
    assert re.search(r"Still waiting</dt><dd>1<", report)
    with app.app_context():
        left = {str(c.values.get("name") or c.values.get("text") or c.values.get("skill"))
                for c in db.session.scalars(sa.select(Contribution))}  # fmt: skip
        assert left == {"Splott Pool"}  # community information, already in the directory
    assert "Only for today" not in officer.get(f"/workshops/{workshop_id}/export.csv").get_data(as_text=True)


@pytest.mark.usefixtures("geodata")
def test_an_accepted_place_reaches_the_live_graph_without_a_rebuild(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    with app.app_context():
        factories.make_asset(name_en="Already mapped")  # the change feed has begun, as in any running instance
        db.session.commit()
        live.current_graph()  # this process holds a graph from now on
        db.session.remove()
    phone = _join(app, code)
    _add(phone, code, "place", "Send: Place or group", {"name": "Tremorfa Park", "postcode": "CF24 0LZ"})
    _accept(officer, workshop_id, _waiting(app, workshop_id)["Tremorfa Park"])
    with app.app_context():
        asset_id = db.session.scalar(sa.select(Asset.asset_id).where(Asset.name_en == "Tremorfa Park"))
        assert f"asset:{asset_id}" in live.current_graph().graph
        assert "(no rebuild)" in live.events(app)[-1]
        db.session.remove()


def test_the_screen_shows_gifts_wanted_that_nobody_offers(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code)
    _add(phone, code, "gift", "Send: Gift or skill", {"skill": "Welsh lessons", "mode": "wanted"})
    _add(phone, code, "gift", "Send: Gift or skill", {"skill": "Gardening", "mode": "wanted"})
    _add(phone, code, "gift", "Send: Gift or skill", {"skill": "gardening", "mode": "offered"})
    _add(phone, code, "gift", "Send: Gift or skill", {"skill": "Plumbing", "mode": "wanted"})  # never accepted
    for name, contribution_id in _waiting(app, workshop_id).items():
        if name != "Plumbing":
            _accept(officer, workshop_id, contribution_id)
    assert officer.get(f"/workshops/{workshop_id}/screen.json").get_json()["gaps"] == ["Welsh lessons"]


def test_a_timer_started_from_the_console_reaches_the_screen(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, _code = _open_workshop(officer, people)
    assert officer.get(f"/workshops/{workshop_id}/screen.json").get_json()["timer_left"] is None
    submit(officer, officer.get(f"/workshops/{workshop_id}"), action=f"/workshops/{workshop_id}/state",
           button="5 minutes")  # fmt: skip
    left = officer.get(f"/workshops/{workshop_id}/screen.json").get_json()["timer_left"]
    assert 290 <= left <= 300
    submit(officer, officer.get(f"/workshops/{workshop_id}"), action=f"/workshops/{workshop_id}/state",
           button="Stop the timer")  # fmt: skip
    assert officer.get(f"/workshops/{workshop_id}/screen.json").get_json()["timer_left"] is None
