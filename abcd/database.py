"""Engine-level settings that keep SQLite honest about the constraints PostgreSQL enforces."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


def enable_sqlite_foreign_keys(engine: Engine) -> None:
    """SQLite ignores ON DELETE CASCADE unless each connection turns foreign keys on. A database in a file is
    also put in write-ahead-log mode, so readers are not blocked while someone saves (threads of one server,
    or a command run beside it); a writer waits up to five seconds for another to finish."""
    if engine.dialect.name != "sqlite":
        return
    in_file = engine.url.database not in (None, "", ":memory:") and "mode=memory" not in str(engine.url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if in_file:
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
