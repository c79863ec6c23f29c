"""Migrations are the only source of the schema: one head, and the migrated database equals the models."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask

from abcd import create_app
from abcd.extensions import db
from abcd.search.schema import include_object
from tests.conftest import dispose, test_config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def _scripts(app: Flask) -> ScriptDirectory:
    config = app.extensions["migrate"].migrate.get_config(str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def test_single_head(app: Flask) -> None:
    with app.app_context():
        assert len(_scripts(app).get_heads()) == 1


def test_migrated_schema_equals_models(app: Flask) -> None:
    """Runs on whichever database the suite uses: SQLite locally, PostgreSQL in CI's second pass."""
    with app.app_context(), db.engine.connect() as connection:
        # The search index's objects are made by hand in their migration (abcd/search/schema.py).
        opts = {"compare_type": True, "include_object": include_object}
        context = MigrationContext.configure(connection, opts=opts)
        assert compare_metadata(context, db.metadata) == []


def test_migration_files_are_date_prefixed(app: Flask) -> None:
    for path in (MIGRATIONS / "versions").glob("*.py"):
        assert path.name[:8].isdigit(), path.name


def test_upgrade_downgrade_upgrade_on_a_fresh_database(tmp_path: Path) -> None:
    import flask_migrate
    import sqlalchemy as sa

    fresh = create_app(test_config(f"sqlite:///{tmp_path / 'fresh.sqlite3'}"))
    with fresh.app_context():
        flask_migrate.upgrade(directory=str(MIGRATIONS))
        names = sa.inspect(db.engine).get_table_names()
        assert {"asset", "link", "audit_entry", "person", "consent_record"} <= set(names)
        authorities = db.session.execute(sa.text("SELECT code FROM local_authority ORDER BY code")).scalars().all()
        assert authorities == ["W06000014", "W06000015", "W06000022"]
        db.session.remove()
        flask_migrate.downgrade(directory=str(MIGRATIONS), revision="base")
        assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
        flask_migrate.upgrade(directory=str(MIGRATIONS))
    dispose(fresh)
