"""Ids are never reused: SQLite tables whose ids outlive their rows get AUTOINCREMENT

Revision ID: c3e8a1f0b7d2
Revises: a7183788e3cb
Create Date: 2026-12-02 06:10:00.000000

SQLite otherwise gives the largest id of a deleted row to the next row: an erased person's id went to
the next person, so audit entries, stored graph metrics and references pointed at someone else.
PostgreSQL's sequences never go back, so there is nothing to do there. Batch mode recreates each
table (copying its rows and keeping its ids); env.py turns SQLite's foreign keys off meanwhile, so
dropping the old table cascades nowhere. The sequence starts at each table's largest id so far.
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = 'c3e8a1f0b7d2'
down_revision = 'a7183788e3cb'
branch_labels = None
depends_on = None

# Mirrors NEVER_REUSE_IDS in abcd/models_base.py: every table whose ids something outlives.
TABLES = (
    "user_account", "theme", "asset", "change_request", "audit_entry", "notice", "venue_offer", "workshop",
    "link", "person", "skill", "person_skill", "consent_record", "contact_message",
)


def _recreate(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass
    problems = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise RuntimeError(f"foreign keys broken by recreating tables: {problems[:5]}")


def upgrade():
    _recreate(True)
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for table in TABLES:
        # One sequence row per table, at the largest id ever seen: ids above it only, from now on.
        seen = bind.exec_driver_sql(
            f"SELECT MAX(seq) FROM (SELECT COALESCE(MAX(rowid), 0) AS seq FROM {table} "  # noqa: S608 -- fixed names
            f"UNION ALL SELECT seq FROM sqlite_sequence WHERE name = '{table}')"
        ).scalar()
        bind.exec_driver_sql(f"DELETE FROM sqlite_sequence WHERE name = '{table}'")  # noqa: S608 -- fixed names
        bind.exec_driver_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, seen or 0))


def downgrade():
    _recreate(False)
