"""Map pages, their scripts and data: the asset map, strengths by ward, the embeddable map, the location lookup.

Pages hold no data: each map's script fetches GeoJSON from an endpoint here, filtered on the server,
so a page is the same size at 50 assets or 50,000. Every map page passes the self-hosting guard.
"""

from __future__ import annotations

import math
import mimetypes
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from abcd.areas.messages import location_error_message
from abcd.areas.models import LocalAuthority, Ward
from abcd.areas.services import LocationError, local_authorities, wards
from abcd.assets import services as asset_services
from abcd.assets.directory import DirectoryFilters, directory_query
from abcd.assets.labels import KIND_LABELS
from abcd.assets.models import AssetKind
from abcd.errors import render_error
from abcd.extensions import db
from abcd.i18n import current_language, record_name
from abcd.links.services import story_places
from abcd.maps import choropleth, clusters, geojson, outlines, services, specs, styles, vendor
from abcd.maps.builder import ExternalAssetError, ensure_self_hosted
from abcd.maps.responses import PERSONAL_DATA, PUBLIC_DATA, PUBLIC_SCRIPT, cached_response, versioned_response
from abcd.pagecache import shared_page
from abcd.people.directory import ward_counts
from abcd.people.services import viewer_for
from abcd.people.visibility import ANYONE, Viewer
from abcd.security import embeddable, public
from abcd.text import clean_query

bp = Blueprint("maps", __name__, url_prefix="/maps")
GEOJSON = "application/geo+json"
ONE_YEAR = 365 * 24 * 3600


def _viewer() -> Viewer:
    return viewer_for(current_user)


def _data_language() -> str:
    """Data responses take their language from the URL alone, so one URL is always one document."""
    lang = request.args.get("lang", "en")
    return lang if lang in current_app.config["LANGUAGES"] else "en"


@bp.after_request
def _refuse_external_files(response: Response) -> Response:
    """The guard: a map page that would load a script or stylesheet from elsewhere is never served."""
    if response.mimetype != "text/html" or response.direct_passthrough:
        return response
    try:
        ensure_self_hosted(response.get_data(as_text=True))
    except ExternalAssetError:
        current_app.logger.exception("Map page refused")
        html, status = render_error(500)
        return Response(html, status=status, mimetype="text/html")
    return response


@bp.app_template_global("small_map")
def small_map(name: str, **params: Any) -> specs.MapFigure | None:
    """A map for another feature's page (an asset's place, the form's picker); None if it cannot be drawn."""
    if name == "point" and not specs.point_args({k: str(v) for k, v in params.items() if v is not None}):
        return None
    return specs.figure(name, params)


@bp.app_template_global("kind_symbol")
def kind_symbol(kind: str) -> Markup:
    return Markup(styles.symbol_svg(kind, 18))  # noqa: S704 -- our own SVG constants, no user input


@bp.app_template_global("people_symbol")
def people_symbol() -> Markup:
    return Markup(styles.people_svg(18))  # noqa: S704 -- as above


@bp.app_template_global("swatch")
def swatch(colour: str) -> Markup:
    return Markup(styles.swatch_svg(colour))  # noqa: S704 -- colours from our palette only


@bp.route("/")
@public
def index() -> str:
    filters = DirectoryFilters.from_args(request.args)
    try:  # ?bbox= lists what a map view holds (the map's own view, as its clusters count it)
        bbox = services.BoundingBox.parse(request.args.get("bbox"))
    except services.BoundingBoxError:
        bbox = None  # a malformed box is ignored, like any malformed filter
    page_number = max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))
    page = db.paginate(
        services.within(directory_query(filters, language=current_language()), bbox),
        page=page_number,
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    counts = ward_counts(_viewer())
    area_wards = wards(filters.la_code)
    in_scope = [w for w in area_wards if filters.ward_code in (None, w.code)]
    return render_template(
        "maps/index.html",
        figure=specs.figure("assets", request.args),
        page=page,
        filters=filters,
        kinds=KIND_LABELS,
        authorities=local_authorities(),
        wards=area_wards,
        themes=asset_services.themes(),
        people=[(ward, counts[ward.code]) for ward in in_scope if counts.get(ward.code)],
        embed_url=url_for("maps.embed", **specs.filter_args(filters), _external=True),
    )


def embed_heading(filters: DirectoryFilters) -> str:
    """What the framed map shows, in words: its area, kind, theme and search, as its map and people layer do."""
    parts: list[str] = []
    area: Ward | LocalAuthority | None = db.session.get(Ward, filters.ward_code) if filters.ward_code else None
    if area is None and filters.la_code:
        area = db.session.get(LocalAuthority, filters.la_code)
    if area is not None:
        parts.append(record_name(area))
    if filters.kind:
        parts.append(str(KIND_LABELS[filters.kind]))
    theme = next((t for t in asset_services.themes() if t.slug == filters.theme), None) if filters.theme else None
    if theme is not None:
        parts.append(_("Theme: %(name)s", name=record_name(theme)))
    if filters.text:
        parts.append(_("Matching “%(text)s”", text=filters.text))
    if not parts:
        return _("Community assets in Cardiff, Newport and the Vale of Glamorgan")
    return _("Community assets: %(filters)s", filters="; ".join(parts))


@bp.route("/embed")
@public
@embeddable
def embed() -> str:
    filters = DirectoryFilters.from_args(request.args)
    return render_template(
        "maps/embed.html",
        figure=specs.figure("embed", request.args),
        heading=embed_heading(filters),
        filters=filters,
        kinds=KIND_LABELS,
        full_url=url_for("maps.index", **specs.filter_args(filters), _external=True),
    )


@bp.route("/strengths")
@public
@shared_page
def strengths() -> str:
    args = specs.strengths_args(request.args)
    kind = AssetKind(args["kind"]) if "kind" in args else None
    measure = args.get("measure", "count")
    result = services.strengths(_viewer())
    return render_template(
        "maps/strengths.html",
        figure=specs.figure("strengths", args),
        kind=kind,
        measure=measure,
        kinds=KIND_LABELS,
        colours=choropleth.build(kind, measure, current_language(), with_features=False),
        strengths=result,
        authority_names={la.code: la for la in result.authorities},
    )


@bp.route("/script/<any(assets, embed, strengths, point, picker):name>.js")
@public
def script(name: str) -> Response:
    """A map's script: built by folium, served as a file because the CSP allows no inline script."""
    built = specs.build_map(name, request.args)
    return cached_response(built.script.encode("utf-8"), "text/javascript", PUBLIC_SCRIPT)


def _bad_request(message: str) -> tuple[Response, int]:
    return jsonify(error="bad_request", message=message), 400


@bp.route("/assets.geojson")
@public
def asset_data() -> Response | tuple[Response, int]:
    """Published assets as GeoJSON, filtered like the directory and by ``bbox=west,south,east,north``."""
    try:
        bbox = services.BoundingBox.parse(request.args.get("bbox"))
    except services.BoundingBoxError:
        return _bad_request(_("The bbox parameter must be four numbers: west,south,east,north."))
    filters, language = DirectoryFilters.from_args(request.args), _data_language()

    def build() -> bytes:
        return geojson.asset_collection(services.asset_points(filters, bbox), language, story_places())

    response = versioned_response(services.data_version(), build, GEOJSON, PUBLIC_DATA)
    if request.args.get("download"):
        response.headers["Content-Disposition"] = "attachment; filename=community-assets.geojson"
    return response


@bp.route("/clusters.json")
@public
def cluster_data() -> Response | tuple[Response, int]:
    """Clusters by zoom for ``bbox`` (and the directory's filters): counts per kind, positions, boxes to
    zoom into, and single assets only where few remain (abcd.maps.clusters)."""
    try:
        bbox = services.BoundingBox.parse(request.args.get("bbox"))
    except services.BoundingBoxError:
        return _bad_request(_("The bbox parameter must be four numbers: west,south,east,north."))
    zoom = clusters.clamp_zoom(request.args.get("zoom"))
    if zoom is None:
        return _bad_request(_("The zoom parameter must be a whole number, for example 12."))
    filters, language, version = DirectoryFilters.from_args(request.args), _data_language(), services.data_version()

    def build() -> bytes:
        return clusters.cluster_document(clusters.cluster_view(filters, bbox, zoom, version), language, version)

    response = versioned_response(version, build, "application/json", PUBLIC_DATA)
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def warm_next_steps() -> None:  # after the answer has gone: the grids one step in and out
        with app.app_context():
            try:
                clusters.warm(filters, (zoom + 1, zoom - 1), version)
            except Exception:  # a cache left cold is only slower: never an error for anyone
                app.logger.exception("Warming the map's clusters failed")
            finally:
                db.session.remove()

    response.call_on_close(warm_next_steps)
    return response


@bp.route("/people.geojson")
@public
def people_data() -> Response:
    """How many people the viewer may see in each ward, at the ward's centre. Never a person's own point.
    ``la`` and ``ward`` keep to the map's area, as the page's own table of people by ward does."""
    everyone = request.args.get("audience") == "public"
    counts = ward_counts(ANYONE if everyone else _viewer())
    language = _data_language()
    area = DirectoryFilters.from_args(request.args)  # the map's own filters: only its authority or ward
    body = geojson.people_collection(
        geojson.WardCount(w.code, record_name(w, language=language), w.centroid_lat, w.centroid_lon, n)
        for w in wards(area.la_code)
        if (n := counts.get(w.code, 0))
        and area.ward_code in (None, w.code)
        and w.centroid_lat is not None
        and w.centroid_lon is not None
    )
    if everyone:
        return cached_response(body, GEOJSON, PUBLIC_DATA)
    return cached_response(body, GEOJSON, PERSONAL_DATA, vary_cookie=True)


@bp.route("/wards.geojson")
@public
def ward_data() -> Response:
    """Wards (or 1 km squares when no boundaries are loaded) with the colour of what is recorded there."""
    args = specs.strengths_args(request.args)
    kind = AssetKind(args["kind"]) if "kind" in args else None
    result = choropleth.build(kind, args.get("measure", "count"), _data_language())
    body = geojson.area_collection(result.features, extra={"grid": result.by_grid, "measure": result.measure})
    return cached_response(body, GEOJSON, PUBLIC_DATA)


@bp.route("/outlines.geojson")
@public
def outline_data() -> Response | tuple[Response, int]:
    """Ward and authority outlines for the maps' base layer, simplified for ``zoom`` (a whole number)."""
    try:
        zoom = outlines.parse_zoom(request.args.get("zoom"))
    except outlines.ZoomError:
        return _bad_request(_("The zoom parameter must be a whole number, for example 12."))
    language, version = _data_language(), outlines.geography_version()

    def build() -> bytes:
        return outlines.outline_document(zoom, language, version)

    return versioned_response(str(version), build, GEOJSON, PUBLIC_DATA, pack_hard=True)


def _name(place: Ward | LocalAuthority | None) -> str | None:
    if place is None:
        return None
    return record_name(place)


def _coordinate(name: str, limit: float) -> float | None:
    """A latitude or longitude from the query; None when absent. Raises ValueError unless a number in range."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    value = float(raw)
    if not math.isfinite(value) or abs(value) > limit:
        raise ValueError(name)
    return value


@bp.route("/locate")
def locate() -> Response | tuple[Response, int]:
    """The ward and authority of a postcode or point, for the asset form before it is saved."""
    postcode = clean_query(request.args.get("postcode"), 20)
    try:
        latitude, longitude = _coordinate("lat", 90), _coordinate("lon", 180)
    except ValueError:
        return _bad_request(_("Enter an ordinary number, for example 51.48."))
    try:
        placed = services.place(postcode or None, latitude, longitude)
    except LocationError as error:
        return jsonify(ok=False, error=error.code, message=location_error_message(error)), 422
    ward, area = _name(placed.ward), _name(placed.authority)
    message = _("Ward: %(ward)s, %(area)s", ward=ward, area=area) if ward else _("%(area)s (ward not known)", area=area)
    location = placed.location
    return jsonify(
        ok=True,
        latitude=location.latitude,
        longitude=location.longitude,
        postcode=location.postcode,
        ward_code=location.ward_code,
        la_code=location.la_code,
        message=message,
    )


@bp.route("/js/<version>/<name>.js")
@public
def own_script(version: str, name: str) -> Response:
    """Our map scripts (static/js/maps), one (``core.js``) or several in order (``core-markers.js``), compressed;
    the URL's version is a hash of them all, so they are cached for a year."""
    body = vendor.own_bundle(tuple(name.split("-"))) if version == vendor.own_scripts()[0] else None
    if body is None:
        abort(404)
    cache = f"public, max-age={ONE_YEAR}, immutable"
    return cached_response(body, "text/javascript", cache, immutable=True)


@bp.route("/vendor/<package>/<path:filename>")
@public
def vendor_file(package: str, filename: str) -> Response:
    """Leaflet and its plugin from the installed packages; versioned URLs, so cached for a year.

    Read into memory rather than streamed: a browser that leaves mid-download must not leave a file open.
    """
    path = vendor.vendor_file(package, filename)
    if path is None:
        abort(404)
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    cache = f"public, max-age={ONE_YEAR}, immutable"
    compress = not mimetype.startswith("image/")
    return cached_response(path.read_bytes(), mimetype, cache, compress=compress, immutable=True)
