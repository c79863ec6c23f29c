"""Downloads for GIS colleagues: GeoJSON and CSV of published assets, the licence and attribution in each
file's metadata and on the page, and nothing about people."""

from __future__ import annotations

import csv
import io

from flask.testing import FlaskClient

from abcd.api.downloads import ATTRIBUTION, COLUMNS, LICENCE_URL
from tests.open_data import PRIVATE_EMAIL, PRIVATE_NAME, PRIVATE_PHONE, OpenData


def test_page_names_the_licence_and_the_attribution(client: FlaskClient) -> None:
    text = client.get("/open-data/").get_data(as_text=True)
    assert LICENCE_URL in text
    assert "Contains community asset data from Community Strengths" in text
    for url in ("/open-data/assets.geojson", "/open-data/assets.csv", "/api/v1/docs", "/openreferral/"):
        assert f'href="{url}' in text


def test_geojson_has_placed_published_assets_and_its_licence(client: FlaskClient, open_data: OpenData) -> None:
    response = client.get("/open-data/assets.geojson")
    assert response.mimetype == "application/geo+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert LICENCE_URL in response.headers["Link"]
    data = response.get_json()
    assert data["metadata"]["licence"]["url"] == LICENCE_URL
    assert data["metadata"]["attribution"] == ATTRIBUTION
    names = {feature["properties"]["name_en"] for feature in data["features"]}
    assert names == {"Adamsdown Singers", "Central Library", "Newport Boxing Club"}  # the hall has no point
    library = next(f for f in data["features"] if f["id"] == open_data.library)
    assert library["geometry"] == {"type": "Point", "coordinates": [-3.20, 51.52]}
    assert library["properties"]["themes"] == "music;sport"
    again = client.get("/open-data/assets.geojson", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_csv_and_its_metadata(client: FlaskClient, open_data: OpenData) -> None:
    response = client.get("/open-data/assets.csv")
    assert response.mimetype == "text/csv"
    assert 'rel="describedby"' in response.headers["Link"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(rows[0]) == COLUMNS
    assert {row["name_en"] for row in rows} == {
        "Adamsdown Singers", "Central Library", "Splott Hall", "Newport Boxing Club",
    }  # fmt: skip
    meta = client.get("/open-data/assets.csv-metadata.json").get_json()
    assert meta["@context"] == "http://www.w3.org/ns/csvw"
    assert meta["dc:license"] == {"@id": LICENCE_URL}
    assert meta["dc:bibliographicCitation"] == ATTRIBUTION
    assert meta["url"].endswith("/open-data/assets.csv")
    assert [column["name"] for column in meta["tableSchema"]["columns"]] == list(COLUMNS)


def test_downloads_hold_nothing_about_people(client: FlaskClient, open_data: OpenData) -> None:
    for url in ("/open-data/assets.geojson", "/open-data/assets.csv"):
        text = client.get(url).get_data(as_text=True)
        for private in (PRIVATE_NAME, PRIVATE_EMAIL, PRIVATE_PHONE, "Secret Draft Society"):
            assert private not in text
