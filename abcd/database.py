"""Engine-level settings that keep SQLite honest about the constraints PostgreSQL enforces, and the
statistics its query planner needs to choose as PostgreSQL would."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine


def enable_sqlite_foreign_keys(engine: Engine, cache_mib: int = 64, mmap_mib: int = 256) -> None:
    """SQLite ignores ON DELETE CASCADE unless each connection turns foreign keys on. A database in a file is
    also put in write-ahead-log mode, so readers are not blocked while someone saves (threads of one server,
    or a command run beside it); a writer waits up to five seconds for another to finish.

    SQLite's own page cache is 2 MiB per connection by default; 50,000 assets take about 30 MB, so a search
    that visits 2,000 of them read most pages back from the operating system each time (three times slower).
    Each connection may keep up to ``cache_mib`` of pages, and reads the file through a memory map of up to
    ``mmap_mib``, which every connection and process shares through the system's own cache."""
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
            cursor.execute(f"PRAGMA cache_size=-{int(cache_mib) * 1024}")  # negative: in KiB
            cursor.execute(f"PRAGMA mmap_size={int(mmap_mib) * 1024 * 1024}")
        cursor.close()


def refresh_statistics(connection: Connection) -> bool:
    """SQLite picks its indexes from the statistics ANALYZE gathers; without them it guesses, and it guesses
    that "status = 'published'" narrows 50,000 assets to a handful (so a radius search reads them all).
    Gather them when there are none, or when the assets have since grown or shrunk more than twofold.
    PostgreSQL's autovacuum keeps its own. Returns whether ANALYZE ran."""
    if connection.dialect.name != "sqlite":
        return False
    rows = connection.execute(text("SELECT count(*) FROM asset")).scalar() or 0
    has_stats = connection.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first()
    stat = connection.execute(text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'asset'")).scalar() if has_stats else None
    known = int(str(stat).split()[0]) if stat else None
    if known is not None and known / 2 <= rows <= known * 2:
        return False
    connection.execute(text("ANALYZE"))
    return True
