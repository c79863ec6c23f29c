"""Our own folium elements: layers that fetch their data from the app at run time. Pure, no Flask.

Popups and tooltips are built with ``textContent``, never ``innerHTML``, so a hostile name shows as
text; the few strings Leaflet does treat as HTML (layer names, icon markup) are escaped in Python.
Options reach JavaScript through Jinja's ``tojson``, which escapes ``<``, ``>``, ``&`` and quotes.
"""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template


class LinkedFiles(JSCSSMixin):
    """Adds script and stylesheet links to the page header, from URLs the app serves itself.

    The lists are set per instance from the app's own URLs: folium's shared class lists (which point
    at public CDNs) are never read or changed.
    """

    _template = Template("")

    def __init__(self, js: list[tuple[str, str]], css: list[tuple[str, str]]) -> None:
        super().__init__()
        self._name = "LinkedFiles"
        self.default_js = js
        self.default_css = css


class ZoomControl(MacroElement):
    """Leaflet's zoom buttons with titles in the reader's language."""

    _template = Template(
        """{% macro script(this, kwargs) %}
L.control.zoom({position: "topleft", zoomInTitle: {{ this.zoom_in|tojson }},
  zoomOutTitle: {{ this.zoom_out|tojson }}}).addTo({{ this._parent.get_name() }});
{% endmacro %}"""
    )

    def __init__(self, zoom_in: str, zoom_out: str) -> None:
        super().__init__()
        self._name = "ZoomControl"
        self.zoom_in, self.zoom_out = zoom_in, zoom_out


class FitView(MacroElement):
    """The first view: these bounds, at once. folium's fit_bounds animates from its own start, and a layer
    that loads on ``moveend`` would then fetch twice and close any popup opened in the meantime."""

    _template = Template(
        """{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {animate: false});
{% endmacro %}"""
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "FitView"
        self.bounds = bounds


class AssetLayer(LinkedFiles):
    """Published assets fetched as GeoJSON for the visible area, one clustered layer per kind."""

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function (map, options) {
  var groups = {}, loaded = null, sequence = 0;
  var status = options.statusId ? document.getElementById(options.statusId) : null;
  function say(text) { if (status) { status.textContent = text; } }
  function fill(template, name, value) { return template.split("%(" + name + ")s").join(value); }
  function icon(kind) {
    return L.divIcon({className: "abcd-marker abcd-kind-" + kind, html: options.kinds[kind].svg, iconSize: [22, 22]});
  }
  function zoomOnEnter(cluster) {  // Enter on a focused cluster zooms into it, as a click does
    if (cluster.abcdKeys) { return; }
    cluster.abcdKeys = true;
    cluster.on("keypress", function (event) {
      if (event.originalEvent.keyCode === 13) { cluster.zoomToBounds({padding: [20, 20]}); map.getContainer().focus(); }
    });
  }
  function clusterIcon(kind, count) {
    return L.divIcon({className: "abcd-cluster abcd-kind-" + kind, iconSize: [38, 38],
      html: options.kinds[kind].clusterSvg + "<span class=\\"abcd-cluster-count\\">" + count + "</span>" +
        "<span class=\\"visually-hidden\\"> " + options.kinds[kind].labelHtml + "</span>"});
  }
  Object.keys(options.kinds).forEach(function (kind) {
    groups[kind] = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50,
      iconCreateFunction: function (cluster) {
        zoomOnEnter(cluster);
        return clusterIcon(kind, cluster.getChildCount());
      }});
    groups[kind].addTo(map);
  });
  function line(parent, tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) { node.className = className; }
    parent.appendChild(node);
    return node;
  }
  function popup(feature) {
    var props = feature.properties, box = document.createElement("div");
    box.className = "abcd-popup";
    line(box, "p", props.name, "abcd-popup-name");
    var where = props.ward ? " · " + fill(options.texts.ward, "ward", props.ward) : "";
    line(box, "p", options.kinds[props.kind].label + where);
    var link = line(line(box, "p", ""), "a", fill(options.texts.more, "name", props.name));
    link.href = options.assetUrl.split("__id__").join(encodeURIComponent(feature.id));
    if (options.linkTarget) { link.target = options.linkTarget; link.rel = "noopener"; }
    return box;
  }
  function show(data) {
    var byKind = {};
    Object.keys(groups).forEach(function (kind) { groups[kind].clearLayers(); byKind[kind] = []; });
    data.features.forEach(function (feature) {
      var kind = feature.properties.kind, point = feature.geometry.coordinates;
      if (!byKind[kind]) { return; }
      var marker = L.marker([point[1], point[0]], {icon: icon(kind), title: feature.properties.name});
      marker.bindPopup(function () { return popup(feature); });
      byKind[kind].push(marker);
    });
    Object.keys(groups).forEach(function (kind) { groups[kind].addLayers(byKind[kind]); });
    say(fill(options.texts.shown, "count", String(data.features.length)));
  }
  function load() {
    var view = map.getBounds();
    if (loaded && loaded.contains(view)) { return; }
    var wanted = view.pad(0.5), mine = ++sequence;
    var bbox = [wanted.getWest(), wanted.getSouth(), wanted.getEast(), wanted.getNorth()]
      .map(function (value) { return value.toFixed(5); }).join(",");
    say(options.texts.loading);
    fetch(options.dataUrl + (options.dataUrl.indexOf("?") < 0 ? "?" : "&") + "bbox=" + bbox,
          {credentials: "same-origin", headers: {"Accept": "application/geo+json"}})
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) { if (mine === sequence) { loaded = wanted; show(data); } })
      .catch(function () { if (mine === sequence) { say(options.texts.failed); } });
  }
  var opener = null;
  map.on("popupopen", function (event) {
    var element = event.popup.getElement(), close = element.querySelector(".leaflet-popup-close-button");
    if (close) { close.setAttribute("aria-label", options.texts.close); }
    if (!element.abcdEscape) {  // Leaflet's own Escape only works while the map itself has focus
      element.abcdEscape = true;
      element.addEventListener("keydown", function (key) { if (key.key === "Escape") { map.closePopup(); } });
    }
    var source = event.popup._source, origin = source && source.getElement ? source.getElement() : null;
    if (origin && document.activeElement === origin) {  // opened from the keyboard: take focus into it
      opener = origin;
      var link = element.querySelector(".abcd-popup a");
      if (link) { link.focus(); }
    } else { opener = null; }
  });
  map.on("popupclose", function () {
    if (opener && document.body.contains(opener)) { opener.focus(); }
    opener = null;
  });
  map.on("moveend", load);
  load();
  return {groups: groups};
})({{ this._parent.get_name() }}, {{ this.options|tojson }});
{% endmacro %}"""
    )

    def __init__(self, options: dict[str, Any], js: list[tuple[str, str]], css: list[tuple[str, str]]) -> None:
        super().__init__(js, css)
        self._name = "AssetLayer"
        self.options = options


class PeopleLayer(MacroElement):
    """How many people share their gifts in each ward: one circle at the ward's centre, never a home."""

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function (map, options) {
  var layer = L.layerGroup().addTo(map);
  fetch(options.dataUrl, {credentials: "same-origin", headers: {"Accept": "application/geo+json"}})
    .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
    .then(function (data) {
      data.features.forEach(function (feature) {
        var point = feature.geometry.coordinates, count = feature.properties.count;
        var circle = L.circleMarker([point[1], point[0]], {radius: 7 + 3 * Math.sqrt(count), color: "#1b1b1b",
          weight: 1.5, fillColor: options.colour, fillOpacity: 0.3, className: "abcd-people"});
        var tip = document.createElement("span");
        tip.textContent = options.tooltip.split("%(ward)s").join(feature.properties.ward)
          .split("%(count)s").join(String(count));
        circle.bindTooltip(tip);
        layer.addLayer(circle);
      });
    })
    .catch(function () { layer.clearLayers(); });
  return layer;
})({{ this._parent.get_name() }}, {{ this.options|tojson }});
{% endmacro %}"""
    )

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__()
        self._name = "PeopleLayer"
        self.options = options


class LayerSwitcher(MacroElement):
    """Tick boxes that show or hide each layer; the names carry the symbols, so it doubles as a key.

    Folded behind a button, so it never covers a popup; the page's own legend is always visible."""

    _template = Template(
        """{% macro script(this, kwargs) %}
(function (map) {
  var control = L.control.layers(null, {
{%- for label_html, element, kind in this.overlays %}
    {{ label_html|tojson }}: {{ element.get_name() }}{% if kind %}.groups[{{ kind|tojson }}]{% endif %},
{%- endfor %}
  }, {collapsed: true, position: "topright"}).addTo(map);
  var toggle = control.getContainer().querySelector(".leaflet-control-layers-toggle");
  if (toggle) {  // Leaflet's own name for the button is English only
    toggle.title = {{ this.title|tojson }};
    toggle.setAttribute("aria-label", {{ this.title|tojson }});
  }
})({{ this._parent.get_name() }});
{% endmacro %}"""
    )

    def __init__(self, overlays: list[tuple[str, MacroElement, str | None]], title: str) -> None:
        super().__init__()
        self._name = "LayerSwitcher"
        self.overlays = overlays
        self.title = title


class ChoroplethLayer(MacroElement):
    """Ward polygons (or grid squares) fetched as GeoJSON, each filled with the colour the server chose."""

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function (map, options) {
  var layer = L.geoJSON(null, {
    style: function (feature) {
      return {color: "#1b1b1b", weight: 1, fillColor: feature.properties.fill, fillOpacity: 0.8,
              dashArray: feature.properties.count ? null : "4 3"};
    },
    onEachFeature: function (feature, shape) {
      var tip = document.createElement("span");
      tip.textContent = feature.properties.label;
      shape.bindTooltip(tip, {sticky: true});
    }
  }).addTo(map);
  fetch(options.dataUrl, {credentials: "same-origin", headers: {"Accept": "application/geo+json"}})
    .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
    .then(function (data) { layer.addData(data); })
    .catch(function () { layer.clearLayers(); });
  return layer;
})({{ this._parent.get_name() }}, {{ this.options|tojson }});
{% endmacro %}"""
    )

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__()
        self._name = "ChoroplethLayer"
        self.options = options


class PointMarker(MacroElement):
    """One asset's place on its own page: its kind's symbol, not clickable."""

    _template = Template(
        """{% macro script(this, kwargs) %}
L.marker({{ this.location|tojson }}, {interactive: false, keyboard: false,
  icon: L.divIcon({className: "abcd-marker abcd-marker-large", html: {{ this.svg|tojson }}, iconSize: [30, 30]})
}).addTo({{ this._parent.get_name() }});
{% endmacro %}"""
    )

    def __init__(self, location: tuple[float, float], svg: str) -> None:
        super().__init__()
        self._name = "PointMarker"
        self.location = list(location)
        self.svg = svg


class LocationPicker(MacroElement):
    """Click to place: moves a marker and tells the page (event ``abcd:picked`` on the map's element).

    The page answers with ``abcd:place`` (e.g. after a postcode lookup) to move the marker there.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
(function (map, options) {
  var container = map.getContainer(), marker = null;
  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); return; }
    marker = L.marker(latlng, {interactive: false, keyboard: false,
      icon: L.divIcon({className: "abcd-marker abcd-marker-large", html: options.svg, iconSize: [30, 30]})}).addTo(map);
  }
  function view() {
    if (options.start) { map.setView(options.start, options.zoom); } else { map.fitBounds(options.bounds); }
  }
  if (options.start) { place(options.start); }
  container.addEventListener("abcd:shown", function () { map.invalidateSize(); view(); });  // it starts hidden
  map.on("click", function (event) {
    place(event.latlng);
    container.dispatchEvent(new CustomEvent("abcd:picked", {bubbles: true,
      detail: {lat: event.latlng.lat, lng: event.latlng.lng}}));
  });
  container.addEventListener("abcd:place", function (event) {
    var latlng = L.latLng(event.detail.lat, event.detail.lng);
    place(latlng);
    map.setView(latlng, Math.max(map.getZoom(), options.zoom));
  });
})({{ this._parent.get_name() }}, {{ this.options|tojson }});
{% endmacro %}"""
    )

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__()
        self._name = "LocationPicker"
        self.options = options
