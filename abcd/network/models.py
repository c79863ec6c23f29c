"""The graph's version (bumped on every write that changes it) and its stored batch metrics."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from abcd.extensions import Model

GRAPH_STATE_ID = 1  # a single row: the graph is one, however many app processes read it


class GraphState(Model):
    """Shared by every app process: ``token`` changes on each write, so a process's cached graph knows it is stale.

    ``token`` (random) rather than the counter keys caches: a counter restarts if the row is ever
    recreated, and a restarted counter would make an old cached graph look current.
    """

    __tablename__ = "graph_state"

    graph_state_id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(sa.Integer, default=0)
    token: Mapped[str] = mapped_column(sa.String(32))
    changed_at: Mapped[datetime] = mapped_column(sa.DateTime)
    # The batch metrics: which graph version they describe, and when and how fast they were computed.
    metrics_version: Mapped[int | None] = mapped_column(sa.Integer)
    metrics_token: Mapped[str | None] = mapped_column(sa.String(32))
    metrics_computed_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    metrics_seconds: Mapped[float | None] = mapped_column(sa.Float)
    metrics_engine: Mapped[str | None] = mapped_column(sa.String(20))


class GraphMetric(Model):
    """One node's batch metrics as seen by one audience (0 anyone, 1 signed in, 2 officers).

    Computed per audience so a connector score or community never reflects links its reader may not see.
    """

    __tablename__ = "graph_metric"

    audience: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True)
    node_key: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    connector_score: Mapped[float] = mapped_column(sa.Float, default=0.0)
    betweenness: Mapped[float] = mapped_column(sa.Float, default=0.0)
    bridges: Mapped[int] = mapped_column(sa.Integer, default=0)
    community: Mapped[int] = mapped_column(sa.Integer, default=-1)
    x: Mapped[float] = mapped_column(sa.Float, default=0.0)
    y: Mapped[float] = mapped_column(sa.Float, default=0.0)


# Core handles on the tables, for the bulk statements of the version hook and the metrics refresh.
GRAPH_STATE_TABLE = cast(sa.Table, GraphState.__table__)
GRAPH_METRIC_TABLE = cast(sa.Table, GraphMetric.__table__)
