"""The demo shows venues speaking for themselves: real venues with offers and needs, and one named manager."""

from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from abcd.assets.models import Asset
from abcd.extensions import db
from abcd.managers.models import AssetManager, ClaimStatus
from abcd.partners.models import VenueOffer


def test_demo_llanover_hall_offers_music_equipment_and_has_a_public_manager(app: Flask, geodata: Path) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["abcd", "seed-demo"])
    assert first.exit_code == 0, first.output
    assert "venue@example.org" in first.output
    with app.app_context():
        hall = db.session.scalar(sa.select(Asset).where(Asset.name_en == "Llanover Hall Arts Centre"))
        assert hall is not None
        offers = db.session.scalars(sa.select(VenueOffer).where(VenueOffer.asset_id == hall.asset_id)).all()
        assert any("drum kit" in (o.description_en or "") for o in offers)
        assert any(o.direction.value == "seeks" and o.skill_id for o in offers)
        assert all(o.description_cy for o in offers)
        manager = db.session.scalar(sa.select(AssetManager).where(AssetManager.asset_id == hall.asset_id))
        assert manager is not None
        assert manager.status is ClaimStatus.APPROVED
        hall_id = hall.asset_id
        counts = (
            db.session.scalar(sa.select(sa.func.count()).select_from(VenueOffer)),
            db.session.scalar(sa.select(sa.func.count()).select_from(AssetManager)),
        )
    assert "Demo Venue Manager" in app.test_client().get(f"/assets/{hall_id}").get_data(as_text=True)
    assert runner.invoke(args=["abcd", "seed-demo"]).exit_code == 0  # idempotent
    with app.app_context():
        again = (
            db.session.scalar(sa.select(sa.func.count()).select_from(VenueOffer)),
            db.session.scalar(sa.select(sa.func.count()).select_from(AssetManager)),
        )
    assert again == counts
