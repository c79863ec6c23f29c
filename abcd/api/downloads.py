"""Downloads for GIS colleagues: every published asset as GeoJSON and as CSV, with the licence and the
attribution in the file's own metadata (a ``metadata`` member in the GeoJSON; a CSV on the Web sidecar,
linked from the CSV's ``Link`` header) and on the page that offers them."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, url_for

from abcd.api import services
from abcd.api.responses import answer
from abcd.api.spec import document
from abcd.csv_output import write_csv
from abcd.models_base import utcnow
from abcd.rate_limits import open_data
from abcd.security import public

bp = Blueprint("open_data", __name__, url_prefix="/open-data")
open_data(bp)

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ATTRIBUTION = (
    "Contains community asset data from Community Strengths, licensed under the Open Government Licence v3.0. "
    "Contains OS data © Crown copyright and database right; postcode locations from the Office for National "
    "Statistics, licensed under the Open Government Licence v3.0."
)
COLUMNS = (
    "id", "kind", "name_en", "name_cy", "description_en", "description_cy", "address", "postcode",
    "latitude", "longitude", "authority", "ward", "website", "themes", "updated_at",
)  # fmt: skip


def _metadata() -> dict[str, Any]:
    return {
        "title": "Community Strengths: published community assets",
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "attribution": ATTRIBUTION,
        "source": url_for("open_data.index", _external=True),
        "generated_at": utcnow().isoformat(timespec="seconds") + "Z",
    }


def _row(asset: Any) -> dict[str, Any]:
    return {
        "id": asset.uuid,
        "kind": asset.kind.value,
        "name_en": asset.name_en,
        "name_cy": asset.name_cy,
        "description_en": asset.description_en,
        "description_cy": asset.description_cy,
        "address": asset.address,
        "postcode": asset.postcode,
        "latitude": asset.latitude,
        "longitude": asset.longitude,
        "authority": asset.la_code,
        "ward": asset.ward_code,
        "website": asset.website,
        "themes": ";".join(theme.slug for theme in asset.themes),
        "updated_at": asset.updated_at.isoformat(timespec="seconds") + "Z",
    }


def _assets() -> list[Any]:
    return services.all_published()


def geojson() -> dict[str, Any]:
    features = [
        {
            "type": "Feature",
            "id": asset.uuid,
            "geometry": {"type": "Point", "coordinates": [asset.longitude, asset.latitude]},
            "properties": {key: value for key, value in _row(asset).items() if key not in ("latitude", "longitude")},
        }
        for asset in _assets()
        if asset.latitude is not None and asset.longitude is not None
    ]
    return {"type": "FeatureCollection", "metadata": _metadata(), "features": features}


@bp.route("/")
@public
def index() -> str:
    return render_template(
        "open_data/index.html",
        licence_name=LICENCE_NAME,
        licence_url=LICENCE_URL,
        attribution=ATTRIBUTION,
        api_version=document()["info"]["version"],
    )


@bp.route("/assets.geojson")
@public
def assets_geojson() -> Response:
    response = answer(geojson, mimetype="application/geo+json")
    response.headers["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


@bp.route("/assets.csv")
@public
def assets_csv() -> Response:
    def rows() -> str:
        return write_csv(COLUMNS, ([_row(asset)[name] for name in COLUMNS] for asset in _assets()))

    response = answer(rows, mimetype="text/csv", serialise=str)
    response.headers["Content-Disposition"] = "attachment; filename=community-assets.csv"
    metadata = url_for("open_data.assets_csv_metadata")
    described = f'<{metadata}>; rel="describedby"; type="application/csvm+json"'
    response.headers["Link"] = f'{described}, <{LICENCE_URL}>; rel="license"'
    return response


@bp.route("/assets.csv-metadata.json")
@public
def assets_csv_metadata() -> Response:
    """The CSV's metadata as CSV on the Web (W3C) describes it: title, licence, attribution, columns."""

    def build() -> dict[str, Any]:
        meta = _metadata()
        return {
            "@context": "http://www.w3.org/ns/csvw",
            "url": url_for("open_data.assets_csv", _external=True),
            "dc:title": meta["title"],
            "dc:license": {"@id": LICENCE_URL},
            "dc:rights": LICENCE_NAME,
            "dc:bibliographicCitation": ATTRIBUTION,
            "dc:source": meta["source"],
            "tableSchema": {"columns": [{"name": name, "titles": name} for name in COLUMNS]},
        }

    return answer(build, mimetype="application/csvm+json")
