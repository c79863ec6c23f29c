"""Pictures for the printed workshop pack, drawn on the server as SVG so they survive printing without
JavaScript: the room's network (a seeded spring layout) and a map of the session's area. Pure: plain data
in, SVG markup out; every name is escaped here, since names are what people typed."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import networkx as nx
from markupsafe import Markup, escape
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

PLACE_COLOUR, NAMED_COLOUR = "#E69F00", "#0072B2"  # Okabe-Ito: told apart with the common colour blindness
MAX_NODES = 150  # more would not be readable on a sheet of paper; the tables hold everything


@dataclass(frozen=True)
class MapPoint:
    number: int  # the row of the places table it stands for
    name: str
    latitude: float
    longitude: float


def _svg(width: int, height: int, title: str, body: list[str], css_class: str) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="system-ui, sans-serif">'
        f"<title>{escape(title)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 -- every value above is escaped or a number


def network_svg(
    places: list[str], links: list[tuple[str, str, str]], title: str, width: int = 800, height: int = 560
) -> Markup:
    """The places the room added and the links it drew between named things. A link's ends are matched to
    places by name (without case); an end that is no place is drawn as a named thing of its own."""
    graph = nx.Graph()
    label: dict[str, str] = {}
    for name in places:
        key = name.strip().lower()
        if key and key not in label and len(label) < MAX_NODES:
            label[key] = name.strip()
            graph.add_node(key, place=True)
    for start, relation, end in links:
        ends = [start.strip(), end.strip()]
        keys = [e.lower() for e in ends]
        if not all(keys) or any(k not in label and len(label) >= MAX_NODES for k in keys):
            continue
        for key, name in zip(keys, ends, strict=True):
            if key not in label:
                label[key] = name
                graph.add_node(key, place=False)
        graph.add_edge(keys[0], keys[1], relation=relation.strip())
    if graph.number_of_nodes() == 0:
        return _svg(width, 80, title, [], "print-network print-empty")
    positions = nx.spring_layout(graph, seed=13) if graph.number_of_nodes() > 1 else {next(iter(graph)): (0.0, 0.0)}
    margin = 90
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0

    def at(key: str) -> tuple[float, float]:
        x, y = positions[key]
        return (margin + (x - min(xs)) / span_x * (width - 2 * margin),
                40 + (y - min(ys)) / span_y * (height - 80))  # fmt: skip

    body = []
    for u, v, data in graph.edges(data=True):
        (x1, y1), (x2, y2) = at(u), at(v)
        body.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#505a5f" '
                    f'stroke-width="1.5"><title>{escape(label[u])} — {escape(data["relation"])} — '
                    f"{escape(label[v])}</title></line>")  # fmt: skip
    for key, data in graph.nodes(data=True):
        x, y = at(key)
        colour = PLACE_COLOUR if data["place"] else NAMED_COLOUR
        if data["place"]:
            shape_svg = f'<rect x="{x - 7:.1f}" y="{y - 7:.1f}" width="14" height="14" fill="{colour}" '
            shape_svg += 'stroke="#0b0c0c"/>'
        else:
            shape_svg = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{colour}" stroke="#0b0c0c"/>'
        body.append(shape_svg + f'<text x="{x + 10:.1f}" y="{y + 4:.1f}" font-size="13" fill="#0b0c0c">'
                    f"{escape(label[key])}</text>")  # fmt: skip
    return _svg(width, height, title, body, "print-network")


def _outline(geometry: BaseGeometry) -> list[list[tuple[float, float]]]:
    polygons = getattr(geometry, "geoms", [geometry])
    rings = []
    for polygon in polygons:
        if hasattr(polygon, "exterior"):
            rings.append(list(polygon.exterior.coords))
    return rings


def map_svg(boundaries: list[str], points: list[MapPoint], title: str, width: int = 800, height: int = 600) -> Markup:
    """The area's boundaries (GeoJSON geometries as stored) and the numbered places, in an equirectangular
    projection true to scale at the area's latitude."""
    shapes = []
    for text in boundaries:
        try:
            geometry = shape(json.loads(text))
        except (ValueError, TypeError, AttributeError):
            continue  # a boundary that cannot be read is left out; the places still show
        shapes.append(geometry.simplify(0.0003, preserve_topology=True))
    lons = [c[0] for g in shapes for ring in _outline(g) for c in ring] + [p.longitude for p in points]
    lats = [c[1] for g in shapes for ring in _outline(g) for c in ring] + [p.latitude for p in points]
    if not lons:
        return _svg(width, 80, title, [], "print-map print-empty")
    squeeze = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x = max((max(lons) - min(lons)) * squeeze, 0.005)
    span_y = max(max(lats) - min(lats), 0.005)
    scale = min((width - 40) / span_x, (height - 40) / span_y)

    left = 20 + ((width - 40) - span_x * scale) / 2  # centred across the sheet
    top = 20 + ((height - 40) - span_y * scale) / 2

    def at(lon: float, lat: float) -> tuple[float, float]:
        return left + (lon - min(lons)) * squeeze * scale, height - top - (lat - min(lats)) * scale

    body = []
    for geometry in shapes:
        for ring in _outline(geometry):
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(lon, lat) for lon, lat, *_ in ring))
            body.append(f'<polygon points="{path}" fill="#f3f2f1" stroke="#505a5f" stroke-width="1.5"/>')
    for point in points:
        x, y = at(point.longitude, point.latitude)
        body.append(
            f'<g><title>{point.number}. {escape(point.name)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{PLACE_COLOUR}" stroke="#0b0c0c"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="middle" fill="#0b0c0c">'
            f"{point.number}</text></g>"
        )  # fmt: skip
    return _svg(width, height, title, body, "print-map")
