"""Bump the shared graph version whenever a write touches what the graph is built from.

Every app process compares its cached graph's token with the database's, so a write made by any
process (a page, the CLI, an import) invalidates every cache: no process serves a stale graph.
"""

from __future__ import annotations

from itertools import chain
from typing import Any
from uuid import uuid4

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session

from abcd.assets.models import Asset, Theme
from abcd.links.models import Link
from abcd.models_base import utcnow
from abcd.network.models import GRAPH_STATE_ID, GRAPH_STATE_TABLE
from abcd.partners.models import VenueOffer
from abcd.people.models import ConsentRecord, Person, PersonSkill, Skill

GRAPH_SOURCES: tuple[type, ...] = (Person, PersonSkill, Skill, Link, Asset, Theme, VenueOffer, ConsentRecord)


def bump_graph_version(connection: Connection) -> None:
    """Mark the graph changed, inside the writer's own transaction (so a rollback leaves it untouched)."""
    table = GRAPH_STATE_TABLE
    now = utcnow()
    result = connection.execute(
        sa.update(table)
        .where(table.c.graph_state_id == GRAPH_STATE_ID)
        .values(version=table.c.version + 1, token=uuid4().hex, changed_at=now)
    )
    if result.rowcount == 0:  # the row was removed (tests empty every table): start it again
        connection.execute(
            sa.insert(table).values(graph_state_id=GRAPH_STATE_ID, version=1, token=uuid4().hex, changed_at=now)
        )


@event.listens_for(Session, "after_flush")
def _bump_after_flush(session: Session, _flush_context: Any) -> None:
    if any(isinstance(obj, GRAPH_SOURCES) for obj in chain(session.new, session.dirty, session.deleted)):
        bump_graph_version(session.connection())


@event.listens_for(Session, "do_orm_execute")
def _bump_on_bulk_statement(state: ORMExecuteState) -> None:
    """Bulk UPDATE/DELETE/INSERT through the session skips the flush: catch those too."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    mapper = state.bind_mapper
    if mapper is not None and issubclass(mapper.class_, GRAPH_SOURCES):
        bump_graph_version(state.session.connection())
