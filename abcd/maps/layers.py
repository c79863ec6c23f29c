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


class ServerClusterLayer(MacroElement):
    """Clusters made by the server for the view and zoom (abcd.maps.clusters), one layer per kind.

    Asks again when the view moves (debounced), cancels a superseded request, keeps answers by URL for
    as long as the data's version they came with is current. Clusters and markers look and behave as
    the client-clustered layer's: the same icons, popups and keyboard (Enter on a cluster zooms to it).
    The map's element carries ``data-abcd-bbox`` (the view asked for) and ``data-abcd-drawn`` (a count
    of answers drawn), which the tests and the benchmark read.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function (map, options) {
  var groups = {}, cache = {}, cacheVersion = null, pending = null, timer = null, drawn = 0, lastUrl = null;
  var container = map.getContainer();
  var status = options.statusId ? document.getElementById(options.statusId) : null;
  function say(text) { if (status) { status.textContent = text; } }
  function fill(template, name, value) { return template.split("%(" + name + ")s").join(value); }
  function icon(kind) {
    return L.divIcon({className: "abcd-marker abcd-kind-" + kind, html: options.kinds[kind].svg, iconSize: [22, 22]});
  }
  function clusterIcon(kind, count) {
    return L.divIcon({className: "abcd-cluster abcd-kind-" + kind, iconSize: [38, 38],
      html: options.kinds[kind].clusterSvg + "<span class=\\"abcd-cluster-count\\">" + count + "</span>" +
        "<span class=\\"visually-hidden\\"> " + options.kinds[kind].labelHtml + "</span>"});
  }
  Object.keys(options.kinds).forEach(function (kind) { groups[kind] = L.layerGroup().addTo(map); });
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
  function zoomTo(cluster) {  // the box that holds the cluster's assets, and always at least one step closer
    var box = cluster.bbox, bounds = L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
    var fits = map.getBoundsZoom(bounds, false, L.point(40, 40));
    var zoom = Math.min(map.getMaxZoom(), Math.max(map.getZoom() + 1, fits));
    map.setView(bounds.getCenter(), zoom);
  }
  var keep = null;  // the marker whose popup is open stays through a redraw (a popup's autopan moves the map)
  function show(data) {
    Object.keys(groups).forEach(function (kind) {
      groups[kind].eachLayer(function (layer) { if (layer !== keep) { groups[kind].removeLayer(layer); } });
    });
    data.clusters.forEach(function (cluster) {
      if (!groups[cluster.kind]) { return; }
      var marker = L.marker([cluster.lat, cluster.lon], {icon: clusterIcon(cluster.kind, cluster.count)});
      marker.on("click", function () { zoomTo(cluster); });
      marker.on("keypress", function (event) {  // Enter on a focused cluster zooms into it, as a click does
        if (event.originalEvent.keyCode === 13) { zoomTo(cluster); container.focus(); }
      });
      groups[cluster.kind].addLayer(marker);
    });
    data.assets.features.forEach(function (feature) {
      var kind = feature.properties.kind, point = feature.geometry.coordinates;
      if (!groups[kind] || (keep && keep.abcdId === feature.id)) { return; }
      var marker = L.marker([point[1], point[0]], {icon: icon(kind), title: feature.properties.name});
      marker.abcdId = feature.id;
      marker.bindPopup(function () { return popup(feature); });
      groups[kind].addLayer(marker);
    });
    say(fill(options.texts.shown, "count", String(data.total)));
    drawn += 1;
    container.setAttribute("data-abcd-drawn", String(drawn));
    setTimeout(prefetch, 0);
  }
  function remember(url, data) {
    if (data.version !== cacheVersion) { cache = {}; cacheVersion = data.version; }  // older answers are stale
    cache[url] = data;
  }
  function urlFor(view, zoom) {
    var bbox = [Math.max(-180, view.getWest()).toFixed(5), Math.max(-90, view.getSouth()).toFixed(5),
      Math.min(180, view.getEast()).toFixed(5), Math.min(90, view.getNorth()).toFixed(5)].join(",");
    return {bbox: bbox, url: options.clustersUrl + (options.clustersUrl.indexOf("?") < 0 ? "?" : "&") +
      "bbox=" + bbox + "&zoom=" + zoom};
  }
  var ahead = null, aheadAnswer = null;  // the next step in, asked for while the reader looks at this one
  function prefetch() {
    var zoom = map.getZoom() + 1;
    if (zoom > map.getMaxZoom() || ahead) { return; }
    // The view the zoom-in button (or +) will show: the same centre, the pixel origin Leaflet will use.
    var origin = map.project(map.getCenter(), zoom)._subtract(map.getSize()._divideBy(2))._round();
    var corner = origin.add(map.getSize());
    var view = L.latLngBounds(map.unproject(L.point(origin.x, corner.y), zoom),
                              map.unproject(L.point(corner.x, origin.y), zoom));
    var next = urlFor(view, zoom).url;
    if (cache[next]) { return; }
    ahead = next;
    aheadAnswer = fetch(next, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { remember(next, data); } return data; })
      .catch(function () { return null; })
      .then(function (data) { ahead = null; return data; });
  }
  function load() {
    timer = null;
    var wanted = urlFor(map.getBounds(), map.getZoom()), bbox = wanted.bbox, url = wanted.url;
    if (url === lastUrl) { return; }
    if (pending) { pending.abort(); pending = null; }
    container.setAttribute("data-abcd-bbox", bbox);
    lastUrl = url;
    if (cache[url]) { show(cache[url]); return; }
    if (url === ahead) {  // already on its way
      aheadAnswer.then(function (data) {
        if (lastUrl !== url) { return; }
        if (data) { show(data); } else { lastUrl = null; load(); }
      });
      return;
    }
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    pending = controller;
    say(options.texts.loading);
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"},
                signal: controller ? controller.signal : undefined})
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) {
        if (pending !== controller) { return; }
        pending = null;
        remember(url, data);
        show(data);
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") { return; }
        if (pending === controller) { pending = null; lastUrl = null; say(options.texts.failed); }
      });
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
    keep = source || null;
    if (origin && document.activeElement === origin) {  // opened from the keyboard: take focus into it
      opener = origin;
      var link = element.querySelector(".abcd-popup a");
      if (link) { link.focus(); }
    } else { opener = null; }
  });
  map.on("popupclose", function () {
    if (opener && document.body.contains(opener)) { opener.focus(); }
    opener = null;
    keep = null;
  });
  map.on("moveend", function () {  // a drag or a run of zoom clicks asks once, when it settles
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(load, options.debounceMs);
  });
  load();
  return {groups: groups};
})({{ this._parent.get_name() }}, {{ this.options|tojson }});
{% endmacro %}"""
    )

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__()
        self._name = "ServerClusterLayer"
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
