"""The network at the design scale, side by side in one run: graph build, metric refresh, subgraph JSON
(cached graph vs rebuilt per request), the partner finder, and the first render of a 5,000-node view.

Runs on a temporary SQLite database (never the dev one) through the real app and a real browser.
"""

from __future__ import annotations

import gc
import logging
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import flask_migrate
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd import create_app
from abcd.auth.models import Role
from abcd.auth.services import NewAccount, create_user
from abcd.extensions import db
from abcd.network import live, refresh, services
from abcd.partners.models import VenueOffer
from bench.synthetic import Design, generate, markdown_report

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-not-secret"  # noqa: S105 -- a throwaway account in a temporary database
OFFICER = "bench.officer@example.org"
CARDIFF = "W06000015"
CHROMIUM = Path("/usr/bin/chromium")


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096 / 2**20


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms (n={len(ordered)})"


def _get(client: FlaskClient, url: str) -> float:
    seconds, response = _timed(lambda: client.get(url))
    assert response.status_code == 200, (url, response.status_code)
    return float(seconds)


def _app(database: Path) -> Flask:
    return create_app({
        "TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "TILE_URL": "", "GEODATA_DIR": "",
        "JOBS_BACKEND": "off",  # the bench runs refreshes itself; none may compete with what it measures
    })  # fmt: skip


def _browser_render(app: Flask, url: str) -> str:
    """Open the view in headless Chromium twice (the second with the server's answer cached)."""
    if not CHROMIUM.exists():
        return "skipped: /usr/bin/chromium not installed"
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    results = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
            page.goto(f"{base}/auth/login")
            page.get_by_label("Email address").fill(OFFICER)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state()
            for _ in range(2):
                page.goto(base + url)
                page.wait_for_selector("#network-canvas[data-rendered=true]", timeout=60_000)
                canvas = page.locator("#network-canvas")
                results.append((canvas.get_attribute("data-rendered-at"), canvas.get_attribute("data-render-ms"),
                                canvas.get_attribute("data-nodes")))  # fmt: skip
            browser.close()
    finally:
        server.shutdown()
    (first_at, first_draw, nodes), (warm_at, warm_draw, _) = results
    return (
        f"{nodes} nodes: page open to drawn {first_at} ms (drawing {first_draw} ms); "
        f"again {warm_at} ms (drawing {warm_draw} ms)"
    )


def run(scale: float = 1.0) -> str:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would bury the table
    design = Design().scaled(scale)
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        app = _app(Path(folder) / "bench.sqlite3")
        with app.app_context():
            flask_migrate.upgrade(directory=str(REPO / "migrations"))
            seconds, counts = _timed(lambda: _generate(design))
            rows.append(
                ("synthetic data", ", ".join(f"{v:,} {k}" for k, v in counts.items()) + f" in {seconds:.0f} s", "")
            )
            create_user(NewAccount(OFFICER, PASSWORD, "Bench Officer", role=Role.OFFICER, la_code=CARDIFF))
            db.session.commit()
            gc.collect()
            before = _rss_mb()
            seconds, graph = _timed(services.load_graph)
            grown = _rss_mb() - before
            rows.append(("graph build (load rows + compact graph)",
                         f"{seconds:.1f} s, +{grown:.0f} MB RSS, {graph.number_of_nodes():,} nodes, "
                         f"{graph.number_of_edges():,} edges", ""))  # fmt: skip
            del graph
            gc.collect()
            seconds, report = _timed(refresh.refresh_metrics)
            db.session.commit()
            steps = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items() if k != "total")
            rows.append(
                (f"metric refresh ({report.engine}, 2 audiences, stored)", f"{seconds:.1f} s ({steps})", "≤ 60 s")
            )
            db.session.remove()
        rows += _requests(app, design)
        rows.append(("first render of a 5,000-node view, headless Chromium",
                     _browser_render(app, f"/network/?la={CARDIFF}&limit=5000"), "≤ 1 s"))  # fmt: skip
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    return markdown_report("Network benchmark", scale, design, rows)


def _generate(design: Design) -> dict[str, int]:
    with db.engine.begin() as connection:
        return generate(connection, design)


def _requests(app: Flask, design: Design) -> list[tuple[str, str, str]]:
    client = app.test_client()
    response = client.post("/auth/login", data={"email": OFFICER, "password": PASSWORD})
    assert response.status_code == 302
    rng = random.Random(7)
    seconds = _get(client, "/network/graph.json?focus=asset:1&radius=1")  # builds this process's graph
    focuses = [f"person:{rng.randint(1, design.people)}" for _ in range(40)]
    focuses += [f"asset:{rng.randint(1, design.assets + design.associations)}" for _ in range(20)]
    urls = []
    for key in focuses:
        url = f"/network/graph.json?focus={key}&radius=2"
        if client.get(url).status_code == 200:  # hidden people are 404 even to officers (withdrawn)
            urls.append(url)
    with app.app_context():
        live.current_graph().responses.clear()
    cold = [_get(client, url) for url in urls]
    cached = [_get(client, url) for url in urls]
    rebuilt = []
    for url in urls[:3]:
        app.extensions["abcd_live_graph"].bundle = None  # as if there were no cache: rebuild per request
        rebuilt.append(_get(client, url))
    area_cold = _get(client, f"/network/graph.json?la={CARDIFF}&limit=5000")
    area_cached = _get(client, f"/network/graph.json?la={CARDIFF}&limit=5000")
    with app.app_context():
        venues = sorted(set(db.session.scalars(sa.select(VenueOffer.asset_id))))
        db.session.remove()
    chosen = rng.sample(venues, 21)
    _get(client, f"/partners/assets/{chosen.pop()}/partners")  # warm-up: compiles the templates
    partner = [_get(client, f"/partners/assets/{asset_id}/partners") for asset_id in chosen]
    page_cold = _get(client, f"/network/?la={CARDIFF}&limit=5000")
    page_warm = _get(client, f"/network/?la={CARDIFF}&limit=5000")
    return [
        ("first request of a process (builds and caches the graph)", f"{seconds:.1f} s", ""),
        ("subgraph JSON, ego radius 2, cached graph (answers not cached)", _ms(cold), "p50 ≤ 50 ms"),
        ("subgraph JSON, same requests again (answer cache)", _ms(cached), ""),
        ("subgraph JSON, rebuilding the graph per request", _ms(rebuilt), ""),
        (
            "area view JSON, Cardiff, 5,000 nodes (first / again)",
            f"{area_cold * 1000:.0f} ms / {area_cached * 1000:.0f} ms",
            "",
        ),
        ("partner query, ranked and explained (HTTP, HTML)", _ms(partner), ""),
        ("network page with its tables, Cardiff (first / again)", f"{page_cold:.1f} s / {page_warm * 1e3:.0f} ms", ""),
    ]
