"""Two app processes on one database: a change committed in this one is in the other's very next
network answer (JSON and tables), applied as a delta, never by rebuilding its graph."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from flask import Flask

from abcd.assets.models import Asset, AssetKind
from abcd.auth.models import Role
from abcd.extensions import db
from abcd.network.models import GRAPH_STATE_TABLE
from tests import factories
from tests.conftest import REPO, login
from tests.factories import CARDIFF, PASSWORD, Cast
from tests.network.builders import MEMBERS, PUBLIC, join, link_assets, make_person
from tests.rendered_forms import submit


@dataclass
class SecondProcess:
    base: str
    log: Path
    http: requests.Session

    def graph_labels(self, **query: str | int) -> set[str]:
        response = self.http.get(f"{self.base}/network/graph.json", params=query, timeout=30)
        assert response.status_code == 200, response.text[:300]
        return {node["label"] for node in response.json()["nodes"]}

    def table(self, focus: str) -> str:
        response = self.http.get(f"{self.base}/network/", params={"focus": focus, "radius": 1}, timeout=30)
        assert response.status_code == 200
        return response.text

    def events(self) -> list[str]:
        return [line for line in self.log.read_text().splitlines() if line.startswith("abcd.network.live graph:")]


@pytest.fixture
def second(app: Flask, database_url: str, tmp_path: Path) -> Iterator[SecondProcess]:
    log = tmp_path / "second.log"
    with log.open("w") as errors:
        process = subprocess.Popen(  # noqa: S603 -- our own interpreter and module
            [sys.executable, "-m", "tests.network.second_process", database_url],
            cwd=REPO, stdout=subprocess.PIPE, stderr=errors, text=True,
        )  # fmt: skip
    assert process.stdout is not None
    with process.stdout, requests.Session() as http:
        try:
            port = int(process.stdout.readline())
            yield SecondProcess(f"http://127.0.0.1:{port}", log, http)
        finally:
            process.terminate()
            process.wait(timeout=10)


def _sign_in(second: SecondProcess, email: str) -> None:
    page = second.http.get(f"{second.base}/auth/login", timeout=30).text
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))  # hidden fields as rendered
    response = second.http.post(
        f"{second.base}/auth/login", data={**fields, "email": email, "password": PASSWORD}, timeout=30,
        allow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 302


def _seq(app: Flask) -> int:
    with app.app_context():
        return int(db.session.execute(GRAPH_STATE_TABLE.select()).first().feed_seq)  # type: ignore[union-attr]


def test_changes_reach_the_other_process_at_once_without_a_rebuild(
    app: Flask, second: SecondProcess, people: Cast
) -> None:
    with app.app_context():
        choir = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Adamsdown Choir", la_code=CARDIFF)
        choir_id = choir.asset_id
        join(make_person("Gwen Member", MEMBERS, user_id=people.ids["resident"]), choir_id)
        factories.make_user(role=Role.OFFICER, la_code=CARDIFF, email="reader@example.org")
        db.session.remove()
    focus = f"asset:{choir_id}"
    _sign_in(second, "reader@example.org")
    assert "Gwen Member" in second.graph_labels(focus=focus, radius=1)  # the other process builds its graph once
    assert len(second.events()) == 1

    with app.app_context():  # a new link
        join(make_person("Huw Newcomer", PUBLIC), choir_id)
        db.session.remove()
    assert "Huw Newcomer" in second.graph_labels(focus=focus, radius=1)
    assert "Huw Newcomer" in second.table(focus)

    with app.app_context():  # a new asset, linked to the choir
        hall = factories.make_asset(kind=AssetKind.PLACE, name_en="Llanover Hall", la_code=CARDIFF)
        link_assets(choir_id, hall.asset_id)
        db.session.remove()
    assert "Llanover Hall" in second.graph_labels(focus=focus, radius=1)
    assert "Llanover Hall" in second.graph_labels(la=CARDIFF)

    with app.app_context():  # a changed asset
        asset = db.session.get(Asset, choir_id)
        assert asset is not None
        asset.name_en = "Adamsdown Community Choir"
        db.session.commit()
    assert "Adamsdown Community Choir" in second.graph_labels(focus=focus, radius=1)
    assert "Adamsdown Community Choir" in second.table(focus)

    writer = app.test_client()  # a withdrawn consent, through the resident's own page
    login(writer, people.resident)
    assert submit(writer, writer.get("/people/me"), action="/people/me/withdraw").status_code == 302
    assert "Gwen Member" not in second.graph_labels(focus=focus, radius=1)
    assert "Gwen Member" not in second.table(focus)

    first, *deltas = second.events()
    assert "build (first request)" in first
    assert len(deltas) == 4
    assert all("(no rebuild)" in line for line in deltas), deltas
    assert f"delta to seq {_seq(app)}" in deltas[-1]
