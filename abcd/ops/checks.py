"""Readiness checks: is the database reachable and migrated to the code's head, and Redis reachable
when one is configured. Each check answers a small dict; none raises."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from abcd.config import REPO_ROOT
from abcd.extensions import db
from abcd.redis_client import connect

Check = dict[str, Any]
_HEADS = "abcd_ops_script_heads"


def script_heads() -> set[str]:
    """The migration scripts' head revisions (read once per app: the code does not change while it runs)."""
    heads: set[str] | None = current_app.extensions.get(_HEADS)
    if heads is None:
        script = ScriptDirectory(str(REPO_ROOT / "migrations"))
        heads = set(script.get_heads())
        current_app.extensions[_HEADS] = heads
    return heads


def _timed(check: Callable[[], Check]) -> Check:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as error:  # a probe reports every failure, it never raises
        result = {"ok": False, "error": f"{error.__class__.__name__}: {str(error).splitlines()[0][:200]}"}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database() -> Check:
    with db.engine.connect() as connection:
        connection.execute(sa.select(1))
        current = set(MigrationContext.configure(connection).get_current_heads())
    heads = script_heads()
    at_head = current == heads
    result: Check = {"ok": at_head, "revision": sorted(current), "head": sorted(heads)}
    if not at_head:
        result["error"] = "migrations are not at head: run `flask db upgrade`"
    return result


def _redis() -> Check:
    with connect(current_app.config["REDIS_URL"], timeout=2) as client:
        return {"ok": bool(client.ping())}


def readiness() -> dict[str, Check]:
    """Every check that applies to this configuration, by name."""
    checks = {"database": _timed(_database)}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _timed(_redis)
    return checks
