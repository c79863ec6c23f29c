"""A workshop under load at the design scale: 40 participants capture from their phones (one contribution every
~10 s each, for 5 minutes by default) while a facilitator accepts everything from the console and a projector
polls screen.json every second, all against a real gunicorn server (the production settings: workers and threads)
on 127.0.0.1. Measures acceptance → on the projector, capture and accept times, errors, and lost contributions
(every one a phone was told was sent must be in the database afterwards).

`python -m bench --only workshops [--seconds 30]`, or `python -m bench.workshops --seconds 20 --scale 0.01`.
Runs on a temporary SQLite database (never the dev one).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import flask_migrate
import requests
import sqlalchemy as sa

from abcd import create_app
from abcd.areas.models import Postcode, Ward
from abcd.auth.models import Role
from abcd.auth.services import NewAccount, create_user
from abcd.extensions import db
from abcd.workshops import services
from abcd.workshops.models import Contribution, WorkshopState
from bench.live import OFFICER, PASSWORD, _free_port
from bench.synthetic import Design, generate, markdown_report

REPO = Path(__file__).resolve().parent.parent
CARDIFF = "W06000015"
PARTICIPANTS = 40
SECONDS = 300.0
INTERVAL = 10.0  # seconds between one participant's contributions
POLL = 1.0  # as the projector polls (static/js/workshop_screen.js)
KINDS = ("gift", "story", "place")  # links are left out: how their ends are chosen is being reworked
POSTCODES = ("CF24 0AA", "CF24 0AB", "CF24 0AD", "CF24 0AE")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
Row = tuple[str, str, str]


@dataclass
class Tally:
    """What every thread saw, under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    errors: list[str] = field(default_factory=list)
    acknowledged: set[str] = field(default_factory=set)  # unique words of each contribution a phone was told was sent
    capture_seconds: list[float] = field(default_factory=list)
    accept_seconds: list[float] = field(default_factory=list)
    accepted_at: dict[int, float] = field(default_factory=dict)  # contribution id → when the facilitator pressed Accept
    seen_at: dict[int, float] = field(default_factory=dict)  # contribution id → first poll that showed it
    versions: int = 0

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def _p(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else float("nan")


def _times(samples: list[float]) -> str:
    if not samples:
        return "none"
    return (f"p50 {statistics.median(samples) * 1000:.0f} ms, p95 {_p(samples, 0.95) * 1000:.0f} ms, "
            f"max {max(samples) * 1000:.0f} ms (n={len(samples)})")  # fmt: skip


def _token(http: requests.Session, url: str) -> str:
    found = CSRF.search(http.get(url, timeout=30).text)
    return found.group(1) if found else ""


def _prepare(database: Path, design: Design) -> tuple[int, str]:
    """A migrated database with the synthetic community, an officer, postcodes to place things at, and an
    open workshop. Returns its id and join code."""
    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "RATELIMIT_ENABLED": False, "TILE_URL": "", "GEODATA_DIR": "", "JOBS_BACKEND": "off",
        "GRAPH_SNAPSHOTS": False,
    })  # fmt: skip
    with app.app_context():
        flask_migrate.upgrade(directory=str(REPO / "migrations"))
        with db.engine.begin() as connection:
            generate(connection, design)
        officer = create_user(NewAccount(OFFICER, PASSWORD, "Bench Officer", role=Role.OFFICER, la_code=CARDIFF))
        ward = db.session.scalar(sa.select(Ward).where(Ward.la_code == CARDIFF).order_by(Ward.code))
        assert ward is not None
        latitude, longitude = ward.centroid_lat or 51.48, ward.centroid_lon or -3.18
        for n, postcode in enumerate(POSTCODES):
            db.session.add(Postcode(postcode=postcode, latitude=latitude + n * 0.001, longitude=longitude,
                                    in_area=True, la_code=CARDIFF, la_name="Cardiff", ward_code=ward.code))  # fmt: skip
        data = services.WorkshopInput(title="Bench workshop", held_on=date.today(), la_code=CARDIFF,
                                      ward_codes=[ward.code])  # fmt: skip
        workshop = services.create_workshop(data, officer)
        services.set_state(workshop, WorkshopState.OPEN)
        db.session.commit()
        found = workshop.workshop_id, str(workshop.join_code)
        db.session.remove()
        db.engine.dispose()
    return found


class Start:
    """The capture window opens when every phone has joined, for everyone at once."""

    def __init__(self, phones: int, seconds: float) -> None:
        self.until = 0.0
        self.barrier = threading.Barrier(phones, action=self._open, timeout=600)
        self.seconds = seconds

    def _open(self) -> None:
        self.until = time.monotonic() + self.seconds


def _join(http: requests.Session, base: str, code: str, number: int, tally: Tally) -> str | None:
    """Join as the join page asks; the capture page's form token, or None (an error) when refused."""
    try:
        token = _token(http, f"{base}/join/{code}")
        fill = {"csrf_token": token, "age": "13plus", "display_name": f"Bench participant {number}", "keep": "yes",
                "audience": "public"}  # fmt: skip
        joined = http.post(f"{base}/join/{code}", data=fill, timeout=30, allow_redirects=False)
        if joined.status_code == 302:
            return _token(http, f"{base}/join/{code}/add")
        tally.error(f"join {joined.status_code}")
    except requests.RequestException as error:
        tally.error(f"join {type(error).__name__}")
    return None


def _participant(base: str, code: str, number: int, start: Start, interval: float, tally: Tally) -> None:
    """Join, wait for the whole room to be in, then capture until the window closes."""
    rng = random.Random(number)
    with requests.Session() as http:
        # A phone that sends every ~10 s finds the server's keep-alive (2 s) long gone: a new connection each time.
        http.headers["Connection"] = "close"
        token = _join(http, base, code, number, tally)
        start.barrier.wait()
        if token is None:
            return
        next_at, sent = time.monotonic() + rng.uniform(0, interval), 0
        while next_at < start.until:
            time.sleep(max(0.0, next_at - time.monotonic()))
            words = f"b{number}-{sent}"
            kind = KINDS[(number + sent) % len(KINDS)]
            values = {"gift": {"skill": f"Bench skill {words}", "gift_type": "hands", "mode": "offered"},
                      "story": {"text": f"Bench story {words}"},
                      "place": {"name": f"Bench place {words}", "asset_kind": "association",
                                "postcode": rng.choice(POSTCODES)}}[kind]  # fmt: skip
            started = time.monotonic()
            try:
                response = http.post(f"{base}/join/{code}/add/{kind}", data={"csrf_token": token, **values},
                                     timeout=30, allow_redirects=False)  # fmt: skip
            except requests.RequestException as error:
                tally.error(f"capture {type(error).__name__}")
            else:
                if response.status_code == 302 and response.headers.get("Location", "").endswith("/add"):
                    with tally.lock:
                        tally.acknowledged.add(words)
                        tally.capture_seconds.append(time.monotonic() - started)
                else:
                    tally.error(f"capture {response.status_code}")
            sent += 1
            next_at += interval * rng.uniform(0.8, 1.2)


def _facilitator(base: str, workshop_id: int, capturing: threading.Event, tally: Tally) -> None:
    """Accept everything waiting, oldest first, as fast as the console allows; then empty the lane."""
    tried: dict[int, int] = {}
    with requests.Session() as http:
        data = {"email": OFFICER, "password": PASSWORD, "csrf_token": _token(http, f"{base}/auth/login")}
        http.post(f"{base}/auth/login", data=data, timeout=30)
        drain_until = None  # once the room stops: a minute at most to empty the lane
        while drain_until is None or time.monotonic() < drain_until:
            if drain_until is None and not capturing.is_set():
                drain_until = time.monotonic() + 60
            try:
                console = http.get(f"{base}/workshops/{workshop_id}", timeout=60)
            except requests.RequestException as error:
                tally.error(f"console {type(error).__name__}")
                continue
            if console.status_code != 200:
                tally.error(f"console {console.status_code}")
            found = re.findall(rf"/workshops/{workshop_id}/contributions/(\d+)/accept", console.text)
            waiting = [i for i in dict.fromkeys(int(n) for n in found) if tried.get(i, 0) < 2]
            token = (CSRF.search(console.text) or [None, ""])[1]
            if not waiting:
                if drain_until is not None:
                    return
                time.sleep(0.2)
                continue
            for contribution_id in waiting:
                tried[contribution_id] = tried.get(contribution_id, 0) + 1
                started = time.monotonic()
                try:
                    response = http.post(f"{base}/workshops/{workshop_id}/contributions/{contribution_id}/accept",
                                         data={"csrf_token": token}, timeout=60, allow_redirects=False)  # fmt: skip
                except requests.RequestException as error:
                    tally.error(f"accept {type(error).__name__}")
                    continue
                if response.status_code != 302:
                    tally.error(f"accept {response.status_code}")
                    continue
                with tally.lock:
                    tally.accepted_at.setdefault(contribution_id, started)
                    tally.accept_seconds.append(time.monotonic() - started)


def _projector(base: str, workshop_id: int, running: threading.Event, tally: Tally) -> None:
    with requests.Session() as http:
        data = {"email": OFFICER, "password": PASSWORD, "csrf_token": _token(http, f"{base}/auth/login")}
        http.post(f"{base}/auth/login", data=data, timeout=30)
        version = None
        while running.is_set():
            started = time.monotonic()
            try:
                response = http.get(f"{base}/workshops/{workshop_id}/screen.json", timeout=30)
                screen = response.json() if response.status_code == 200 else None
            except (requests.RequestException, ValueError) as error:
                tally.error(f"screen {type(error).__name__}")
                screen = None
            if screen is None:
                tally.error("screen unreadable")
            else:
                now = time.monotonic()
                with tally.lock:
                    tally.versions += screen["version"] != version
                    for item in screen["items"]:
                        tally.seen_at.setdefault(int(item["id"]), now)
                version = screen["version"]
            time.sleep(max(0.0, POLL - (time.monotonic() - started)))


def _server(database: Path, folder: Path, port: int) -> subprocess.Popen[bytes]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "ABCD_SECRET_KEY": "bench", "ABCD_TILE_URL": "",
           "ABCD_GRAPH_SNAPSHOT_DIR": str(folder / "graph"), "ABCD_JOBS_BACKEND": "off",
           "ABCD_BIND": f"127.0.0.1:{port}"}  # fmt: skip
    with open(folder / "server.log", "wb") as log:
        return subprocess.Popen(  # noqa: S603 -- the venv's own gunicorn, with the production settings file
            [str(gunicorn), "-c", "gunicorn.conf.py", "wsgi:app"], cwd=REPO, env=env, stdout=log, stderr=log
        )


def _wait_for(base: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(3000):
        if server.poll() is not None:
            raise RuntimeError("the server stopped while starting")
        try:
            requests.get(f"{base}/join", timeout=5)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def _found_in_database(database: Path, workshop_id: int) -> tuple[set[str], dict[str, int]]:
    """The unique words of every contribution stored, and how many are in each state (and of which kind)."""
    engine = sa.create_engine(f"sqlite:///{database}")
    query = sa.select(Contribution.values, Contribution.status, Contribution.kind)
    with engine.connect() as connection:
        rows = list(connection.execute(query.where(Contribution.workshop_id == workshop_id)))
    engine.dispose()
    words = {str(value).rsplit(" ", 1)[-1] for values, *_ in rows for value in (values or {}).values() if value}
    states: dict[str, int] = {}
    for _values, status, kind in rows:
        states[f"{status.value} {kind.value}"] = states.get(f"{status.value} {kind.value}", 0) + 1
    return words, states


def measure(scale: float = 1.0, seconds: float = SECONDS, participants: int = PARTICIPANTS,
            interval: float = INTERVAL) -> dict[str, Any]:  # fmt: skip
    """Run the load once; every figure the report shows, as plain data."""
    design = Design().scaled(scale)
    tally = Tally()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        database = folder / "bench.sqlite3"
        workshop_id, code = _prepare(database, design)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = _server(database, folder, port)
        try:
            _wait_for(base, server)
            capturing, running = threading.Event(), threading.Event()
            capturing.set()
            running.set()
            start = Start(participants, seconds)
            phones = [threading.Thread(target=_participant, args=(base, code, n, start, interval, tally))
                      for n in range(participants)]  # fmt: skip
            facilitator = threading.Thread(target=_facilitator, args=(base, workshop_id, capturing, tally))
            projector = threading.Thread(target=_projector, args=(base, workshop_id, running, tally))
            for thread in (*phones, facilitator, projector):
                thread.start()
            for thread in phones:
                thread.join()
            capturing.clear()
            facilitator.join(timeout=300)
            time.sleep(POLL * 3)  # the projector's last polls
            running.clear()
            projector.join(timeout=60)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        with tally.lock:
            found, states = _found_in_database(database, workshop_id)
            latencies = [tally.seen_at[i] - at for i, at in tally.accepted_at.items() if i in tally.seen_at]
            return {
                "design": design, "seconds": seconds, "participants": participants, "interval": interval,
                "acknowledged": len(tally.acknowledged), "lost": sorted(tally.acknowledged - found),
                "accepted": len(tally.accepted_at), "not_seen": len(tally.accepted_at) - len(latencies),
                "latencies": latencies, "capture": list(tally.capture_seconds), "accept": list(tally.accept_seconds),
                "errors": list(tally.errors), "versions": tally.versions, "states": states,
            }  # fmt: skip


def report(found: dict[str, Any], scale: float) -> str:
    errors = found["errors"]
    latencies = found["latencies"]
    summary = ", ".join(f"{text} ×{errors.count(text)}" for text in dict.fromkeys(errors)) if errors else ""
    rows: list[Row] = [
        (f"{found['participants']} participants capturing for {found['seconds']:.0f} s, one every "
         f"~{found['interval']:.0f} s each (gifts, stories, places)",
         f"{found['acknowledged']} contributions acknowledged", ""),
        ("capture request (a phone's Send)", _times(found["capture"]), ""),
        ("accept request (the facilitator's Accept)", _times(found["accept"]), ""),
        (f"acceptance → on the projector (screen.json polled every {POLL:.0f} s; {found['versions']} versions seen)",
         _times(latencies) + (f"; {found['not_seen']} accepted but never seen" if found["not_seen"] else ""),
         "p95 ≤ 2 s"),
        ("errors (any refused or failed request)", f"{len(errors)}" + (f": {summary}" if summary else ""), "0"),
        ("lost contributions (acknowledged, not in the database)", str(len(found["lost"])), "0"),
        ("left waiting at the end (not accepted within a minute of the room stopping, or refused)",
         ", ".join(f"{n} {state.split()[1]}" for state, n in sorted(found["states"].items())
                   if state.startswith("waiting")) or "0", ""),
        ("server", "gunicorn -c gunicorn.conf.py (2 workers × 4 threads, graph preloaded), SQLite", ""),
    ]  # fmt: skip
    return markdown_report("Workshop load benchmark", scale, found["design"], rows)


def run(scale: float = 1.0, seconds: float | None = None) -> str:
    return report(measure(scale, seconds or SECONDS), scale)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the design scale (default 1)")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="how long the room captures (default 300)")
    args = parser.parse_args(argv)
    print(run(args.scale, args.seconds), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
