"""The projector's network and map of the session's area (its wards in focus, else its authority), read
from the live graph at the PUBLIC audience whatever the facilitator may see, with what the room added
highlighted; and the area's connectors. Cached on the graph's version per screen version, so the
projector's and console's polling costs one dictionary look-up between changes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
import sqlalchemy as sa
from flask_babel import ngettext

from abcd.extensions import db
from abcd.i18n import in_language
from abcd.links.models import Link
from abcd.network import services as network
from abcd.network.bundle import EVERYWHERE, GraphBundle
from abcd.network.explore import Filters, area_subgraph
from abcd.network.graph import SKILL, Sight, record, visible_neighbours
from abcd.network.labels import KIND_COLOURS, kind_label
from abcd.network.live import current_graph
from abcd.network.strengths import CONNECTOR_KINDS
from abcd.workshops.models import Contribution, ContributionStatus, Workshop

PUBLIC = Sight(0)  # the shared screen: what anyone may see
MAX_NODES = 45  # readable from the back of a hall
MAX_PLACES = 150
CONNECTORS = 5


def room_keys(workshop: Workshop) -> tuple[set[str], set[tuple[str, str]]]:
    """The nodes and links the room added: records its accepted items wrote or matched, and the links."""
    query = sa.select(Contribution.asset_id).where(
        Contribution.workshop_id == workshop.workshop_id,
        Contribution.status == ContributionStatus.ACCEPTED,
        Contribution.asset_id.is_not(None),
    )
    nodes = {f"asset:{asset_id}" for asset_id in db.session.scalars(query)}
    edges: set[tuple[str, str]] = set()
    links = sa.select(Link).where(Link.workshop_id == workshop.workshop_id)
    for link in db.session.scalars(links):
        ends = []
        for prefix, value in (("person", link.source_person_id), ("asset", link.source_asset_id),
                              ("person", link.target_person_id), ("asset", link.target_asset_id)):  # fmt: skip
            if value is not None:
                ends.append(f"{prefix}:{value}")
        nodes.update(ends)
        edges.add((min(ends), max(ends)))
    return nodes, edges


def _area(bundle: GraphBundle, workshop: Workshop) -> Iterable[str]:
    if workshop.wards:
        for ward in workshop.wards:
            yield from bundle.by_ward.get(ward.code, {})
    else:
        yield from bundle.by_la.get(workshop.la_code, {})


def _layout(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """A spring layout, seeded so the picture stays put between redraws that add nothing near a node."""
    shape = nx.Graph()
    shape.add_nodes_from(sorted(nodes))
    shape.add_edges_from(edges)
    placed = nx.spring_layout(shape, seed=13, k=1.6 / max(1, len(nodes)) ** 0.5) if nodes else {}
    return {key: (float(x), float(y)) for key, (x, y) in placed.items()}


def _connector(label: str, kind: str, links: int) -> dict[str, Any]:
    return {"label": label, "kind_label": kind_label(kind), "links": links,
            "links_text": ngettext("%(num)d link", "%(num)d links", links)}  # fmt: skip


def _build(workshop: Workshop, bundle: GraphBundle, language: str) -> dict[str, Any]:
    graph = bundle.graph
    metrics = network.metrics_for(network.audience_of(PUBLIC), graph)
    added, added_edges = room_keys(workshop)
    area = [k for k in dict.fromkeys(_area(bundle, workshop)) if k in graph and PUBLIC.sees_node(graph, k)]
    degree = {k: sum(1 for _ in visible_neighbours(graph, PUBLIC, k)) for k in area}

    def score(key: str) -> float:
        found = metrics.get(key)
        return (found.connector_score if found else 0.0) + degree.get(key, 0) / 1000

    def label(key: str) -> str:
        rec = record(graph, key)
        return in_language(rec.label, rec.label_cy, language)[0] or rec.label

    ours = [k for k in added if k in graph and PUBLIC.sees_node(graph, k)]
    others = sorted((k for k in area if record(graph, k).kind != SKILL and k not in added),
                    key=lambda k: (-score(k), k))  # fmt: skip
    chosen = list(dict.fromkeys([*ours, *others[: max(0, MAX_NODES - len(ours))]]))
    sub = area_subgraph(graph, PUBLIC, chosen, Filters(), score, MAX_NODES + len(ours))
    edges = [(u, v) for u, v, _ in sub.edges]
    positions = _layout(list(sub.nodes), edges)
    nodes = [
        {"key": k, "label": label(k), "kind": record(graph, k).kind, "kind_label": kind_label(record(graph, k).kind),
         "x": round(positions[k][0], 3), "y": round(positions[k][1], 3), "room": k in added,
         "links": degree.get(k, 0)}
        for k in sub.nodes
    ]  # fmt: skip
    connectors = sorted((k for k in area if record(graph, k).kind in CONNECTOR_KINDS and degree.get(k)),
                        key=lambda k: (-score(k), k))[:CONNECTORS]  # fmt: skip
    places = []
    for key in dict.fromkeys([*ours, *area]):
        rec = record(graph, key)
        if key.startswith("asset:") and rec.lat is not None and rec.lon is not None:
            places.append({"key": key, "label": label(key), "kind_label": kind_label(rec.kind),
                           "lat": rec.lat, "lon": rec.lon, "room": key in added})  # fmt: skip
    return {
        "nodes": nodes,
        "edges": [{"from": u, "to": v, "room": (min(u, v), max(u, v)) in added_edges} for u, v in edges],
        "colours": dict(KIND_COLOURS),
        "connectors": [_connector(label(k), record(graph, k).kind, degree[k]) for k in connectors],
        "places": places[:MAX_PLACES],
    }


def area_view(workshop: Workshop, language: str) -> dict[str, Any]:
    """The session area's network, places and connectors for the projector, at the public audience."""
    bundle = current_graph()
    key = ("workshop_screen", workshop.workshop_id, workshop.screen_version, language)
    view: dict[str, Any] = bundle.answer(key, lambda: _build(workshop, bundle, language), lambda _: EVERYWHERE)
    return view
