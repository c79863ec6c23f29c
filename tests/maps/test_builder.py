"""The folium builder on its own: plain dataclasses in, a self-hosted map out. No Flask, no database."""

from __future__ import annotations

import json
import re

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

VENDOR = VendorUrls("/v/leaflet.js", "/v/leaflet.css", "/v/cluster.js", "/v/cluster.css")
NO_TILES = Tiles()
KINDS = (KindLabel("place", "Place or venue"), KindLabel("association", "Association"))
HOSTILE = "<img src=x onerror=alert(1)>"


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

    assert built.js_urls == ("/v/leaflet.js", "/v/cluster.js")
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
    options = json.loads(re.search(r"\}\)\(map_assets, (\{.*\})\);", script).group(1))  # type: ignore[union-attr]
    assert options["dataUrl"] == f"/maps/assets.geojson?q={HOSTILE}"
    assert options["kinds"]["place"]["label"] == HOSTILE  # shown with textContent in popups
    assert options["kinds"]["place"]["labelHtml"] == "&lt;img src=x onerror=alert(1)&gt;"  # for Leaflet's innerHTML


def test_layer_names_given_to_leaflet_are_escaped_because_leaflet_treats_them_as_html() -> None:
    script = build_asset_map(
        asset_spec(kinds=(KindLabel("culture", "Culture <b>& stories</b>"),)), NO_TILES, VENDOR
    ).script
    control = script[script.index("L.control.layers") :]
    assert "Culture \\u0026lt;b\\u0026gt;\\u0026amp; stories" in control
    assert "People sharing their gifts (by ward)" in control


def test_popups_are_built_as_text_not_html() -> None:
    script = build_asset_map(asset_spec(), NO_TILES, VENDOR).script

    assert "innerHTML" not in script
    assert "node.textContent = text" in script
    assert "bindPopup(function () { return popup(feature); })" in script


def test_a_layer_per_kind_clustered_and_only_the_kinds_asked_for() -> None:
    script = build_asset_map(asset_spec(kinds=(KindLabel("economy", "Local economy"),)), NO_TILES, VENDOR).script

    assert "L.markerClusterGroup" in script
    assert '.groups["economy"]' in script
    assert '.groups["place"]' not in script


def test_people_layer_is_left_out_when_there_is_no_people_url() -> None:
    script = build_asset_map(asset_spec(people_url=None), NO_TILES, VENDOR).script
    assert "PeopleLayer" not in script
    assert "people_layer" not in script


def test_words_come_from_the_texts_given() -> None:
    texts = MapTexts(zoom_in="Chwyddo i mewn", zoom_out="Chwyddo allan", more="Rhagor am %(name)s")
    script = build_asset_map(asset_spec(texts=texts), NO_TILES, VENDOR).script
    assert '"Chwyddo i mewn"' in script
    assert "Rhagor am %(name)s" in script


def test_choropleth_point_and_picker_maps_need_no_clustering_files() -> None:
    choropleth = build_choropleth_map(ChoroplethSpec("strengths", "Strengths", "/maps/wards.geojson"), NO_TILES, VENDOR)
    point = build_point_map(PointSpec("point", "Where", 51.48, -3.18, "culture"), NO_TILES, VENDOR)
    picker = build_picker_map(PickerSpec("picker", "Pick", (51.48, -3.18)), NO_TILES, VENDOR)

    for built in (choropleth, point, picker):
        assert built.js_urls == ("/v/leaflet.js",)
        assert built.css_urls == ("/v/leaflet.css",)
    assert '"dataUrl": "/maps/wards.geojson"' in choropleth.script
    assert "[51.48, -3.18]" in point.script
    assert "abcd:picked" in picker.script


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

    assert built.js_urls == ("/v/leaflet.js",)
    assert built.css_urls == ("/v/leaflet.css",)
    assert "markerClusterGroup" not in built.script
    assert '"clustersUrl": "/maps/clusters.json?kind=place"' in built.script
    assert "AbortController" in built.script  # a superseded request is cancelled
    for kind in ("place", "association"):  # the layer switcher still shows and hides each kind
        assert f'.groups["{kind}"]' in built.script
