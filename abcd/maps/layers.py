"""Our folium layers that fetch their data from the app at run time: assets, people by ward, choropleth. Pure.

Popups and tooltips are built with ``textContent``, never ``innerHTML``, so a hostile name shows as
text; the few strings Leaflet does treat as HTML (icon markup) are escaped in Python. Options reach
JavaScript through Jinja's ``tojson``, which escapes ``<``, ``>``, ``&`` and quotes.
"""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from folium.template import Template

from abcd.maps.elements import LinkedFiles


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
    var related = options.texts.related && options.texts.related[props.kind];
    if (related && props.related && props.related.length) {  // a story's places, a place's stories
      line(box, "p", fill(related, "names", props.related.join(", ")), "abcd-popup-related");
    }
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
