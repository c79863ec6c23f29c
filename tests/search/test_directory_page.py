"""The directory's page is counted without ranking and, nearest first, sorts only the records that reach its
last place: neither shortcut may change what a page lists or the total it shows. SQLite also gathers the
statistics its planner needs to use the position index for a radius."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from abcd.assets.directory import DirectoryFilters, directory_page, directory_query
from abcd.assets.models import Asset, AssetKind, AssetStatus
from abcd.database import refresh_statistics
from abcd.extensions import db
from abcd.search.places import Point
from tests import factories

CENTRE = Point(51.4890, -3.1740, "CF24 4AB", "postcode")
# Three spots 0.3, 0.8 and 1.5 km north of the centre: fifteen records share each, so pages end inside ties.
SPOTS = [CENTRE.latitude + km / 111.195 for km in (0.3, 0.8, 1.5)]


def _crowd() -> None:
    for spot in SPOTS:
        for n in range(15):
            kind = AssetKind.ASSOCIATION if n % 2 else AssetKind.PLACE
            factories.make_asset(name_en=f"Crowd {n:02d} at {spot:.4f}", latitude=spot, longitude=CENTRE.longitude,
                                 kind=kind, description_en="Singing and music on Tuesdays")  # fmt: skip
    factories.make_asset(name_en="Crowd without a place", latitude=None, longitude=None)
    factories.make_asset(name_en="Crowd draft", latitude=SPOTS[0], longitude=CENTRE.longitude, status=AssetStatus.DRAFT)
    db.session.commit()


def _paged(filters: DirectoryFilters, per_page: int = 20) -> tuple[list[int], list[int | None]]:
    ids: list[int] = []
    totals: list[int | None] = []
    for number in range(1, 6):
        page = directory_page(filters, page=number, per_page=per_page)
        ids += [asset.asset_id for asset in page.items]
        totals.append(page.total)
    return ids, totals


def _all(filters: DirectoryFilters) -> list[int]:
    return [asset.asset_id for asset in db.session.scalars(directory_query(filters))]


def test_nearest_first_pages_list_exactly_the_sorted_records_across_ties(app: Flask) -> None:
    with app.test_request_context():
        _crowd()
        for radius in (None, 1, 2):
            filters = DirectoryFilters(near=CENTRE, radius_km=radius)
            expected = _all(filters)
            ids, totals = _paged(filters)
            assert ids == expected
            assert set(totals) == {len(expected)}
            assert len(expected) == (30 if radius == 1 else 46 if radius is None else 45)  # no place: last
        names = [db.session.get(Asset, asset_id).name_en for asset_id in _paged(DirectoryFilters(near=CENTRE))[0]]
        assert names[-1] == "Crowd without a place"
        assert names[:3] == [f"Crowd {n:02d} at {SPOTS[0]:.4f}" for n in range(3)]  # ties: by name


def test_text_near_a_place_and_a_kind_page_as_the_ranked_query_does(app: Flask) -> None:
    with app.test_request_context():
        _crowd()
        filters = DirectoryFilters(text="sing", near=CENTRE, radius_km=2, kind=AssetKind.ASSOCIATION)
        expected = _all(filters)
        ids, totals = _paged(filters, per_page=7)
        assert ids == expected
        assert len(expected) == 21
        assert set(totals) == {21}
        plain = DirectoryFilters(text="music")
        assert _paged(plain)[0] == _all(plain)
        assert directory_page(plain).total == 45


def test_sqlite_gathers_planner_statistics_when_the_assets_grow(app: Flask) -> None:
    with app.test_request_context():
        for n in range(40):
            factories.make_asset(name_en=f"Spread {n}", latitude=51.45 + n / 400, longitude=-3.2 + n / 300)
        db.session.commit()
        connection = db.session.connection()
        if connection.dialect.name != "sqlite":  # PostgreSQL's autovacuum keeps its own statistics
            assert refresh_statistics(connection) is False
            return
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -64 * 1024  # 64 MiB, not 2
        assert refresh_statistics(connection) is True
        assert refresh_statistics(connection) is False  # nothing changed since
        for n in range(50):
            factories.make_asset(name_en=f"More {n}")
        db.session.commit()
        assert refresh_statistics(db.session.connection()) is True  # 40 -> 90 assets: more than twofold
        count = sa.select(sa.func.count()).select_from(
            directory_query(DirectoryFilters(near=CENTRE, radius_km=2), ranked=False).subquery()
        )
        sql = str(count.compile(db.engine, compile_kwargs={"literal_binds": True}))
        plan = " ".join(str(row[3]) for row in db.session.execute(sa.text(f"EXPLAIN QUERY PLAN {sql}")))
        assert "COVERING INDEX ix_asset_position" in plan  # counted from the index, not by reading assets


def test_at_the_same_distance_a_name_match_comes_before_a_description_match(app: Flask) -> None:
    with app.test_request_context():
        spot = {"latitude": SPOTS[0], "longitude": CENTRE.longitude}
        factories.make_asset(name_en="Aberdare Hall", description_en="Home of a choir", **spot)
        factories.make_asset(name_en="Zion Choir Rooms", **spot)
        factories.make_asset(name_en="Bethel Chapel", description_en="Côr plant", **spot)
        db.session.commit()
        page = directory_page(DirectoryFilters(text="choir", near=CENTRE, radius_km=1))
        assert [asset.name_en for asset in page.items] == ["Zion Choir Rooms", "Aberdare Hall"]
        page = directory_page(DirectoryFilters(text="cor", near=CENTRE))
        assert [asset.name_en for asset in page.items] == ["Bethel Chapel"]
