/* The network diagrams: fetch the capped subgraph (positions computed on the server) or read it from the
   page (the paths page), draw it with sigma + graphology, colour by kind or community, size by connector
   score, show a node's details on click. Labels are placed so that no two overlap and none is cut off
   at the edge: the most important nodes are labelled first, the others show their name on hover.
   Every label is set with textContent or drawn on the canvas: names typed by people are data, never markup. */
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
  var FADED = "#dcdddd";
  var GROUP = "group:unconnected";
  var LABEL_SIZE = 13;
  var LABEL_FONT = "system-ui, sans-serif";
  var MAX_LABEL = 32;  // characters drawn; the whole name is on hover and in the details
  var measurer = document.createElement("canvas").getContext("2d");

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

  function communityName(data, community) {
    return (data.communities || {})[String(community)] || text.textCommunity;
  }

  function colourOf(node, mode, data, communities) {
    if (data.path && !node.path) return FADED;
    if (node.key === GROUP) return OTHER_COLOUR;
    if (mode === "community") {
      var index = communities.indexOf(node.community);
      return index >= 0 ? COMMUNITY_COLOURS[index] : OTHER_COLOUR;
    }
    return (data.kinds[node.kind] || {}).colour || OTHER_COLOUR;
  }

  function sizeOf(node) {
    if (node.key === GROUP) return 6 + Math.min(10, Math.sqrt(node.count || 1));
    var size = 6 + Math.sqrt(Math.max(0, node.score)) * 1.4;
    if (node.depth === 0 && node.key === container.dataset.focus) size += 4;
    if (node.path) size += 3;
    return size;
  }

  function shortLabel(label) {
    return label.length > MAX_LABEL ? label.slice(0, MAX_LABEL - 1) + "…" : label;
  }

  // --- labels that never overlap ------------------------------------------------------------------

  function importance(data) {
    var degree = {};
    data.edges.forEach(function (e) {
      degree[e[0]] = (degree[e[0]] || 0) + 1;
      degree[e[1]] = (degree[e[1]] || 0) + 1;
    });
    function rank(n) {
      if (n.key === data.focus) return 0;
      if (n.path) return 1;
      if (n.key === GROUP) return 2;
      return 3;
    }
    return data.nodes.slice().sort(function (a, b) {
      return rank(a) - rank(b) || b.score - a.score || (degree[b.key] || 0) - (degree[a.key] || 0) ||
        a.label.localeCompare(b.label);
    }).map(function (n) { return n.key; });
  }

  function intersects(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  /* Greedy placement, most important first: each label tries the right of its node, then the left,
     above and below, and takes the first spot inside the canvas that touches no label placed before. */
  function placeLabels(renderer, order, byKey) {
    var width = container.clientWidth;
    var height = container.clientHeight;
    var placed = {};
    var boxes = [];
    measurer.font = "normal " + LABEL_SIZE + "px " + LABEL_FONT;
    order.forEach(function (key) {
      var shown = renderer.getNodeDisplayData(key);
      if (!shown || shown.hidden) return;
      var p = renderer.framedGraphToViewport(shown);
      var r = renderer.scaleSize(shown.size);
      if (p.x < 0 || p.y < 0 || p.x > width || p.y > height) return;
      var label = shortLabel(byKey[key].label);
      var w = Math.ceil(measurer.measureText(label).width) + 4;
      var h = LABEL_SIZE + 4;
      var beside = [{ x: p.x + r + 2, y: p.y - h / 2 }, { x: p.x - r - 2 - w, y: p.y - h / 2 }];
      var over = [{ x: p.x - w / 2, y: p.y - r - 2 - h }, { x: p.x - w / 2, y: p.y + r + 2 }];
      // A way is drawn left to right: its steps are named above or below, off the line.
      var spots = byKey[key].path ? over.concat(beside) : beside.concat(over);
      for (var i = 0; i < spots.length; i++) {
        var box = { x: spots[i].x, y: spots[i].y, w: w, h: h };
        if (box.x < 0 || box.y < 0 || box.x + w > width || box.y + h > height) continue;
        if (boxes.some(function (other) { return intersects(box, other); })) continue;
        boxes.push(box);
        placed[key] = { box: box, text: label };
        return;
      }
    });
    return placed;
  }

  /* Sigma updates its camera values after "beforeRender", so the placement is made when the frame's
     first label is drawn, from the values that frame uses. */
  function labelDrawer(state) {
    return function (context, data) {
      if (!state.placed) state.placed = state.place();
      var spot = state.placed[data.key];
      if (!spot) return;
      var box = spot.box;
      context.font = "normal " + LABEL_SIZE + "px " + LABEL_FONT;
      context.fillStyle = "rgba(255, 255, 255, 0.85)";
      context.fillRect(box.x, box.y, box.w, box.h);
      context.fillStyle = "#1b1b1b";
      context.textBaseline = "middle";
      context.fillText(spot.text, box.x + 2, box.y + box.h / 2);
      context.textBaseline = "alphabetic";
      state.drawn.push({ key: data.key, x: box.x, y: box.y, w: box.w, h: box.h });
    };
  }

  // --- the key and the details ---------------------------------------------------------------------

  function fillLegend(mode, data, communities) {
    if (!legend) return;
    var items = [];
    if (mode === "community") {
      communities.forEach(function (community, index) {
        items.push([COMMUNITY_COLOURS[index], communityName(data, community)]);
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
    if (!details) return;
    var heading = element("h2", node.label);
    heading.id = "details-title";
    heading.tabIndex = -1;
    if (node.key === GROUP) {
      var note = element("p");
      var list = element("a", text.textUnconnectedList);
      list.href = "#unconnected";
      note.append(list);
      details.replaceChildren(heading, note);
      heading.focus();
      return;
    }
    var facts = element("dl", null, "facts");
    function fact(term, value) {
      facts.append(element("dt", term), element("dd", value));
    }
    fact(text.textKind || "", (data.kinds[node.kind] || {}).label || node.kind);
    fact(text.textScore, Math.round(node.score));
    fact(text.textCommunity, node.community >= 0 ? communityName(data, node.community) : text.textNone);
    if (data.focus) fact(text.textSteps, node.depth);
    var actions = element("p");
    if (node.page) {
      var open = element("a", text.textOpen);
      var kind = node.key.split(":")[0];
      open.href = data.urls[kind].replace("{id}", node.key.split(":")[1]);
      actions.append(open);
    }
    if (data.urls.focus) {
      var focus = element("a", text.textFocus);
      focus.href = data.urls.focus.replace("{key}", encodeURIComponent(node.key));
      if (actions.childNodes.length) actions.append(document.createTextNode(" · "));
      actions.append(focus);
    }
    var parts = [heading, element("p", (data.kinds[node.kind] || {}).label), facts, actions];
    if (node.hub) parts.push(element("p", text.textHub, "note"));
    details.replaceChildren.apply(details, parts);
    heading.focus();
  }

  // --- full screen -------------------------------------------------------------------------------

  function fullScreen(renderer) {
    var button = document.getElementById("network-fullscreen");
    var stage = document.getElementById("network-stage");
    if (!button || !stage) return;
    var native = typeof stage.requestFullscreen === "function" && document.fullscreenEnabled !== false;
    function isOn() {
      return document.fullscreenElement === stage || stage.classList.contains("is-fullscreen");
    }
    function update() {
      var on = isOn();
      button.textContent = on ? text.textExitFullscreen : text.textFullscreen;
      stage.dataset.fullscreen = on ? "true" : "false";
      requestAnimationFrame(function () { renderer.resize(); renderer.refresh(); });
    }
    function fallback(on) {
      stage.classList.toggle("is-fullscreen", on);
      document.body.classList.toggle("has-fullscreen", on);
      update();
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (isOn()) {
        if (document.fullscreenElement) document.exitFullscreen();
        else fallback(false);
        return;
      }
      if (native) {
        stage.requestFullscreen().catch(function () { fallback(true); });
      } else {
        fallback(true);
      }
    });
    document.addEventListener("fullscreenchange", update);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && stage.classList.contains("is-fullscreen")) {
        fallback(false);
        button.focus();
      }
    });
  }

  // --- drawing -----------------------------------------------------------------------------------

  function render(data) {
    var started = performance.now();
    var graph = new window.graphology.Graph({ type: "undirected", multi: false });
    var byKey = {};
    var communities = topCommunities(data.nodes);
    var mode = colourSelect ? colourSelect.value : "kind";
    data.nodes.forEach(function (n) {
      byKey[n.key] = n;
      graph.addNode(n.key, { x: n.x, y: -n.y, size: sizeOf(n), label: n.label, color: colourOf(n, mode, data, communities), forceLabel: true });
    });
    data.edges.forEach(function (e) {
      if (graph.hasEdge(e[0], e[1])) return;
      var onPath = data.path && e[2];
      graph.addEdge(e[0], e[1], { size: onPath ? 4 : 0.6, color: onPath ? "#1b1b1b" : "#c8cacb", path: Boolean(onPath) });
    });
    if (data.nodes.length === 0) {
      container.dataset.rendered = "empty";
      return;
    }
    var order = importance(data);
    var renderer = null;
    var state = { placed: null, drawn: [] };
    state.place = function () { return renderer ? placeLabels(renderer, order, byKey) : {}; };
    renderer = new window.Sigma(graph, container, {
      labelRenderedSizeThreshold: 0,
      labelSize: LABEL_SIZE,
      labelFont: LABEL_FONT,
      defaultEdgeColor: "#c8cacb",
      defaultDrawNodeLabel: labelDrawer(state),
      zIndex: true,
    });
    renderer.on("beforeRender", function () {
      state.placed = null;
      state.drawn = [];
    });
    renderer.on("afterRender", function () {
      container.labelBoxes = state.drawn.slice();  // for the browser tests: what was actually drawn
      container.dataset.labels = String(state.drawn.length);
    });
    renderer.on("clickNode", function (event) {
      showDetails(byKey[event.node], data);
    });
    renderer.on("enterNode", function () { container.classList.add("pointing"); });
    renderer.on("leaveNode", function () { container.classList.remove("pointing"); });
    if (colourSelect) {
      colourSelect.addEventListener("change", function () {
        var chosen = colourSelect.value;
        graph.forEachNode(function (key) {
          graph.setNodeAttribute(key, "color", colourOf(byKey[key], chosen, data, communities));
        });
        fillLegend(chosen, data, communities);
      });
      fillLegend(mode, data, communities);
    }
    fullScreen(renderer);
    renderer.refresh();  // the first frame was drawn before the placement hooks were in place
    container.networkRenderer = renderer;  // for the browser tests, which click nodes on the canvas
    requestAnimationFrame(function () {
      container.dataset.renderMs = String(Math.round(performance.now() - started));
      container.dataset.renderedAt = String(Math.round(performance.now()));  // since the page was opened
      container.dataset.nodes = String(data.nodes.length);
      container.dataset.rendered = "true";
    });
  }

  function start(data) {
    container.dataset.focus = data.focus || "";
    data.urls = data.urls || {};
    render(data);
  }

  if (container.dataset.graphData) {
    var inline = document.getElementById(container.dataset.graphData);
    try {
      start(JSON.parse(inline.textContent));
    } catch (problem) {
      showProblem(text.textError);
    }
    return;
  }
  fetch(container.dataset.graphUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(start)
    .catch(function () {
      showProblem(text.textError);
    });
})();
