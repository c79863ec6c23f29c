"""The change feed: what each committed transaction changed in the graph's sources, and the per-domain versions.

Every app process keys its caches on the versions of the domains it reads, so a write made by any
process (a page, the CLI, an import) invalidates exactly the caches that read what it changed: the
public map's ETag moves for a published asset, never for a resident's private skill.

What changed is collected in ``session.info`` over the transaction's flushes and bulk statements, and
written once, just before commit, in the writer's own transaction: a rollback leaves no trace, and a
5,000-row import takes the feed's lock once, not once per flush.
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from abcd.areas.models import Ward
from abcd.assets.models import Asset, Theme
from abcd.auth.models import User
from abcd.extensions import db
from abcd.links.models import Link
from abcd.models_base import utcnow
from abcd.network.models import (
    CHANGE_FEED_TABLE,
    DOMAIN_VERSION_TABLE,
    GRAPH_STATE_ID,
    GRAPH_STATE_TABLE,
    OFFERS,
    PEOPLE,
    PUBLIC,
)
from abcd.partners.models import VenueOffer
from abcd.people.models import ConsentRecord, EnteredBy, Person, PersonSkill, Skill

# Which domain a write to each graph source changes. A link's domain depends on its ends (below).
SOURCE_DOMAINS: dict[type, tuple[str, ...]] = {
    Person: (PEOPLE,), PersonSkill: (PEOPLE,), Skill: (PEOPLE,), ConsentRecord: (PEOPLE,),
    Asset: (PUBLIC,), Theme: (PUBLIC,), VenueOffer: (OFFERS,), Link: (PEOPLE, PUBLIC), Ward: (PEOPLE,),
}  # fmt: skip
GRAPH_SOURCES: tuple[type, ...] = tuple(SOURCE_DOMAINS)
# Rows outside the graph that public pages show (who manages a record, when it was last checked), added by
# their feature with ``shown_on_pages``: a write to one is a feed entry touching no graph node, so it moves
# its domain's version and the feed's head (which keys the page cache) and no graph reloads anything.
SHOWN_ONLY: dict[type, tuple[str, ...]] = {}
PENDING = "abcd_feed_changes"  # the session.info key: {(domain, entity, entity_id): (op, nodes)}
# Set on the session when a transaction appended to the feed; read (and cleared) after commit by whoever
# schedules work that follows the graph (the metrics job).
FEED_APPENDED = "abcd_feed_appended"
BATCH = 5_000  # feed rows per INSERT statement
NO_VERSION = "-"  # a domain never written to (or emptied, as tests do)

# Each entry names the graph nodes the write touched (old and new ends of a link, the person of a consent),
# so a process can reload just those. None: unknown (a bulk statement, a renamed theme, a ward moved to
# another authority): whoever reads it rebuilds the whole graph.
Nodes = frozenset[str] | None
Changes = dict[tuple[str, str, int | None], tuple[str, Nodes]]

# Which columns of each source name a graph node, and the node's prefix.
NODE_COLUMNS: dict[type, tuple[tuple[str, str], ...]] = {
    Person: (("person_id", "person"),),
    Asset: (("asset_id", "asset"),),
    Skill: (("skill_id", "skill"),),
    ConsentRecord: (("person_id", "person"),),
    PersonSkill: (("person_id", "person"), ("skill_id", "skill")),
    VenueOffer: (("asset_id", "asset"), ("skill_id", "skill")),
    Link: (
        ("source_person_id", "person"), ("source_asset_id", "asset"), ("target_person_id", "person"),
        ("target_asset_id", "asset"), ("target_skill_id", "skill"),
    ),
}  # fmt: skip


def _domains(obj: Any, op: str) -> tuple[str, ...]:
    if not isinstance(obj, Link):
        return SOURCE_DOMAINS[type(obj)]
    ends = ("source_person_id", "target_person_id")
    loaded = sa.inspect(obj).dict  # never load a deleted row's columns: unknown ends count as both
    if op != "insert" and not all(end in loaded for end in ends):
        return (PEOPLE, PUBLIC)
    # A new link's end that was never set is NULL: it holds no person.
    return (PEOPLE,) if any(loaded.get(end) is not None for end in ends) else (PUBLIC,)


def _nodes(obj: Any, op: str) -> Nodes:
    """The graph nodes a write to ``obj`` touches, before and after it (from the attributes' history)."""
    columns = NODE_COLUMNS.get(type(obj))
    if columns is None:
        return frozenset() if op == "insert" else None  # a new theme or ward touches nothing yet
    state = sa.inspect(obj)
    found: set[str] = set()
    for column, prefix in columns:
        if column not in state.dict and op != "insert":
            return None  # a deleted row whose ends were never loaded: unknown
        history = state.attrs[column].history
        for value in (*history.added, *history.unchanged, *history.deleted, state.dict.get(column)):
            if value is not None:
                found.add(f"{prefix}:{value}")
    return frozenset(found)


def _record(
    session: Session, domains: tuple[str, ...], entity: str, entity_id: int | None, op: str, nodes: Nodes
) -> None:
    changes: Changes = session.info.setdefault(PENDING, {})
    for domain in domains:
        key = (domain, entity, entity_id)
        before = changes.get(key)
        if before is None:
            changes[key] = (op, nodes)
            continue
        # Inserted then updated is still an insert; the nodes touched add up (unknown stays unknown).
        kept = "insert" if before[0] == "insert" and op != "delete" else op
        changes[key] = (kept, None if before[1] is None or nodes is None else before[1] | nodes)


def shown_on_pages(model: type, *domains: str) -> None:
    """Record writes to ``model`` (not a graph source) in the feed under ``domains``, touching no node."""
    SHOWN_ONLY[model] = domains


def _table_name(obj: Any) -> str:
    return str(obj.__tablename__)


def _entity_id(obj: Any) -> int | None:
    state = sa.inspect(obj)
    identity = state.identity or state.mapper.primary_key_from_instance(obj)
    return identity[0] if identity and len(identity) == 1 and isinstance(identity[0], int) else None


@event.listens_for(Session, "before_flush")
def _collect_before_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    """An account's authority decides which officers see the people it recorded (``person_authority``):
    moving an officer to another authority, or erasing them, touches each of those people. Asked before
    the flush, while the consent records still name the account."""
    moved = [
        user.user_id
        for user in (*session.dirty, *session.deleted)
        if isinstance(user, User)
        and user.user_id is not None
        and (user in session.deleted or sa.inspect(user).attrs.la_code.history.has_changes())
    ]
    if not moved:
        return
    people = session.scalars(
        sa.select(ConsentRecord.person_id)
        .where(ConsentRecord.recorded_by_id.in_(moved), ConsentRecord.entered_by != EnteredBy.SELF)
        .distinct()
    ).all()
    for user_id in moved:
        _record(session, (PEOPLE,), "user_account", user_id, "update", frozenset(f"person:{p}" for p in people))


@event.listens_for(Session, "after_flush")
def _collect_after_flush(session: Session, _flush_context: Any) -> None:
    for op, objects in (("insert", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if op == "update" and not session.is_modified(obj):
                continue
            if isinstance(obj, GRAPH_SOURCES):
                _record(session, _domains(obj, op), _table_name(obj), _entity_id(obj), op, _nodes(obj, op))
            elif type(obj) in SHOWN_ONLY:
                _record(session, SHOWN_ONLY[type(obj)], _table_name(obj), _entity_id(obj), op, frozenset())


@event.listens_for(Session, "do_orm_execute")
def _collect_bulk_statement(state: ORMExecuteState) -> None:
    """Bulk UPDATE/DELETE/INSERT through the session skips the flush: record the whole table as changed."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, GRAPH_SOURCES):
        source = next(cls for cls in SOURCE_DOMAINS if issubclass(mapper.class_, cls))
        table = mapper.local_table.name  # type: ignore[attr-defined]
        # New wards or themes touch no node yet (nothing can refer to them before they exist); any other
        # bulk statement may have touched any node of its table: unknown, so readers rebuild.
        nodes: Nodes = frozenset() if state.is_insert and source in (Ward, Theme) else None
        _record(state.session, SOURCE_DOMAINS[source], table, None, "bulk", nodes)


@event.listens_for(Session, "before_commit")
def _append_before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        # A savepoint: its changes belong to the outer transaction's entry. One rolled back is still
        # recorded: more invalidation than needed, never less.
        return
    session.flush()  # commit's own final flush comes after this hook: collect what it would write now
    changes: Changes | None = session.info.pop(PENDING, None)
    if changes:
        append_to_feed(session.connection(), changes)
        session.info[FEED_APPENDED] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_after_rollback(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: a rollback leaves nothing behind
        session.info.pop(PENDING, None)


def _bump(connection: Connection, table: sa.Table, where: Any, values: dict[str, Any], first: dict[str, Any]) -> None:
    if connection.execute(sa.update(table).where(where).values(**values)).rowcount == 0:
        connection.execute(sa.insert(table).values(**first))  # the row was removed (tests empty every table)


def append_to_feed(connection: Connection, changes: Changes) -> None:
    """Append ``changes`` to the feed and bump each touched domain's version, inside the caller's transaction.

    The head row is updated first: its row lock, held until commit, serialises writers here, so the
    sequence numbers are gap-free and in commit order, and each transaction takes it exactly once."""
    now, head = utcnow(), GRAPH_STATE_TABLE
    _bump(
        connection, head, head.c.graph_state_id == GRAPH_STATE_ID,
        {"version": head.c.version + 1, "token": uuid4().hex, "changed_at": now,
         "feed_seq": head.c.feed_seq + len(changes)},
        {"graph_state_id": GRAPH_STATE_ID, "version": 1, "token": uuid4().hex, "changed_at": now,
         "feed_seq": len(changes), "epoch": uuid4().hex},
    )  # fmt: skip
    last = connection.scalar(sa.select(head.c.feed_seq).where(head.c.graph_state_id == GRAPH_STATE_ID)) or 0
    ordered = sorted(changes.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or 0))
    rows = [
        {"seq": seq, "domain": domain, "entity": entity, "entity_id": entity_id, "op": op, "committed_at": now,
         "nodes": None if nodes is None else " ".join(sorted(nodes))}
        for seq, ((domain, entity, entity_id), (op, nodes)) in enumerate(ordered, start=last - len(changes) + 1)
    ]  # fmt: skip
    for start in range(0, len(rows), BATCH):
        connection.execute(sa.insert(CHANGE_FEED_TABLE), rows[start : start + BATCH])
    latest = {row["domain"]: row["seq"] for row in rows}
    versions = DOMAIN_VERSION_TABLE
    for domain, seq in latest.items():
        token = uuid4().hex
        _bump(
            connection, versions, versions.c.domain == domain,
            {"version": versions.c.version + 1, "token": token, "feed_seq": seq, "changed_at": now},
            {"domain": domain, "version": 1, "token": token, "feed_seq": seq, "changed_at": now},
        )  # fmt: skip


def domains_token(*domains: str) -> str:
    """One cache key for the current versions of ``domains``: it changes when any of them is written."""
    table = DOMAIN_VERSION_TABLE
    query = sa.select(table.c.domain, table.c.token).where(table.c.domain.in_(domains))
    tokens: dict[str, str] = {domain: token for domain, token in db.session.connection().execute(query)}
    return "|".join(f"{domain}={tokens.get(domain, NO_VERSION)}" for domain in domains)
