/* The network diagram on paper: a WebGL canvas does not print reliably (and is sized for the screen), so
   once the diagram is drawn, and again just before printing, copy it into a plain SVG that only print shows.
   Reads the drawn graph (positions, sizes, colours, labels) from the renderer network.js leaves on the
   container; names are set with textContent, never as markup. */
(function () {
  "use strict";

  var container = document.getElementById("network-canvas");
  if (!container) return;
  var SVG = "http://www.w3.org/2000/svg";
  var LABELLED = 40; // the largest nodes get their names on paper; the tables hold every name

  function svgElement(tag, attributes) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, String(attributes[name])); });
    return node;
  }

  function draw() {
    var renderer = container.networkRenderer;
    if (!renderer || typeof renderer.getGraph !== "function" || !container.isConnected) return;
    var graph = renderer.getGraph();
    var nodes = [];
    graph.forEachNode(function (key, a) { nodes.push({ key: key, x: a.x, y: -a.y, size: a.size || 6, color: a.color, label: a.label }); });
    if (nodes.length === 0) return;
    var xs = nodes.map(function (n) { return n.x; });
    var ys = nodes.map(function (n) { return n.y; });
    var minX = Math.min.apply(null, xs), minY = Math.min.apply(null, ys);
    var spanX = (Math.max.apply(null, xs) - minX) || 1, spanY = (Math.max.apply(null, ys) - minY) || 1;
    var width = 1000, height = Math.max(400, Math.min(1400, Math.round(width * spanY / spanX)));
    var margin = 40;
    var at = {};
    nodes.forEach(function (n) {
      at[n.key] = [margin + (n.x - minX) / spanX * (width - 2 * margin), margin + (n.y - minY) / spanY * (height - 2 * margin)];
    });
    var image = svgElement("svg", { "class": "network-print", viewBox: "0 0 " + width + " " + height, "aria-hidden": "true" });
    graph.forEachEdge(function (edge, attributes, source, target) {
      image.append(svgElement("line", { x1: at[source][0], y1: at[source][1], x2: at[target][0], y2: at[target][1], stroke: "#8a8d8f", "stroke-width": 1 }));
    });
    var labelled = nodes.slice().sort(function (a, b) { return b.size - a.size; }).slice(0, LABELLED);
    nodes.forEach(function (n) {
      image.append(svgElement("circle", { cx: at[n.key][0], cy: at[n.key][1], r: Math.max(3, n.size * 0.8), fill: n.color || "#b1b4b6", stroke: "#0b0c0c", "stroke-width": 0.75 }));
    });
    labelled.forEach(function (n) {
      var text = svgElement("text", { x: at[n.key][0] + n.size + 2, y: at[n.key][1] + 4, "font-size": 13, "font-family": "system-ui, sans-serif", fill: "#0b0c0c" });
      text.textContent = n.label || "";
      image.append(text);
    });
    var old = container.parentNode.querySelector("svg.network-print");
    if (old) old.replaceWith(image); else container.after(image);
    container.parentNode.classList.add("has-print-image");
  }

  if (container.dataset.rendered === "true") draw();
  new MutationObserver(function () {
    if (container.dataset.rendered === "true") draw();
  }).observe(container, { attributes: true, attributeFilter: ["data-rendered"] });
  window.addEventListener("beforeprint", draw); // colours may have changed since it was drawn
})();
