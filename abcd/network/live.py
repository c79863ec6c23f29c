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
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, g

from abcd.extensions import db
from abcd.network.compact import Graph
from abcd.network.graph import PERSON, SKILL, NodeRecord, merge_edges
from abcd.network.models import CHANGE_FEED_TABLE, GRAPH_STATE_ID, GRAPH_STATE_TABLE
from abcd.network.services import Scope, load_edges, load_graph, load_nodes

log = logging.getLogger(__name__)

RESPONSE_CACHE_SIZE = 128
MAX_DELTA_NODES = 20_000  # more nodes touched than this since the last look: rebuilding is cheaper
SCOPE_CHUNK = 2_000  # nodes reloaded per round of queries (keeps IN lists within every database's limits)
SNAPSHOT_FORMAT = (4, NodeRecord._fields)  # a snapshot written by other code is ignored
_HELD = "abcd_graph_bundle"  # flask.g: the bundle this app context reads, under its read lock


class ReadWriteLock:
    """Many readers or one writer; a waiting writer goes first, so a stream of readers cannot starve it."""

    def __init__(self) -> None:
        self._cond = threading.Condition(threading.Lock())
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    def acquire_read(self) -> None:
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._readers += 1

    def release_read(self) -> None:
        with self._cond:
            self._readers -= 1
            if self._readers == 0:
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


@dataclass(frozen=True)
class Depends:
    """What a cached answer was built from: the nodes it shows (a change to one of them, or to a node
    beside them, drops it), the area it covers (la, ward; (None, None) is everywhere) and the feed's
    tables it read beyond the graph (venue offers)."""

    nodes: frozenset[str] = frozenset()
    area: tuple[str | None, str | None] | None = None
    tables: frozenset[str] = frozenset()

    def touched_by(self, nodes: set[str], areas: set[tuple[str | None, str | None]], tables: set[str]) -> bool:
        if self.tables & tables:
            return True
        if self.area is not None:
            la, ward = self.area
            if (la is None and ward is None and nodes) or any(
                (ward is not None and ward == w) or (ward is None and la is not None and la == a) for a, w in areas
            ):
                return True
        small, large = (self.nodes, nodes) if len(self.nodes) < len(nodes) else (nodes, self.nodes)
        return any(key in large for key in small)


EVERYWHERE = Depends(area=(None, None))


@dataclass
class GraphBundle:
    """One process's graph at one point of the feed (``epoch``, ``seq``), its indexes and cached answers.

    The indexes are ordered sets (dicts of keys), so a delta moves a node in O(1)."""

    epoch: str | None
    seq: int
    graph: Graph
    source: str  # "build" or "snapshot", then how many deltas were applied
    build_seconds: float
    by_la: dict[str, dict[str, None]] = field(default_factory=dict)
    by_ward: dict[str, dict[str, None]] = field(default_factory=dict)
    by_kind: dict[str, dict[str, None]] = field(default_factory=dict)
    responses: OrderedDict[Any, tuple[Any, Depends]] = field(default_factory=OrderedDict)
    rw: ReadWriteLock = field(default_factory=ReadWriteLock)
    deltas: int = 0  # deltas applied since the build
    last_delta_seconds: float = 0.0

    def __post_init__(self) -> None:
        if not self.by_kind:  # not handed in (by a snapshot): index every node
            for _key, data in self.graph.nodes(data=True):
                self._index(data["rec"])

    def _slots(self, rec: NodeRecord) -> Iterator[dict[str, None]]:
        if rec.la:
            yield self.by_la.setdefault(rec.la, {})
        if rec.ward:
            yield self.by_ward.setdefault(rec.ward, {})
        if rec.kind not in (PERSON, SKILL):  # assets by kind: the partner finder's pools (people: by area)
            yield self.by_kind.setdefault(rec.kind, {})
        if rec.venue:
            yield self.by_kind.setdefault("venue", {})

    def _index(self, rec: NodeRecord) -> None:
        for slot in self._slots(rec):
            slot[rec.key] = None

    def _unindex(self, rec: NodeRecord) -> None:
        for slot in self._slots(rec):
            slot.pop(rec.key, None)

    # --- cached answers -------------------------------------------------------------------------------

    def answer(self, key: Any, build: Callable[[], Any], depends: Callable[[Any], Depends]) -> Any:
        found = self.responses.get(key)
        if found is not None:
            self.responses.move_to_end(key)
            return found[0]
        value = build()
        self.responses[key] = (value, depends(value))
        if len(self.responses) > RESPONSE_CACHE_SIZE:
            self.responses.popitem(last=False)
        return value

    def _forget(self, nodes: set[str], areas: set[tuple[str | None, str | None]], tables: set[str]) -> int:
        stale = [key for key, (_, depends) in self.responses.items() if depends.touched_by(nodes, areas, tables)]
        for key in stale:
            del self.responses[key]
        return len(stale)

    # --- a delta --------------------------------------------------------------------------------------

    def apply(self, delta: Delta) -> int:
        """Reload the delta's changed nodes with every edge touching them, and the edges among the ends of
        its changed links; drop the answers they touch. The caller holds the write lock. Returns how many
        cached answers were dropped."""
        graph, dirty = self.graph, delta.nodes
        ends = delta.ends - dirty
        touched, areas = set(dirty) | ends, set()
        for key in dirty | ends:
            if key in graph:
                rec: NodeRecord = graph.nodes[key]["rec"]
                areas.add((rec.la, rec.ward))
                if key in dirty:
                    touched.update(graph.adj[key])
                    self._unindex(rec)
        ordered = sorted(dirty)
        records: list[NodeRecord] = []
        edges: dict[tuple[str, int], Any] = {}
        for start in range(0, len(ordered), SCOPE_CHUNK):
            scope = Scope.of(ordered[start : start + SCOPE_CHUNK])
            records += load_nodes(scope)
            edges.update(load_edges(scope))
        if ends:
            edges.update(load_edges(Scope.of(ends), both=True))
            graph.remove_edges_from([(u, v) for u in ends if u in graph for v in graph.adj[u] if v in ends])
        present = {rec.key for rec in records}
        for key in dirty:
            if key in present:  # its edges are reloaded below; it keeps its index (and so its metrics)
                if key in graph:
                    graph.clear_edges(key)
            elif key in graph:
                graph.remove_node(key)
        for rec in records:
            graph.add_node(rec.key, rec)
            self._index(rec)
            areas.add((rec.la, rec.ward))
        graph.add_edges_from((u, v, data) for (u, v), data in merge_edges(edges.values(), graph).items())
        for key in dirty:
            if key in graph:
                touched.update(graph.adj[key])
        return self._forget(touched, areas, delta.tables)


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


@dataclass
class Delta:
    """What the feed's unapplied entries touched: ``nodes`` whose own record may have changed (reloaded
    with every edge touching them), ``ends`` of changed links and skills (only the edges among them are
    reloaded: a newcomer joining a 5,000-member group does not reload the group's 5,000 memberships),
    and the tables written."""

    nodes: set[str] = field(default_factory=set)
    ends: set[str] = field(default_factory=set)
    tables: set[str] = field(default_factory=set)

    @property
    def size(self) -> int:
        return len(self.nodes) + len(self.ends)


EDGE_ENTITIES = frozenset({"link", "person_skill"})  # rows that are edges: their ends' records are unchanged


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
