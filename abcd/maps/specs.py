"""The builder's plain inputs, made from the app: translated words, our own URLs, the tile settings.

A page and its script are built in two requests from the same query arguments, so both call
``build_map`` with those arguments and get the same map.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from threading import Lock
from typing import Any

from flask import current_app, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.exceptions import NotFound

from abcd.assets.directory import DirectoryFilters
from abcd.assets.labels import KIND_LABELS
from abcd.assets.models import AssetKind
from abcd.i18n import current_language
from abcd.maps import vendor
from abcd.maps.builder import (
    AssetMapSpec,
    BuiltMap,
    ChoroplethSpec,
    KindLabel,
    MapTexts,
    PickerSpec,
    PointSpec,
    Tiles,
    VendorUrls,
    build_asset_map,
    build_choropleth_map,
    build_picker_map,
    build_point_map,
)
from abcd.search.places import search_point_args

MAP_NAMES = ("assets", "embed", "strengths", "point", "picker")
MEASURES = ("count", "density")
_ID_SENTINEL = 987654321  # stands in for an asset id while an asset URL is turned into a template


def vendor_urls() -> VendorUrls:
    def url(file: tuple[str, str]) -> str:
        return url_for("maps.vendor_file", package=file[0], filename=file[1], lang=None)

    return VendorUrls(
        leaflet_js=url(vendor.LEAFLET_JS),
        leaflet_css=url(vendor.LEAFLET_CSS),
        markercluster_js=url(vendor.MARKERCLUSTER_JS),
        markercluster_css=url(vendor.MARKERCLUSTER_CSS),
        maps_js=url_for("maps.own_script", version=vendor.own_scripts()[0], name="x", lang=None).removesuffix("x.js"),
    )


def tiles() -> Tiles:
    """Our outlines (always), and the configured tile server (if any) credited in the reader's language."""
    config = current_app.config
    welsh = current_language() == "cy" and config.get("TILE_ATTRIBUTION_CY")
    return Tiles(
        url=config["TILE_URL"],
        attribution=config["TILE_ATTRIBUTION_CY" if welsh else "TILE_ATTRIBUTION"],
        max_zoom=int(config.get("TILE_MAX_ZOOM", 18)),
        outlines_url=url_for("maps.outline_data", lang=current_language()),
    )


def map_texts() -> MapTexts:
    return MapTexts(
        zoom_in=_("Zoom in"),
        zoom_out=_("Zoom out"),
        close=_("Close"),
        loading=_("Loading the map…"),
        shown=_("Assets on the map: %(count)s", count="%(count)s"),
        failed=_("The map could not load the assets. The list shows them all."),
        more=_("More about %(name)s", name="%(name)s"),
        ward=_("Ward: %(ward)s", ward="%(ward)s"),
        people_layer=_("People sharing their gifts (by ward)"),
        people_tooltip=_("People sharing their gifts in %(ward)s: %(count)s", ward="%(ward)s", count="%(count)s"),
        layers=_("Show or hide layers"),
        about=_("About: %(names)s", names="%(names)s"),
        stories=_("Stories about this place: %(names)s", names="%(names)s"),
    )


def server_clusters() -> bool:
    """Whether the asset maps take their clusters from the server (the default) or cluster every asset in the
    page (``MAP_CLUSTERS = "client"``: the earlier way, kept so the benchmark can compare the two)."""
    return current_app.config.get("MAP_CLUSTERS", "server") != "client"


def kind_labels(only: AssetKind | None = None) -> tuple[KindLabel, ...]:
    return tuple(KindLabel(kind.value, str(label)) for kind, label in KIND_LABELS.items() if only in (None, kind))


def filter_args(filters: DirectoryFilters) -> dict[str, str]:
    """The query arguments that reproduce these filters (empty ones left out)."""
    values = {
        "q": filters.search_box,
        "kind": filters.kind.value if filters.kind else "",
        "la": filters.la_code or "",
        "ward": filters.ward_code or "",
        "theme": filters.theme or "",
        "radius": str(filters.radius_km or ""),
        **search_point_args(filters.near),
    }
    return {name: value for name, value in values.items() if value}


def strengths_args(args: Mapping[str, str]) -> dict[str, str]:
    kind = args.get("kind", "")
    measure = args.get("measure", "")
    values = {"kind": kind if kind in set(AssetKind) else "", "measure": measure if measure in MEASURES else ""}
    return {name: value for name, value in values.items() if value}


def _coordinate(args: Mapping[str, str], name: str, limit: float) -> float | None:
    try:
        value = float(args.get(name, ""))
    except ValueError:
        return None
    return value if math.isfinite(value) and -limit <= value <= limit else None


def point_args(args: Mapping[str, str]) -> dict[str, str]:
    values: dict[str, str] = {}
    lat, lon = _coordinate(args, "lat", 90), _coordinate(args, "lon", 180)
    if lat is not None and lon is not None:
        values["lat"], values["lon"] = repr(lat), repr(lon)
    if args.get("kind", "") in set(AssetKind):
        values["kind"] = args["kind"]
    return values


def asset_url_template() -> str:
    return url_for("assets.detail", asset_id=_ID_SENTINEL).replace(str(_ID_SENTINEL), "__id__")


def map_args(name: str, args: Mapping[str, str]) -> dict[str, str]:
    """Only the arguments a map understands, normalised, so equal maps have equal script URLs."""
    if name in ("assets", "embed"):
        return filter_args(DirectoryFilters.from_args(args))
    if name == "strengths":
        return strengths_args(args)
    return point_args(args)


MAP_CACHE = "abcd_built_maps"
MAP_CACHE_SIZE = 512  # built maps kept per process: each asset page's mini-map, the common filtered maps


def build_map(name: str, args: Mapping[str, str]) -> BuiltMap:
    """The named map for these arguments, built by folium once per process and kept (least recently used
    first out): a map depends only on its normalised arguments, the language, the mount point, the tiles
    and the library files, and folium is most of an asset page's time. Raises NotFound for
    an unknown name or point."""
    wanted: dict[str, Any] = map_args(name, args)
    key = (name, tuple(sorted(wanted.items())), current_language(), request.script_root, tiles(), vendor_urls(),
           server_clusters())  # fmt: skip
    cache: tuple[Lock, OrderedDict[Any, BuiltMap]] = current_app.extensions.setdefault(
        MAP_CACHE, (Lock(), OrderedDict())
    )
    lock, built = cache
    with lock:
        if key in built:
            built.move_to_end(key)
            return built[key]
    made = _build_map(name, wanted)
    with lock:
        built[key] = made
        while len(built) > MAP_CACHE_SIZE:
            built.popitem(last=False)
    return made


def _build_map(name: str, wanted: dict[str, Any]) -> BuiltMap:
    lang = current_language()
    if name in ("assets", "embed"):
        spec = AssetMapSpec(
            map_id=name,
            label=_("Map of community assets"),
            data_url=url_for("maps.asset_data", **wanted, lang=lang),
            asset_url=asset_url_template(),
            kinds=kind_labels(AssetKind(wanted["kind"]) if "kind" in wanted else None),
            texts=map_texts(),
            people_url=url_for(
                "maps.people_data",
                audience="public" if name == "embed" else None,
                **{key: wanted[key] for key in ("la", "ward") if key in wanted},
                lang=lang,
            ),
            status_id="map-status",
            link_target="_blank" if name == "embed" else None,
            clusters_url=url_for("maps.cluster_data", **wanted, lang=lang) if server_clusters() else None,
        )
        return build_asset_map(spec, tiles(), vendor_urls())
    if name == "strengths":
        data_url = url_for("maps.ward_data", **wanted, lang=lang)
        areas = ChoroplethSpec(name, _("Map of strengths by ward"), data_url, map_texts())
        return build_choropleth_map(areas, tiles(), vendor_urls())
    if name == "point" and "lat" in wanted:
        point = PointSpec(
            name,
            _("Map showing where this asset is"),
            float(wanted["lat"]),
            float(wanted["lon"]),
            wanted.get("kind", "place"),
            map_texts(),
        )
        return build_point_map(point, tiles(), vendor_urls())
    if name == "picker":
        start = (float(wanted["lat"]), float(wanted["lon"])) if "lat" in wanted else None
        picker = PickerSpec(name, _("Map: click where the asset is"), start, map_texts())
        return build_picker_map(picker, tiles(), vendor_urls())
    raise NotFound()


@dataclass(frozen=True)
class MapFigure:
    """What a template needs to show a map: the files to link, the map's element, its script's URL."""

    built: BuiltMap
    script_url: str

    @property
    def element(self) -> Markup:
        return Markup(self.built.html)  # noqa: S704 -- folium's <div>, built from our own constants only


def figure(name: str, args: Mapping[str, Any]) -> MapFigure:
    wanted: dict[str, Any] = map_args(name, {key: str(value) for key, value in args.items() if value is not None})
    built = build_map(name, wanted)
    return MapFigure(built, url_for("maps.script", name=name, **wanted, lang=current_language()))
