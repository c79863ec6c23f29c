"""Each app process's live copy of the graph: loaded once (from a snapshot when one is fresh enough),
then kept current by applying the change feed, node by node, instead of rebuilding.

Before a request reads the graph, the process asks the feed's head how far the database has moved
(one query). Entries it has not applied name the nodes they touched; those nodes are reloaded with
every edge touching them, through the same visibility rules as a full build, so a narrowed choice
(visibility lowered, consent withdrawn, erasure) is in effect before this process answers again.
An entry that names no nodes (a bulk statement, a renamed theme, a ward moved to another authority)
falls back to a full rebuild, as does a database whose feed was restarted (a new ``epoch``).

Threads: a request holds a read lock on the graph until its app context ends; applying a delta takes
the write lock, so no reader ever sees a change half made. A full rebuild builds a new bundle aside
and swaps it in. Answers cached on the bundle record what they depend on, and only the answers a delta
touches are dropped.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, current_app, g

from abcd.extensions import db
from abcd.network.bundle import EDGE_ENTITIES, SCOPE_CHUNK, Delta, GraphBundle
from abcd.network.compact import Graph
from abcd.network.graph import NodeRecord
from abcd.network.models import CHANGE_FEED_TABLE, GRAPH_STATE_ID, GRAPH_STATE_TABLE
from abcd.network.services import load_graph

log = logging.getLogger(__name__)

MAX_DELTA_NODES = 20_000  # more nodes touched than this since the last look: rebuilding is cheaper
SNAPSHOT_FORMAT = (4, NodeRecord._fields)  # a snapshot written by other code is ignored
_HELD = "abcd_graph_bundle"  # flask.g: the bundle this app context reads, under its read lock


@dataclass(frozen=True)
class Head:
    epoch: str | None
    seq: int


def feed_head() -> Head:
    table = GRAPH_STATE_TABLE
    row = db.session.execute(
        sa.select(table.c.epoch, table.c.feed_seq).where(table.c.graph_state_id == GRAPH_STATE_ID)
    ).first()
    return Head(row[0], row[1] or 0) if row is not None else Head(None, 0)


def _unapplied(after: int, upto: int) -> Delta | None:
    """What the feed's entries ``after`` < seq <= ``upto`` touched; None: rebuild instead."""
    feed = CHANGE_FEED_TABLE
    delta = Delta()
    rows = db.session.execute(
        sa.select(feed.c.entity, feed.c.nodes).where(feed.c.seq > after, feed.c.seq <= upto).order_by(feed.c.seq)
    )
    for entity, nodes in rows:
        delta.tables.add(entity)
        if nodes is None:
            return None
        (delta.ends if entity in EDGE_ENTITIES else delta.nodes).update(nodes.split())
        if delta.size > MAX_DELTA_NODES:
            return None
    if len(delta.ends) > SCOPE_CHUNK:  # the edges among many ends: reload those nodes whole instead
        delta.nodes |= delta.ends
        delta.ends = set()
    return delta


# --- the process's holder ---------------------------------------------------------------------------


@dataclass
class Holder:
    bundle: GraphBundle | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)  # one catch-up at a time per process
    frozen: bool = False
    events: list[str] = field(default_factory=list)  # the last things done, for logs and tests


def _holder(app: Flask | None = None) -> Holder:
    holder: Holder = (app or current_app).extensions.setdefault("abcd_live_graph", Holder())
    return holder


def _note(holder: Holder, message: str) -> None:
    log.info("graph: %s", message)
    holder.events = [*holder.events[-19:], message]


def _full_build(head: Head, reason: str) -> GraphBundle:
    started = time.perf_counter()
    graph = load_graph()  # read after the head: a write meanwhile is applied again later, never missed
    return GraphBundle(head.epoch, head.seq, graph, f"build ({reason})", time.perf_counter() - started)


def _catch_up(holder: Holder, head: Head) -> GraphBundle:
    bundle = holder.bundle
    if bundle is None:
        bundle = _from_snapshot(head)
        if bundle is None:
            bundle = _full_build(head, "first request")
        _note(holder, f"{bundle.source}: seq {bundle.seq} in {bundle.build_seconds:.2f} s")
        holder.bundle = bundle
        _freeze_once(holder)
        if bundle.seq == head.seq:
            return bundle
    if bundle.epoch != head.epoch or bundle.seq > head.seq:
        bundle = _full_build(head, "the feed was restarted")
        _note(holder, f"{bundle.source}: seq {bundle.seq} in {bundle.build_seconds:.2f} s")
        holder.bundle = bundle
        return bundle
    started = time.perf_counter()
    delta = _unapplied(bundle.seq, head.seq)
    if delta is None:
        fresh = _full_build(head, "a change without named nodes")
        _note(holder, f"{fresh.source}: seq {fresh.seq} in {fresh.build_seconds:.2f} s")
        holder.bundle = fresh
        return fresh
    with bundle.rw.writing():
        dropped = bundle.apply(delta)
        bundle.seq = head.seq
        bundle.deltas += 1
        bundle.last_delta_seconds = time.perf_counter() - started
    _note(
        holder,
        f"delta to seq {head.seq}: {len(delta.nodes)} nodes and the links among {len(delta.ends)} more "
        f"reloaded, {dropped} answers dropped, "
        f"in {bundle.last_delta_seconds * 1000:.1f} ms (no rebuild)",
    )
    return bundle


def _freeze_once(holder: Holder) -> None:
    """Move the first graph out of the garbage collector's way, once per process (before a fork, when a
    server preloads the app): later deltas and rebuilds are ordinary objects."""
    if not holder.frozen:
        gc.freeze()  # no collection first: the graph's objects hold no cycles, so there is nothing to find
        holder.frozen = True


def current_graph() -> GraphBundle:
    """The graph this app context reads: brought up to the feed's head first, then held (read-locked)
    until the app context ends, so one request sees one consistent graph."""
    held: GraphBundle | None = g.get(_HELD)
    if held is not None:
        return held
    holder = _holder()
    head = feed_head()
    bundle = holder.bundle
    if bundle is None or bundle.epoch != head.epoch or bundle.seq != head.seq:
        with holder.lock:
            bundle = holder.bundle
            if bundle is None or bundle.epoch != head.epoch or bundle.seq != head.seq:
                bundle = _catch_up(holder, head)
    bundle.rw.acquire_read()
    g.setdefault(_HELD, bundle)
    return bundle


def _release(_error: BaseException | None = None) -> None:
    bundle: GraphBundle | None = g.pop(_HELD, None)
    if bundle is not None:
        bundle.rw.release_read()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(_release)


def applied_seq(app: Flask) -> int | None:
    """The feed sequence this process's graph has applied; None before it is loaded."""
    bundle = _holder(app).bundle
    return None if bundle is None else bundle.seq


def catch_up(app: Flask) -> GraphBundle | None:
    """Bring this process's graph to the feed's head now, outside any request (another process wrote and
    said so), but only if it is loaded: a process that has not needed the graph does not build it."""
    if _holder(app).bundle is None:
        return None
    return warm(app)


def events(app: Flask) -> list[str]:
    """What this process's live graph did lately (loads, deltas, rebuilds), newest last."""
    return list(_holder(app).events)


# --- snapshots: a fresh process loads one instead of building --------------------------------------


def _snapshot_dir() -> Path | None:
    if not current_app.config.get("GRAPH_SNAPSHOTS"):
        return None
    return Path(current_app.config.get("GRAPH_SNAPSHOT_DIR") or Path(current_app.instance_path) / "graph")


def _snapshots(folder: Path, epoch: str | None) -> list[tuple[int, Path]]:
    found = []
    for path in folder.glob(f"graph-{epoch}-*.pickle"):
        seq = path.stem.rpartition("-")[2]
        if seq.isdigit():
            found.append((int(seq), path))
    return sorted(found)


def save_snapshot(graph: Graph | None = None, head: Head | None = None, keep: int = 2) -> Path | None:
    """Write the whole graph (``graph``, loaded after reading ``head``; by default both read now), tagged
    with the feed's head, for fresh processes to load. Written whole and renamed into place, so a reader
    never sees half a file; older ones are removed. None when snapshots are off."""
    folder = _snapshot_dir()
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    if graph is None or head is None:
        head = feed_head()
        graph = load_graph()
    target = folder / f"graph-{head.epoch}-{head.seq:012d}.pickle"
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    with partial.open("wb") as handle:
        indexed = GraphBundle(head.epoch, head.seq, graph, "snapshot", 0.0)  # its indexes, saved with it
        saved = (SNAPSHOT_FORMAT, head.epoch, head.seq, graph, indexed.by_la, indexed.by_ward, indexed.by_kind)
        pickle.dump(saved, handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(target)
    for path in folder.glob("graph-*.pickle"):
        if path != target and path not in [p for _, p in _snapshots(folder, head.epoch)[-keep:]]:
            path.unlink(missing_ok=True)
    return target


def _from_snapshot(head: Head) -> GraphBundle | None:
    """The newest snapshot of this feed no newer than its head (the app's own file: trusted), or None."""
    folder = _snapshot_dir()
    if folder is None or not folder.is_dir():
        return None
    candidates = [(seq, path) for seq, path in _snapshots(folder, head.epoch) if seq <= head.seq]
    if not candidates:
        return None
    seq, path = candidates[-1]
    started = time.perf_counter()
    enabled = gc.isenabled()
    gc.disable()  # millions of new objects, no garbage among them: collecting meanwhile only costs time
    try:
        with path.open("rb") as handle:
            loaded = pickle.load(handle)  # noqa: S301 -- written by this app into its own instance folder
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, ImportError):
        log.warning("graph: snapshot %s unreadable; building instead", path)
        return None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(loaded, tuple) or len(loaded) != 7 or loaded[0] != SNAPSHOT_FORMAT:
        return None  # written by another version of the code
    _, epoch, saved_seq, graph, by_la, by_ward, by_kind = loaded
    if epoch != head.epoch or saved_seq != seq:
        return None
    seconds = time.perf_counter() - started
    return GraphBundle(epoch, seq, graph, f"snapshot {path.name}", seconds, by_la, by_ward, by_kind)


def warm(app: Flask) -> GraphBundle:
    """Load the graph now (before a server forks its workers, or at start-up), outside any request."""
    with app.app_context():
        bundle = current_graph()
        db.session.remove()
        return bundle


def warm_or_explain(app: Flask) -> None:
    """``warm``, but a database not yet migrated only delays the load to the first request."""
    try:
        bundle = warm(app)
    except sa.exc.SQLAlchemyError as error:
        log.warning("graph: not loaded before the first request (%s)", error.__class__.__name__)
        return
    log.warning("graph: loaded before serving (%s, %d nodes)", bundle.source, bundle.graph.number_of_nodes())
