"""Full-text search over assets: an FTS5 table kept in step by triggers on SQLite; on PostgreSQL an
immutable tsvector function of the same fields with a GIN index on it, and a trigram index on the names.
Both: an index on the position, for a radius search.

Both fold case and accents ("Côr" = "cor"), index English and Welsh names and descriptions, and are
filled from the rows already there (SQLite's 'rebuild'; PostgreSQL's CREATE INDEX reads the table).
abcd.search.schema names these objects so the schema comparison leaves them alone.

NB SQLite: a later batch_alter_table on "asset" copies the table and drops these triggers; such a
migration must re-run _create_sqlite_triggers (tests/search checks that they exist).

Revision ID: 5ea4c4a11e50
Revises: 4b39dc57fa72
Create Date: 2026-12-02 13:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5ea4c4a11e50'
down_revision = '4b39dc57fa72'
branch_labels = None
depends_on = None

FIELDS = "name_en, name_cy, description_en, description_cy"
# Written out in full: the columns are fixed, and the statements read as SQLite will run them.
SQLITE_TRIGGERS = (
    """CREATE TRIGGER asset_search_insert AFTER INSERT ON asset BEGIN
  INSERT INTO asset_search(rowid, name_en, name_cy, description_en, description_cy)
  VALUES (new.asset_id, new.name_en, new.name_cy, new.description_en, new.description_cy);
END""",
    """CREATE TRIGGER asset_search_delete AFTER DELETE ON asset BEGIN
  INSERT INTO asset_search(asset_search, rowid, name_en, name_cy, description_en, description_cy)
  VALUES ('delete', old.asset_id, old.name_en, old.name_cy, old.description_en, old.description_cy);
END""",
    """CREATE TRIGGER asset_search_update AFTER UPDATE OF name_en, name_cy, description_en, description_cy ON asset
BEGIN
  INSERT INTO asset_search(asset_search, rowid, name_en, name_cy, description_en, description_cy)
  VALUES ('delete', old.asset_id, old.name_en, old.name_cy, old.description_en, old.description_cy);
  INSERT INTO asset_search(rowid, name_en, name_cy, description_en, description_cy)
  VALUES (new.asset_id, new.name_en, new.name_cy, new.description_en, new.description_cy);
END""",
)


def _create_sqlite_triggers() -> None:
    for statement in SQLITE_TRIGGERS:
        op.execute(statement)


PG_FOLD = """
CREATE OR REPLACE FUNCTION abcd_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$
"""

PG_DOCUMENT = """
CREATE OR REPLACE FUNCTION abcd_asset_document(name_en text, name_cy text, description_en text, description_cy text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT
  setweight(to_tsvector('simple'::regconfig, abcd_fold(coalesce(name_en, '') || ' ' || coalesce(name_cy, ''))), 'A')
  || setweight(to_tsvector('simple'::regconfig,
       abcd_fold(coalesce(description_en, '') || ' ' || coalesce(description_cy, ''))), 'B') $$
"""


def upgrade():
    op.create_index("ix_asset_position", "asset", ["latitude", "longitude"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        # Both ship in Debian's postgresql-15 (contrib is part of the server package) and are trusted
        # extensions: the database's owner may create them without being a superuser.
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        op.execute(PG_FOLD)
        op.execute(PG_DOCUMENT)
        op.execute(
            "CREATE INDEX ix_asset_search_document ON asset USING gin "
            "(abcd_asset_document(name_en, name_cy, description_en, description_cy))"
        )
        op.execute(
            "CREATE INDEX ix_asset_search_name_trgm ON asset USING gin "
            "(abcd_fold(coalesce(name_en, '') || ' ' || coalesce(name_cy, '')) public.gin_trgm_ops)"
        )
        return
    op.execute(
        f"CREATE VIRTUAL TABLE asset_search USING fts5({FIELDS}, content='asset', content_rowid='asset_id', "
        "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
    )
    _create_sqlite_triggers()
    op.execute("INSERT INTO asset_search(asset_search) VALUES ('rebuild')")


def downgrade():
    op.drop_index("ix_asset_position", table_name="asset")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_asset_search_name_trgm")
        op.execute("DROP INDEX IF EXISTS ix_asset_search_document")
        op.execute("DROP FUNCTION IF EXISTS abcd_asset_document(text, text, text, text)")
        op.execute("DROP FUNCTION IF EXISTS abcd_fold(text)")
        return  # the extensions stay: other databases' objects may use them
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS asset_search_{trigger}")
    op.execute("DROP TABLE IF EXISTS asset_search")
