"""An unchanged map answer costs no query: the ETag comes from the data's version, not its body."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.extensions import db
from tests import factories


def test_unchanged_asset_data_is_a_304_without_querying_assets(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        factories.make_asset(name_en="Versioned Hall")
    first = client.get("/maps/assets.geojson?kind=place")
    assert b"Versioned Hall" in first.get_data()
    etag = first.headers["ETag"]

    statements: list[str] = []
    with app.app_context():
        engine = db.engine

        def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
            statements.append(statement)

        sa.event.listen(engine, "before_cursor_execute", record)
        try:
            again = client.get("/maps/assets.geojson?kind=place", headers={"If-None-Match": etag})
        finally:
            sa.event.remove(engine, "before_cursor_execute", record)
    assert again.status_code == 304
    assert not [s for s in statements if "FROM asset" in s]

    with app.app_context():
        factories.make_asset(name_en="Newer Hall")  # any write to assets changes the version
    changed = client.get("/maps/assets.geojson?kind=place", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert b"Newer Hall" in changed.get_data()
    assert changed.headers["ETag"] != etag
    other_filter = client.get("/maps/assets.geojson?kind=economy", headers={"If-None-Match": changed.headers["ETag"]})
    assert other_filter.status_code == 200  # one ETag names one URL's answer
