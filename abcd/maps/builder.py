"""Folium map building from plain dataclasses: pure, no Flask, no database, no network.

Each builder returns a ``BuiltMap``: the map's ``<div>``, its script (served by the app as a file,
because the CSP allows no inline script) and the script and stylesheet URLs it needs, all served by
the app. Element ids are fixed from ``map_id``, so the page and its script, built in two requests,
agree. ``ensure_self_hosted`` is the guard that refuses any page linking a file from elsewhere.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import folium
from branca.element import CssLink, Element, Figure, JavascriptLink

from abcd.maps.elements import LinkedFiles, ModuleCall
from abcd.maps.styles import AUTHORITY_LINE, LAND_COLOUR, MARKER_PX, PEOPLE_COLOUR, SYMBOLS, WARD_LINE, symbol_svg

Bounds = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))
# Cardiff, Newport and the Vale of Glamorgan, with a little room: the first view of every area map.
AREA_BOUNDS: Bounds = ((51.37, -3.64), (51.64, -2.83))
DEBOUNCE_MS = 10  # the map asks for clusters this long after it stops moving (a run of zoom clicks asks once)


class ExternalAssetError(RuntimeError):
    """A map page would load a script or stylesheet from another site; it must not be served."""


@dataclass(frozen=True)
class VendorUrls:
    """Where the app serves Leaflet and the clustering plugin (see abcd.maps.vendor)."""

    leaflet_js: str
    leaflet_css: str
    markercluster_js: str
    markercluster_css: str
    maps_js: str = "/static/js/maps/"  # where our own map scripts (static/js/maps) are: "name.js", "a-b.js" follow

    def script(self, name: str) -> list[tuple[str, str]]:
        """The link to one of our map scripts, named for folium's header (a script linked twice loads once)."""
        return [(f"abcd_maps_{name}", f"{self.maps_js}{name}.js")]


@dataclass(frozen=True)
class Tiles:
    """What lies under the markers: our own ward and authority outlines from ``outlines_url`` always (empty
    leaves them out), and a raster tile server over their land only when ``url`` is set (empty: no tiles, as
    in tests and offline workshops)."""

    url: str = ""
    attribution: str = ""
    max_zoom: int = 18
    outlines_url: str = ""


@dataclass(frozen=True)
class MapTexts:
    """Every word the map itself shows, already in the reader's language."""

    zoom_in: str = "Zoom in"
    zoom_out: str = "Zoom out"
    close: str = "Close"
    loading: str = "Loading the map…"
    shown: str = "Assets on the map: %(count)s"
    failed: str = "The map could not load the assets. The list shows them all."
    more: str = "More about %(name)s"
    ward: str = "Ward: %(ward)s"
    people_layer: str = "People sharing their gifts (by ward)"
    people_tooltip: str = "People sharing their gifts in %(ward)s: %(count)s"
    layers: str = "Show or hide layers"
    about: str = "About: %(names)s"  # a story's places
    stories: str = "Stories about this place: %(names)s"


@dataclass(frozen=True)
class KindLabel:
    kind: str  # an ABCD kind, a key of styles.SYMBOLS
    label: str


@dataclass(frozen=True)
class AssetMapSpec:
    map_id: str
    label: str  # the map's accessible name, e.g. "Map of community assets"
    data_url: str  # GeoJSON of assets; the layer appends &bbox=west,south,east,north
    asset_url: str  # an asset's page, with __id__ in place of its id
    kinds: tuple[KindLabel, ...]
    texts: MapTexts = field(default_factory=MapTexts)
    people_url: str | None = None  # per-ward counts of people; None leaves the layer out
    status_id: str | None = None  # element that announces what the map shows
    link_target: str | None = None  # "_blank" when the map is framed in another site
    bounds: Bounds = AREA_BOUNDS
    clusters_url: str | None = None  # clusters made by the server (abcd.maps.clusters); None clusters in the page


@dataclass(frozen=True)
class ChoroplethSpec:
    map_id: str
    label: str  # the map's accessible name, e.g. "Map of community assets"
    data_url: str  # GeoJSON polygons whose properties carry fill, count and label
    texts: MapTexts = field(default_factory=MapTexts)
    bounds: Bounds = AREA_BOUNDS


@dataclass(frozen=True)
class PointSpec:
    map_id: str
    label: str  # the map's accessible name, e.g. "Map of community assets"
    latitude: float
    longitude: float
    kind: str
    texts: MapTexts = field(default_factory=MapTexts)
    zoom: int = 15


@dataclass(frozen=True)
class PickerSpec:
    map_id: str
    label: str  # the map's accessible name, e.g. "Map of community assets"
    start: tuple[float, float] | None = None
    texts: MapTexts = field(default_factory=MapTexts)
    bounds: Bounds = AREA_BOUNDS


@dataclass(frozen=True)
class BuiltMap:
    map_id: str
    element_id: str  # the id of the map's <div>
    html: str
    script: str
    js_urls: tuple[str, ...]
    css_urls: tuple[str, ...]


class OfflineMap(folium.Map):
    """folium's Map without its CDN files (jQuery, Bootstrap, Font Awesome, awesome-markers)."""

    default_js: list[tuple[str, str]] = []  # noqa: RUF012 -- folium's per-class hook; Leaflet comes via LinkedFiles
    default_css: list[tuple[str, str]] = []  # noqa: RUF012 -- as above


def _base_map(map_id: str, tiles: Tiles, vendor: VendorUrls, texts: MapTexts) -> folium.Map:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", map_id):
        raise ValueError(f"map_id must be a JavaScript-safe name, not {map_id!r}")
    tile_layer = folium.TileLayer(tiles.url, attr=tiles.attribution, max_zoom=tiles.max_zoom) if tiles.url else None
    # Without tiles Leaflet has no maxZoom, and marker clustering refuses to start without one.
    m = OfflineMap(location=(51.5, -3.2), zoom_start=10, tiles=tile_layer, zoom_control=False, maxZoom=tiles.max_zoom)
    m.add_child(LinkedFiles([("leaflet", vendor.leaflet_js)], [("leaflet_css", vendor.leaflet_css)]))
    core = vendor.script("core")  # every other script of ours builds on it, so it is linked first
    m.add_child(ModuleCall("zoomControl", {"zoomIn": texts.zoom_in, "zoomOut": texts.zoom_out}, core))
    return m


def _fit_view(bounds: Bounds, vendor: VendorUrls) -> ModuleCall:
    return ModuleCall("fitView", {"bounds": [list(corner) for corner in bounds]}, vendor.script("core"))


def _base_layer(tiles: Tiles, vendor: VendorUrls) -> ModuleCall:
    """The outlines: added after the first view is set, so they are asked for once, at the zoom shown."""
    options = {
        "outlinesUrl": tiles.outlines_url,
        "land": LAND_COLOUR,
        "wardColour": WARD_LINE,
        "authorityColour": AUTHORITY_LINE,
    }
    return ModuleCall("baseLayer", options, vendor.script("base"))


def _kind_options(kind: KindLabel) -> dict[str, str]:
    return {
        "label": kind.label,
        "labelHtml": html.escape(kind.label),
        "svg": symbol_svg(kind.kind, MARKER_PX),
        "clusterSvg": symbol_svg(kind.kind, 38),
    }


def build_asset_map(spec: AssetMapSpec, tiles: Tiles, vendor: VendorUrls) -> BuiltMap:
    """The asset map: clustered markers per kind (by the server when ``clusters_url`` is set), optional
    ward-level people counts, a layer switcher."""
    m = _base_map(spec.map_id, tiles, vendor, spec.texts)
    m.add_child(_fit_view(spec.bounds, vendor))
    options: dict[str, Any] = {
        "dataUrl": spec.data_url,
        "assetUrl": spec.asset_url,
        "statusId": spec.status_id,
        "linkTarget": spec.link_target,
        "kinds": {kind.kind: _kind_options(kind) for kind in spec.kinds if kind.kind in SYMBOLS},
        "texts": {
            "loading": spec.texts.loading,
            "shown": spec.texts.shown,
            "failed": spec.texts.failed,
            "more": spec.texts.more,
            "ward": spec.texts.ward,
            "close": spec.texts.close,
            "related": {"culture": spec.texts.about, "place": spec.texts.stories},
        },
    }
    markers = vendor.script("markers")
    if spec.clusters_url:
        server = {**options, "clustersUrl": spec.clusters_url, "debounceMs": DEBOUNCE_MS}
        assets = ModuleCall("serverClusters", server, markers + vendor.script("clusters"))
    else:
        plugin = [("markercluster", vendor.markercluster_js)]
        plugin_css = [("markercluster_css", vendor.markercluster_css)]
        assets = ModuleCall("assetLayer", options, plugin + markers + vendor.script("assets"), plugin_css)
    m.add_child(assets)
    refs: dict[str, ModuleCall] = {"assets": assets}
    overlays: list[dict[str, str | None]] = [
        {"labelHtml": f"{symbol_svg(kind.kind, 16)} {html.escape(kind.label)}", "ref": "assets", "kind": kind.kind}
        for kind in spec.kinds
        if kind.kind in SYMBOLS
    ]
    if spec.people_url:
        people_options = {"dataUrl": spec.people_url, "colour": PEOPLE_COLOUR, "tooltip": spec.texts.people_tooltip}
        refs["people"] = ModuleCall("peopleLayer", people_options, vendor.script("areas"))
        m.add_child(refs["people"])
        overlays.append({"labelHtml": html.escape(spec.texts.people_layer), "ref": "people", "kind": None})
    switcher = {"overlays": overlays, "title": spec.texts.layers}
    m.add_child(ModuleCall("layerSwitcher", switcher, vendor.script("core"), refs=refs))
    return _finish(m, spec, tiles, vendor)


def build_choropleth_map(spec: ChoroplethSpec, tiles: Tiles, vendor: VendorUrls) -> BuiltMap:
    """Wards (or grid squares) coloured by what is recorded there; colours come with the data."""
    m = _base_map(spec.map_id, tiles, vendor, spec.texts)
    m.add_child(_fit_view(spec.bounds, vendor))
    m.add_child(ModuleCall("choroplethLayer", {"dataUrl": spec.data_url}, vendor.script("areas")))
    return _finish(m, spec, tiles, vendor)


def build_point_map(spec: PointSpec, tiles: Tiles, vendor: VendorUrls) -> BuiltMap:
    """A small map centred on one asset, with its kind's symbol."""
    m = _base_map(spec.map_id, tiles, vendor, spec.texts)
    m.location = [spec.latitude, spec.longitude]
    m.options["zoom"] = spec.zoom
    point = {"location": [spec.latitude, spec.longitude], "svg": symbol_svg(spec.kind, 30)}
    m.add_child(ModuleCall("pointMarker", point, vendor.script("core")))
    return _finish(m, spec, tiles, vendor)


def build_picker_map(spec: PickerSpec, tiles: Tiles, vendor: VendorUrls) -> BuiltMap:
    """A map to click on to place a record; the form's own script does the rest."""
    m = _base_map(spec.map_id, tiles, vendor, spec.texts)
    if spec.start:
        m.location = list(spec.start)
        m.options["zoom"] = 15
    else:
        m.add_child(_fit_view(spec.bounds, vendor))
    marker = symbol_svg("place", 30)
    options = {
        "start": list(spec.start) if spec.start else None,
        "bounds": [list(corner) for corner in spec.bounds],
        "svg": marker,
        "zoom": 15,
    }
    m.add_child(ModuleCall("locationPicker", options, vendor.script("core")))
    return _finish(m, spec, tiles, vendor)


def _fix_ids(m: folium.Map, map_id: str) -> None:
    """Replace folium's random ids with ones derived from ``map_id`` (same map, same page and script)."""
    counter = itertools.count(1)
    m._id = map_id

    def walk(element: Element) -> None:
        for child in element._children.values():
            child._id = f"{map_id}_{next(counter)}"
            walk(child)

    walk(m)


def _bundled(js_urls: tuple[str, ...], vendor: VendorUrls) -> tuple[str, ...]:
    """Our own scripts as one request (``core-markers-clusters.js``), where the first of them was linked: they
    only define functions, which the map's script calls once everything has loaded."""
    ours = [url for url in js_urls if url.startswith(vendor.maps_js)]
    if len(ours) < 2:  # one file is already one request
        return js_urls
    bundle = vendor.maps_js + "-".join(url[len(vendor.maps_js) : -len(".js")] for url in ours) + ".js"
    return tuple(bundle if url == ours[0] else url for url in js_urls if url not in ours[1:])


def _finish(
    m: folium.Map, spec: AssetMapSpec | ChoroplethSpec | PointSpec | PickerSpec, tiles: Tiles, vendor: VendorUrls
) -> BuiltMap:
    if tiles.outlines_url:
        m.add_child(_base_layer(tiles, vendor))
    map_id, label = spec.map_id, spec.label
    _fix_ids(m, map_id)
    figure = m.get_root()
    assert isinstance(figure, Figure)  # noqa: S101 -- folium.Map always makes one; this narrows the type
    figure.render()
    # Only links are kept from folium's header: its viewport meta disables zoom (WCAG 1.4.4) and its
    # inline <style> and <script> blocks would be refused by our Content-Security-Policy anyway.
    header = list(figure.header._children.values())
    js_urls = _bundled(tuple(child.url for child in header if isinstance(child, JavascriptLink)), vendor)
    css_urls = tuple(child.url for child in header if isinstance(child, CssLink))
    ensure_self_hosted([*js_urls, *css_urls])
    # Our own <div> rather than folium's: the same id, plus a name for the region screen readers land on.
    element_id = m.get_name()
    element = (
        f'<div class="folium-map abcd-map" id="{element_id}" role="region" aria-label="{html.escape(label)}"></div>'
    )
    return BuiltMap(
        map_id=map_id,
        element_id=element_id,
        html=element,
        script=figure.script.render().strip() + "\n",
        js_urls=js_urls,
        css_urls=css_urls,
    )


_LINKED = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)


def is_external(url: str) -> bool:
    """True for any URL that names a host (absolute or protocol-relative); ours are all paths."""
    lowered = url.strip().lower().replace("\\", "/")
    return lowered.startswith("//") or bool(re.match(r"^[a-z][a-z0-9+.-]*:", lowered))


def external_links(page_html: str) -> list[str]:
    """The script and link URLs in a page that would be fetched from somewhere other than this app."""
    return [url for url in _LINKED.findall(page_html) if is_external(url)]


def ensure_self_hosted(urls_or_html: str | Iterable[str]) -> None:
    """Raise ExternalAssetError if a page (or a list of URLs) would load a file from another site."""
    found = (
        external_links(urls_or_html) if isinstance(urls_or_html, str) else [u for u in urls_or_html if is_external(u)]
    )
    if found:
        raise ExternalAssetError(f"refusing to serve a map that loads files from elsewhere: {', '.join(found)}")
