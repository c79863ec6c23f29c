/* What both asset layers share (the server-clustered one in clusters.js, the page-clustered one in assets.js):
   the kinds' icons, the popup, and the keyboard around popups. Icons are at least 24 x 24 CSS pixels (WCAG 2.2,
   2.5.8 target size). Popups are built with textContent, never innerHTML, so a hostile name shows as text; the
   only HTML Leaflet is given is our own symbol markup and labels escaped by the server (labelHtml). */
(function (window) {
  "use strict";
  var maps = window.abcdMaps = window.abcdMaps || {};
  var fill = maps.fill, line = maps.line;

  maps.MARKER_PX = 24;
  maps.CLUSTER_PX = 38;

  // A zoom step draws hundreds of icons: each is a copy (cloneNode) of its kind's icon, which Leaflet makes from
  // our markup once per page, rather than markup parsed again for every marker. The count goes in as text.
  var made = {};
  var CopiedIcon = L.DivIcon.extend({
    createIcon: function () {
      var markup = this.options.markup;
      made[markup] = made[markup] || L.divIcon({html: markup}).createIcon();
      var div = made[markup].cloneNode(true);
      if (this.options.count !== null) { div.querySelector(".abcd-cluster-count").textContent = this.options.count; }
      this._setIconStyles(div, "icon");
      return div;
    }
  });

  // Markers placed with a flat translate rather than Leaflet's translate3d: the browser then paints them into the
  // map's layer instead of giving each of hundreds its own compositing layer, which slowed every redraw after a
  // zoom step (bench/map_clusters.py). Zoom animations still move them (the transition is on transform).
  maps.FlatMarker = L.Marker.extend({
    _setPos: function (pos) {
      if (!this._icon) { return; }
      this._icon._leaflet_pos = pos;  // where L.DomUtil.getPosition looks
      this._icon.style.transform = "translate(" + pos.x + "px," + pos.y + "px)";
      this._zIndex = pos.y + this.options.zIndexOffset;
      this._resetZIndex();
    }
  });

  maps.markerIcon = function (options, kind) {
    return new CopiedIcon({className: "abcd-marker abcd-kind-" + kind, markup: options.kinds[kind].svg, count: null,
                           iconSize: [maps.MARKER_PX, maps.MARKER_PX]});
  };

  maps.clusterIcon = function (options, kind, count) {
    return new CopiedIcon({className: "abcd-cluster abcd-kind-" + kind, iconSize: [maps.CLUSTER_PX, maps.CLUSTER_PX],
      markup: options.kinds[kind].clusterSvg + "<span class=\"abcd-cluster-count\"></span>" +
        "<span class=\"visually-hidden\"> " + options.kinds[kind].labelHtml + "</span>", count: String(count)});
  };

  // A cluster marker drawn again for another cluster of its kind: only its number changes.
  maps.clusterCount = function (marker, count) {
    var icon = marker.options.icon, text = String(count), element = marker.getElement();
    if (icon.options.count === text) { return; }
    icon.options.count = text;
    if (element) { element.querySelector(".abcd-cluster-count").textContent = text; }
  };

  maps.statusLine = function (options) {
    var status = options.statusId ? document.getElementById(options.statusId) : null;
    return function (text) { if (status) { status.textContent = text; } };
  };

  maps.popup = function (options, feature) {
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
  };

  maps.assetMarker = function (options, feature) {
    var kind = feature.properties.kind, point = feature.geometry.coordinates;
    var marker = new maps.FlatMarker([point[1], point[0]], {icon: maps.markerIcon(options, kind),
                                                           title: feature.properties.name});
    marker.bindPopup(function () { return maps.popup(options, feature); });
    return marker;
  };

  // A popup opened from the keyboard takes focus into it and gives it back on close; Escape closes it from inside.
  // ``onChange(source)`` hears of the marker whose popup opens (null when it closes).
  maps.popupKeyboard = function (map, options, onChange) {
    var opener = null;
    map.on("popupopen", function (event) {
      var element = event.popup.getElement(), close = element.querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", options.texts.close); }
      if (!element.abcdEscape) {  // Leaflet's own Escape only works while the map itself has focus
        element.abcdEscape = true;
        element.addEventListener("keydown", function (key) { if (key.key === "Escape") { map.closePopup(); } });
      }
      var source = event.popup._source, origin = source && source.getElement ? source.getElement() : null;
      if (onChange) { onChange(source || null); }
      if (origin && document.activeElement === origin) {  // opened from the keyboard: take focus into it
        opener = origin;
        var link = element.querySelector(".abcd-popup a");
        if (link) { link.focus(); }
      } else { opener = null; }
    });
    map.on("popupclose", function () {
      if (opener && document.body.contains(opener)) { opener.focus(); }
      opener = null;
      if (onChange) { onChange(null); }
    });
  };
})(window);
