/* Our maps' shared parts: the namespace the folium-built map scripts call (abcdMaps.<name>(map, options, refs)),
   small helpers, translated controls, the first view, one asset's marker and the form's location picker.
   Words arrive already translated in ``options``; nothing here builds HTML from data (textContent only). */
(function (window) {
  "use strict";
  var maps = window.abcdMaps = window.abcdMaps || {};

  maps.fill = function (template, name, value) { return template.split("%(" + name + ")s").join(value); };

  maps.line = function (parent, tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) { node.className = className; }
    parent.appendChild(node);
    return node;
  };

  maps.getJson = function (url, accept, signal) {
    return fetch(url, {credentials: "same-origin", headers: {"Accept": accept || "application/json"}, signal: signal})
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); });
  };

  maps.withParams = function (url, params) {
    var query = Object.keys(params).map(function (key) {
      return encodeURIComponent(key) + "=" + encodeURIComponent(params[key]);
    }).join("&");
    return url + (url.indexOf("?") < 0 ? "?" : "&") + query;
  };

  // Leaflet's zoom buttons with titles in the reader's language.
  maps.zoomControl = function (map, options) {
    return L.control.zoom({position: "topleft", zoomInTitle: options.zoomIn, zoomOutTitle: options.zoomOut}).addTo(map);
  };

  // The first view: these bounds, at once. Animating from folium's start would make a layer that loads on
  // "moveend" fetch twice and close any popup opened in the meantime.
  maps.fitView = function (map, options) {
    map.fitBounds(options.bounds, {animate: false});
    return null;
  };

  // Tick boxes that show or hide each layer; the names carry the symbols, so it doubles as a key. Folded behind
  // a button, so it never covers a popup. ``options.overlays``: [{labelHtml (escaped), ref, kind}].
  maps.layerSwitcher = function (map, options, refs) {
    var overlays = {};
    options.overlays.forEach(function (overlay) {
      var layer = refs[overlay.ref];
      overlays[overlay.labelHtml] = overlay.kind ? layer.groups[overlay.kind] : layer;
    });
    var control = L.control.layers(null, overlays, {collapsed: true, position: "topright"}).addTo(map);
    var toggle = control.getContainer().querySelector(".leaflet-control-layers-toggle");
    if (toggle) {  // Leaflet's own name for the button is English only
      toggle.title = options.title;
      toggle.setAttribute("aria-label", options.title);
    }
    return control;
  };

  function largeIcon(svg) {
    return L.divIcon({className: "abcd-marker abcd-marker-large", html: svg, iconSize: [30, 30]});
  }

  // One asset's place on its own page: its kind's symbol, not clickable.
  maps.pointMarker = function (map, options) {
    return L.marker(options.location, {interactive: false, keyboard: false, icon: largeIcon(options.svg)}).addTo(map);
  };

  // Click to place: moves a marker and tells the page (event "abcd:picked" on the map's element). The page
  // answers with "abcd:place" (e.g. after a postcode lookup) to move the marker there.
  maps.locationPicker = function (map, options) {
    var container = map.getContainer(), marker = null;
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); return; }
      marker = L.marker(latlng, {interactive: false, keyboard: false, icon: largeIcon(options.svg)}).addTo(map);
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
    return null;
  };
})(window);
