"""Backing up the whole database to a portable file, and restoring one. Services never commit.

The file is engine-neutral (values as JSON, enums as their stored strings, times in ISO 8601), so a
backup taken on SQLite restores on PostgreSQL and back. A restore refuses a file whose checksums fail or
whose schema revision differs from this database's; it replaces every table in one transaction, erases
again everyone in the erasure log (so nobody who asked to be forgotten comes back), keeps ids from ever
being reused, and starts the change feed on a new epoch so every process rebuilds its graph.
"""

from __future__ import annotations

import base64
import enum
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from abcd.backup import replay
from abcd.backup.archive import ArchiveError, BackupReader, Manifest, TableEntry, write_archive
from abcd.backup.models import ErasureLog
from abcd.errors import DomainError
from abcd.extensions import db
from abcd.models_base import utcnow
from abcd.network.models import DOMAIN_VERSION_TABLE, GRAPH_STATE_ID, GRAPH_STATE_TABLE

BATCH = 500
ERASURE_TABLE = "erasure_log"


class BackupError(DomainError):
    """A backup that cannot be restored here. Codes: unreadable (``reason``), revision (``found``,
    ``expected``), tables (``missing``, ``unknown``), columns (``table``)."""

    def __str__(self) -> str:
        details = self.details
        if self.code == "unreadable":
            return str(details["reason"])
        if self.code == "revision":
            return (
                f"The backup was taken at schema revision {details['found']}, but this database is at "
                f"{details['expected']}. Restore it into a database migrated to {details['found']} "
                "(flask db upgrade/downgrade), or take a new backup."
            )
        if self.code == "tables":
            missing, unknown = details["missing"], details["unknown"]
            return f"The backup's tables differ from this database's (missing {missing}, unknown {unknown})."
        return f"The backup's columns of the table {details['table']} differ from this database's."


def tables() -> list[sa.Table]:
    """Every table of the app in dependency order (parents first); alembic's own table is not data."""
    return list(db.metadata.sorted_tables)


def schema_revision(connection: Connection) -> str:
    return str(connection.scalar(sa.text("SELECT version_num FROM alembic_version")) or "")


# --- values -----------------------------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _from_json(column: sa.Column[Any], value: Any) -> Any:
    if value is None or isinstance(column.type, sa.JSON):
        return value
    column_type = column.type
    if isinstance(column_type, sa.Enum) and column_type.enum_class is not None:
        return column_type.enum_class(value)
    if isinstance(column_type, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column_type, sa.Date):
        return date.fromisoformat(value)
    if isinstance(column_type, sa.Numeric) and not isinstance(column_type, sa.Float):
        return Decimal(value)
    if isinstance(column_type, sa.LargeBinary):
        return base64.b64decode(value)
    return value


def _selected(column: sa.Column[Any]) -> Any:
    # JSON as its stored text: a JSON null and an SQL NULL stay distinct, and nothing is re-serialised.
    return sa.cast(column, sa.Text).label(column.name) if isinstance(column.type, sa.JSON) else column


def _json_param(connection: Connection, column: sa.Column[Any]) -> Any:
    param = sa.bindparam(column.name, type_=sa.Text)
    return sa.cast(param, column.type) if connection.dialect.name == "postgresql" else param


# --- backup -----------------------------------------------------------------------------------------


def _table_rows(connection: Connection, table: sa.Table) -> Iterator[list[Any]]:
    ordered = list(table.primary_key.columns) or list(table.columns)
    query = sa.select(*(_selected(c) for c in table.columns)).order_by(*ordered)
    for row in connection.execution_options(yield_per=2000).execute(query):
        yield [_to_json(value) for value in row]


def backup_database(path: Path) -> Manifest:
    """Write every table to ``path`` from one consistent read (a repeatable-read snapshot on PostgreSQL)."""
    engine = db.engine
    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    with engine.connect().execution_options(**options) as connection, connection.begin():
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")  # pysqlite starts no transaction for reads: one snapshot for all
        manifest = Manifest(utcnow().isoformat(), schema_revision(connection), engine.dialect.name)
        contents = (
            (TableEntry(table.name, [c.name for c in table.columns]), _table_rows(connection, table))
            for table in tables()
        )
        write_archive(path, manifest, contents)
    return manifest


# --- restore ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    rows: dict[str, int]
    erased_again: int


def open_verified(path: Path) -> BackupReader:
    """Open a backup and check every checksum; raises BackupError("unreadable") before anything changes."""
    try:
        reader = BackupReader(path)
        reader.verify()
    except ArchiveError as error:
        raise BackupError("unreadable", reason=str(error)) from error
    return reader


def _check_fits(manifest: Manifest, connection: Connection) -> None:
    current = schema_revision(connection)
    if manifest.alembic_revision != current:
        raise BackupError("revision", found=manifest.alembic_revision, expected=current)
    ours = {t.name: [c.name for c in t.columns] for t in tables()}
    theirs = {t.name: t.columns for t in manifest.tables}
    if set(ours) != set(theirs):
        raise BackupError("tables", missing=sorted(set(ours) - set(theirs)), unknown=sorted(set(theirs) - set(ours)))
    for name, columns in theirs.items():
        if sorted(columns) != sorted(ours[name]):
            raise BackupError("columns", table=name)


def restore_database(path: Path) -> RestoreReport:
    """Replace the whole database with the backup at ``path``, in the session's transaction (the caller
    commits). Raises BackupError before changing anything when the file fails its checks."""
    reader = open_verified(path)
    try:
        connection = db.session.connection()
        manifest = reader.manifest
        _check_fits(manifest, connection)
        erasures = [dict(row) for row in connection.execute(sa.select(ErasureLog.__table__)).mappings()]
        sequences = _sequence_positions(connection)
        for table in reversed(tables()):
            connection.execute(table.delete())
        counts = {entry.name: _insert_rows(connection, reader, entry) for entry in _in_order(manifest)}
    finally:
        reader.close()
    _keep_erasure_log(connection, erasures)
    _never_reuse_ids(connection, sequences)
    _new_feed_epoch(connection)
    erased = replay.erase_again(f"restore:{manifest.created_at}")
    replay.record_restore(manifest)
    return RestoreReport(manifest, counts, erased)


def _in_order(manifest: Manifest) -> list[TableEntry]:
    by_name = {entry.name: entry for entry in manifest.tables}
    return [by_name[table.name] for table in tables()]


def _insert_rows(connection: Connection, reader: BackupReader, entry: TableEntry) -> int:
    table = db.metadata.tables[entry.name]
    columns = [table.c[name] for name in entry.columns]
    json_columns = {c.name: _json_param(connection, c) for c in columns if isinstance(c.type, sa.JSON)}
    statement = sa.insert(table).values(json_columns) if json_columns else sa.insert(table)
    batch: list[dict[str, Any]] = []
    count = 0
    for row in reader.rows(entry):
        batch.append({c.name: _from_json(c, value) for c, value in zip(columns, row, strict=True)})
        if len(batch) >= BATCH:
            connection.execute(statement, batch)
            count += len(batch)
            batch = []
    if batch:
        connection.execute(statement, batch)
        count += len(batch)
    return count


def _keep_erasure_log(connection: Connection, before: list[dict[str, Any]]) -> None:
    """The log outlives the restore: erasures made after the backup stay logged (and are re-applied)."""
    table = db.metadata.tables[ERASURE_TABLE]
    restored = set(connection.scalars(sa.select(table.c.erasure_id)))
    missing = [row for row in before if row["erasure_id"] not in restored]
    if missing:
        connection.execute(sa.insert(table), missing)


def _serial_columns() -> list[tuple[sa.Table, sa.Column[Any]]]:
    return [
        (table, table.primary_key.columns[0])
        for table in tables()
        if len(table.primary_key.columns) == 1 and table.primary_key.columns[0].autoincrement is not False
        and isinstance(table.primary_key.columns[0].type, sa.Integer)
    ]  # fmt: skip


def _sequence_positions(connection: Connection) -> dict[str, int]:
    """Where each id sequence stands before the restore. SQLite's AUTOINCREMENT counters survive DELETE
    and follow explicit ids on their own; PostgreSQL's sequences must be moved by hand."""
    if connection.dialect.name != "postgresql":
        return {}
    positions = {}
    for table, column in _serial_columns():
        sequence = connection.scalar(sa.select(sa.func.pg_get_serial_sequence(table.name, column.name)))
        if sequence:
            positions[sequence] = int(connection.scalar(sa.text(f"SELECT last_value FROM {sequence}")) or 0)  # noqa: S608 -- a name PostgreSQL gave us
    return positions


def _never_reuse_ids(connection: Connection, before: dict[str, int]) -> None:
    """Ids handed out after the backup (to rows the restore removed) are never handed out again."""
    if connection.dialect.name != "postgresql":
        return
    for table, column in _serial_columns():
        sequence = connection.scalar(sa.select(sa.func.pg_get_serial_sequence(table.name, column.name)))
        if not sequence:
            continue
        highest = int(connection.scalar(sa.select(sa.func.max(column))) or 0)
        position = max(highest, before.get(sequence, 0))
        if position > 0:
            connection.execute(sa.select(sa.func.setval(sequence, position, True)))


def _new_feed_epoch(connection: Connection) -> None:
    """A restored database is a different history: a new feed epoch makes every process rebuild its graph,
    new domain tokens make every cache miss, and the network metrics are marked for recomputing."""
    head = GRAPH_STATE_TABLE
    restored = connection.execute(sa.select(head).where(head.c.graph_state_id == GRAPH_STATE_ID)).mappings().first()
    last_seq = connection.scalar(sa.select(sa.func.max(sa.column("seq"))).select_from(sa.table("change_feed"))) or 0
    connection.execute(head.delete())
    connection.execute(
        sa.insert(head).values(
            graph_state_id=GRAPH_STATE_ID, version=(restored["version"] if restored else 0) + 1, token=uuid4().hex,
            changed_at=utcnow(), feed_seq=last_seq, epoch=uuid4().hex,
        )
    )  # fmt: skip
    for (domain,) in connection.execute(sa.select(DOMAIN_VERSION_TABLE.c.domain)):
        connection.execute(
            sa.update(DOMAIN_VERSION_TABLE).where(DOMAIN_VERSION_TABLE.c.domain == domain).values(token=uuid4().hex)
        )
