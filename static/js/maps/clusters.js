/* Clusters made by the server for the view and zoom (abcd.maps.clusters), one layer per kind.

   Asks again when the view moves (debounced), cancels a superseded request, keeps answers by URL for as long as
   the data's version they came with is current, and asks for the next step in while the reader looks at this
   one. Clusters and markers look and behave as the page-clustered layer's: the same icons, popups and keyboard
   (Enter on a cluster zooms to it). The map's element carries ``data-abcd-bbox`` (the view asked for) and
   ``data-abcd-drawn`` (a count of answers drawn), which the tests and the benchmark read. */
(function (window) {
  "use strict";
  var maps = window.abcdMaps = window.abcdMaps || {};

  maps.serverClusters = function (map, options) {
    var groups = {}, cache = {}, cacheVersion = null, pending = null, timer = null, drawn = 0, lastUrl = null;
    var container = map.getContainer(), say = maps.statusLine(options);
    Object.keys(options.kinds).forEach(function (kind) { groups[kind] = L.layerGroup().addTo(map); });
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
        var marker = L.marker([cluster.lat, cluster.lon], {icon: maps.clusterIcon(options, cluster.kind, cluster.count)});
        marker.on("click", function () { zoomTo(cluster); });
        marker.on("keypress", function (event) {  // Enter on a focused cluster zooms into it, as a click does
          if (event.originalEvent.keyCode === 13) { zoomTo(cluster); container.focus(); }
        });
        groups[cluster.kind].addLayer(marker);
      });
      data.assets.features.forEach(function (feature) {
        var kind = feature.properties.kind;
        if (!groups[kind] || (keep && keep.abcdId === feature.id)) { return; }
        var marker = maps.assetMarker(options, feature);
        marker.abcdId = feature.id;
        groups[kind].addLayer(marker);
      });
      say(maps.fill(options.texts.shown, "count", String(data.total)));
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
      aheadAnswer = maps.getJson(next)
        .then(function (data) { remember(next, data); return data; })
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
      maps.getJson(url, "application/json", controller ? controller.signal : undefined)
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
    maps.popupKeyboard(map, options, function (source) { keep = source; });
    map.on("moveend", function () {  // a drag or a run of zoom clicks asks once, when it settles
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(load, options.debounceMs);
    });
    load();
    return {groups: groups};
  };
})(window);
