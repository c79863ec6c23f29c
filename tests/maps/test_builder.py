"""The folium builder on its own: plain dataclasses in, a self-hosted map out. No Flask, no database."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import folium
import pytest

from abcd.maps.builder import (
    AssetMapSpec,
    ChoroplethSpec,
    ExternalAssetError,
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
    ensure_self_hosted,
    external_links,
)

VENDOR = VendorUrls("/v/leaflet.js", "/v/leaflet.css", "/v/cluster.js", "/v/cluster.css", "/s/maps/")
NO_TILES = Tiles()
OUTLINES = Tiles(outlines_url="/maps/outlines.geojson?lang=en")
OURS = ("/s/maps/core.js",)  # every map's own scripts start with the shared one, as one request
_CALL = re.compile(r"^var (\w+) = abcdMaps\.(\w+)\((\w+), (\{.*\}), \{([^{}]*)\}\);$", re.MULTILINE)


def calls(script: str) -> dict[str, list[dict[str, Any]]]:
    """The options each abcdMaps function is called with, by function, from a built map's script."""
    found: dict[str, list[dict[str, Any]]] = {}
    for _var, function, _map, options, _refs in _CALL.findall(script):
        found.setdefault(function, []).append(json.loads(options))
    return found


KINDS = (KindLabel("place", "Place or venue"), KindLabel("association", "Association"))
HOSTILE = "<img src=x onerror=alert(1)>"
STATIC = Path(__file__).resolve().parents[2] / "static" / "js" / "maps"


def asset_spec(**overrides: object) -> AssetMapSpec:
    values: dict[str, object] = {
        "map_id": "assets",
        "label": "Map of community assets",
        "data_url": "/maps/assets.geojson?kind=place",
        "asset_url": "/assets/__id__",
        "kinds": KINDS,
        "people_url": "/maps/people.geojson",
        "status_id": "map-status",
        **overrides,
    }
    return AssetMapSpec(**values)  # type: ignore[arg-type]


def test_asset_map_links_only_the_files_it_was_given_never_a_cdn() -> None:
    built = build_asset_map(asset_spec(), NO_TILES, VENDOR)

    assert built.js_urls == ("/v/leaflet.js", "/s/maps/core-markers-assets-areas.js", "/v/cluster.js")
    assert built.css_urls == ("/v/leaflet.css", "/v/cluster.css")
    everything = built.html + built.script + " ".join(built.js_urls + built.css_urls)
    for unwanted in ("http", "jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers", "d3"):
        assert unwanted not in everything.lower()


def test_folium_own_class_lists_are_left_untouched() -> None:
    before = list(folium.Map.default_js), list(folium.Map.default_css)
    build_asset_map(asset_spec(), NO_TILES, VENDOR)
    assert (list(folium.Map.default_js), list(folium.Map.default_css)) == before
    assert any("cdn.jsdelivr.net" in url for _name, url in folium.Map.default_js)  # folium's default is a CDN


def test_without_tiles_the_map_has_a_max_zoom_and_no_tile_layer() -> None:
    script = build_asset_map(asset_spec(), NO_TILES, VENDOR).script

    assert '"maxZoom": 18' in script
    assert "L.tileLayer" not in script


def test_configured_tiles_are_used_with_their_attribution() -> None:
    tiles = Tiles("https://tiles.example.net/{z}/{x}/{y}.png", "&copy; Example contributors", 17)
    script = build_asset_map(asset_spec(), tiles, VENDOR).script

    assert 'L.tileLayer(\n                "https://tiles.example.net/{z}/{x}/{y}.png"' in script
    assert '"attribution": "\\u0026copy; Example contributors"' in script
    assert '"maxZoom": 17' in script


def test_the_page_element_and_the_script_agree_and_are_the_same_on_every_build() -> None:
    first = build_asset_map(asset_spec(), NO_TILES, VENDOR)
    second = build_asset_map(asset_spec(), NO_TILES, VENDOR)

    assert first == second
    assert first.element_id == "map_assets"
    assert 'id="map_assets"' in first.html
    assert 'L.map(\n                "map_assets"' in first.script
    assert 'role="region" aria-label="Map of community assets"' in first.html


def test_data_urls_and_options_reach_the_script_as_escaped_json() -> None:
    spec = asset_spec(data_url=f"/maps/assets.geojson?q={HOSTILE}", kinds=(KindLabel("place", HOSTILE),))
    script = build_asset_map(spec, NO_TILES, VENDOR).script

    assert HOSTILE not in script  # never raw: tojson escapes < > & '
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in script
    options = calls(script)["assetLayer"][0]
    assert options["dataUrl"] == f"/maps/assets.geojson?q={HOSTILE}"
    assert options["kinds"]["place"]["label"] == HOSTILE  # shown with textContent in popups
    assert options["kinds"]["place"]["labelHtml"] == "&lt;img src=x onerror=alert(1)&gt;"  # for Leaflet's innerHTML


def test_layer_names_given_to_leaflet_are_escaped_because_leaflet_treats_them_as_html() -> None:
    script = build_asset_map(
        asset_spec(kinds=(KindLabel("culture", "Culture <b>& stories</b>"),)), NO_TILES, VENDOR
    ).script
    labels = [overlay["labelHtml"] for overlay in calls(script)["layerSwitcher"][0]["overlays"]]
    assert "Culture &lt;b&gt;&amp; stories&lt;/b&gt;" in labels[0]  # Leaflet puts it in as HTML
    assert "\\u0026lt;b\\u0026gt;" in script  # and tojson escapes it again for the script
    assert labels[1] == "People sharing their gifts (by ward)"
    assert '"people": people_layer_assets_' in script  # the switcher is handed the layers themselves


def test_the_script_only_calls_our_modules_with_data_and_holds_no_hand_written_code() -> None:
    script = build_asset_map(asset_spec(), OUTLINES, VENDOR).script

    assert set(calls(script)) == {"zoomControl", "fitView", "assetLayer", "peopleLayer", "layerSwitcher", "baseLayer"}
    for behaviour in ("function", "fetch(", "innerHTML", "addEventListener", "=>"):
        assert behaviour not in script
    # everything but folium's own L.map(...) is one call per element
    assert len(_CALL.findall(script)) == len(re.findall(r"abcdMaps\.", script)) == 6


def test_popups_are_built_as_text_not_html_by_the_shared_module() -> None:
    markers = (STATIC / "markers.js").read_text(encoding="utf-8")

    assert ".innerHTML" not in markers
    assert "node.textContent = text" in (STATIC / "core.js").read_text(encoding="utf-8")
    assert "bindPopup(function () { return maps.popup(options, feature); })" in markers


def test_every_function_the_builder_calls_is_defined_in_the_file_it_links() -> None:
    built = build_asset_map(asset_spec(clusters_url="/maps/clusters.json"), OUTLINES, VENDOR)
    (bundle,) = (url for url in built.js_urls if url.startswith("/s/maps/"))
    names = bundle.removeprefix("/s/maps/").removesuffix(".js").split("-")
    assert names == ["core", "markers", "clusters", "areas", "base"]
    sources = "".join((STATIC / f"{name}.js").read_text(encoding="utf-8") for name in names)
    for function in calls(built.script):
        assert f"maps.{function} = function" in sources


def test_a_layer_per_kind_clustered_and_only_the_kinds_asked_for() -> None:
    script = build_asset_map(asset_spec(kinds=(KindLabel("economy", "Local economy"),)), NO_TILES, VENDOR).script

    assert list(calls(script)["assetLayer"][0]["kinds"]) == ["economy"]
    overlays = calls(script)["layerSwitcher"][0]["overlays"]
    assert [overlay["kind"] for overlay in overlays] == ["economy", None]  # the kind, then people


def test_markers_meet_the_target_size() -> None:
    options = calls(build_asset_map(asset_spec(), NO_TILES, VENDOR).script)["assetLayer"][0]
    assert 'width="24" height="24"' in options["kinds"]["place"]["svg"]
    assert "maps.MARKER_PX = 24;" in (STATIC / "markers.js").read_text(encoding="utf-8")


def test_people_layer_is_left_out_when_there_is_no_people_url() -> None:
    script = build_asset_map(asset_spec(people_url=None), NO_TILES, VENDOR).script
    assert "peopleLayer" not in calls(script)
    assert "people" not in script


def test_every_map_draws_the_outlines_when_given_their_url_tiles_or_not() -> None:
    tiles = Tiles("https://tiles.example.net/{z}/{x}/{y}.png", "Example", 17, "/maps/outlines.geojson?lang=cy")
    maps = [
        build_asset_map(asset_spec(), tiles, VENDOR),
        build_choropleth_map(ChoroplethSpec("strengths", "Strengths", "/maps/wards.geojson"), OUTLINES, VENDOR),
        build_point_map(PointSpec("point", "Where", 51.48, -3.18, "culture"), OUTLINES, VENDOR),
        build_picker_map(PickerSpec("picker", "Pick"), OUTLINES, VENDOR),
    ]
    for built in maps:
        (base,) = calls(built.script)["baseLayer"]
        assert base["outlinesUrl"].startswith("/maps/outlines.geojson?lang=")
        assert built.js_urls[0] == "/v/leaflet.js"
        assert built.js_urls[1].startswith("/s/maps/core-")
        assert built.js_urls[1].endswith("-base.js")
    assert "baseLayer" not in calls(build_asset_map(asset_spec(), NO_TILES, VENDOR).script)


def test_words_come_from_the_texts_given() -> None:
    texts = MapTexts(zoom_in="Chwyddo i mewn", zoom_out="Chwyddo allan", more="Rhagor am %(name)s")
    script = build_asset_map(asset_spec(texts=texts), NO_TILES, VENDOR).script
    assert '"Chwyddo i mewn"' in script
    assert "Rhagor am %(name)s" in script


def test_choropleth_point_and_picker_maps_need_no_clustering_files() -> None:
    choropleth = build_choropleth_map(ChoroplethSpec("strengths", "Strengths", "/maps/wards.geojson"), NO_TILES, VENDOR)
    point = build_point_map(PointSpec("point", "Where", 51.48, -3.18, "culture"), NO_TILES, VENDOR)
    picker = build_picker_map(PickerSpec("picker", "Pick", (51.48, -3.18)), NO_TILES, VENDOR)

    assert choropleth.js_urls == ("/v/leaflet.js", "/s/maps/core-areas.js")
    for built in (point, picker):
        assert built.js_urls == ("/v/leaflet.js", *OURS)
    for built in (choropleth, point, picker):
        assert built.css_urls == ("/v/leaflet.css",)
    assert calls(choropleth.script)["choroplethLayer"] == [{"dataUrl": "/maps/wards.geojson"}]
    assert calls(point.script)["pointMarker"][0]["location"] == [51.48, -3.18]
    assert calls(picker.script)["locationPicker"][0]["start"] == [51.48, -3.18]


def test_map_id_must_be_a_safe_javascript_name() -> None:
    with pytest.raises(ValueError, match="JavaScript-safe"):
        build_asset_map(asset_spec(map_id="assets;alert(1)"), NO_TILES, VENDOR)


@pytest.mark.parametrize(
    "page",
    [
        '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>',
        '<link rel="stylesheet" href="//cdnjs.cloudflare.com/x.css">',
        "<LINK REL=stylesheet HREF=http://example.com/x.css>",
        "<script type='text/javascript' src='HTTPS://d3js.org/d3.v3.min.js'></script>",
    ],
)
def test_guard_refuses_pages_linking_files_from_elsewhere(page: str) -> None:
    assert external_links(page)
    with pytest.raises(ExternalAssetError, match="refusing"):
        ensure_self_hosted(f"<html><head>{page}</head></html>")


def test_guard_accepts_our_own_paths_and_ordinary_links() -> None:
    page = (
        '<link rel="stylesheet" href="/maps/vendor/leaflet-1.9.3/leaflet.css">'
        '<script src="/maps/script/assets.js?kind=place"></script>'
        '<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    )
    assert external_links(page) == []
    ensure_self_hosted(page)


def test_builder_refuses_vendor_urls_on_another_site() -> None:
    cdn = VendorUrls("https://unpkg.com/leaflet.js", "/v/leaflet.css", "/v/cluster.js", "/v/cluster.css")
    with pytest.raises(ExternalAssetError):
        build_point_map(PointSpec("point", "Where", 51.48, -3.18, "place"), NO_TILES, cdn)


def test_server_clusters_need_no_clustering_plugin_and_keep_the_per_kind_layers() -> None:
    built = build_asset_map(asset_spec(clusters_url="/maps/clusters.json?kind=place"), NO_TILES, VENDOR)

    assert built.js_urls == ("/v/leaflet.js", "/s/maps/core-markers-clusters-areas.js")
    assert built.css_urls == ("/v/leaflet.css",)
    options = calls(built.script)["serverClusters"][0]
    assert options["clustersUrl"] == "/maps/clusters.json?kind=place"
    assert "AbortController" in (STATIC / "clusters.js").read_text(encoding="utf-8")  # a superseded request stops
    overlays = calls(built.script)["layerSwitcher"][0]["overlays"]  # the switcher still shows and hides each kind
    assert [overlay["kind"] for overlay in overlays] == ["place", "association", None]
