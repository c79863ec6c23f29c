"""GeoJSON serialisation on its own: valid JSON, text kept exactly as typed, the same bytes every time."""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from abcd.assets.models import AssetKind
from abcd.maps.geojson import AreaFeature, WardCount, area_collection, asset_collection, people_collection

ROW = (7, 'Côr "Cathays" \\ <b>', "Côr Cymraeg", AssetKind.ASSOCIATION, 51.4891, -3.1784, "Cathays", "Cathays")


def test_asset_points_are_valid_geojson_in_either_language() -> None:
    english = json.loads(asset_collection([ROW], "en"))
    welsh = json.loads(asset_collection([ROW], "cy"))

    assert english == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": 7,
                "geometry": {"type": "Point", "coordinates": [-3.1784, 51.4891]},
                "properties": {"name": 'Côr "Cathays" \\ <b>', "kind": "association", "ward": "Cathays"},
            }
        ],
    }
    assert welsh["features"][0]["properties"]["name"] == "Côr Cymraeg"


def test_missing_ward_is_null_and_unplaceable_points_are_left_out() -> None:
    rows = [(1, "A", None, "place", 51.5, -3.2, None, None), (2, "B", None, "place", math.nan, -3.2, None, None)]
    document = json.loads(asset_collection(rows, "en"))
    assert [f["id"] for f in document["features"]] == [1]
    assert document["features"][0]["properties"]["ward"] is None


@given(name=st.text(), latitude=st.floats(-90, 90), longitude=st.floats(-180, 180))
def test_any_name_and_point_round_trips(name: str, latitude: float, longitude: float) -> None:
    row = (1, name, None, AssetKind.CULTURE, latitude, longitude, "W", None)
    (feature,) = json.loads(asset_collection([row], "en"))["features"]
    assert feature["properties"]["name"] == name
    assert feature["geometry"]["coordinates"] == [longitude, latitude]


def test_people_and_areas() -> None:
    people = json.loads(people_collection([WardCount("W1", "Cathays", 51.49, -3.18, 3), WardCount("W2", "X", 0, 0, 0)]))
    assert [f["id"] for f in people["features"]] == ["W1"]
    areas = json.loads(
        area_collection(
            [AreaFeature("W1", '{"type":"Point","coordinates":[0,0]}', {"count": 2})], extra={"grid": False}
        )
    )
    assert areas["grid"] is False
    assert areas["features"][0]["geometry"] == {"type": "Point", "coordinates": [0, 0]}
    assert areas["features"][0]["properties"] == {"count": 2}
