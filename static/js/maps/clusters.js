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
    // A step in splits nearly every cluster, so a redraw that made each marker anew would make hundreds of
    // elements per step. Cluster markers are kept per kind and given the new answer's clusters in order (a new
    // place, count and box); only the difference in number is made or removed. Single assets are kept by id.
    // The markers' order in the page (the keyboard's order) is the answer's, as if every marker were new.
    var clustersOf = {}, shown = {};  // cluster markers per kind, in the answer's order; single assets by key
    function clusterMarker(kind) {
      var marker = new maps.FlatMarker([0, 0], {icon: maps.clusterIcon(options, kind, 0)});
      marker.on("click", function () { zoomTo(marker.abcdCluster); });
      marker.on("keypress", function (event) {  // Enter on a focused cluster zooms into it, as a click does
        if (event.originalEvent.keyCode === 13) { zoomTo(marker.abcdCluster); container.focus(); }
      });
      return marker;
    }
    function assetMarker(feature) {
      if (keep && keep.abcdId === feature.id) { return keep; }
      var marker = maps.assetMarker(options, feature);
      marker.abcdId = feature.id;
      return marker;
    }
    function show(data) {
      var next = [], byKey = {}, used = {};
      data.clusters.forEach(function (cluster) {
        var kind = cluster.kind;
        if (!groups[kind]) { return; }
        var markers = clustersOf[kind] = clustersOf[kind] || [], index = used[kind] || 0;
        var marker = markers[index] || (markers[index] = clusterMarker(kind));
        used[kind] = index + 1;
        marker.abcdKind = kind;
        marker.abcdCluster = cluster;
        maps.clusterCount(marker, cluster.count);
        marker.setLatLng([cluster.lat, cluster.lon]);
        next.push(marker);
      });
      Object.keys(clustersOf).forEach(function (kind) {  // fewer clusters of a kind than before: the rest go
        clustersOf[kind].splice(used[kind] || 0).forEach(function (marker) { groups[kind].removeLayer(marker); });
      });
      data.assets.features.forEach(function (feature) {
        var kind = feature.properties.kind, key = "a|" + data.version + "|" + feature.id;
        if (!groups[kind] || byKey[key]) { return; }
        var marker = shown[key] || assetMarker(feature);
        marker.abcdKey = key;
        marker.abcdKind = kind;
        byKey[key] = marker;
        next.push(marker);
      });
      if (keep && keep.abcdKey && byKey[keep.abcdKey] !== keep && groups[keep.abcdKind].hasLayer(keep)) {
        byKey[keep.abcdKey] = keep;  // its asset is not in the new answer: it stays while its popup is open
        next.push(keep);
      }
      Object.keys(shown).forEach(function (key) {
        var marker = shown[key];
        if (byKey[marker.abcdKey] !== marker) { groups[marker.abcdKind].removeLayer(marker); }
      });
      shown = byKey;
      var pane = map.getPane("markerPane"), after = null;
      for (var i = next.length - 1; i >= 0; i -= 1) {  // from the last: each goes just before the one after it
        var marker = next[i], group = groups[marker.abcdKind];
        if (!group.hasLayer(marker)) { group.addLayer(marker); }
        var icon = marker.getElement();
        if (icon && icon.parentNode === pane) {
          if (icon.nextSibling !== after) { pane.insertBefore(icon, after); }
          after = icon;
        }
      }
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
      // An answer already here is drawn at once, before the browser paints the old clusters at the new zoom.
      if (cache[urlFor(map.getBounds(), map.getZoom()).url]) { load(); return; }
      timer = setTimeout(load, options.debounceMs);
    });
    load();
    return {groups: groups};
  };
})(window);
