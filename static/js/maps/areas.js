/* Layers of areas: how many people share their gifts in each ward (one circle at the ward's centre, never a
   home), and the strengths choropleth (ward polygons or grid squares, each filled with the colour the server
   chose). Tooltips are built with textContent. */
(function (window) {
  "use strict";
  var maps = window.abcdMaps = window.abcdMaps || {};

  maps.peopleLayer = function (map, options) {
    var layer = L.layerGroup().addTo(map);
    maps.getJson(options.dataUrl, "application/geo+json")
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
  };

  maps.choroplethLayer = function (map, options) {
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
    maps.getJson(options.dataUrl, "application/geo+json")
      .then(function (data) { layer.addData(data); })
      .catch(function () { layer.clearLayers(); });
    return layer;
  };
})(window);
