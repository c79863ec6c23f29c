/* The base layer every map draws, with or without a tile server: the land of the three authorities and the
   outlines of their wards, from the app's own boundaries (/maps/outlines.geojson), simplified by the server for
   the zoom. The land lies under any tiles (tiles cover it when there are some); the outlines lie over the tiles
   and under every marker, and take no clicks. The answer says for which zooms its detail suits, so the layer
   asks again only when the reader zooms out of that range, and never twice at once. The map's element carries
   ``data-abcd-outlines`` (the features drawn), which the tests read. */
(function (window) {
  "use strict";
  var maps = window.abcdMaps = window.abcdMaps || {};

  function pane(map, name, zIndex) {
    var created = map.getPane(name) || map.createPane(name);
    created.style.zIndex = String(zIndex);  // Leaflet's tiles are at 200, overlays at 400
    created.style.pointerEvents = "none";
    return name;
  }

  maps.baseLayer = function (map, options) {
    var container = map.getContainer();
    var land = L.geoJSON(null, {
      pane: pane(map, "abcdLand", 150),
      interactive: false,
      filter: function (feature) { return feature.properties.level === "authority"; },
      style: function () { return {stroke: false, fillColor: options.land, fillOpacity: 1, className: "abcd-land"}; }
    }).addTo(map);
    var outlines = L.geoJSON(null, {
      pane: pane(map, "abcdOutlines", 350),
      interactive: false,
      style: function (feature) {
        var authority = feature.properties.level === "authority";
        return {fill: false, color: authority ? options.authorityColour : options.wardColour,
                weight: authority ? 2.5 : 1, opacity: 1,
                className: "abcd-outline abcd-outline-" + feature.properties.level};
      }
    }).addTo(map);
    var range = null, asking = false, again = false;
    function settle() {  // a zoom while an answer was on its way: ask again only if that answer does not suit it
      asking = false;
      if (again) { again = false; load(); }
    }
    function load() {
      var zoom = map.getZoom();
      if (range && zoom >= range[0] && zoom <= range[1]) { return; }
      if (asking) { again = true; return; }
      asking = true;
      maps.getJson(maps.withParams(options.outlinesUrl, {zoom: zoom}), "application/geo+json")
        .then(function (data) {
          range = data.zooms;
          land.clearLayers();
          outlines.clearLayers();
          land.addData(data);
          outlines.addData(data);
          container.setAttribute("data-abcd-outlines", String(data.features.length));
          settle();
        })
        .catch(function () { range = null; settle(); });  // the markers still show, on the plain background
    }
    map.on("zoomend", load);
    map.whenReady(load);
    return {land: land, outlines: outlines};
  };
})(window);
