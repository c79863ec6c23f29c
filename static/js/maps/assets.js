/* The page-clustered asset layer (MAP_CLUSTERS = "client", kept for the benchmark's comparison): published
   assets fetched as GeoJSON for the visible area (and half as much around it), one clustered layer per kind. */
(function (window) {
  "use strict";
  var maps = window.abcdMaps = window.abcdMaps || {};

  maps.assetLayer = function (map, options) {
    var groups = {}, loaded = null, sequence = 0, say = maps.statusLine(options);
    function zoomOnEnter(cluster) {  // Enter on a focused cluster zooms into it, as a click does
      if (cluster.abcdKeys) { return; }
      cluster.abcdKeys = true;
      cluster.on("keypress", function (event) {
        if (event.originalEvent.keyCode === 13) { cluster.zoomToBounds({padding: [20, 20]}); map.getContainer().focus(); }
      });
    }
    Object.keys(options.kinds).forEach(function (kind) {
      groups[kind] = L.markerClusterGroup({chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50,
        iconCreateFunction: function (cluster) {
          zoomOnEnter(cluster);
          return maps.clusterIcon(options, kind, cluster.getChildCount());
        }});
      groups[kind].addTo(map);
    });
    function show(data) {
      var byKind = {};
      Object.keys(groups).forEach(function (kind) { groups[kind].clearLayers(); byKind[kind] = []; });
      data.features.forEach(function (feature) {
        if (byKind[feature.properties.kind]) { byKind[feature.properties.kind].push(maps.assetMarker(options, feature)); }
      });
      Object.keys(groups).forEach(function (kind) { groups[kind].addLayers(byKind[kind]); });
      say(maps.fill(options.texts.shown, "count", String(data.features.length)));
    }
    function load() {
      var view = map.getBounds();
      if (loaded && loaded.contains(view)) { return; }
      var wanted = view.pad(0.5), mine = ++sequence;
      var bbox = [wanted.getWest(), wanted.getSouth(), wanted.getEast(), wanted.getNorth()]
        .map(function (value) { return value.toFixed(5); }).join(",");
      say(options.texts.loading);
      maps.getJson(maps.withParams(options.dataUrl, {bbox: bbox}), "application/geo+json")
        .then(function (data) { if (mine === sequence) { loaded = wanted; show(data); } })
        .catch(function () { if (mine === sequence) { say(options.texts.failed); } });
    }
    maps.popupKeyboard(map, options);
    map.on("moveend", load);
    load();
    return {groups: groups};
  };
})(window);
