"""Fixtures: one migrated database per run, or per xdist worker (SQLite file, or PostgreSQL via TEST_DATABASE_URL),
geography loaded once, and every other table emptied after each test."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd import create_app
from abcd.areas.loader import load_geography
from abcd.assets.models import AssetKind, AssetStatus
from abcd.changes.models import ChangeKind, ChangeRequest
from abcd.extensions import db
from abcd.jobs import runner as jobs
from abcd.jobs.thread_runner import ThreadRunner
from abcd.models_base import Visibility
from abcd.partners.models import OfferCategory, OfferDirection, VenueOffer
from abcd.people.models import SkillStatus
from abcd.workshops.models import Workshop, WorkshopState
from tests import factories, mailserver
from tests.factories import CARDIFF, Cast
from tests.mailserver import Mailbox, SmtpServer

REPO = Path(__file__).resolve().parent.parent
GEODATA = Path(os.environ.get("ABCD_GEODATA_DIR") or REPO.parent / "shared" / "data")
# In CI nothing may be skipped for lack of data or a browser: it must fail instead.
STRICT = os.environ.get("CI") == "true" or os.environ.get("ABCD_STRICT_TESTS") == "1"
MATRIX_JOIN_CODE = "WKMTRX"  # the world's open Cardiff workshop
KEPT_TABLES = {"local_authority", "ward", "postcode", "dataset_load", "alembic_version"}


def require(condition: bool, reason: str) -> None:
    """Skip on a developer's laptop that lacks something; fail in CI, where it must be present."""
    if condition:
        return
    if STRICT:
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


def test_config(database_url: str, **overrides: object) -> dict[str, object]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "TILE_URL": "",
        "JOBS_BACKEND": "off",  # no background refresh racing a test; tests/jobs turn a runner on
        "GEODATA_DIR": str(GEODATA) if GEODATA.is_dir() else "",
        "GRAPH_SNAPSHOTS": False,  # never the developer's instance folder; the snapshot tests choose their own
        "PAGE_CACHE": False,  # pages made afresh for every request; tests/ops/test_page_cache.py turns it on
        **overrides,
    }


test_config.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test, though imported by tests


def worker_database(url: str, worker: str) -> str:
    """Under pytest-xdist each worker migrates and empties its own database, so on PostgreSQL worker gw1
    gets ``<TEST_DATABASE_URL's database>_gw1``, created on the same server if it is not there yet."""
    base = sa.make_url(url)
    own = base.set(database=f"{base.database}_{worker}")
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")  # CREATE DATABASE runs outside a transaction
    try:
        with engine.connect() as connection:
            query = sa.text("SELECT 1 FROM pg_database WHERE datname = :name")
            exists = connection.scalar(query, {"name": own.database})
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{own.database}"'))
    finally:
        engine.dispose()
    return own.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """TEST_DATABASE_URL (PostgreSQL, one database per xdist worker), or else a SQLite file in this
    process's own temporary folder (so per worker too)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        return worker_database(url, worker) if worker else url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def _drop_everything() -> None:
    """The database may outlive a previous run (PostgreSQL): start from nothing."""
    db.session.remove()
    db.metadata.drop_all(db.engine)
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def dispose(app: Flask) -> None:
    """Close an app's pooled connections (PostgreSQL's would otherwise be left open at exit), and stop its
    graph wake-up subscriber, if it started one."""
    subscriber = app.extensions.get("abcd_graph_wakeup")
    if subscriber is not None:
        subscriber.stop()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server on a free localhost port for the whole run; every test app sends to it."""
    controller, server = mailserver.start()
    yield server
    controller.stop()


@pytest.fixture
def mailbox(smtp_server: SmtpServer) -> Mailbox:
    """The messages delivered to the test SMTP server during this test."""
    smtp_server.mailbox.clear()
    return smtp_server.mailbox


@pytest.fixture(scope="session")
def app(database_url: str, smtp_server: SmtpServer) -> Iterator[Flask]:
    app = create_app(test_config(database_url, **smtp_server.settings))
    with app.app_context():
        _drop_everything()
        flask_migrate.upgrade()
        if GEODATA.is_dir():
            load_geography(GEODATA)
            db.session.commit()
        db.session.remove()
    yield app
    dispose(app)


@pytest.fixture
def make_app(app: Flask, database_url: str, smtp_server: SmtpServer) -> Iterator[Callable[..., Flask]]:
    """Another app on the same (migrated) database with different settings, cleaned up after: its
    in-process job thread stopped first, so no job opens a connection after the pool is closed (one that
    did was left open, and its warning surfaced, at garbage collection, in whichever test came next)."""
    made: list[Flask] = []

    def _make(**overrides: object) -> Flask:
        made.append(create_app(test_config(database_url, **{**smtp_server.settings, **overrides})))
        return made[-1]

    yield _make
    for extra in made:
        runner = jobs.runner(extra)
        if isinstance(runner, ThreadRunner):
            runner.stop()
        dispose(extra)


@pytest.fixture
def thread_app(make_app: Callable[..., Flask]) -> Iterator[Flask]:
    """An app whose background jobs run on the in-process thread runner (stopped afterwards)."""
    app = make_app(JOBS_BACKEND="thread")
    yield app
    runner = jobs.runner(app)
    assert isinstance(runner, ThreadRunner)
    runner.stop()


@pytest.fixture(autouse=True)
def _clean_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                if table.name not in KEPT_TABLES:
                    connection.execute(table.delete())


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[Flask]:
    with app.test_request_context():
        db.session.info["actor_id"] = None
        yield app
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def geodata(app: Flask) -> Path:
    require(GEODATA.is_dir(), f"open data folder {GEODATA} not found")
    return GEODATA


@pytest.fixture
def people(app: Flask) -> factories.Cast:
    """One user of each role: a resident, officers for Cardiff and Newport, and an admin."""
    with app.app_context():
        cast = factories.make_cast()
        db.session.remove()
    return cast


def login(client: FlaskClient, email: str, password: str = factories.PASSWORD) -> None:
    response = client.post("/auth/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


@dataclass(frozen=True)
class World:
    """One of everything, for tests that sweep every route: the access matrix and the axe crawl."""

    cast: Cast
    ids: dict[str, int]
    token: str


@pytest.fixture
def world(app: Flask, people: Cast) -> World:
    with app.app_context():
        published = factories.make_asset(la_code=CARDIFF, created_by_id=people.ids["officer_cardiff"])
        pending = factories.make_asset(
            la_code=CARDIFF, status=AssetStatus.PENDING, created_by_id=people.ids["resident"]
        )
        group = factories.make_asset(la_code=CARDIFF, kind=AssetKind.ASSOCIATION, name_en="Matrix Choir")
        skill = factories.make_skill("Matrix singing")
        proposed = factories.make_skill("Matrix juggling", status=SkillStatus.PROPOSED)
        mine = factories.make_person(user_id=people.ids["resident"], skills=[skill])
        public = factories.make_person(visibility=Visibility.PUBLIC, accepts_messages=True)
        recorded, token = factories.make_recorded_person()
        offer = VenueOffer(asset_id=published.asset_id, direction=OfferDirection.OFFERS, category=OfferCategory.SPACE)
        suggestion = ChangeRequest(
            kind=ChangeKind.NEW, asset_id=pending.asset_id, la_code=CARDIFF, asset_kind=pending.kind,
            proposed={"name_en": pending.name_en, "kind": pending.kind.value}, submitted_by_id=people.ids["resident"],
        )  # fmt: skip
        workshop = Workshop(
            title="Matrix workshop", held_on=date(2027, 3, 14), la_code=CARDIFF, join_code=MATRIX_JOIN_CODE,
            state=WorkshopState.OPEN,
        )  # fmt: skip
        db.session.add_all([offer, suggestion, workshop])
        db.session.commit()
        ids = {
            "offer": offer.venue_offer_id,
            "published": published.asset_id,
            "pending": pending.asset_id,
            "change": suggestion.change_id,
            "group": group.asset_id,
            "proposed": proposed.skill_id,
            "public_person": public.person_id,
            "my_skill": factories.person_skill_ids(mine)[0],
            "resident_id": people.ids["resident"],
            "recorded": recorded.person_id,
            "workshop": workshop.workshop_id,
        }
        db.session.remove()
    return World(people, ids, token)
