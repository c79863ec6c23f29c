"""The batch refresh: connector scores, communities and positions for every audience, computed and stored.

Slow by design at the design scale (tens of seconds): run by ``flask abcd graph refresh`` (cron, a
systemd timer or a job queue), never inside a request. Never commits: the command does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any
from uuid import uuid4

import sqlalchemy as sa

from abcd.extensions import db
from abcd.models_base import utcnow
from abcd.network import live
from abcd.network.models import GRAPH_METRIC_TABLE, GRAPH_STATE_ID, GRAPH_STATE_TABLE
from abcd.network.services import AUDIENCES, graph_state, load_graph


@dataclass
class RefreshReport:
    version: int
    nodes: int
    edges: int
    engine: str
    seconds: dict[str, float] = field(default_factory=dict)
    skipped: bool = False


def metrics_are_current() -> bool:
    state = graph_state()
    return state.metrics_version == state.version and state.metrics_token is not None


def refresh_metrics(engine_name: str = "auto", samples: int = 100) -> RefreshReport:
    """Compute and store connector scores, communities and positions for every audience. Slow by design:
    call it from ``flask abcd graph refresh`` or a background job, never from a request."""
    # networkx and igraph only here, in the batch job: a web process never loads them (12 MB saved).
    from abcd.network.analysis import compute_metrics
    from abcd.network.engine import best_engine

    timings: dict[str, float] = {}
    started = time.perf_counter()
    version = graph_state().version  # read first: a write during the refresh leaves the metrics stale, not wrong
    head = live.feed_head()
    graph = load_graph()
    timings["load"] = time.perf_counter() - started
    engine = best_engine(engine_name)
    rows: list[dict[str, Any]] = []
    for audience in AUDIENCES:
        began = time.perf_counter()
        for key, m in compute_metrics(graph, audience, engine, samples=samples).items():
            rows.append({"audience": audience, "node_key": key, "connector_score": m.connector_score,
                         "betweenness": m.betweenness, "bridges": m.bridges, "community": m.community,
                         "x": m.x, "y": m.y})  # fmt: skip
        timings[f"audience {audience}"] = time.perf_counter() - began
    began = time.perf_counter()
    db.session.execute(sa.delete(GRAPH_METRIC_TABLE))
    for start in range(0, len(rows), 20_000):
        db.session.execute(sa.insert(GRAPH_METRIC_TABLE), rows[start : start + 20_000])
    timings["store"] = time.perf_counter() - began
    total = time.perf_counter() - started
    table = GRAPH_STATE_TABLE
    db.session.execute(
        sa.update(table)
        .where(table.c.graph_state_id == GRAPH_STATE_ID)
        .values(metrics_version=version, metrics_token=uuid4().hex, metrics_computed_at=utcnow(),
                metrics_seconds=round(total, 2), metrics_engine=engine.name)
    )  # fmt: skip
    began = time.perf_counter()
    if live.save_snapshot(graph, head) is not None:  # fresh processes start from this graph
        timings["snapshot"] = time.perf_counter() - began
    timings["total"] = total
    return RefreshReport(version, graph.number_of_nodes(), graph.number_of_edges(), engine.name, timings)
