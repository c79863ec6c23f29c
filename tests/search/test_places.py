"""Search by place: a postcode, an outward code, a ward's name or the device's point orders results by
distance and shows it; a radius keeps the near ones; places that cannot be found are explained."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from tests.search.conftest import CF24_4AB

pytestmark = pytest.mark.usefixtures("geodata", "searchable")


def results(client: FlaskClient, query: str) -> list[tuple[str, str]]:
    """(name, distance shown) for each result, in order."""
    html = client.get(f"/assets/?{query}").get_data(as_text=True)
    items = re.findall(r'<li class="result">(.*?)</li>', html, re.S)
    found = []
    for item in items:
        name = re.search(r"<span[^>]*>([^<]+)</span>", item)
        distance = re.search(r'<span class="distance">([^<]+)</span>', item)
        found.append((name.group(1) if name else "", distance.group(1) if distance else ""))
    return found


def names(client: FlaskClient, query: str) -> list[str]:
    return [name for name, _ in results(client, query)]


def km(shown: str) -> float:
    value = float(re.sub(r"[^\d.]", "", shown))
    return value / 1000 if " m " in f" {shown} " else value


def test_a_postcode_finds_the_choir_there_first_and_every_result_by_distance(client: FlaskClient) -> None:
    found = results(client, "q=CF24+4AB")
    assert found[0] == ("Cathays Male Voice Choir", "10 m away")
    distances = [km(shown) for _, shown in found]
    assert distances == sorted(distances)
    assert [name for name, _ in found][-2:] == ["Newport Indoor Market", "Cowbridge Town Hall"]
    assert "Nearest first from CF24 4AB." in client.get("/assets/?q=cf244ab").get_data(as_text=True)


@pytest.mark.parametrize("typed", ["CF24", "cf24", "Cathays", "cathays"])
def test_an_outward_code_or_a_ward_name_centres_the_search(client: FlaskClient, typed: str) -> None:
    found = names(client, f"q={typed}")
    assert len(found) == 6
    assert found[-1] == "Cowbridge Town Hall"
    assert found.index("Cathays Male Voice Choir") < found.index("Cowbridge Town Hall")


def test_words_near_a_place_search_the_words_from_there(client: FlaskClient) -> None:
    assert names(client, "q=guitar+near+CF24+4AB") == ["Splott Tuesday Group", "Newport Indoor Market"]
    assert names(client, "q=guitar+ger+CF24+4AB&radius=5") == ["Splott Tuesday Group"]


@pytest.mark.parametrize(
    ("radius", "expected"),
    [
        ("1", ["Cathays Male Voice Choir", "Cathays Co-op Food", "Roath Community Garden"]),  # 0, 0.4, 0.9 km
        ("2", ["Cathays Male Voice Choir", "Cathays Co-op Food", "Roath Community Garden", "Splott Tuesday Group"]),
        ("10", ["Cathays Male Voice Choir", "Cathays Co-op Food", "Roath Community Garden", "Splott Tuesday Group"]),
    ],
)
def test_a_radius_keeps_only_what_is_within_it(client: FlaskClient, radius: str, expected: list[str]) -> None:
    found = results(client, f"q=CF24+4AB&radius={radius}")
    assert [name for name, _ in found] == expected
    assert all(km(shown) <= int(radius) for _, shown in found)


def test_the_devices_point_orders_results_and_keeps_words(client: FlaskClient) -> None:
    lat, lon = CF24_4AB
    found = results(client, f"lat={lat}&lon={lon}&radius=5")
    assert found[0][0] == "Cathays Male Voice Choir"
    assert "Newport Indoor Market" not in [name for name, _ in found]
    page = client.get(f"/assets/?q=food&lat={lat}&lon={lon}").get_data(as_text=True)
    assert "Nearest first from your location." in page
    assert names(client, f"q=food&lat={lat}&lon={lon}") == [
        "Cathays Co-op Food", "Roath Community Garden", "Newport Indoor Market",
    ]  # fmt: skip


def test_the_map_data_follows_the_place_and_radius(client: FlaskClient) -> None:
    geojson = client.get("/maps/assets.geojson?q=CF24+4AB&radius=1").get_json()
    assert {f["properties"]["name"] for f in geojson["features"]} == {
        "Cathays Male Voice Choir",
        "Cathays Co-op Food",
        "Roath Community Garden",
    }
    lat, lon = CF24_4AB
    near_me = client.get(f"/maps/assets.geojson?lat={lat}&lon={lon}&radius=1").get_json()
    assert len(near_me["features"]) == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=CF99+9ZZ", "We cannot find the postcode CF99 9ZZ."),
        ("lat=999&lon=0", "Your location could not be read."),
        ("lat=abc&lon=-3.1", "Your location could not be read."),
        ("lat=nan&lon=inf", "Your location could not be read."),
        ("lat=51.4&lon=", "Your location could not be read."),
    ],
)
def test_a_place_that_cannot_be_found_is_explained_never_a_500(client: FlaskClient, query: str, message: str) -> None:
    response = client.get(f"/assets/?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert "0 assets found" in html
    assert client.get(f"/maps/assets.geojson?{query}").status_code == 200


def test_unoffered_radius_is_ignored_and_words_that_look_like_roads_are_words(client: FlaskClient) -> None:
    assert len(names(client, "q=CF24+4AB&radius=7")) == 6
    assert client.get("/assets/?q=M4").status_code == 200  # an outward code's shape we do not hold: words


def test_labels_in_welsh(client: FlaskClient) -> None:
    html = client.get("/assets/?q=CF24+4AB&radius=2&lang=cy").get_data(as_text=True)
    assert "Agosaf yn gyntaf o CF24 4AB." in html
    assert "Côr Meibion Cathays" in html
    assert "10 m i ffwrdd" in html
    assert "Methu dod o hyd i’r cod post CF99 9ZZ" in client.get("/assets/?q=CF99+9ZZ&lang=cy").get_data(as_text=True)


def test_an_authority_named_in_the_box_keeps_the_list_to_it_in_either_language(client: FlaskClient) -> None:
    assert names(client, "q=Newport") == ["Newport Indoor Market"]
    assert names(client, "q=music+in+Casnewydd") == ["Newport Indoor Market"]
    assert set(names(client, "q=music")) == {"Splott Tuesday Group", "Newport Indoor Market"}
    html = client.get("/assets/?q=music+in+Newport").get_data(as_text=True)
    assert re.search(r'<option value="W06000022"[^>]*selected', html)  # the area filter says so
    assert 'value="music in Newport"' in html  # and the box keeps what was typed
    assert names(client, "q=Sing+in+the+rain") == []  # "in" with no authority after it: words
