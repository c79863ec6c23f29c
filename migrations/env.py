"""Alembic environment: runs migrations against the Flask app's database (Flask-Migrate)."""

from __future__ import annotations

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from abcd.search.schema import include_object

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
target_metadata = db.metadata
# SQLite cannot ALTER constraints: batch mode rebuilds tables so the same migrations run on both.
# The search index (FTS5 table, expression indexes) is made by hand in its migration, not from models.
COMMON = {
    "target_metadata": target_metadata,
    "compare_type": True,
    "render_as_batch": True,
    "include_object": include_object,
}


def _database_url() -> str:
    return db.engine.url.render_as_string(hide_password=False).replace("%", "%%")


def run_migrations_offline() -> None:
    context.configure(url=_database_url(), literal_binds=True, **COMMON)
    with context.begin_transaction():
        context.run_migrations()


def _skip_empty_autogenerate(migration_context, revision, directives):  # type: ignore[no-untyped-def]
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def _sqlite_foreign_keys(connection, on: bool) -> None:  # type: ignore[no-untyped-def]
    """Batch mode recreates a SQLite table by dropping the old one: with foreign keys on, that drop
    would cascade into every child table. The pragma only takes effect outside a transaction."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
        connection.commit()


def run_migrations_online() -> None:
    with db.engine.connect() as connection:
        _sqlite_foreign_keys(connection, on=False)
        try:
            context.configure(connection=connection, process_revision_directives=_skip_empty_autogenerate, **COMMON)
            with context.begin_transaction():
                context.run_migrations()
        finally:
            _sqlite_foreign_keys(connection, on=True)  # the pooled connection goes back as the app expects it


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
