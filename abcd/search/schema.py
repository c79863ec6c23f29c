"""The search index's own database objects, which no model declares: the schema comparison skips them."""

from __future__ import annotations

from typing import Any

# SQLite's FTS5 table and the shadow tables it keeps; PostgreSQL's expression indexes on asset.
SEARCH_TABLE_PREFIX = "asset_search"
SEARCH_INDEXES = frozenset({"ix_asset_search_document", "ix_asset_search_name_trgm"})


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic's ``include_object`` hook: everything but the search index's objects."""
    if type_ == "table" and name and name.startswith(SEARCH_TABLE_PREFIX):
        return False
    return not (type_ == "index" and name in SEARCH_INDEXES)
