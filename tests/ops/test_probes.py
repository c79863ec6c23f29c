"""/health answers while the process lives; /ready only when the database is reachable and migrated to the
code's head, and Redis answers when configured: otherwise 503, naming the check that failed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from abcd.ops.checks import script_heads


def test_health_is_json_and_needs_no_database(make_app: Callable[..., Flask]) -> None:
    app = make_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_ready_when_migrated(app: Flask) -> None:
    response = app.test_client().get("/ready")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ready"
    database = body["checks"]["database"]
    assert database["ok"] is True
    with app.app_context():
        heads = sorted(script_heads())
    assert heads
    assert database["revision"] == heads == database["head"]
    assert "redis" not in body["checks"]  # not configured, so not checked


def test_not_ready_when_database_unreachable(make_app: Callable[..., Flask]) -> None:
    app = make_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/ready")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "not ready"
    assert body["checks"]["database"]["ok"] is False
    assert "OperationalError" in body["checks"]["database"]["error"]


def test_not_ready_when_migrations_behind(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'behind.sqlite3'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        connection.execute(sa.text("INSERT INTO alembic_version VALUES ('0123456789ab')"))
    engine.dispose()
    response = make_app(SQLALCHEMY_DATABASE_URI=url).test_client().get("/ready")
    assert response.status_code == 503
    database = response.get_json()["checks"]["database"]
    assert database["ok"] is False
    assert database["revision"] == ["0123456789ab"]
    assert "flask db upgrade" in database["error"]


def test_redis_checked_when_configured(make_app: Callable[..., Flask], redis_url: str, tmp_path: Path) -> None:
    up = make_app(REDIS_URL=redis_url).test_client().get("/ready")
    assert up.status_code == 200
    assert up.get_json()["checks"]["redis"]["ok"] is True
    down = make_app(REDIS_URL=f"unix://{tmp_path / 'no-redis.sock'}").test_client().get("/ready")
    assert down.status_code == 503
    checks = down.get_json()["checks"]
    assert checks["database"]["ok"] is True
    assert checks["redis"]["ok"] is False
    assert "ConnectionError" in checks["redis"]["error"]
