"""The change feed, the per-domain versions it bumps, the feed's head (the graph state) and the stored batch metrics."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from abcd.extensions import Model

GRAPH_STATE_ID = 1  # a single row: the graph is one, however many app processes read it


# The domains the feed versions separately: what the public map and directory show (published assets,
# themes, links between assets), people's data (people, their skills, consent, links touching a person,
# memberships), and venue offers. Private activity only ever bumps PEOPLE.
PUBLIC = "public"
PEOPLE = "people"
OFFERS = "offers"
DOMAINS = (PUBLIC, PEOPLE, OFFERS)


class GraphState(Model):
    """The feed's head, one row: every transaction that appends to the feed updates it first, so its row
    lock orders the feed (``feed_seq`` gap-free, in commit order) and ``version`` counts those transactions.

    ``token`` (random) rather than the counter keys caches: a counter restarts if the row is ever
    recreated, and a restarted counter would make an old cached graph look current.
    """

    __tablename__ = "graph_state"

    graph_state_id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(sa.Integer, default=0)
    token: Mapped[str] = mapped_column(sa.String(32))
    changed_at: Mapped[datetime] = mapped_column(sa.DateTime)
    feed_seq: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")
    # Random, set when the row is (re)created: a process holding a graph of another epoch rebuilds it,
    # as its sequence numbers belong to a feed that has been restarted (tests empty every table).
    epoch: Mapped[str | None] = mapped_column(sa.String(32))
    # The batch metrics: which graph version they describe, and when and how fast they were computed.
    metrics_version: Mapped[int | None] = mapped_column(sa.Integer)
    metrics_token: Mapped[str | None] = mapped_column(sa.String(32))
    metrics_computed_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    metrics_seconds: Mapped[float | None] = mapped_column(sa.Float)
    metrics_engine: Mapped[str | None] = mapped_column(sa.String(20))


class DomainVersion(Model):
    """One domain's version: bumped once per committed transaction that changed it, so caches of one
    domain (the public map's ETag) never move for another's writes (a resident's private skill)."""

    __tablename__ = "domain_version"

    domain: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    version: Mapped[int] = mapped_column(sa.Integer, default=0)
    token: Mapped[str] = mapped_column(sa.String(32))
    feed_seq: Mapped[int] = mapped_column(sa.Integer, default=0)  # the last feed entry of this domain
    changed_at: Mapped[datetime] = mapped_column(sa.DateTime)


class FeedEntry(Model):
    """What one committed transaction changed: one row per touched record, or per bulk statement
    (``entity_id`` None: anything in that table may have changed). ``seq`` is gap-free in commit order."""

    __tablename__ = "change_feed"

    seq: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=False)
    domain: Mapped[str] = mapped_column(sa.String(20), index=True)
    entity: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[int | None] = mapped_column(sa.Integer)
    op: Mapped[str] = mapped_column(sa.String(10))  # insert, update, delete, bulk
    # The graph nodes it touched, space-separated ("person:3 asset:9"); NULL when unknown (rebuild).
    nodes: Mapped[str | None] = mapped_column(sa.Text)
    committed_at: Mapped[datetime] = mapped_column(sa.DateTime)


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
DOMAIN_VERSION_TABLE = cast(sa.Table, DomainVersion.__table__)
CHANGE_FEED_TABLE = cast(sa.Table, FeedEntry.__table__)
