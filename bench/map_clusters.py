"""The asset map in headless Chromium, clusters from the server against clustering in the page, side by side.

At each size (1k, 10k, 50k assets at scale 1), for each way of clustering, a fresh browser context:
navigation to the first clusters drawn, the JavaScript heap then (after a garbage collection), bytes over
the wire for the first view (page, scripts, styles, data) and for one zoom step, the zoom step's time end to
end (the view changes, the map asks, draws, and the browser paints), and the server's time per data request
(Flask test client, median). The old path is the same app with ``MAP_CLUSTERS = "client"``.

Goals at 50k (issue 18): first clusters <= 1.5 s, heap <= 60 MB, first view <= 100 KB, zoom step <= 150 ms.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from abcd.extensions import db
from abcd.maps import clusters as clusters_module
from bench.maps import default_geodata, make_bench_app
from bench.synthetic_assets import insert_assets

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
SIZES = (1_000, 10_000, 50_000)
GOALS = {"first_ms": 1500, "heap_mb": 60, "first_kb": 100, "zoom_ms": 150}
MAP = "document.getElementById('map_assets')"
# Clusters drawn: the status says how many assets are on the map, and a cluster or marker is on screen.
DRAWN = (
    "() => { var s = document.getElementById('map-status');"
    " return s && /: \\d+\\s*$/.test(s.textContent) && document.querySelector('.abcd-cluster, .abcd-marker')"
    " ? performance.now() : false; }"
)
CITY_CENTRE = (51.4816, -3.1791)  # Queen Street, Cardiff
ZOOM_STEPS = 5  # zoom steps timed per row (the median is shown): 10 to 15
ZOOM_IN = (
    "(centre) => { window.abcdMoved = false; map_assets.once('moveend', function () { window.abcdMoved = true; });"
    " var t = performance.now(); map_assets.setView(centre, map_assets.getZoom() + 1, {animate: false}); return t; }"
)
BUTTON_STEPS = 3  # then 15 to 18 with the + button, the centre kept
ZOOM_BUTTON = (
    "() => { window.abcdMoved = false; map_assets.once('moveend', function () { window.abcdMoved = true; });"
    " var t = performance.now(); map_assets.setZoom(map_assets.getZoom() + 1, {animate: false}); return t; }"
)
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"
SETTLED = (
    "(before) => { var m = " + MAP + ", s = document.getElementById('map-status');"
    " var ready = m.dataset.abcdDrawn ? Number(m.dataset.abcdDrawn) > before"
    " : (window.abcdMoved && !document.querySelector('.leaflet-cluster-anim') && /: \\d+\\s*$/.test(s.textContent));"
    " return ready ? performance.now() : false; }"
)


@dataclass
class Row:
    assets: int
    mode: str  # "server" or "client"
    first_ms: float
    heap_mb: float
    first_kb: float
    data_kb: float
    zoom_ms: float
    zoom_kb: float
    button_ms: float  # a step in with the same centre (the + button, the keyboard's +)
    server_first_ms: float
    server_zoom_ms: float | None
    server_cold_ms: float | None  # the zoom step's request with no grid kept (a new data version)
    clusters: int


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


class Wire:
    """Bytes received (as sent: compressed when gzip) and the data URLs asked for, from Chromium's own log."""

    def __init__(self, page: Page) -> None:
        self.bytes = 0
        self.data_bytes = 0
        self.data_urls: list[str] = []
        self._urls: dict[str, str] = {}
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send("Performance.enable")
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event: dict[str, Any]) -> None:
        url = event["request"]["url"]
        self._urls[event["requestId"]] = url
        if "/maps/clusters.json" in url or "/maps/assets.geojson" in url:
            self.data_urls.append(url)

    def _finished(self, event: dict[str, Any]) -> None:
        self.bytes += int(event["encodedDataLength"])
        url = self._urls.get(event["requestId"], "")
        if "/maps/clusters.json" in url or "/maps/assets.geojson" in url:
            self.data_bytes += int(event["encodedDataLength"])

    def heap_mb(self) -> float:
        self.cdp.send("HeapProfiler.collectGarbage")
        metrics = {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}
        return float(metrics["JSHeapUsedSize"]) / 1024 / 1024


def _server_ms(app: Flask, url: str | None, repeat: int, cold: bool = False) -> float | None:
    if url is None:
        return None
    if cold:  # as after any write: the grids kept for the old version are no use
        clusters_module._grids.clear()
        repeat = 1
    parts = urlsplit(url)
    path = f"{parts.path}?{parts.query}"
    client = app.test_client()
    headers = {"Accept-Encoding": "gzip"}
    if not cold:
        client.get(path, headers=headers)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def _steps(page: Page, wire: Wire, script: str, count: int) -> tuple[list[float], list[float], list[str]]:
    """Time ``count`` zoom steps made by ``script``: from the call to two frames after the redraw."""
    steps_ms, steps_kb, urls = [], [], []
    for _ in range(count):
        wire.bytes, wire.data_urls = 0, []
        before = int(page.evaluate(f"() => Number({MAP}.dataset.abcdDrawn || 0)"))
        started = float(page.evaluate(script, list(CITY_CENTRE)))
        ended = float(page.wait_for_function(SETTLED, arg=before, polling="raf").json_value())
        painted = float(page.evaluate(TWO_FRAMES))
        page.wait_for_timeout(300)  # a reader looks before the next step
        steps_ms.append(max(ended, painted) - started)
        steps_kb.append(wire.bytes / 1024)
        urls += wire.data_urls
    return steps_ms, steps_kb, urls


def measure(browser: Browser, app: Flask, base: str, size: int, mode: str, repeat: int) -> Row:
    context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(120_000)
    page = context.new_page()
    wire = Wire(page)
    page.goto("/maps/", wait_until="commit")
    first_ms = float(page.wait_for_function(DRAWN, polling="raf").json_value())
    page.wait_for_timeout(200)  # let anything still loading (people layer) finish before bytes are counted
    first_bytes, data_bytes, first_urls = wire.bytes, wire.data_bytes, list(wire.data_urls)
    heap = wire.heap_mb()
    clusters = page.locator(".abcd-cluster").count()
    steps_ms, steps_kb, zoom_urls = _steps(page, wire, ZOOM_IN, ZOOM_STEPS)
    button_ms, _button_kb, _button_urls = _steps(page, wire, ZOOM_BUTTON, BUTTON_STEPS)
    context.close()
    return Row(
        assets=size,
        mode=mode,
        first_ms=first_ms,
        heap_mb=heap,
        first_kb=first_bytes / 1024,
        data_kb=data_bytes / 1024,
        zoom_ms=statistics.median(steps_ms),
        zoom_kb=statistics.median(steps_kb),
        button_ms=statistics.median(button_ms),
        server_first_ms=_server_ms(app, first_urls[-1] if first_urls else None, repeat) or 0.0,
        server_zoom_ms=_server_ms(app, zoom_urls[-1] if zoom_urls else None, repeat),
        server_cold_ms=_server_ms(app, zoom_urls[-1] if zoom_urls else None, repeat, cold=True),
        clusters=clusters,
    )


def run_sizes(sizes: list[int], repeat: int = 5, geodata: Path | None = None) -> list[Row]:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would bury the table
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="abcd-bench-") as folder:
        server_app = make_bench_app(Path(folder), geodata)
        client_app = make_bench_app(Path(folder), None, MAP_CLUSTERS="client")
        with serving(server_app) as server_base, serving(client_app) as client_base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            present = 0
            for size in sorted(sizes):
                with server_app.app_context():
                    db.session.info["actor_id"] = None
                    insert_assets(size - present, seed=size)
                    db.session.commit()
                present = size
                rows.append(measure(browser, server_app, server_base, size, "server", repeat))
                rows.append(measure(browser, client_app, client_base, size, "client", repeat))
            browser.close()
        for app in (server_app, client_app):
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    return rows


def _goal(value: float, goal: float) -> str:
    return f"{value:,.0f}" + ("" if value <= goal else " ✗")


def report(rows: list[Row], repeat: int) -> str:
    lines = [
        "| assets | clustering | first clusters drawn | JS heap | first view over the wire (of it data) "
        "| zoom step towards a place / with + | zoom step over the wire "
        "| server time: first view / zoom step (no grid kept) | clusters drawn |",
        "|" + "---|" * 9,
    ]
    for r in rows:
        zoom_server = (
            f"{r.server_zoom_ms:,.1f} ms ({r.server_cold_ms or 0:,.1f} ms)"
            if r.server_zoom_ms is not None
            else "no request"
        )
        lines.append(
            f"| {r.assets:,} | {'server' if r.mode == 'server' else 'in the page (before)'} "
            f"| {_goal(r.first_ms, GOALS['first_ms'])} ms | {_goal(r.heap_mb, GOALS['heap_mb'])} MB "
            f"| {_goal(r.first_kb, GOALS['first_kb'])} KB ({r.data_kb:,.1f} KB) "
            f"| {_goal(r.zoom_ms, GOALS['zoom_ms'])} / {_goal(r.button_ms, GOALS['zoom_ms'])} ms | {r.zoom_kb:,.1f} KB "
            f"| {r.server_first_ms:,.1f} ms / {zoom_server} | {r.clusters:,} |"
        )
    lines += [
        "",
        "Headless Chromium (Debian's), 1280×800, tiles off, a fresh context (empty cache) per row; SQLite on a",
        "temporary file, werkzeug's threaded server on 127.0.0.1. First clusters: navigation start to the first",
        "frame with the status and a cluster or marker drawn. Heap: JSHeapUsedSize after a garbage collection.",
        "Over the wire: Chromium's encodedDataLength (gzip as sent). Zoom step: median of five steps in (zoom 10",
        "to 15, towards Cardiff's centre), from setView to two frames after the redraw, in time and bytes; "
        "with +: median of three steps in keeping the centre (15 to 18), which the map has asked for ahead. "
        f"Server time: Flask test client, median of {repeat}, gzip; in brackets the same request "
        "just after a write (no grid kept for the new version: the whole-area grid is built). "
        "✗ marks a miss of the 50k goal "
        f"(first clusters ≤ {GOALS['first_ms']} ms, heap ≤ {GOALS['heap_mb']} MB, first view ≤ "
        f"{GOALS['first_kb']} KB, zoom step ≤ {GOALS['zoom_ms']} ms).",
    ]
    return "\n".join(lines)


def run(scale: float = 1.0) -> str:
    """``python -m bench --only map_clusters [--scale 0.1]``: the table in Markdown."""
    sizes = [max(100, round(size * scale)) for size in SIZES]
    print(f"Map clusters in Chromium at {', '.join(f'{s:,}' for s in sizes)} assets …", flush=True)
    return report(run_sizes(sizes, geodata=default_geodata()), 5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.map_clusters", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 1k, 10k, 50k assets")
    args = parser.parse_args(argv)
    print(run(args.scale))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
