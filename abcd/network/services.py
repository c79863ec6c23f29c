"""The graph from the database: rows loaded through the visibility helper (the whole graph, or the nodes
a change touched with every edge touching them), and the batch metrics stored and read back. Each
process's live copy is abcd.network.live. Never commits.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.sql.elements import ColumnElement

from abcd.areas.models import Ward
from abcd.assets.models import Asset, AssetStatus, Theme, asset_theme
from abcd.extensions import db
from abcd.links.models import Link, not_a_request
from abcd.models_base import utcnow
from abcd.network.compact import Graph
from abcd.network.graph import (
    NOBODY,
    PERSON,
    SKILL,
    EdgeRecord,
    NodeMetrics,
    NodeRecord,
    Sight,
    build_graph,
    node_key,
    split_key,
)
from abcd.network.models import GRAPH_STATE_ID, GraphMetric, GraphState
from abcd.partners.models import VenueOffer
from abcd.people.consent import awaiting_explicit_consent
from abcd.people.models import ConsentRecord, Person, PersonSkill, Skill, SkillStatus
from abcd.people.services import viewer_for
from abcd.people.visibility import ANONYMOUS, ANY_OFFICER, MEMBER, OFFICER, Viewer, person_authority, visible_clause

# The network views need an account, so metrics are kept for the two signed-in audiences.
AUDIENCES = (MEMBER, OFFICER)
PROFILE_CONSENT = "profile"  # the consent purpose that lets a resident be listed and found
NO_WRITES_YET = "no-writes-yet"  # the token before the first write


@dataclass(frozen=True)
class MetricsInfo:
    version: int | None  # the graph version the metrics describe; None when never computed
    computed_at: Any
    seconds: float | None
    engine: str | None
    changes_since: int  # writes to the graph since then


# --- rows, through the visibility helper ------------------------------------------------------------


def _rows(statement: Any) -> Any:
    """Plain Core rows: a million ORM-processed rows would double the build time for nothing."""
    return db.session.connection().execute(statement)


def _text(column: Any) -> Any:
    """An enum column read as its stored text, skipping the per-row conversion to the Enum."""
    return sa.type_coerce(column, sa.String)


def _clearance(item: Any = None) -> ColumnElement[int]:
    """The lowest viewer clearance the visibility helper's SQL clause admits the row for (3: nobody else).
    2 means officers of the person's own authority: the person node carries it, and ``Sight`` applies it."""
    return sa.case(
        (visible_clause(Viewer(ANONYMOUS), item), 0),
        (visible_clause(Viewer(MEMBER), item), 1),
        (visible_clause(ANY_OFFICER, item), 2),
        else_=NOBODY,
    )


@dataclass(frozen=True)
class Scope:
    """Which nodes to load, by table id: a process catching up reloads only the nodes the feed names,
    with every edge that touches them. ``None`` instead of a scope loads the whole graph."""

    people: tuple[int, ...] = ()
    assets: tuple[int, ...] = ()
    skills: tuple[int, ...] = ()

    @classmethod
    def of(cls, keys: Iterable[str]) -> Scope:
        ids: dict[str, list[int]] = {PERSON: [], "asset": [], SKILL: []}
        for key in keys:
            parts = split_key(key)
            if parts is not None:
                ids[parts[0]].append(parts[1])
        return cls(*(tuple(sorted(ids[prefix])) for prefix in (PERSON, "asset", SKILL)))


def _only(scope: Scope | None, *pairs: tuple[Any, tuple[int, ...]]) -> ColumnElement[bool]:
    """Rows of the scope: any of the columns holds one of its ids (every row without a scope)."""
    if scope is None:
        return sa.true()
    return sa.or_(sa.false(), *(column.in_(ids) for column, ids in pairs if ids))


def _shared(text: str | None) -> str | None:
    """One copy of a code repeated on thousands of nodes (a ward, an authority): tens of MB at the design scale."""
    return sys.intern(text) if text else text


def _people(scope: Scope | None = None) -> list[NodeRecord]:
    consented = (
        sa.select(ConsentRecord.consent_id)
        .where(ConsentRecord.person_id == Person.person_id, ConsentRecord.purpose == PROFILE_CONSENT)
        .where(ConsentRecord.withdrawn_at.is_(None))
        .exists()
    )
    rows = _rows(
        sa.select(
            Person.person_id, Person.display_name, Person.ward_code, Ward.la_code,
            _clearance(), _clearance(Person.ward_visibility), consented, person_authority(),
        )
        .outerjoin(Ward, Ward.code == Person.ward_code)
        .where(_only(scope, (Person.person_id, scope.people if scope else ())))
    )  # fmt: skip
    return [
        NodeRecord(
            node_key(PERSON, pid), PERSON, name, None, seen, _shared(ward), _shared(la), place,
            findable=bool(findable), authority=_shared(authority),
        )
        for pid, name, ward, la, seen, place, findable, authority in rows
    ]  # fmt: skip


def _assets(scope: Scope | None = None) -> list[NodeRecord]:
    ids = scope.assets if scope else ()
    themes: dict[int, list[str]] = defaultdict(list)
    for asset_id, slug in _rows(
        sa.select(asset_theme.c.asset_id, Theme.slug).join(Theme).where(_only(scope, (asset_theme.c.asset_id, ids)))
    ):
        themes[asset_id].append(sys.intern(slug))
    venues = set(
        db.session.scalars(sa.select(VenueOffer.asset_id).where(_only(scope, (VenueOffer.asset_id, ids))).distinct())
    )
    rows = _rows(
        sa.select(
            Asset.asset_id, _text(Asset.kind), Asset.name_en, Asset.name_cy, Asset.ward_code, Asset.la_code,
            Asset.latitude, Asset.longitude,
        ).where(Asset.status == AssetStatus.PUBLISHED, _only(scope, (Asset.asset_id, ids)))
    )  # fmt: skip
    return [
        NodeRecord(
            node_key("asset", aid),
            sys.intern(kind),
            name_en,
            name_cy,
            0,
            _shared(ward),
            _shared(la),
            0,
            tuple(sorted(themes.get(aid, ()))),
            lat,
            lon,
            aid in venues,
        )
        for aid, kind, name_en, name_cy, ward, la, lat, lon in rows
    ]


def _skills(scope: Scope | None = None) -> list[NodeRecord]:
    rows = _rows(
        sa.select(Skill.skill_id, Skill.name_en, Skill.name_cy).where(
            Skill.status == SkillStatus.ACCEPTED,
            Skill.merged_into_id.is_(None),
            _only(scope, (Skill.skill_id, scope.skills if scope else ())),
        )
    )
    return [NodeRecord(node_key(SKILL, sid), SKILL, name_en, name_cy) for sid, name_en, name_cy in rows]


def _end(person_id: int | None, asset_id: int | None, skill_id: int | None) -> str:
    if person_id is not None:
        return node_key(PERSON, person_id)
    if asset_id is not None:
        return node_key("asset", asset_id)
    return node_key(SKILL, skill_id or 0)


def _ends(
    scope: Scope | None,
    both: bool,
    sources: list[tuple[Any, tuple[int, ...]]],
    targets: list[tuple[Any, tuple[int, ...]]],
) -> ColumnElement[bool]:
    """Edge rows of the scope: with ``both``, rows whose two ends are both in it, else rows touching it."""
    if scope is None:
        return sa.true()
    if not both:
        return _only(scope, *sources, *targets)
    return sa.and_(_only(scope, *sources), _only(scope, *targets))


def load_edges(scope: Scope | None = None, both: bool = False) -> dict[tuple[str, int], EdgeRecord]:
    """Every edge (with a scope: every edge touching one of its nodes, or with ``both`` every edge between
    two of its nodes), keyed by the row it comes from."""
    people, assets, skills = (scope.people, scope.assets, scope.skills) if scope else ((), (), ())
    edges: dict[tuple[str, int], EdgeRecord] = {
        ("person_skill", ref): EdgeRecord(node_key(PERSON, pid), node_key(SKILL, sid), f"{mode}_skill", seen)
        for ref, pid, sid, mode, seen in _rows(
            sa.select(
                PersonSkill.person_skill_id, PersonSkill.person_id, PersonSkill.skill_id, _text(PersonSkill.mode),
                _clearance(PersonSkill.visibility),
            )
            .join(Person, Person.person_id == PersonSkill.person_id)
            .where(_ends(scope, both, [(PersonSkill.person_id, people)], [(PersonSkill.skill_id, skills)]))
        )
    }  # fmt: skip
    ends = (Link.link_id, _text(Link.link_type), Link.source_person_id, Link.source_asset_id,
            Link.target_person_id, Link.target_asset_id, Link.target_skill_id)  # fmt: skip
    touching = _ends(
        scope, both, [(Link.source_person_id, people), (Link.source_asset_id, assets)],
        [(Link.target_person_id, people), (Link.target_asset_id, assets), (Link.target_skill_id, skills)],
    )  # fmt: skip
    # A link touching a person follows that person's choices; with a person at each end, both apply.
    clearance: dict[int, int] = defaultdict(int)
    described: dict[int, Any] = {}
    # A membership awaiting explicit consent is for the member and officers of their authority: at most
    # clearance 2, which ``Sight`` narrows to the member's authority.
    as_chosen = _clearance(Link.visibility)
    seen = sa.case((sa.and_(awaiting_explicit_consent(), as_chosen < OFFICER), OFFICER), else_=as_chosen)
    # A request to join a group is no membership: it is not in the graph at all.
    for column in (Link.source_person_id, Link.target_person_id):
        query = sa.select(*ends, seen).join(Person, Person.person_id == column).where(not_a_request(), touching)
        for row in _rows(query):
            clearance[row[0]] = max(clearance[row[0]], row[-1])
            described[row[0]] = tuple(row[:-1])
    no_person = sa.select(*ends).where(Link.source_person_id.is_(None), Link.target_person_id.is_(None), touching)
    for plain in _rows(no_person):
        described[plain[0]] = tuple(plain)  # links between assets (and what they offer) are public
    for link_id, link_type, src_person, src_asset, tgt_person, tgt_asset, tgt_skill in described.values():
        edges["link", link_id] = EdgeRecord(
            _end(src_person, src_asset, None), _end(tgt_person, tgt_asset, tgt_skill), link_type, clearance[link_id]
        )
    offers = sa.select(
        VenueOffer.venue_offer_id, VenueOffer.asset_id, VenueOffer.skill_id, _text(VenueOffer.direction)
    ).where(
        VenueOffer.skill_id.is_not(None),
        _ends(scope, both, [(VenueOffer.asset_id, assets)], [(VenueOffer.skill_id, skills)]),
    )
    for ref, asset_id, skill_id, direction in _rows(offers):
        edges["venue_offer", ref] = EdgeRecord(node_key("asset", asset_id), node_key(SKILL, skill_id), direction, 0)
    return edges


def load_nodes(scope: Scope | None = None) -> list[NodeRecord]:
    return [*_people(scope), *_assets(scope), *_skills(scope)]


def load_graph() -> Graph:
    """The whole graph, every node and edge labelled with who may see it."""
    return build_graph(load_nodes(), load_edges().values())


# --- the shared state and the stored metrics ----------------------------------------------------------


def graph_state() -> GraphState:
    """The shared version row. Missing only before the first write (the migration adds it): then an
    unsaved stand-in with a fixed token, so readers agree and the next write starts the row again."""
    state = db.session.get(GraphState, GRAPH_STATE_ID, populate_existing=True)
    if state is None:
        return GraphState(graph_state_id=GRAPH_STATE_ID, version=0, token=NO_WRITES_YET, changed_at=utcnow())
    return state


class MetricsTable(Mapping[str, NodeMetrics]):
    """One audience's stored metrics, in six arrays indexed like the graph's nodes (no object or key per
    node: 8 MB at the design scale where a dict of objects took 48), read back one node at a time. Nodes
    added to the graph since have none; a rebuilt graph numbers its nodes afresh and gets a new table."""

    def __init__(self, rows: Iterable[tuple[Any, ...]], graph: Graph | None = None) -> None:
        self.graph = graph
        size = graph.size if graph is not None else 0
        self._floats = tuple(array("d", [math.nan]) * size for _ in range(4))  # score, betweenness, x, y
        self._ints = tuple(array("i", [0]) * size for _ in range(2))  # bridges, community
        for key, score, betweenness, bridges, community, x, y in rows:
            i = graph.index_of(key) if graph is not None else None
            if i is None:
                continue  # a node removed since the refresh
            for column, value in zip(self._floats, (score, betweenness, x, y), strict=True):
                column[i] = value
            for whole, value in zip(self._ints, (bridges, community), strict=True):
                whole[i] = value

    def _at(self, key: object) -> int | None:
        i = self.graph.index_of(key) if self.graph is not None and isinstance(key, str) else None
        return i if i is not None and i < len(self._floats[0]) and not math.isnan(self._floats[0][i]) else None

    def __getitem__(self, key: str) -> NodeMetrics:
        i = self._at(key)
        if i is None:
            raise KeyError(key)
        score, betweenness, x, y = (column[i] for column in self._floats)
        return NodeMetrics(score, betweenness, self._ints[0][i], self._ints[1][i], x, y)

    def __iter__(self) -> Iterator[str]:
        return (key for key in self.graph or () if self._at(key) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, key: object) -> bool:
        return self._at(key) is not None


NO_METRICS = MetricsTable(())


def _metrics_cache() -> dict[int, tuple[str, MetricsTable]]:
    cache: dict[int, tuple[str, MetricsTable]] = current_app.extensions.setdefault("abcd_metrics", {})
    return cache


def metrics_for(audience: int | None, graph: Graph) -> MetricsTable:
    """The stored metrics one audience may see of ``graph``'s nodes; empty before the first refresh or
    for no audience."""
    if audience is None:
        return NO_METRICS
    state = graph_state()
    if state.metrics_token is None:
        return NO_METRICS
    cache = _metrics_cache()
    cached = cache.get(audience)
    if cached is not None and cached[0] == state.metrics_token and cached[1].graph is graph:
        return cached[1]
    rows = _rows(
        sa.select(
            GraphMetric.node_key, GraphMetric.connector_score, GraphMetric.betweenness, GraphMetric.bridges,
            GraphMetric.community, GraphMetric.x, GraphMetric.y,
        ).where(GraphMetric.audience == audience)
    )  # fmt: skip
    table = MetricsTable(rows, graph)
    cache[audience] = (state.metrics_token, table)
    return table


def metrics_info() -> MetricsInfo:
    state = graph_state()
    since = state.version - state.metrics_version if state.metrics_version is not None else state.version
    return MetricsInfo(
        state.metrics_version, state.metrics_computed_at, state.metrics_seconds, state.metrics_engine, since
    )


def audience_of(sight: Sight) -> int | None:
    """The widest audience with stored metrics that this viewer belongs to."""
    fitting = [audience for audience in AUDIENCES if audience <= sight.clearance]
    return max(fitting) if fitting else None


def sight_for(user: Any) -> Sight:
    """What the signed-in ``user`` may see, via the visibility helper's notion of a viewer."""
    viewer = viewer_for(user)
    own = node_key(PERSON, viewer.person_id) if viewer.person_id else None
    return Sight(viewer.clearance, own, viewer.authority, viewer.every_authority)
