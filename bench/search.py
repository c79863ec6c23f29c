"""The search benchmark: the directory's search (text and filters; postcode and radius) at 50,000 assets,
side by side with the LIKE search it replaced, in the same run on the same throwaway database.

Each measurement is what the directory page asks of the database: the filters read from the query string
(a postcode looked up), the count, and the first page of 20 (the directory's own ``directory_page``; for
LIKE, the count and page as the directory asked them before). Goal: p50 ≤ 20 ms for the new search.
SQLite always (a temporary file); PostgreSQL too when ABCD_BENCH_PG_URL names a THROWAWAY database
(everything in it is dropped first).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import flask_migrate
import sqlalchemy as sa
from flask import Flask

from abcd import create_app
from abcd.areas.loader import load_geography
from abcd.assets.directory import DirectoryFilters, directory_page, directory_query
from abcd.assets.models import Asset
from abcd.extensions import db
from abcd.text import like_pattern
from bench.maps import _median_ms, default_geodata
from bench.synthetic_assets import insert_assets

GOAL_MS = 20.0
PAGE = 20
CASES: list[tuple[str, dict[str, str]]] = [
    ("text: cor", {"q": "cor"}),
    ("text + kind: community garden, place", {"q": "community garden", "kind": "place"}),
    ("text + area: choir, Cardiff", {"q": "choir", "la": "W06000015"}),
    ("postcode + radius: CF24 4AB, 2 km", {"q": "CF24 4AB", "radius": "2"}),
    ("text near postcode + radius: choir near CF24 4AB, 5 km", {"q": "choir near CF24 4AB", "radius": "5"}),
]


@dataclass
class Row:
    case: str
    found: int
    search_ms: float
    like_found: int
    like_ms: float


def _like_query(args: dict[str, str]) -> sa.Select[tuple[Asset]]:
    """Today's search before this one: the words as one substring, anywhere in four columns."""
    typed = args.get("q", "")
    plain = DirectoryFilters.from_args({key: value for key, value in args.items() if key not in ("q", "radius")})
    pattern = like_pattern(typed)
    columns = (Asset.name_en, Asset.name_cy, Asset.description_en, Asset.description_cy)
    return directory_query(plain).where(sa.or_(*(column.ilike(pattern, escape="\\") for column in columns)))


def _page(query: sa.Select[tuple[Asset]]) -> int:
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())) or 0
    db.session.scalars(query.limit(PAGE)).all()
    return total


def _measure(app: Flask, repeat: int) -> list[Row]:
    rows = []
    with app.test_request_context():
        for name, args in CASES:

            def search(args: dict[str, str] = args) -> int:
                return directory_page(DirectoryFilters.from_args(args), per_page=PAGE).total or 0

            def like(args: dict[str, str] = args) -> int:
                return _page(_like_query(args))

            rows.append(Row(name, search(), _median_ms(search, repeat), like(), _median_ms(like, repeat)))
        db.session.remove()
    return rows


def _app(url: str, geodata: Path | None, count: int) -> Flask:
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only", "RATELIMIT_ENABLED": False, "JOBS_BACKEND": "off"}
    )
    with app.app_context():
        if db.engine.dialect.name == "postgresql":  # a throwaway database: start from nothing
            db.metadata.drop_all(db.engine)
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        flask_migrate.upgrade()
        if geodata is not None:
            load_geography(geodata)
        insert_assets(count)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("VACUUM ANALYZE"))
        db.session.remove()
    return app


def _table(database: str, count: int, rows: list[Row], repeat: int) -> str:
    lines = [
        f"### {database}, {count:,} assets (p50 of {repeat} runs: count + first page of {PAGE})",
        "",
        "| Search | Found | Search p50 ms | LIKE found | LIKE p50 ms |",
        "|---|---:|---:|---:|---:|",
        *(f"| {r.case} | {r.found:,} | {r.search_ms:.1f} | {r.like_found:,} | {r.like_ms:.1f} |" for r in rows),
        "",
        f"Goal p50 ≤ {GOAL_MS:.0f} ms: {'met' if all(r.search_ms <= GOAL_MS for r in rows) else 'NOT MET'}.",
    ]
    return "\n".join(lines)


def run(scale: float = 1.0, repeat: int = 21, geodata: Any = "default") -> str:
    """Markdown tables, one per database; ``geodata`` None skips the postcode table (postcode cases then
    report the unknown postcode)."""
    count = max(10, round(50_000 * scale))
    where = default_geodata() if geodata == "default" else geodata
    sections = ["## Search benchmark"]
    with tempfile.TemporaryDirectory(prefix="abcd-bench-search-") as folder:
        app = _app(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", where, count)
        sections.append(_table("SQLite (FTS5)", count, _measure(app, repeat), repeat))
        with app.app_context():
            db.engine.dispose()
    pg_url = os.environ.get("ABCD_BENCH_PG_URL")
    if pg_url:
        app = _app(pg_url, where, count)
        sections.append(_table("PostgreSQL (tsvector)", count, _measure(app, repeat), repeat))
        with app.app_context():
            db.engine.dispose()
    return "\n\n".join(sections)
