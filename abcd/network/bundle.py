"""One process's copy of the graph and what hangs off it: the indexes, the cached answers with what each
depends on, the read-write lock that keeps readers from seeing a change half made, and the delta that
reloads the nodes and edges the change feed names. abcd.network.live decides when to apply one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from abcd.network.compact import Graph
from abcd.network.graph import PERSON, SKILL, NodeRecord, merge_edges
from abcd.network.services import Scope, load_edges, load_nodes

RESPONSE_CACHE_SIZE = 128
SCOPE_CHUNK = 2_000  # nodes reloaded per round of queries (keeps IN lists within every database's limits)


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
