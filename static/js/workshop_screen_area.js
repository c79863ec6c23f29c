// The projector's network (sigma + graphology) and map (Leaflet) of the session's area, redrawn from
// each new screen.json that workshop_screen.js announces ("workshop-screen" event). What the room added
// is large and yellow; labels are large, and sigma's label grid keeps them from overlapping. The tables
// under each picture hold the same information. Names are data: set with textContent only.
(function () {
  "use strict";
  const ROOM = "#ffd966";
  const EDGE = "#8a8a8a";
  const networkBox = document.getElementById("screen-network");
  const mapBox = document.getElementById("screen-map");
  let renderer = null;
  let graph = null;
  let map = null;
  let markers = null;

  function cell(text) {
    const td = document.createElement("td");
    td.textContent = text;
    return td;
  }

  function fillTable(id, rows, columns) {
    const body = document.getElementById(id);
    if (!body) return;
    const yes = document.getElementById("screen-network-table").dataset;
    body.replaceChildren(
      ...rows.map((row) => {
        const tr = document.createElement("tr");
        tr.dataset.key = row.key;
        columns.forEach((column) => tr.append(cell(column === "room" ? (row.room ? yes.textYes : yes.textNo) : row[column])));
        return tr;
      }),
    );
  }

  function drawNetwork(area) {
    if (!networkBox || typeof window.Sigma === "undefined" || typeof window.graphology === "undefined") return;
    try {
      if (graph === null) {
        graph = new window.graphology.Graph({ type: "undirected", multi: false });
      } else {
        graph.clear();
      }
      area.nodes.forEach((n) => {
        graph.addNode(n.key, {
          x: n.x, y: -n.y, label: n.label, size: n.room ? 16 : 6 + Math.min(8, Math.sqrt(n.links) * 1.5),
          color: n.room ? ROOM : area.colours[n.kind] || "#b1b4b6", zIndex: n.room ? 1 : 0,
        });
      });
      area.edges.forEach((e) => {
        if (graph.hasNode(e.from) && graph.hasNode(e.to) && !graph.hasEdge(e.from, e.to)) {
          graph.addEdge(e.from, e.to, { size: e.room ? 5 : 1, color: e.room ? ROOM : EDGE, zIndex: e.room ? 1 : 0 });
        }
      });
      if (renderer === null) {
        renderer = new window.Sigma(graph, networkBox, {
          labelFont: "system-ui, sans-serif", labelSize: 28, stagePadding: 90, labelWeight: "bold", labelColor: { color: "#ffffff" },
          labelDensity: 0.6, labelGridCellSize: 180, labelRenderedSizeThreshold: 0, zIndex: true,
          defaultEdgeColor: EDGE,
        });
      } else {
        renderer.refresh();
      }
      networkBox.dataset.nodes = String(area.nodes.length);
      networkBox.dataset.roomEdges = String(area.edges.filter((e) => e.room).length);
      networkBox.dataset.rendered = "true";
    } catch (error) {
      const p = document.createElement("p");
      p.textContent = networkBox.dataset.textError;
      networkBox.replaceChildren(p);
      networkBox.dataset.rendered = "error";
    }
  }

  function drawMap(area) {
    if (!mapBox || typeof window.L === "undefined") return;
    const L = window.L;
    if (map === null) {
      map = L.map(mapBox, { zoomControl: false, attributionControl: Boolean(mapBox.dataset.tiles) });
      if (mapBox.dataset.tiles) {
        L.tileLayer(mapBox.dataset.tiles, { attribution: mapBox.dataset.attribution, maxZoom: 18 }).addTo(map);
      }
      markers = L.layerGroup().addTo(map);
    }
    markers.clearLayers();
    const points = [];
    const ours = [];
    area.places.forEach((p) => {
      const at = [p.lat, p.lon];
      points.push(at);
      const marker = L.circleMarker(at, {
        radius: p.room ? 14 : 5, color: p.room ? "#000" : "#555", weight: p.room ? 3 : 1,
        fillColor: p.room ? ROOM : "#9fd3ff", fillOpacity: p.room ? 1 : 0.7, interactive: false,
      });
      if (p.room) {
        ours.push(at);
        marker.bindTooltip(p.label, { permanent: true, direction: "right", className: "projector-map-label" });
      }
      markers.addLayer(marker);
    });
    const focus = ours.length ? ours : points;
    if (focus.length) {
      map.fitBounds(L.latLngBounds(focus).pad(0.3), { maxZoom: 15 });
    } else {
      map.setView([51.48, -3.18], 11);
    }
    mapBox.dataset.places = String(area.places.length);
    mapBox.dataset.roomPlaces = String(ours.length);
    mapBox.dataset.rendered = "true";
  }

  function drawConnectors(area) {
    const list = document.getElementById("screen-connectors");
    if (!list) return;
    list.replaceChildren(
      ...area.connectors.map((c) => {
        const li = document.createElement("li");
        const note = document.createElement("span");
        note.className = "projector-by";
        note.textContent = `${c.kind_label} · ${c.links_text}`;
        li.append(c.label, " ", note);
        return li;
      }),
    );
  }

  document.addEventListener("workshop-screen", (event) => {
    const area = event.detail.area;
    if (!area) return;
    drawNetwork(area);
    drawMap(area);
    drawConnectors(area);
    fillTable("screen-network-table", area.nodes, ["label", "kind_label", "links", "room"]);
    fillTable("screen-places-table", area.places, ["label", "kind_label", "room"]);
  });
})();
