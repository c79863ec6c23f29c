"""Demo data: believable, plainly fictional, across all three authorities, idempotent."""

from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from abcd.assets.models import Asset, AssetStatus
from abcd.auth.models import Role, User
from abcd.extensions import db
from abcd.links.models import Link
from abcd.people.models import ConsentRecord, Person


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0
        for model in (User, Asset, Person, Link, ConsentRecord)
    }


def test_seed_demo_is_idempotent_and_prints_credentials_once(app: Flask, geodata: Path) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["abcd", "seed-demo"])
    assert first.exit_code == 0, first.output
    assert "officer.cardiff@example.org" in first.output
    assert "shown once" in first.output
    with app.app_context():
        after_first = _counts()
    second = runner.invoke(args=["abcd", "seed-demo"])
    assert second.exit_code == 0, second.output
    assert "nothing new" in second.output
    assert "officer.cardiff@example.org" not in second.output
    with app.app_context():
        assert _counts() == after_first


def test_seed_covers_three_authorities_and_real_venues(app: Flask, geodata: Path) -> None:
    app.test_cli_runner().invoke(args=["abcd", "seed-demo"])
    with app.app_context():
        officers = db.session.scalars(sa.select(User.la_code).where(User.role == Role.OFFICER)).all()
        assert sorted(officers) == ["W06000014", "W06000015", "W06000022"]
        per_la = dict(
            db.session.execute(
                sa.select(Asset.la_code, sa.func.count()).where(Asset.source == "demo").group_by(Asset.la_code)
            ).all()
        )
        assert set(per_la) == {"W06000014", "W06000015", "W06000022"}
        demo = db.session.scalars(sa.select(Asset).where(Asset.source == "demo")).all()
        assert all(a.name_cy and a.description_cy for a in demo)  # the demo shows the Welsh experience too
        assert "Trwsiwyr Beiciau Glan-yr-afon (demo)" in {a.name_cy for a in demo}
        venues = db.session.scalars(sa.select(Asset).where(Asset.source == "real_facilities")).all()
        assert len(venues) == 196
        assert all(v.status is AssetStatus.PUBLISHED and v.source_ref for v in venues)
        assert all("demo" in p.display_name.lower() for p in db.session.scalars(sa.select(Person)))
        assert (
            db.session.scalar(sa.select(sa.func.count()).select_from(ConsentRecord)) == 31
        )  # 30 demo people + the demo resident


def test_bootstrap_loads_demo_only_into_an_empty_database(app: Flask, geodata: Path) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["abcd", "bootstrap"])
    assert "Demo data loaded." in first.output
    second = runner.invoke(args=["abcd", "bootstrap"])
    assert "Demo data loaded." not in second.output
