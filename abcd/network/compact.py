"""A compact undirected graph for the design scale: the subset of networkx's Graph API the network uses.

networkx keeps a dict per node, a dict per node's neighbours and a dict (plus tuples) per edge: about
420 MB for 175,000 nodes and 500,000 edges, and every traversal bumps reference counts on objects
spread over all that memory, so worker processes forked from one that loaded it soon hold private
copies. Here each node is an index, with its record in a list; every node's neighbours are one sorted
run of packed integers (neighbour index << 20 | edge-kind id) in a single flat ``array`` (with an
array of offsets), and a node whose neighbours change later gets an array of its own; an edge's data
(its clearance and links) is one of a few dozen distinct values, interned once, with each link's
source recorded as "the first end" or "the second end" of the pair rather than as a key. A fifth of
the memory, a snapshot that loads in half a second, and a traversal touches a few large objects
instead of thousands of small ones.

Views mirror networkx's: ``graph.nodes[key]["rec"]``, ``graph.nodes(data=True)``, ``graph.adj[key]``
(neighbour keys, ``items()`` with edge data), ``graph.edges[u, v]["c" | "links"]``,
``graph.edges(data=True)``, ``key in graph``, ``graph.degree(key)``. Edge data read back is a new dict:
change an edge with ``add_edge``, never by writing into what a view returned.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

SHIFT = 20  # bits for the edge kind: a million distinct kinds of edge data
KIND_MASK = (1 << SHIFT) - 1
# One edge's data with each link's source made relative: (clearance, ((type, clearance, source is first), ...)).
Kind = tuple[int, tuple[tuple[str, int, bool], ...]]


class Graph:
    """Undirected, simple (no self-loops, one edge per pair: parallel links are merged into its data)."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._keys: list[str | None] = []  # None: a removed node (indexes are never reused)
        self._recs: list[Any] = []
        self._offsets = array("q", [0])  # node i < len - 1 has its neighbours at _base[_offsets[i]:_offsets[i + 1]]
        self._base = array("q")
        self._view = memoryview(self._base)
        self._own: dict[int, array[int]] = {}  # nodes whose neighbours changed since the base was laid out
        self._kinds: list[Kind] = []
        self._kind_ids: dict[Kind, int] = {}
        self._edge_count = 0

    @classmethod
    def from_edges(cls, records: Iterable[Any], edges: Iterable[tuple[str, str, Mapping[str, Any]]]) -> Graph:
        """Built in one pass: each node's neighbours sorted once and laid out in the flat base."""
        graph = cls()
        for rec in records:
            graph.add_node(rec.key, rec)
        runs: list[list[int]] = [[] for _ in graph._keys]
        index = graph._index
        for u, v, data in edges:
            i, j = index[u], index[v]
            kind = graph._kind(u, v, data)
            runs[i].append(j << SHIFT | kind)
            runs[j].append(i << SHIFT | kind)
            graph._edge_count += 1
        graph._lay_out(runs)
        return graph

    def _lay_out(self, runs: list[list[int]] | list[Any]) -> None:
        offsets, base = array("q", [0]), array("q")
        for run in runs:
            base.extend(sorted(run))
            offsets.append(len(base))
        self._offsets, self._base, self._own = offsets, base, {}
        self._view = memoryview(base)

    def _neighbours(self, i: int) -> Any:
        """Node ``i``'s sorted, packed neighbours (an array, or a view of the base: read only)."""
        own = self._own.get(i)
        if own is not None:
            return own
        if i + 1 < len(self._offsets):
            return self._view[self._offsets[i] : self._offsets[i + 1]]
        return ()

    def _writable(self, i: int) -> array[int]:
        own = self._own.get(i)
        if own is None:
            own = self._own[i] = array("q", self._neighbours(i))
        return own

    # --- nodes -----------------------------------------------------------------------------------------

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def number_of_nodes(self) -> int:
        return len(self._index)

    def number_of_edges(self) -> int:
        return self._edge_count

    def record(self, key: str) -> Any:
        return self._recs[self._index[key]]

    def add_node(self, key: str, rec: Any) -> None:
        found = self._index.get(key)
        if found is not None:
            self._recs[found] = rec
            return
        self._index[key] = len(self._keys)
        self._keys.append(key)
        self._recs.append(rec)

    def add_nodes_from(self, nodes: Iterable[tuple[str, dict[str, Any]]]) -> None:
        for key, attrs in nodes:
            self.add_node(key, attrs["rec"])

    def index_of(self, key: str) -> int | None:
        """The node's index: the same for as long as the node stays (a changed record keeps it)."""
        return self._index.get(key)

    @property
    def size(self) -> int:
        """One more than the highest index handed out (removed nodes included)."""
        return len(self._keys)

    def clear_edges(self, key: str) -> None:
        """Remove every edge of ``key``, keeping the node (and its index)."""
        i = self._index[key]
        for packed in list(self._neighbours(i)):
            self._unlink(packed >> SHIFT, i)
            self._edge_count -= 1
        self._own[i] = array("q")

    def remove_node(self, key: str) -> None:
        self.clear_edges(key)
        i = self._index.pop(key)
        self._keys[i] = None
        self._recs[i] = None

    def remove_nodes_from(self, keys: Iterable[str]) -> None:
        for key in list(keys):
            if key in self._index:
                self.remove_node(key)

    # --- edges -----------------------------------------------------------------------------------------

    def _kind(self, u: str, v: str, data: Mapping[str, Any]) -> int:
        first = u if u < v else v
        kind: Kind = (data["c"], tuple((t, c, source == first) for t, c, source in data["links"]))
        found = self._kind_ids.get(kind)
        if found is None:
            found = self._kind_ids[kind] = len(self._kinds)
            self._kinds.append(kind)
        return found

    def _find(self, i: int, other: int) -> int | None:
        neighbours = self._neighbours(i)
        at = bisect_left(neighbours, other << SHIFT)
        return at if at < len(neighbours) and neighbours[at] >> SHIFT == other else None

    def _link(self, i: int, other: int, kind: int) -> bool:
        """Set ``i``'s entry for ``other``; True when it is new."""
        at = self._find(i, other)
        if at is not None:
            if self._neighbours(i)[at] != other << SHIFT | kind:
                self._writable(i)[at] = other << SHIFT | kind
            return False
        neighbours = self._writable(i)
        neighbours.insert(bisect_left(neighbours, other << SHIFT), other << SHIFT | kind)
        return True

    def _unlink(self, i: int, other: int) -> None:
        at = self._find(i, other)
        if at is not None:
            del self._writable(i)[at]

    def add_edge(self, u: str, v: str, data: Mapping[str, Any]) -> None:
        """Add or replace the edge between ``u`` and ``v`` (both must be nodes) with ``data``."""
        i, j = self._index[u], self._index[v]
        kind = self._kind(u, v, data)
        if self._link(i, j, kind):
            self._edge_count += 1
        self._link(j, i, kind)

    def add_edges_from(self, edges: Iterable[tuple[str, str, Mapping[str, Any]]]) -> None:
        for u, v, data in edges:
            self.add_edge(u, v, data)

    def has_edge(self, u: str, v: str) -> bool:
        i, j = self._index.get(u), self._index.get(v)
        return i is not None and j is not None and self._find(i, j) is not None

    def remove_edge(self, u: str, v: str) -> None:
        i, j = self._index[u], self._index[v]
        if self._find(i, j) is None:
            raise KeyError((u, v))
        self._unlink(i, j)
        self._unlink(j, i)
        self._edge_count -= 1

    def remove_edges_from(self, pairs: Iterable[tuple[str, str]]) -> None:
        for u, v in list(pairs):
            if self.has_edge(u, v):
                self.remove_edge(u, v)

    def edge_data(self, u: str, v: str) -> dict[str, Any]:
        i, j = self._index[u], self._index[v]
        at = self._find(i, j)
        if at is None:
            raise KeyError((u, v))
        return self._data(u, v, self._neighbours(i)[at] & KIND_MASK)

    def _data(self, u: str, v: str, kind: int) -> dict[str, Any]:
        clearance, links = self._kinds[kind]
        first, second = (u, v) if u < v else (v, u)
        return {"c": clearance, "links": tuple((t, c, first if is_first else second) for t, c, is_first in links)}

    def clearance(self, u: str, v: str) -> int:
        """The edge's lowest clearance, without building its links."""
        i, j = self._index[u], self._index[v]
        at = self._find(i, j)
        if at is None:
            raise KeyError((u, v))
        return self._kinds[self._neighbours(i)[at] & KIND_MASK][0]

    def neighbour_keys(self, key: str) -> list[str]:
        keys = self._keys
        return [keys[packed >> SHIFT] for packed in self._neighbours(self._index[key])]

    def degree(self, key: str) -> int:
        return len(self._neighbours(self._index[key]))

    # --- views -----------------------------------------------------------------------------------------

    @property
    def nodes(self) -> NodeView:
        return NodeView(self)

    @property
    def adj(self) -> AdjacencyView:
        return AdjacencyView(self)

    @property
    def edges(self) -> EdgeView:
        return EdgeView(self)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled laid out afresh (every node's neighbours in one flat array), whatever changed since."""
        offsets, base = array("q", [0]), array("q")
        for i in range(len(self._keys)):
            base.extend(self._neighbours(i))
            offsets.append(len(base))
        return {"keys": self._keys, "recs": self._recs, "offsets": offsets, "base": base,
                "kinds": self._kinds, "edges": self._edge_count}  # fmt: skip

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._keys, self._recs, self._kinds = state["keys"], state["recs"], state["kinds"]
        self._offsets, self._base, self._edge_count = state["offsets"], state["base"], state["edges"]
        self._view = memoryview(self._base)
        self._own = {}
        self._index = {key: i for i, key in enumerate(self._keys) if key is not None}
        self._kind_ids = {kind: i for i, kind in enumerate(self._kinds)}


class NodeView:
    def __init__(self, graph: Graph) -> None:
        self._graph = graph

    def __getitem__(self, key: str) -> dict[str, Any]:
        return {"rec": self._graph.record(key)}

    def __contains__(self, key: object) -> bool:
        return key in self._graph

    def __iter__(self) -> Iterator[str]:
        return iter(self._graph)

    def __len__(self) -> int:
        return len(self._graph)

    def __call__(self, data: bool = False) -> Iterator[Any]:
        graph = self._graph
        if not data:
            return iter(graph)
        return ((key, {"rec": graph._recs[i]}) for key, i in graph._index.items())


class Neighbours(Mapping[str, dict[str, Any]]):
    """One node's neighbours: their keys, and the data of the edge to each."""

    def __init__(self, graph: Graph, key: str) -> None:
        self._graph, self._key = graph, key
        self._packed = graph._neighbours(graph._index[key])

    def __iter__(self) -> Iterator[str]:
        keys = self._graph._keys
        return (keys[packed >> SHIFT] for packed in self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def __contains__(self, other: object) -> bool:
        j = self._graph._index.get(other) if isinstance(other, str) else None
        if j is None:
            return False
        at = bisect_left(self._packed, j << SHIFT)
        return at < len(self._packed) and self._packed[at] >> SHIFT == j

    def __getitem__(self, other: str) -> dict[str, Any]:
        return self._graph.edge_data(self._key, other)

    def items(self) -> Iterator[tuple[str, dict[str, Any]]]:  # type: ignore[override]
        graph, key = self._graph, self._key
        for packed in self._packed:
            other: str = graph._keys[packed >> SHIFT]
            yield other, graph._data(key, other, packed & KIND_MASK)

    def values(self) -> Iterator[dict[str, Any]]:  # type: ignore[override]
        return (data for _, data in self.items())


class AdjacencyView:
    def __init__(self, graph: Graph) -> None:
        self._graph = graph

    def __getitem__(self, key: str) -> Neighbours:
        return Neighbours(self._graph, key)


class EdgeView:
    def __init__(self, graph: Graph) -> None:
        self._graph = graph

    def __getitem__(self, pair: tuple[str, str]) -> dict[str, Any]:
        return self._graph.edge_data(*pair)

    def __call__(self, data: bool = False) -> Iterator[Any]:
        graph = self._graph
        for i, u in enumerate(graph._keys):
            for packed in graph._neighbours(i) if u is not None else ():
                j = packed >> SHIFT
                if j > i:
                    v: str = graph._keys[j]
                    yield (u, v, graph._data(u, v, packed & KIND_MASK)) if data else (u, v)  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[Any]:
        return self()

    def __len__(self) -> int:
        return self._graph.number_of_edges()
