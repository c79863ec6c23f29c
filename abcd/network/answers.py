"""What the network pages ask of the cached graph: a query from URL arguments, the capped subgraph with
positions, its JSON, and an area's strengths. Answers are cached on the live graph with what they
depend on, so a change drops only the answers it touches; nothing here touches the request or the
database beyond the services' reads.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from abcd.i18n import in_language
from abcd.network import services
from abcd.network.bundle import EVERYWHERE, Depends, GraphBundle
from abcd.network.explore import Filters, Subgraph, area_subgraph, ego_subgraph, radial_layout
from abcd.network.graph import NodeMetrics, NodeRecord, Sight, find_nodes, record, split_key, visible_links
from abcd.network.labels import KIND_COLOURS, NODE_KIND_LABELS, kind_label, link_phrase
from abcd.network.live import current_graph
from abcd.network.readable import UNCONNECTED, Member, community_names, fold_isolated, links_in_view
from abcd.network.strengths import (
    Community,
    Connector,
    Profile,
    ReadyAsset,
    find_connectors,
    ready_assets,
    strengths_profile,
    suggest_connections,
    suggestion_pool,
    summarise_communities,
)

AREA_CODE = re.compile(r"^[EWSN]\d{8}$")
SLUG = re.compile(r"^[a-z0-9-]{1,60}$")
MAX_NODES, DEFAULT_NODES = 5000, 1500


@dataclass(frozen=True)
class NetworkQuery:
    focus: str | None = None
    radius: int = 2
    kinds: frozenset[str] = frozenset()
    la: str | None = None
    ward: str | None = None
    theme: str | None = None
    limit: int = DEFAULT_NODES

    @classmethod
    def from_args(cls, args: Any) -> NetworkQuery:
        """From URL arguments (a MultiDict); anything malformed is ignored rather than an error."""
        focus = args.get("focus") or None
        kinds = frozenset(k for k in args.getlist("kind") if k in NODE_KIND_LABELS)
        la, ward, theme = (args.get(name) or None for name in ("la", "ward", "theme"))
        return cls(
            focus if focus and split_key(focus) else None,
            _bounded(args.get("radius"), 1, 3, 2),
            kinds if len(kinds) < len(NODE_KIND_LABELS) else frozenset(),
            la if la and AREA_CODE.match(la) else None,
            ward if ward and AREA_CODE.match(ward) else None,
            theme if theme and SLUG.match(theme) else None,
            _bounded(args.get("limit"), 50, MAX_NODES, DEFAULT_NODES),
        )

    @property
    def filters(self) -> Filters:
        return Filters(self.kinds, self.la, self.ward, self.theme)

    def as_args(self, **changes: Any) -> dict[str, Any]:
        """URL arguments for this query (with ``changes``), for links between the network pages."""
        values = {"focus": self.focus, "radius": self.radius, "kind": sorted(self.kinds), "la": self.la,
                  "ward": self.ward, "theme": self.theme, "limit": self.limit, **changes}  # fmt: skip
        return {
            k: v for k, v in values.items() if v not in (None, [], "") and not (k == "limit" and v == DEFAULT_NODES)
        }


def _bounded(raw: str | None, low: int, high: int, default: int) -> int:
    try:
        return min(high, max(low, int(raw))) if raw else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Context:
    """One viewer's look at one version of the graph and of the metrics."""

    bundle: GraphBundle
    sight: Sight
    metrics: Mapping[str, NodeMetrics]
    metrics_key: str | None

    def score(self, key: str) -> float:
        found = self.metrics.get(key)
        return found.connector_score if found else 0.0

    def cached(
        self, kind: str, key: Any, build: Callable[[], Any], depends: Callable[[Any], Depends] = lambda _: EVERYWHERE
    ) -> Any:
        """An answer cached on this version of the graph until a change touches what it ``depends`` on."""
        return self.bundle.answer((kind, self.sight, self.metrics_key, key), build, depends)


def context_for(user: Any) -> Context:
    sight = services.sight_for(user)
    audience = services.audience_of(sight)
    bundle = current_graph()
    metrics = services.metrics_for(audience, bundle.graph)
    return Context(bundle, sight, metrics, services.graph_state().metrics_token)


def is_visible(context: Context, key: str | None) -> bool:
    graph = context.bundle.graph
    return key is not None and key in graph and context.sight.sees_node(graph, key)


def area_keys(context: Context, filters: Filters) -> list[str]:
    """Visible nodes in the area (every node when no area is chosen) passing the filters."""
    bundle, sight = context.bundle, context.sight
    candidates: Iterable[str]
    if filters.ward:
        candidates = bundle.by_ward.get(filters.ward, {})
    elif filters.la:
        candidates = bundle.by_la.get(filters.la, {})
    else:
        candidates = list(bundle.graph)
    graph = bundle.graph
    return [k for k in candidates if sight.sees_node(graph, k) and filters.admits(record(graph, k), sight)]


def subgraph(context: Context, query: NetworkQuery) -> tuple[Subgraph, dict[str, tuple[float, float]]]:
    """The capped subgraph for a query, with positions: radial around a focus, else the stored layout."""

    def build() -> tuple[Subgraph, dict[str, tuple[float, float]]]:
        graph = context.bundle.graph
        if query.focus:
            sub = ego_subgraph(
                graph, context.sight, query.focus, query.radius, query.filters, context.score, query.limit
            )
            return sub, radial_layout(sub, graph, query.focus)
        keys = area_keys(context, query.filters)
        sub = area_subgraph(graph, context.sight, keys, Filters(), context.score, query.limit)
        return sub, _stored_positions(context, sub)

    result: tuple[Subgraph, dict[str, tuple[float, float]]] = context.cached(
        "subgraph", query, build, lambda found: _depends(query, found[0])
    )
    return result


def _depends(query: NetworkQuery, sub: Subgraph) -> Depends:
    """An ego view changes with its nodes and their neighbours; an area view with anything in its area."""
    if query.focus:
        return Depends(nodes=frozenset(sub.nodes))
    return Depends(area=(query.la, query.ward))


def _stored_positions(context: Context, sub: Subgraph) -> dict[str, tuple[float, float]]:
    """Positions from the last refresh; a node added since sits beside a neighbour (or on an outer ring)."""
    positions: dict[str, tuple[float, float]] = {}
    missing = []
    for key in sub.nodes:
        metric = context.metrics.get(key)
        if metric is None:
            missing.append(key)
        else:
            positions[key] = (metric.x, metric.y)
    extent = max((math.hypot(x, y) for x, y in positions.values()), default=10.0) + 5
    for key in missing:
        anchor = next((positions[o] for o in context.bundle.graph.adj[key] if o in positions), None)
        angle = (zlib.crc32(key.encode()) % 3600) / 3600 * 2 * math.pi  # stable for a node, not random
        if anchor is not None:
            positions[key] = (anchor[0] + 1.5 * math.cos(angle), anchor[1] + 1.5 * math.sin(angle))
        else:
            positions[key] = (extent * math.cos(angle), extent * math.sin(angle))
    return positions


def folded(context: Context, query: NetworkQuery) -> tuple[list[str], list[str]]:
    """The view's nodes split into (linked in the view, not yet connected)."""
    sub, _ = subgraph(context, query)
    return fold_isolated(sub.nodes, sub.edges, query.focus)


def _label(rec: NodeRecord, language: str) -> str:
    return in_language(rec.label, rec.label_cy, language)[0] or rec.label


def view_communities(context: Context, query: NetworkQuery, language: str) -> dict[int, str]:
    """The names of the communities in the view, after their most linked members there."""
    sub, _ = subgraph(context, query)
    graph = context.bundle.graph
    links = links_in_view(sub.edges)
    members: dict[int, list[Member]] = {}
    for key in sub.nodes:
        metric = context.metrics.get(key)
        if metric is None or metric.community < 0 or not links.get(key):
            continue
        rec = record(graph, key)
        member = Member(_label(rec, language), links[key], metric.connector_score, rec.kind == "person")
        members.setdefault(metric.community, []).append(member)
    return community_names(members)


def _unconnected_node(positions: Mapping[str, tuple[float, float]], keys: list[str], label: str) -> dict[str, Any]:
    """One node standing for the unconnected ones, below the drawing (the script flips y)."""
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    gap = max(2.0, 0.12 * (max(ys) - min(ys)))
    return {
        "key": UNCONNECTED, "label": label, "kind": "group", "x": round((min(xs) + max(xs)) / 2, 2),
        "y": round(max(ys) + gap, 2), "score": 0.0, "community": -1, "depth": 1, "hub": False, "page": False,
        "count": len(keys),
    }  # fmt: skip


def graph_json(context: Context, query: NetworkQuery, language: str, urls: Mapping[str, str]) -> str:
    """The subgraph as JSON for the browser. Labels are data (the script renders them as text). Nodes
    with no link in the view are folded into one node; communities carry names."""

    def build() -> str:
        sub, positions = subgraph(context, query)
        graph = context.bundle.graph
        connected, isolated = folded(context, query)
        nodes = []
        for key in connected:
            rec = record(graph, key)
            metric = context.metrics.get(key)
            x, y = positions[key]
            nodes.append({
                "key": key, "label": _label(rec, language), "kind": rec.kind, "x": round(x, 2), "y": round(y, 2),
                "score": metric.connector_score if metric else 0.0,
                "community": metric.community if metric else -1, "depth": sub.nodes[key],
                "hub": key in sub.hubs, "page": key.startswith(("asset:", "person:")),
            })  # fmt: skip
        if isolated:
            shown = {key: positions[key] for key in connected}
            nodes.append(_unconnected_node(shown, isolated, unconnected_label(len(isolated))))
        payload = {
            "focus": query.focus,
            "truncated": sub.truncated,
            "matching": sub.matching,
            "nodes": nodes,
            "edges": [[u, v] for u, v, _ in sub.edges],
            "communities": {str(n): name for n, name in view_communities(context, query, language).items()},
            "unconnected": len(isolated),
            "kinds": {
                kind: {"label": str(label), "colour": KIND_COLOURS[kind]} for kind, label in NODE_KIND_LABELS.items()
            },
            "urls": dict(urls),
        }
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))

    result: str = context.cached(
        "json",
        (query, language, tuple(sorted(urls.items()))),
        build,
        lambda _: _depends(query, subgraph(context, query)[0]),
    )
    return result


def unconnected_label(count: int) -> str:
    return _("Not yet connected: %(num)d", num=count)


@dataclass(frozen=True)
class Neighbour:
    key: str
    label: str
    kind: str
    depth: int
    how: list[tuple[str, bool]]  # (link type, read from the focus's side) for links to the focus


def neighbours(context: Context, query: NetworkQuery) -> list[Neighbour]:
    """The focus's neighbours in the view as rows for the accessible table, nearest first."""
    if not query.focus:
        return []
    sub, _ = subgraph(context, query)
    graph = context.bundle.graph
    how: dict[str, list[tuple[str, bool]]] = {}
    for u, v, links in sub.edges:
        if query.focus in (u, v):
            other = v if u == query.focus else u
            how[other] = [(link_type, source == query.focus) for link_type, source in links]
    rows = [
        Neighbour(key, record(graph, key).label, record(graph, key).kind, depth, how.get(key, []))
        for key, depth in sub.nodes.items()
        if key != query.focus
    ]
    return sorted(rows, key=lambda row: (row.depth, -context.score(row.key), row.label.casefold()))


@dataclass(frozen=True)
class Strengths:
    connectors: list[Connector]
    communities: list[Community]
    ready: list[ReadyAsset]
    profile: Profile


def strengths(context: Context, filters: Filters, with_suggestions: bool = True) -> Strengths:
    """An area's connectors, communities, assets ready to connect (with suggestions) and profile."""

    def build() -> Strengths:
        graph, sight = context.bundle.graph, context.sight
        keys = area_keys(context, Filters(la=filters.la, ward=filters.ward, theme=filters.theme))
        ready = []
        for key in ready_assets(graph, sight, keys):
            rec = record(graph, key)
            pool = suggestion_pool(graph, keys, rec) if with_suggestions else []
            ready.append(ReadyAsset(rec, suggest_connections(graph, sight, key, pool, context.metrics)))
        return Strengths(
            find_connectors(graph, sight, keys, context.metrics),
            summarise_communities(graph, keys, context.metrics, sight=sight),
            ready,
            strengths_profile(graph, sight, keys),
        )

    result: Strengths = context.cached(
        "strengths", (filters, with_suggestions), build, lambda _: Depends(area=(filters.la, filters.ward))
    )
    return result


@dataclass(frozen=True)
class Step:
    rec: NodeRecord
    how: list[str]  # how this step links to the next one, in words


def path_steps(context: Context, path: list[str]) -> list[Step]:
    """A path as steps, each saying (as the viewer may see it) how it links to the next."""
    graph, sight = context.bundle.graph, context.sight
    steps = []
    for here, after in zip(path, [*path[1:], None], strict=True):
        links = visible_links(graph, sight, here, after) if after is not None else []
        how = sorted({link_phrase(link_type, source == here) for link_type, source in links})
        steps.append(Step(record(graph, here), how))
    return steps


def node_choices(context: Context, text: str, limit: int = 20) -> list[tuple[str, str, str]]:
    """Visible nodes matching a name, as (key, label, kind) for pickers."""
    return [(rec.key, rec.label, rec.kind) for rec in find_nodes(context.bundle.graph, context.sight, text, limit)]


def kinds_for_filter() -> list[tuple[str, str]]:
    return [(kind, kind_label(kind)) for kind in NODE_KIND_LABELS]
