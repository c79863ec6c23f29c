"""When the database is out of reach (restarting, refusing connections, a file that cannot be opened), pages
and JSON say so with a 503 and Retry-After, never a 500. Real drivers, real refusals: no mock."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from abcd import create_app
from tests.conftest import test_config
from tests.mailserver import free_port


def _unreachable(kind: str, tmp_path: Path) -> Flask:
    if kind == "postgresql":  # nothing listens on a free port: psycopg's "connection refused"
        url = f"postgresql+psycopg://abcd@127.0.0.1:{free_port()}/abcd?connect_timeout=2"
    else:  # a database file in a folder that does not exist: sqlite3's "unable to open database file"
        url = f"sqlite:///{tmp_path / 'gone' / 'abcd.sqlite3'}"
    return create_app(test_config(url))


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_pages_say_the_database_is_briefly_unavailable(kind: str, tmp_path: Path) -> None:
    client = _unreachable(kind, tmp_path).test_client()
    page = client.get("/assets/")
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "5"
    assert "cannot reach its database for a moment" in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_json_routes_answer_503_in_the_error_shape(kind: str, tmp_path: Path) -> None:
    client = _unreachable(kind, tmp_path).test_client()
    answer = client.get("/api/v1/assets")
    assert answer.status_code == 503
    assert answer.get_json()["error"]["code"] == "unavailable"
    assert "cannot reach its database" in answer.get_json()["error"]["message"]


def test_welsh_readers_are_told_in_welsh(tmp_path: Path) -> None:
    page = _unreachable("sqlite", tmp_path).test_client().get("/assets/?lang=cy")
    assert page.status_code == 503
    assert "gyrraedd ei chronfa ddata" in page.get_data(as_text=True)
