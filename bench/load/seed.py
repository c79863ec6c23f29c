"""Synthetic assets for a load run, added to whatever database DATABASE_URL names (run in a subprocess)."""

from __future__ import annotations

import sqlalchemy as sa

from abcd import create_app
from abcd.assets.models import Asset
from abcd.extensions import db
from bench.synthetic_assets import insert_assets


def add_assets(count: int) -> None:
    app = create_app()
    with app.app_context():
        insert_assets(count)
        if db.engine.dialect.name == "postgresql":  # rows went in with their ids: move the sequence past them
            highest = db.session.scalar(sa.select(sa.func.max(Asset.asset_id)))
            db.session.execute(sa.select(sa.func.setval(sa.func.pg_get_serial_sequence("asset", "asset_id"), highest)))
        db.session.commit()
