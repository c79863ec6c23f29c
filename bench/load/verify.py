"""After a run: is every acknowledged write in the database exactly once, and no refused one at all?"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from bench.load.traffic import Write

_TOKEN = r"load-[0-9a-f]{12}"  # noqa: S105 -- a pattern, not a password


@dataclass
class WriteCheck:
    acknowledged: int
    found: int
    lost: list[str]
    duplicated: list[str]
    refused: int  # conflicts shown to the editor and invalid forms: explained on the page
    refused_but_applied: list[str]
    unknown: int  # no answer or a server error: either outcome is allowed, and counted


def check(database_url: str, writes: list[Write]) -> WriteCheck:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            saved = Counter(_saved_edits(connection))
            saved.update(_created(connection))
    finally:
        engine.dispose()
    acknowledged = [w for w in writes if w.outcome == "acknowledged"]
    refused = [w for w in writes if w.outcome in {"conflict", "invalid"}]
    return WriteCheck(
        acknowledged=len(acknowledged),
        found=sum(1 for w in acknowledged if saved[w.token] >= 1),
        lost=[w.token for w in acknowledged if saved[w.token] == 0],
        duplicated=[w.token for w in acknowledged if saved[w.token] > 1],
        refused=len(refused),
        refused_but_applied=[w.token for w in refused if saved[w.token]],
        unknown=sum(1 for w in writes if w.outcome == "error"),
    )


def _saved_edits(connection: sa.Connection) -> list[str]:
    """The token of every saved description: each edit's new value in the audit log (its old value is the
    previous edit's, so only the new one counts)."""
    rows = connection.execute(
        sa.text("SELECT changes FROM audit_entry WHERE entity_type = 'asset' AND action = 'update'")
    ).scalars()
    tokens = []
    for changes in rows:
        values = changes if isinstance(changes, dict) else json.loads(changes)
        new = (values.get("description_en") or [None, None])[1]
        if isinstance(new, str):
            tokens.extend(re.findall(_TOKEN, new))
    return tokens


def _created(connection: sa.Connection) -> list[str]:
    names = connection.execute(sa.text("SELECT name_en FROM asset WHERE name_en LIKE 'Load test group load-%'"))
    return [name.removeprefix("Load test group ") for name in names.scalars()]
