"""The open API's read endpoints: parse (the schema, 400 on bad input) → load (404) → one service → JSON,
with an ETag (``abcd.api.responses``)."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_smorest import Blueprint

from abcd.api import services
from abcd.api.responses import cached
from abcd.api.schemas import (
    AreaCountsSchema,
    AreaSchema,
    AssetPageSchema,
    AssetQuery,
    AssetSchema,
    ThemeSchema,
    WardQuery,
    WardSchema,
)
from abcd.areas.messages import location_error_message
from abcd.areas.services import LocationError, lookup_postcode
from abcd.rate_limits import open_data
from abcd.security import public

bp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="Published community assets, areas, themes and counts (organisational records only).",
)
open_data(bp)

BAD_INPUT = 400  # webargs' default is 422; the API answers every bad parameter with 400


def asset_search(args: dict[str, Any]) -> services.AssetSearch:
    near = None
    if args.get("postcode"):
        try:
            place = lookup_postcode(args["postcode"])
        except LocationError as error:
            abort(400, description=location_error_message(error))
        near = services.Near(place.latitude, place.longitude, args["radius"])
    return services.AssetSearch(
        text=args["q"],
        kind=args["kind"],
        la_code=args["authority"],
        ward_code=args["ward"],
        theme=args["theme"],
        near=near,
        box=args["bbox"],
    )


@bp.route("/assets")
@public
@bp.arguments(AssetQuery, location="query", error_status_code=BAD_INPUT)
@bp.response(200, AssetPageSchema)
@bp.alt_response(304, description="Not modified: the ETag sent in If-None-Match is current.")
def assets(args: dict[str, Any]) -> Any:
    """Published assets, filtered as the directory is, a page at a time, oldest first (new ones come last)."""
    search = asset_search(args)
    return cached(lambda: services.page_of(services.published_query(search), args["page"], args["per_page"]))


@bp.route("/assets/<uuid:asset_id>")
@public
@bp.response(200, AssetSchema)
@bp.alt_response(404, description="No published asset has this id.")
def asset(asset_id: Any) -> Any:
    """One published asset by its id; a merged record's id answers with the record it was merged into."""
    found = services.published_by_uuid(str(asset_id))
    if found is None:
        abort(404)
    return cached(lambda: found)


@bp.route("/areas")
@public
@bp.response(200, AreaSchema(many=True))
def areas() -> Any:
    """The local authorities, each with its wards' codes."""
    return cached(services.authorities)


@bp.route("/areas/<string:code>")
@public
@bp.response(200, AreaSchema)
@bp.alt_response(404, description="No such local authority.")
def area(code: str) -> Any:
    """One local authority."""
    found = services.authority(code)
    if found is None:
        abort(404)
    return cached(lambda: found)


@bp.route("/wards")
@public
@bp.arguments(WardQuery, location="query", error_status_code=BAD_INPUT)
@bp.response(200, WardSchema(many=True))
def wards(args: dict[str, Any]) -> Any:
    """Wards, of one local authority if asked."""
    return cached(lambda: services.wards(args["authority"]))


@bp.route("/wards/<string:code>")
@public
@bp.response(200, WardSchema)
@bp.alt_response(404, description="No such ward.")
def ward(code: str) -> Any:
    """One ward."""
    found = services.ward(code)
    if found is None:
        abort(404)
    return cached(lambda: found)


@bp.route("/themes")
@public
@bp.response(200, ThemeSchema(many=True))
def themes() -> Any:
    """The themes assets are tagged with (their ids never change)."""
    return cached(services.themes)


@bp.route("/strengths/wards")
@public
@bp.response(200, AreaCountsSchema(many=True))
def ward_strengths() -> Any:
    """Published assets per ward, by kind and by theme: counts only."""
    return cached(lambda: services.strengths("ward"))


@bp.route("/strengths/authorities")
@public
@bp.response(200, AreaCountsSchema(many=True))
def authority_strengths() -> Any:
    """Published assets per local authority, by kind and by theme: counts only."""
    return cached(lambda: services.strengths("authority"))
