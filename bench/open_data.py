"""The open data benchmark: ``/api/v1/assets`` and ``/openreferral/services`` a page of 50 at a time, at
50,000 assets, side by side with a bare query of the same rows and ``json.dumps`` of plain dicts.

Goals (issue 14): p50 ≤ 50 ms for each endpoint, and within 2x of its bare twin.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from abcd.api.services import AssetSearch, published_query
from abcd.assets.models import Asset, Theme, asset_theme
from abcd.extensions import db
from bench.maps import _median_ms, default_geodata, make_bench_app
from bench.synthetic_assets import insert_assets

DESIGN_ASSETS = 50_000
PER_PAGE = 50
GOAL_MS = 50.0
GOAL_RATIO = 2.0
REPEAT = 21


@dataclass
class Row:
    endpoint: str
    endpoint_ms: float
    bare_ms: float

    @property
    def ratio(self) -> float:
        return self.endpoint_ms / self.bare_ms


def _bare(page: int) -> bytes:
    """The same page the plain way: the count, the rows with their theme slugs, dicts and json.dumps."""
    query = published_query(AssetSearch())
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    slugs: dict[int, list[str]] = {}
    ids = [asset.asset_id for asset in rows]
    theme_rows = db.session.execute(
        sa.select(asset_theme.c.asset_id, Theme.slug)
        .join(Theme, Theme.theme_id == asset_theme.c.theme_id)
        .where(asset_theme.c.asset_id.in_(ids))
    )
    for asset_id, slug in theme_rows:
        slugs.setdefault(asset_id, []).append(slug)
    items = [
        {
            "id": a.uuid, "kind": a.kind.value, "name_en": a.name_en, "name_cy": a.name_cy,
            "description_en": a.description_en, "latitude": a.latitude, "longitude": a.longitude,
            "authority": a.la_code, "ward": a.ward_code, "themes": slugs.get(a.asset_id, []),
            "updated_at": a.updated_at.isoformat(),
        }
        for a in rows
    ]  # fmt: skip
    return json.dumps({"items": items, "page": page, "per_page": PER_PAGE, "total_items": total}).encode()


def _timed_get(client: object, url: str) -> Callable[[], object]:
    def fetch() -> object:
        response = client.get(url)  # type: ignore[attr-defined]
        assert response.status_code == 200, url
        return response

    return fetch


def run(scale: float = 1.0) -> str:
    size = max(PER_PAGE * 4, int(DESIGN_ASSETS * scale))
    page = size // PER_PAGE // 2  # a page in the middle: the offset costs what a real client's would
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="abcd-bench-") as folder:
        app = make_bench_app(Path(folder), default_geodata())
        with app.app_context():
            db.session.info["actor_id"] = None
            insert_assets(size, seed=size)
            db.session.commit()
            assert db.session.scalar(sa.select(sa.func.count(Asset.asset_id))) == size
        client = app.test_client()
        with app.app_context():
            bare_ms = _median_ms(lambda: _bare(page), REPEAT)
            db.session.remove()
        for endpoint in ("/api/v1/assets", "/openreferral/services"):
            url = f"{endpoint}?page={page}&per_page={PER_PAGE}"
            rows.append(Row(url, _median_ms(_timed_get(client, url), REPEAT), bare_ms))
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return report(rows, size)


def report(rows: list[Row], size: int) -> str:
    lines = [
        f"### Open data at {size:,} assets, {PER_PAGE} a page (p50 of {REPEAT} runs after a warm-up)",
        "",
        "| endpoint | p50 | bare: query + json.dumps | endpoint ÷ bare |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{r.endpoint}` | {r.endpoint_ms:,.1f} ms | {r.bare_ms:,.1f} ms | {r.ratio:.2f}x |" for r in rows]
    fast = "yes" if all(r.endpoint_ms <= GOAL_MS for r in rows) else "NO"
    close = "yes" if all(r.ratio <= GOAL_RATIO for r in rows) else "NO"
    lines += [
        "",
        f"p50 ≤ {GOAL_MS:.0f} ms: {fast}. Within {GOAL_RATIO:.0f}x of the bare twin: {close}. SQLite on a temporary "
        "file, Flask test client (no network, no If-None-Match: every request runs its queries).",
    ]
    return "\n".join(lines)
