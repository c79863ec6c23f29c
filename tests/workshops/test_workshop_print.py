"""The printed pack: the report, the network and the map as server-drawn pictures, and exactly the accepted
items, with authors named only where they agreed to be named in public; A4 or A3; facilitators only."""

from __future__ import annotations

import json
import re

import pytest
from flask import Flask

from abcd.assets.models import AssetKind
from abcd.workshops.print_svg import MapPoint, map_svg, network_svg
from tests import factories
from tests.conftest import login
from tests.factories import Cast
from tests.rendered_forms import submit
from tests.workshops.test_workshop_flow import _accept, _add, _join, _open_workshop, _waiting


def _table(page: str, table_id: str) -> str:
    found = re.search(rf'<table id="{table_id}">(.*?)</table>', page, re.S)
    assert found is not None, table_id
    return found.group(1)


@pytest.mark.usefixtures("geodata")
def test_the_pack_holds_the_report_pictures_and_exactly_the_accepted_items(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    public = _join(app, code, name="Ifan Public", keep="yes", audience="public")
    members = _join(app, code, name="Mair Members", keep="yes", audience="members")
    with app.app_context():
        factories.make_asset(kind=AssetKind.PLACE, name_en="The Old Library")
    _add(public, code, "place", "Send: Place or group",
         {"name": "Splott Singers", "asset_kind": "association", "postcode": "CF24 0LZ"})  # fmt: skip
    _accept(officer, workshop_id, _waiting(app, workshop_id)["Splott Singers"])  # before a link may name it
    _add(public, code, "link", "Send: Link", {"relation": "meets_at", "from_name": "Splott Singers",
                                              "to_name": "The Old Library"})  # fmt: skip
    _add(members, code, "gift", "Send: Gift or skill", {"skill": "Guitar", "gift_type": "hands", "mode": "offered"})
    _add(members, code, "story", "Send: Story", {"text": "A story hidden by the facilitator"})
    _add(public, code, "story", "Send: Story", {"text": "A story still waiting"})
    waiting = _waiting(app, workshop_id)
    for name in ("Guitar", "None"):  # "None": the link, which has no name of its own
        _accept(officer, workshop_id, waiting[name])
    hide = f"/workshops/{workshop_id}/contributions/{waiting['A story hidden by the facilitator']}/accept"
    submit(officer, officer.get(f"/workshops/{workshop_id}"), action=hide, button="Hide")
    closed = submit(officer, officer.get(f"/workshops/{workshop_id}"), action=f"/workshops/{workshop_id}/state",
                    button="Set to: Closed", follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert f'href="/workshops/{workshop_id}/print"' in closed

    page = officer.get(f"/workshops/{workshop_id}/print").get_data(as_text=True)

    assert re.search(r'id="pack-attendees">2<', page)
    assert re.search(r"Accepted: Place or group</dt><dd>1<", page)
    assert re.search(r"Accepted: Gift or skill</dt><dd>1<", page)
    assert re.search(r'<ul id="pack-organisations"><li>Splott Singers \(', page)
    network = re.search(r'<svg [^>]*class="print-network".*?</svg>', page, re.S)
    assert network is not None
    assert ">Splott Singers</text>" in network.group(0)
    assert ">The Old Library</text>" in network.group(0)
    assert network.group(0).count("<line ") == 1
    area = re.search(r'<svg [^>]*class="print-map".*?</svg>', page, re.S)
    assert area is not None
    assert "<title>1. Splott Singers</title>" in area.group(0)
    places = _table(page, "pack-places")
    assert "Splott Singers" in places
    assert "CF24 0LZ" in places
    assert "Ifan Public" in places  # agreed to be named in public
    gifts = _table(page, "pack-gifts")
    assert "Guitar" in gifts
    assert "Hands: things I can do" in gifts
    assert "Mair Members" not in page  # kept for members only: never on paper handed round the room
    links = _table(page, "pack-links")
    assert "The Old Library" in links
    assert "Meets at" in links or "meets at" in links  # the relation's words, not its stored key
    assert "meets_at" not in links
    assert "None accepted." in _table(page, "pack-stories")
    assert "hidden by the facilitator" not in page
    assert "still waiting" not in page


def test_the_pack_is_a4_or_a3_and_facilitators_only(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, _code = _open_workshop(officer, people)
    console = officer.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert f'href="/workshops/{workshop_id}/print"' in console  # before closing too: the pack so far
    a4 = officer.get(f"/workshops/{workshop_id}/print").get_data(as_text=True)
    assert "css/page_a4.css" in a4
    assert "The session is not closed yet" in a4
    a3 = officer.get(f"/workshops/{workshop_id}/print?paper=a3").get_data(as_text=True)
    assert "css/page_a3.css" in a3
    assert "page_a4" not in a3
    odd = officer.get(f"/workshops/{workshop_id}/print?paper=../../x")
    assert odd.status_code == 200
    assert "css/page_a4.css" in odd.get_data(as_text=True)
    cy = officer.get(f"/workshops/{workshop_id}/print?lang=cy").get_data(as_text=True)
    assert "Maint y papur" in cy
    assert "Yr hyn a rannodd yr ystafell" in cy
    newport = app.test_client()
    login(newport, people.officer_newport)
    assert newport.get(f"/workshops/{workshop_id}/print").status_code == 403
    resident = app.test_client()
    login(resident, people.resident)
    assert resident.get(f"/workshops/{workshop_id}/print").status_code == 403
    assert app.test_client().get(f"/workshops/{workshop_id}/print").status_code in (302, 401)


def test_pictures_escape_what_people_typed_and_keep_places_on_the_sheet() -> None:
    svg = network_svg(["<script>alert(1)</script>"], [("<b>x</b>", "&", "<script>alert(1)</script>")], "Net")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert svg.count("<line ") == 1
    ring = [[-3.2, 51.4], [-3.1, 51.4], [-3.1, 51.5], [-3.2, 51.5], [-3.2, 51.4]]
    square = json.dumps({"type": "Polygon", "coordinates": [ring]})
    drawn = map_svg([square, "not json"], [MapPoint(1, "<i>Hall</i>", 51.45, -3.15)], "Map", width=800, height=600)
    assert "&lt;i&gt;Hall&lt;/i&gt;" in drawn
    assert "<polygon " in drawn
    circle = re.search(r'<circle cx="([\d.]+)" cy="([\d.]+)"', drawn)
    assert circle is not None
    assert 0 < float(circle.group(1)) < 800
    assert 0 < float(circle.group(2)) < 600
    assert 'class="print-map print-empty"' in map_svg([], [], "Map")
