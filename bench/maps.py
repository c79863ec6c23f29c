"""The map benchmark: page size and time, GeoJSON endpoint against a bare query-and-serialise, and a naive
folium page with one marker per asset, at each size, side by side. Always a throwaway SQLite database.

Goals: the map page's size stays flat from 1k to 50k assets; the endpoint (Flask, filters, GeoJSON,
ETag, gzip) stays within 1.5x of the bare query-and-serialise of the same rows.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import flask_migrate
import folium
import sqlalchemy as sa
from flask import Flask
from folium.plugins import MarkerCluster

from abcd import create_app
from abcd.areas.loader import load_geography
from abcd.assets.directory import DirectoryFilters
from abcd.assets.models import Asset
from abcd.extensions import db
from abcd.maps.geojson import asset_collection
from abcd.maps.services import asset_points_query
from bench.synthetic_assets import insert_assets

GOAL_RATIO = 1.5
REPO = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    assets: int
    page_bytes: int
    page_ms: float
    script_bytes: int
    endpoint_ms: float
    endpoint_gzip_bytes: int
    endpoint_raw_bytes: int
    bare_ms: float
    same_serialiser_ms: float
    naive_bytes: int | None
    naive_ms: float | None

    @property
    def ratio(self) -> float:
        return self.endpoint_ms / self.bare_ms

    @property
    def overhead(self) -> float:
        """Endpoint over query + our own serialiser: what HTTP, filters, ETag and gzip add."""
        return self.endpoint_ms / self.same_serialiser_ms


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    """Median wall time; like timeit, the garbage collector is paused while timing, for every contender alike."""
    action()  # warm caches (SQLite pages, templates, imports) so every size is measured alike
    times = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            action()
            times.append((time.perf_counter() - started) * 1000)
    finally:
        gc.enable()
    return statistics.median(times)


def make_bench_app(directory: Path, geodata: Path | None, **overrides: object) -> Flask:
    """A migrated app on a new SQLite file in ``directory``: never the development database.
    Called again on the same folder (without geodata) it opens the same database with other settings."""
    database = directory / "bench.sqlite3"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": "bench-only",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "TILE_URL": "",
            "JOBS_BACKEND": "off",  # no background metrics refresh competing with what is measured
            **overrides,
        }
    )
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}"
    with app.app_context():
        flask_migrate.upgrade()
        if geodata is not None:
            load_geography(geodata)
            db.session.commit()
    return app


def bare_serialise() -> bytes:
    """The baseline of the goal: the same query, its rows made into the same GeoJSON the plain way (dicts
    and json.dumps), with no HTTP, no ETag and no compression."""
    rows = db.session.execute(asset_points_query(DirectoryFilters())).all()
    features = [
        {
            "type": "Feature",
            "id": r[0],
            "geometry": {"type": "Point", "coordinates": [r[5], r[4]]},
            "properties": {"name": r[1], "kind": r[3], "ward": r[6]},
        }
        for r in rows
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")).encode()


def bare_same_serialiser() -> bytes:
    """The same query and the endpoint's own serialiser: the endpoint minus HTTP, filters, ETag and gzip."""
    return asset_collection(db.session.execute(asset_points_query(DirectoryFilters())).all(), "en")


def naive_page(app: Flask) -> str:
    """The baseline to beat: one folium Marker with a popup per asset, in a MarkerCluster, all in the page."""
    with app.app_context():
        rows = db.session.execute(sa.select(Asset.name_en, Asset.latitude, Asset.longitude)).all()
    m = folium.Map(location=(51.5, -3.2), zoom_start=10, tiles=None)
    cluster = MarkerCluster().add_to(m)
    for name, latitude, longitude in rows:
        folium.Marker((latitude, longitude), popup=name).add_to(cluster)
    return str(m.get_root().render())


def measure(app: Flask, size: int, repeat: int, naive_limit: int) -> Row:
    client = app.test_client()
    identity = {"Accept-Encoding": "identity"}
    gzip_ok = {"Accept-Encoding": "gzip"}
    page = client.get("/maps/", headers=identity)
    script = client.get("/maps/script/assets.js?lang=en", headers=identity)
    data = client.get("/maps/assets.geojson?lang=en", headers=gzip_ok)
    raw = client.get("/maps/assets.geojson?lang=en", headers=identity)
    assert page.status_code == data.status_code == 200
    assert len(json.loads(raw.get_data())["features"]) == size
    with app.app_context():
        bare_ms = _median_ms(bare_serialise, repeat)
        same_ms = _median_ms(bare_same_serialiser, repeat)
    naive_bytes = naive_ms = None
    if size <= naive_limit:
        started = time.perf_counter()
        naive_bytes = len(naive_page(app).encode())
        naive_ms = (time.perf_counter() - started) * 1000
    return Row(
        assets=size,
        page_bytes=len(page.get_data()),
        page_ms=_median_ms(lambda: client.get("/maps/", headers=identity), repeat),
        script_bytes=len(script.get_data()),
        endpoint_ms=_median_ms(lambda: client.get("/maps/assets.geojson?lang=en", headers=gzip_ok), repeat),
        endpoint_gzip_bytes=len(data.get_data()),
        endpoint_raw_bytes=len(raw.get_data()),
        bare_ms=bare_ms,
        same_serialiser_ms=same_ms,
        naive_bytes=naive_bytes,
        naive_ms=naive_ms,
    )


def _kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def report(rows: list[Row], naive_limit: int, repeat: int) -> str:
    header = (
        "| assets | map page | page time | map script | GeoJSON (gzip / raw) | endpoint time "
        "| bare: query + json.dumps | endpoint ÷ bare | bare: query + our serialiser | endpoint ÷ that "
        "| naive folium page | naive build |"
    )
    lines = [header, "|" + "---|" * 12]
    for r in rows:
        naive = (
            (_kb(r.naive_bytes), f"{r.naive_ms / 1000:,.1f} s")
            if r.naive_bytes is not None and r.naive_ms is not None
            else (f"skipped (> {naive_limit:,})", "skipped")
        )
        lines.append(
            f"| {r.assets:,} | {_kb(r.page_bytes)} | {r.page_ms:,.1f} ms | {_kb(r.script_bytes)} "
            f"| {_kb(r.endpoint_gzip_bytes)} / {_kb(r.endpoint_raw_bytes)} | {r.endpoint_ms:,.1f} ms "
            f"| {r.bare_ms:,.1f} ms | {r.ratio:.2f}x | {r.same_serialiser_ms:,.1f} ms | {r.overhead:.2f}x "
            f"| {naive[0]} | {naive[1]} |"
        )
    sizes = [r.page_bytes for r in rows]
    growth = (max(sizes) - min(sizes)) / min(sizes) * 100
    flat = "yes" if growth < 1 else "NO"
    within = "yes" if all(r.ratio <= GOAL_RATIO for r in rows) else "NO"
    lines += [
        "",
        f"Median of {repeat} runs after a warm-up, garbage collector paused while timing (as timeit does);",
        "SQLite on a temporary file; Flask test client, so no network. The endpoint sends gzip.",
        f"Page size flat from {rows[0].assets:,} to {rows[-1].assets:,} assets: {flat} "
        f"({_kb(min(sizes))} to {_kb(max(sizes))}, {growth:+.2f} %; the list twin shows one page of results).",
        f"Endpoint within {GOAL_RATIO}x of the bare query + json.dumps at every size: {within} "
        f"(worst {max(r.ratio for r in rows):.2f}x). Against the same query with the endpoint's own serialiser "
        f"(what HTTP, ETag and gzip add): worst {max(r.overhead for r in rows):.2f}x.",
    ]
    if any(r.naive_bytes is None for r in rows):
        lines.append(
            f"The naive page is skipped above {naive_limit:,} assets (--naive-limit): it grows with every marker "
            "(MAPS_AND_NETWORKS.md measured 30 s and 38 MB at 50,000)."
        )
    return "\n".join(lines)


def run(sizes: list[int], repeat: int = 5, naive_limit: int = 10_000, geodata: Path | None = None) -> list[Row]:
    """Grow one throwaway database through ``sizes`` (ascending) and measure at each."""
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="abcd-bench-") as folder:
        app = make_bench_app(Path(folder), geodata)
        present = 0
        for size in sorted(sizes):
            with app.app_context():
                db.session.info["actor_id"] = None
                insert_assets(size - present, seed=size)
                db.session.commit()
            present = size
            rows.append(measure(app, size, repeat, naive_limit))
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return rows


def default_geodata() -> Path | None:
    configured = os.environ.get("ABCD_GEODATA_DIR") or str(REPO.parent / "shared" / "data")
    return Path(configured) if Path(configured).is_dir() else None


def save(rows: list[Row], text: str) -> Path:
    folder = REPO / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (folder / f"maps-{stamp}.md").write_text(text + "\n", encoding="utf-8")
    path = folder / f"maps-{stamp}.json"
    payload: list[dict[str, Any]] = [{**asdict(r), "ratio": r.ratio} for r in rows]
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """The map benchmark; ``argv`` None means the defaults (python -m bench runs it that way)."""
    parser = argparse.ArgumentParser(prog="python -m bench --only maps", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated asset counts (ascending)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (the median is shown)")
    parser.add_argument(
        "--naive-limit", type=int, default=10_000, help="largest size for the naive one-marker-per-asset page"
    )
    parser.add_argument("--no-geography", action="store_true", help="skip loading wards (faster, no ward names)")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/")
    args = parser.parse_args(argv if argv is not None else [])
    sizes = sorted({int(part) for part in args.sizes.split(",") if part.strip()})
    geodata: Path | None = None if args.no_geography else default_geodata()
    print(
        f"Map benchmark at {', '.join(f'{s:,}' for s in sizes)} assets "
        f"({'with wards from ' + str(geodata) if geodata else 'without ward boundaries'}) …",
        flush=True,
    )
    rows = run(sizes, repeat=args.repeat, naive_limit=args.naive_limit, geodata=geodata)
    text = report(rows, args.naive_limit, args.repeat)
    print(text)
    if not args.no_save:
        print(f"\nSaved to {save(rows, text)}")
    return 0
