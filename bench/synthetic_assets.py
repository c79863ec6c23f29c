"""Synthetic community assets at any scale: believable names, kinds, themes and places, the same every run.

Places scatter around real ward centres when the wards are loaded (so densities look like a city and
its valleys), and otherwise across the three authorities. Rows go in with bulk inserts.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import sqlalchemy as sa

from abcd.areas.models import Ward
from abcd.assets.models import Asset, AssetKind, AssetStatus, Theme, asset_theme
from abcd.database import refresh_statistics
from abcd.demo.data import THEMES
from abcd.extensions import db

BATCH = 5000
AUTHORITIES = ("W06000015", "W06000022", "W06000014")
FIRST = ["Cathays", "Splott", "Grange", "Pill", "Barry", "Penarth", "Llandaf", "Maindee", "Rhiwbina", "Cowbridge"]
WHAT = {
    AssetKind.ASSOCIATION: ["Choir", "Walking Group", "Tenants' Association", "Youth Circle", "Knitting Club"],
    AssetKind.INSTITUTION: ["Library", "Primary School", "Health Centre", "Housing Office", "Museum"],
    AssetKind.PLACE: ["Community Hall", "Park", "Allotments", "Chapel Vestry", "Community Garden"],
    AssetKind.ECONOMY: ["Repair Café", "Food Co-op", "Timebank", "Market", "Tool Library"],
    AssetKind.CULTURE: ["Oral History Archive", "Heritage Trail", "Mural", "Story Circle", "Folk Festival"],
}
WELSH = {"Choir": "Côr", "Library": "Llyfrgell", "Park": "Parc", "Market": "Marchnad", "Mural": "Murlun"}


def ensure_themes() -> list[int]:
    """The demo themes (created if missing); their ids."""
    existing = {t.slug: t for t in db.session.scalars(sa.select(Theme))}
    for slug, name_en, name_cy in THEMES:
        if slug not in existing:
            db.session.add(Theme(slug=slug, name_en=name_en, name_cy=name_cy))
    db.session.flush()
    return list(db.session.scalars(sa.select(Theme.theme_id)))


def _places(rng: random.Random) -> Iterator[tuple[float, float, str, str | None]]:
    """Endless (latitude, longitude, la_code, ward_code), around ward centres when wards are loaded."""
    wards = [
        (w.centroid_lat, w.centroid_lon, w.la_code, w.code, w.area_m2 or 1e6)
        for w in db.session.scalars(sa.select(Ward).where(Ward.centroid_lat.is_not(None)).order_by(Ward.code))
    ]
    while True:
        if wards:
            lat, lon, la_code, ward_code, area = rng.choice(wards)
            spread = min(0.02, (area**0.5) / 111_320 / 2)  # about half the ward's width, in degrees
            yield lat + rng.gauss(0, spread), lon + rng.gauss(0, spread * 1.6), la_code, ward_code
        else:
            yield rng.uniform(51.38, 51.62), rng.uniform(-3.55, -2.85), rng.choice(AUTHORITIES), None


def insert_assets(count: int, seed: int = 2026) -> int:
    """Add ``count`` published assets (a third with one or two themes), then SQLite's planner statistics as
    an import would. Flushes; the caller commits."""
    rng = random.Random(seed)
    theme_ids = ensure_themes()
    places = _places(rng)
    first_id = (db.session.scalar(sa.select(sa.func.max(Asset.asset_id))) or 0) + 1
    rows, links = [], []
    for offset in range(count):
        kind = rng.choice(list(AssetKind))
        what = rng.choice(WHAT[kind])
        town = rng.choice(FIRST)
        lat, lon, la_code, ward_code = next(places)
        rows.append(
            {
                "asset_id": first_id + offset,
                "kind": kind,
                "name_en": f"{town} {what} {offset}",
                "name_cy": f"{WELSH[what]} {town} {offset}" if what in WELSH else None,
                "latitude": lat,
                "longitude": lon,
                "la_code": la_code,
                "ward_code": ward_code,
                "status": AssetStatus.PUBLISHED,
                "source": "bench",
                "version": 1,
            }
        )
        if theme_ids and rng.random() < 0.33:
            for theme_id in rng.sample(theme_ids, rng.choice((1, 2))):
                links.append({"asset_id": first_id + offset, "theme_id": theme_id})
        if len(rows) >= BATCH:
            _flush(rows, links)
            rows, links = [], []
    _flush(rows, links)
    refresh_statistics(db.session.connection())  # as an import does when it finishes (abcd.database)
    return count


def _flush(rows: list[dict[str, object]], links: list[dict[str, int]]) -> None:
    if rows:
        db.session.execute(sa.insert(Asset), rows)
    if links:
        db.session.execute(sa.insert(asset_theme), links)
