/* The network diagram: fetch the capped subgraph (positions computed on the server), draw it with
   sigma + graphology, colour by kind or community, size by connector score, show a node's details on
   click. Every label is set with textContent: names typed by people are data, never markup. */
(function () {
  "use strict";

  var container = document.getElementById("network-canvas");
  if (!container || typeof window.Sigma === "undefined" || typeof window.graphology === "undefined") {
    return;
  }
  var text = container.dataset;
  var details = document.getElementById("node-details");
  var colourSelect = document.getElementById("colour-by");
  var legend = document.getElementById("network-legend");
  // Okabe-Ito plus two: distinguishable with the common kinds of colour blindness.
  var COMMUNITY_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#8c564b", "#5e3c99"];
  var OTHER_COLOUR = "#b1b4b6";

  function element(tag, content, className) {
    var node = document.createElement(tag);
    if (content !== undefined && content !== null) node.textContent = String(content);
    if (className) node.className = className;
    return node;
  }

  function showProblem(message) {
    container.replaceChildren(element("p", message, "network-problem"));
    container.removeAttribute("role");
    container.dataset.rendered = "error";
  }

  function topCommunities(nodes) {
    var counts = {};
    nodes.forEach(function (n) {
      if (n.community >= 0) counts[n.community] = (counts[n.community] || 0) + 1;
    });
    return Object.keys(counts)
      .sort(function (a, b) { return counts[b] - counts[a] || a - b; })
      .slice(0, COMMUNITY_COLOURS.length)
      .map(Number);
  }

  function colourOf(node, mode, data, communities) {
    if (mode === "community") {
      var index = communities.indexOf(node.community);
      return index >= 0 ? COMMUNITY_COLOURS[index] : OTHER_COLOUR;
    }
    return (data.kinds[node.kind] || {}).colour || OTHER_COLOUR;
  }

  function sizeOf(node) {
    return 6 + Math.sqrt(Math.max(0, node.score)) * 1.4 + (node.depth === 0 && node.key === container.dataset.focus ? 4 : 0);
  }

  function fillLegend(mode, data, communities) {
    if (!legend) return;
    var items = [];
    if (mode === "community") {
      communities.forEach(function (community, index) {
        items.push([COMMUNITY_COLOURS[index], text.textCommunity + " " + (community + 1)]);
      });
      items.push([OTHER_COLOUR, text.textOther]);
    } else {
      Object.keys(data.kinds).forEach(function (kind) {
        items.push([data.kinds[kind].colour, data.kinds[kind].label]);
      });
    }
    legend.replaceChildren.apply(legend, items.map(function (item) {
      var li = element("li");
      var swatch = element("span", null, "swatch");
      swatch.style.backgroundColor = item[0];  // CSSOM, allowed by the style-src policy
      li.append(swatch, element("span", item[1]));
      return li;
    }));
  }

  function showDetails(node, data) {
    var heading = element("h2", node.label);
    heading.id = "details-title";
    heading.tabIndex = -1;
    var facts = element("dl", null, "facts");
    function fact(term, value) {
      facts.append(element("dt", term), element("dd", value));
    }
    fact(text.textKind || "", (data.kinds[node.kind] || {}).label || node.kind);
    fact(text.textScore, Math.round(node.score));
    fact(text.textCommunity, node.community >= 0 ? node.community + 1 : text.textNone);
    if (data.focus) fact(text.textSteps, node.depth);
    var actions = element("p");
    if (node.page) {
      var open = element("a", text.textOpen);
      var kind = node.key.split(":")[0];
      open.href = data.urls[kind].replace("{id}", node.key.split(":")[1]);
      actions.append(open, document.createTextNode(" · "));
    }
    var focus = element("a", text.textFocus);
    focus.href = data.urls.focus.replace("{key}", encodeURIComponent(node.key));
    actions.append(focus);
    var parts = [heading, element("p", (data.kinds[node.kind] || {}).label), facts, actions];
    if (node.hub) parts.push(element("p", text.textHub, "note"));
    details.replaceChildren.apply(details, parts);
    heading.focus();
  }

  function render(data) {
    var started = performance.now();
    var graph = new window.graphology.Graph({ type: "undirected", multi: false });
    var byKey = {};
    var communities = topCommunities(data.nodes);
    var mode = colourSelect ? colourSelect.value : "kind";
    data.nodes.forEach(function (n) {
      byKey[n.key] = n;
      graph.addNode(n.key, { x: n.x, y: -n.y, size: sizeOf(n), label: n.label, color: colourOf(n, mode, data, communities) });
    });
    data.edges.forEach(function (e) {
      if (!graph.hasEdge(e[0], e[1])) graph.addEdge(e[0], e[1], { size: 0.6, color: "#c8cacb" });
    });
    if (data.nodes.length === 0) {
      container.dataset.rendered = "empty";
      return;
    }
    var renderer = new window.Sigma(graph, container, {
      labelRenderedSizeThreshold: data.nodes.length > 300 ? 9 : 4,
      labelFont: "system-ui, sans-serif",
      defaultEdgeColor: "#c8cacb",
      zIndex: true,
    });
    renderer.on("clickNode", function (event) {
      showDetails(byKey[event.node], data);
    });
    renderer.on("enterNode", function () { container.classList.add("pointing"); });
    renderer.on("leaveNode", function () { container.classList.remove("pointing"); });
    if (colourSelect) {
      colourSelect.addEventListener("change", function () {
        var chosen = colourSelect.value;
        graph.forEachNode(function (key, attributes) {
          graph.setNodeAttribute(key, "color", colourOf(byKey[key], chosen, data, communities));
        });
        fillLegend(chosen, data, communities);
      });
    }
    fillLegend(mode, data, communities);
    container.networkRenderer = renderer;  // for the browser tests, which click nodes on the canvas
    requestAnimationFrame(function () {
      container.dataset.renderMs = String(Math.round(performance.now() - started));
      container.dataset.renderedAt = String(Math.round(performance.now()));  // since the page was opened
      container.dataset.nodes = String(data.nodes.length);
      container.dataset.rendered = "true";
    });
  }

  fetch(container.dataset.graphUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (data) {
      container.dataset.focus = data.focus || "";
      render(data);
    })
    .catch(function () {
      showProblem(text.textError);
    });
})();
