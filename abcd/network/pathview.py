"""The diagram on the paths page: each shortest way drawn left to right, its nodes and links marked as
the path, with a few of each step's other neighbours (faint) so the way is seen in its surroundings.
Only nodes and links the viewer may see; the ordered lists on the page say the same in words.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from abcd.i18n import in_language
from abcd.network.answers import Context
from abcd.network.graph import record, visible_neighbours
from abcd.network.labels import KIND_COLOURS, NODE_KIND_LABELS

STEP, ROW = 10.0, 9.0  # graph units between steps of a way, and between ways
CONTEXT_PER_STEP = 4  # other neighbours drawn around each step
MAX_CONTEXT = 60


def path_diagram(context: Context, paths: list[list[str]], language: str, urls: dict[str, str]) -> dict[str, Any]:
    """Nodes (with positions and ``path`` marks) and edges (with ``path`` marks) for the script."""
    graph, sight = context.bundle.graph, context.sight
    positions: dict[str, tuple[float, float]] = {}
    on_path: set[str] = set()
    path_edges: set[tuple[str, str]] = set()
    for row, path in enumerate(paths):
        for step, key in enumerate(path):
            on_path.add(key)
            positions.setdefault(key, (step * STEP, -row * ROW))
        path_edges.update((a, b) if a < b else (b, a) for a, b in itertools.pairwise(path))
    extra: list[str] = []
    anchors: dict[str, str] = {}
    for key in sorted(on_path, key=lambda k: positions[k]):
        others = sorted(
            (o for o in visible_neighbours(graph, sight, key) if o not in on_path and o not in positions),
            key=lambda o: (-context.score(o), record(graph, o).label.casefold()),
        )[:CONTEXT_PER_STEP]
        x, y = positions[key]
        for i, other in enumerate(others):
            if len(extra) >= MAX_CONTEXT:
                break
            angle = math.pi / 2 + (i + 1) * math.pi / (len(others) + 1)  # a fan below the step
            positions[other] = (round(x + 3.5 * math.cos(angle), 2), round(y - 3.5 + 2.5 * math.sin(angle), 2))
            extra.append(other)
            anchors[other] = key
    nodes = []
    for key in [*sorted(on_path), *extra]:
        rec = record(graph, key)
        metric = context.metrics.get(key)
        x, y = positions[key]
        nodes.append({
            "key": key, "label": in_language(rec.label, rec.label_cy, language)[0] or rec.label, "kind": rec.kind,
            "x": x, "y": -y, "score": metric.connector_score if metric else 0.0,
            "community": metric.community if metric else -1, "depth": 0, "hub": False,
            "page": key.startswith(("asset:", "person:")), "path": key in on_path,
        })  # fmt: skip
    edges = [[a, b, True] for a, b in sorted(path_edges)]
    edges.extend([anchors[other], other, False] for other in extra)
    kinds = {kind: {"label": str(label), "colour": KIND_COLOURS[kind]} for kind, label in NODE_KIND_LABELS.items()}
    return {"nodes": nodes, "edges": edges, "path": True, "kinds": kinds, "urls": dict(urls)}
