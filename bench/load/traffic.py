"""Simulated people: visitors browsing and searching, officers signing in, editing the same few records at
once and adding new ones. Every request is timed by route; every write's outcome is kept for checking."""

from __future__ import annotations

import random
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

import requests

from tests.rendered_forms import FormError, filled


@dataclass
class Sample:
    route: str
    status: int  # 0: no answer (connection refused or timed out)
    seconds: float
    at: float  # seconds since the run started


@dataclass
class Write:
    kind: str  # "edit" or "create"
    asset_id: int | None
    token: str  # written into the record: found afterwards if and only if the write was acknowledged
    outcome: str  # acknowledged / conflict / invalid / error


@dataclass
class Record:
    started: float = field(default_factory=time.monotonic)
    samples: list[Sample] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def sample(self, route: str, status: int, seconds: float) -> None:
        with self.lock:
            self.samples.append(Sample(route, status, seconds, time.monotonic() - self.started))

    def write(self, write: Write) -> None:
        with self.lock:
            self.writes.append(write)


@dataclass
class Plan:
    """What the simulated people work on: ids read from the database before the run."""

    assets: list[int]  # published assets anyone may read
    hot: list[int]  # a few Cardiff records every officer edits at once
    postcode: str  # a Cardiff postcode for new records
    password: str
    email: str


class Person:
    def __init__(self, base: str, record: Record, rng: random.Random) -> None:
        self.base, self.record, self.rng = base, record, rng
        self.http = requests.Session()

    def request(self, route: str, method: str, path: str, **kwargs: object) -> requests.Response | None:
        started = time.perf_counter()
        try:
            response = self.http.request(method, urljoin(self.base, path), timeout=30, allow_redirects=False, **kwargs)  # type: ignore[arg-type]
        except requests.RequestException:
            self.record.sample(route, 0, time.perf_counter() - started)
            return None
        self.record.sample(route, response.status_code, time.perf_counter() - started)
        return response


class Visitor(Person):
    SEARCHES = ("choir", "library", "garden", "Côr", "repair", "walking")

    def step(self, plan: Plan) -> None:
        rng = self.rng
        action = rng.choices(
            ("home", "directory", "search", "asset", "map", "network", "api"), weights=(1, 3, 3, 4, 3, 2, 1)
        )[0]
        if action == "home":
            self.request("home", "GET", "/")
        elif action == "directory":
            self.request("directory", "GET", f"/assets/?page={rng.randint(1, 20)}")
        elif action == "search":
            self.request("search", "GET", "/assets/", params={"q": rng.choice(self.SEARCHES)})
        elif action == "asset":
            self.request("asset page", "GET", f"/assets/{rng.choice(plan.assets)}")
        elif action == "map":
            west, south = rng.uniform(-3.4, -3.1), rng.uniform(51.38, 51.55)
            zoom = rng.choice((10, 12, 14))
            span = 0.3 / 2 ** (zoom - 10)
            self.request(
                "map clusters",
                "GET",
                "/maps/clusters.json",
                params={"bbox": f"{west},{south},{west + span * 1.6},{south + span}", "zoom": zoom},
            )
        elif action == "network":
            self.request(
                "network answer",
                "GET",
                "/network/graph.json",
                params={"focus": f"asset:{rng.choice(plan.assets)}", "radius": 1},
            )
        else:
            self.request("open API", "GET", "/api/v1/assets", params={"page": rng.randint(1, 10)})


class Officer(Person):
    last: requests.Response | None = None  # the answer to the latest form sent

    def sign_in(self, plan: Plan) -> bool:
        page = self.request("sign-in form", "GET", "/auth/login")
        if page is None or page.status_code != 200:
            return False
        return self._send("sign-in", page, "/auth/login", {"email": plan.email, "password": plan.password}) == 302

    def _send(
        self,
        route: str,
        page: requests.Response,
        action: str | None,
        fill: dict[str, object],
        button: str | None = None,
    ) -> int:
        try:
            method, target, pairs, _form = filled(page.text, action=action, button=button, fill=fill, url=page.url)  # type: ignore[arg-type]
        except FormError as error:
            self.record.problems.append(f"{route}: {error}".splitlines()[0])
            return -1
        answer = self.request(route, method.upper(), target, data=pairs)
        self.last = answer
        return answer.status_code if answer is not None else 0

    def step(self, plan: Plan) -> None:
        action = self.rng.choices(("edit", "create", "browse"), weights=(5, 1, 2))[0]
        if action == "browse":
            self.request("officer home", "GET", "/officer/")
        elif action == "edit":
            self.edit(self.rng.choice(plan.hot))
        else:
            self.create(plan)

    def edit(self, asset_id: int) -> None:
        page = self.request("edit form", "GET", f"/assets/{asset_id}/edit")
        if page is None or page.status_code != 200:
            return
        token = f"load-{uuid.uuid4().hex[:12]}"
        time.sleep(self.rng.uniform(0, 0.5))  # reading and typing: others may save meanwhile
        status = self._send("edit save", page, None, {"description_en": f"Checked in the load test ({token})"}, "Save")
        self.record.write(Write("edit", asset_id, token, self._outcome(status)))

    def create(self, plan: Plan) -> None:
        page = self.request("new form", "GET", "/assets/new")
        if page is None or page.status_code != 200:
            return
        token = f"load-{uuid.uuid4().hex[:12]}"
        fill = {"kind": "association", "name_en": f"Load test group {token}", "postcode": plan.postcode}
        status = self._send("new save", page, None, fill, "Save")
        if status == 200 and self.last is not None and 'name="duplicates_seen"' in self.last.text:
            status = self._send("new save", self.last, None, {}, "Save")  # the duplicate hint, seen: save again
        self.record.write(Write("create", None, token, self._outcome(status)))

    def _outcome(self, status: int) -> str:
        if status == 302:
            return "acknowledged"
        if status == 200 and self.last is not None and 'class="conflict"' in self.last.text:
            return "conflict"
        if status == 200:
            found = re.search(r'class="error-message"[^>]*>([^<]+)', self.last.text if self.last else "")
            self.record.problems.append(f"form refused: {found.group(1).strip() if found else 'no message'}")
            return "invalid"
        return "error"


def run(
    bases: list[str],
    plan: Plan,
    seconds: float,
    visitors: int,
    officers: int,
    during: Callable[[float], None] | None = None,
    seed: int = 2026,
    min_writes: int = 0,
) -> Record:
    """Drive the servers in ``bases`` (people spread over them) for ``seconds``; ``during(elapsed)`` is called
    about once a second from the main thread (the fault runs use it to break things). A short run goes on
    (up to five times as long) until ``min_writes`` writes have been tried."""
    record = Record()
    stop = threading.Event()

    def live(person: Visitor | Officer) -> None:
        if isinstance(person, Officer) and not person.sign_in(plan):
            record.problems.append("an officer could not sign in")
        while not stop.is_set():
            person.step(plan)
            time.sleep(person.rng.uniform(0.05, 0.3))

    people: list[Visitor | Officer] = [
        (Visitor if n < visitors else Officer)(bases[n % len(bases)], record, random.Random(seed + n))
        for n in range(visitors + officers)
    ]
    threads = [threading.Thread(target=live, args=(person,), daemon=True) for person in people]
    for thread in threads:
        thread.start()
    while (elapsed := time.monotonic() - record.started) < seconds or (
        len(record.writes) < min_writes and elapsed < 5 * seconds
    ):
        if during is not None:
            during(elapsed)
        time.sleep(1)
    stop.set()
    for thread in threads:
        thread.join(60)
    return record
