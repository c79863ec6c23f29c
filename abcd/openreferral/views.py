"""The Open Referral UK feed (HSDS 3.0, UK profile) at ``/openreferral/``: read-only, public, any origin.

Views parse the query (400 with per-parameter details), load (404 for unknown or unpublished ids), call
the services and answer JSON with an ETag from the published records' version (304 when unchanged).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any

from flask import Blueprint, abort, request, url_for
from marshmallow import ValidationError, fields, validate
from werkzeug.exceptions import BadRequest

from abcd.api import services as open_data
from abcd.api.responses import answer
from abcd.api.schemas import PageQuery
from abcd.areas.messages import location_error_message
from abcd.areas.services import LocationError, lookup_postcode
from abcd.assets.models import Asset
from abcd.openreferral import ids
from abcd.openreferral import services as feed
from abcd.rate_limits import open_data as open_data_limit
from abcd.security import public

bp = Blueprint("openreferral", __name__, url_prefix="/openreferral")
open_data_limit(bp)


class FeedQuery(PageQuery):
    text = fields.String(load_default="", validate=validate.Length(max=200))
    search = fields.String(load_default="", validate=validate.Length(max=200))  # the profile's name for text
    taxonomy_term_id = fields.UUID(load_default=None)
    postcode = fields.String(load_default=None, validate=validate.Length(max=10))
    proximity = fields.Integer(load_default=1000, validate=validate.Range(1, 50_000))  # metres
    modified_after = fields.DateTime(load_default=None)


def _query() -> dict[str, Any]:
    """The list endpoints' parameters; unknown ones (the profile's filters this feed lacks) are ignored."""
    try:
        return dict(FeedQuery().load(request.args.to_dict()))
    except ValidationError as error:
        exception = BadRequest()
        exception.data = {"messages": {"query": error.normalized_messages()}}  # type: ignore[attr-defined]
        raise exception from error


def _search(args: dict[str, Any]) -> open_data.AssetSearch:
    near = None
    if args["postcode"]:
        try:
            place = lookup_postcode(args["postcode"])
        except LocationError as error:
            abort(400, description=location_error_message(error))
        near = open_data.Near(place.latitude, place.longitude, args["proximity"] / 1000)
    term = args["taxonomy_term_id"]
    modified_after = args["modified_after"]
    if modified_after is not None and modified_after.tzinfo is not None:
        modified_after = modified_after.astimezone(UTC).replace(tzinfo=None)
    return open_data.AssetSearch(
        text=args["text"] or args["search"],
        near=near,
        modified_after=modified_after,
        theme_ids=feed.theme_ids_for_term(str(term)) if term else (),
    )


def _asset_page(args: dict[str, Any], placed: bool, render: Callable[[Asset, dict[str, str]], Any]) -> dict[str, Any]:
    query = open_data.published_query(_search(args))
    if placed:
        query = feed.placed_only(query)
    result = open_data.page_of(query, args["page"], args["per_page"])
    authorities = feed.authority_names()
    return feed.page(
        [render(asset, authorities) for asset in result.items], result.page, result.per_page, result.total_items
    )


def _found(record_id: str, mask: int | None = None) -> Asset:
    asset = feed.asset_for(record_id, mask)
    if asset is None:
        abort(404)
    return asset


def _asset_url(asset: Asset) -> str:
    return url_for("assets.detail", asset_id=asset.asset_id, _external=True)


@bp.route("/")
@public
def index() -> Any:
    return answer(
        lambda: {
            "version": feed.HSDS_VERSION,
            "profile": feed.PROFILE_URL,
            "openapi_url": feed.PROFILE_OPENAPI_URL,
        }
    )


@bp.route("/services")
@public
def services() -> Any:
    args = _query()
    return answer(
        lambda: _asset_page(args, False, lambda asset, _areas: feed.service_summary(asset, _asset_url(asset)))
    )


@bp.route("/services/<string:record_id>")
@public
def service(record_id: str) -> Any:
    asset = _found(record_id)
    return answer(lambda: feed.service(asset, feed.authority_names(), _asset_url(asset)))


@bp.route("/service_at_locations")
@public
def service_at_locations() -> Any:
    args = _query()
    return answer(lambda: _asset_page(args, True, feed.service_at_location))


@bp.route("/service_at_locations/<string:record_id>")
@public
def service_at_location(record_id: str) -> Any:
    asset = _found(record_id, ids.SERVICE_AT_LOCATION)
    record = feed.service_at_location(asset, feed.authority_names())
    if record is None:
        abort(404)
    return answer(lambda: record)


@bp.route("/organizations")
@public
def organizations() -> Any:
    args = _query()
    return answer(lambda: _asset_page(args, False, lambda asset, _areas: feed.organization(asset)))


@bp.route("/organizations/<string:record_id>")
@public
def organization(record_id: str) -> Any:
    asset = _found(record_id, ids.ORGANIZATION)
    return answer(lambda: feed.organization(asset) | {"services": [feed.service_summary(asset, _asset_url(asset))]})


@bp.route("/taxonomies")
@public
def taxonomies() -> Any:
    args = _query()
    items = [feed.taxonomy()] if args["page"] == 1 else []
    return answer(lambda: feed.page(items, args["page"], args["per_page"], 1))


@bp.route("/taxonomies/<string:record_id>")
@public
def taxonomy(record_id: str) -> Any:
    if record_id != ids.TAXONOMY_ID:
        abort(404)
    return answer(feed.taxonomy)


@bp.route("/taxonomy_terms")
@public
def taxonomy_terms() -> Any:
    args = _query()
    terms = [feed.term(theme) for theme in open_data.themes()]
    start = (args["page"] - 1) * args["per_page"]
    return answer(
        lambda: feed.page(terms[start : start + args["per_page"]], args["page"], args["per_page"], len(terms))
    )


@bp.route("/taxonomy_terms/<string:record_id>")
@public
def taxonomy_term(record_id: str) -> Any:
    theme = feed.theme_for_term(record_id)
    if theme is None:
        abort(404)
    return answer(lambda: feed.term(theme))
