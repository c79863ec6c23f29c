"""`python -m bench.load [--seconds 60] [--only postgres --only sqlite --only faults --only throughput]`.

Prints Markdown tables (also written to bench/results/load.md): requests per route with p50/p95/p99, the
write check (every acknowledged write found once, no refused one applied), errors by time around the faults,
and throughput against a minimal Flask page.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import requests
import sqlalchemy as sa
from redis import Redis

from bench.load import jobs as load_jobs
from bench.load import servers, traffic, verify
from bench.load.report import errors_by_window, route_table, throughput_table, write_table

RESULTS = Path(__file__).resolve().parents[1] / "results"
SCENARIOS = ("postgres", "sqlite", "faults", "worker", "throughput")


def plan_for(database_url: str, password: str) -> traffic.Plan:
    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        assets = list(
            connection.execute(
                sa.text("SELECT asset_id FROM asset WHERE status = 'published' ORDER BY asset_id LIMIT 5000")
            ).scalars()
        )
        hot = connection.execute(
            sa.text(
                "SELECT asset_id, postcode FROM asset WHERE status = 'published' AND la_code = 'W06000015' "
                "AND postcode IS NOT NULL AND source IS DISTINCT FROM 'bench' ORDER BY asset_id LIMIT 5"
            )
        ).all()
    engine.dispose()
    if len(hot) < 2:
        raise RuntimeError("The demo data has no published Cardiff records with a postcode to edit")
    return traffic.Plan(
        assets=assets, hot=[row[0] for row in hot], postcode=hot[0][1], password=password, email=servers.OFFICER
    )


def mixed(
    database_url: str,
    env: dict[str, str],
    tmp: Path,
    seconds: float,
    assets: int,
    app_servers: int,
    during: Callable[[float], None] | None = None,
    min_writes: int = 0,
) -> tuple[traffic.Record, verify.WriteCheck]:
    password = servers.prepare(env, assets)
    plan = plan_for(database_url, password)
    with ExitStack() as stack:
        bases = [stack.enter_context(servers.gunicorn(env, tmp / f"gunicorn{n}.log")).base for n in range(app_servers)]
        record = traffic.run(bases, plan, seconds, visitors=12, officers=6, during=during, min_writes=min_writes)
    return record, verify.check(database_url, record.writes)


def postgres(tmp: Path, seconds: float, assets: int) -> str:
    with servers.postgres(tmp) as pg, servers.redis(tmp) as rd:
        env = servers.app_environment(pg.url, rd.url)
        record, writes = mixed(pg.url, env, tmp, seconds, assets, app_servers=2)
    title = f"Mixed load, {seconds:.0f} s: two gunicorn servers (2 workers × 4 threads each), PostgreSQL and Redis"
    return "\n\n".join((f"### {title}", route_table(record), write_table(writes)))


def sqlite(tmp: Path, seconds: float, assets: int, min_writes: int = 0) -> str:
    url = f"sqlite:///{tmp / 'load.sqlite3'}"
    env = servers.app_environment(url)
    record, writes = mixed(url, env, tmp, seconds, assets, app_servers=1, min_writes=min_writes)
    title = f"Mixed load, {seconds:.0f} s: one gunicorn server (2 workers × 4 threads), SQLite in WAL mode"
    return "\n\n".join((f"### {title}", route_table(record), write_table(writes)))


def faults(tmp: Path, seconds: float, assets: int) -> str:
    """PostgreSQL restarted at a third of the run; Redis stopped at a half and started again ten seconds later."""
    seconds = max(seconds, 45)
    events: list[tuple[float, str]] = []
    with servers.postgres(tmp) as pg, servers.redis(tmp) as rd:

        def during(elapsed: float) -> None:
            done = {name for _, name in events}
            if elapsed >= seconds / 3 and "PostgreSQL restarted" not in done:
                pg.restart()
                events.append((elapsed, "PostgreSQL restarted"))
            elif elapsed >= seconds / 2 and "Redis stopped" not in done:
                rd.stop()
                events.append((elapsed, "Redis stopped"))
            elif elapsed >= seconds / 2 + 10 and "Redis started" not in done:
                rd.start()
                events.append((elapsed, "Redis started"))

        env = servers.app_environment(pg.url, rd.url)
        record, writes = mixed(pg.url, env, tmp, seconds, assets, app_servers=2, during=during)
    title = f"Faults, {seconds:.0f} s of mixed load on two servers: " + "; ".join(
        f"{name} at {at:.0f} s" for at, name in events
    )
    return "\n\n".join((f"### {title}", errors_by_window(record, events), write_table(writes)))


def worker(tmp: Path, _seconds: float, _assets: int) -> str:
    """A worker killed (with the work horse running the job, as when its machine is lost) mid-job: a new
    worker finds the job abandoned and runs it again, once."""
    with servers.redis(tmp) as rd:
        url = f"sqlite:///{tmp / 'worker.sqlite3'}"
        env = {**servers.app_environment(url, rd.url), "ABCD_JOBS_BACKEND": "rq", "ABCD_JOBS_MAINTENANCE_SECONDS": "10"}
        servers.prepare(env, 0)
        marker = uuid.uuid4().hex[:12]
        servers.python(env, f"from bench.load.jobs import enqueue; enqueue({marker!r})")
        redis = Redis.from_url(rd.url)
        attempts = lambda: int(redis.get(load_jobs.ATTEMPTS.format(marker)) or 0)  # noqa: E731
        with servers.worker(env, tmp / "worker1.log") as first:
            _wait(lambda: attempts() == 1, 60, "the first worker never started the job")
            time.sleep(2)
            killed = time.monotonic()
            servers.kill_with_children(first.pid)
        with servers.worker(env, tmp / "worker2.log"):
            finished = _wait(lambda: bool(redis.get(load_jobs.DONE.format(marker))), 300, "the job never ran again")
        rows = [
            ("attempts (the killed one, then its retry)", str(attempts())),
            ("finished", "yes" if finished else "no"),
            ("seconds from the kill to the job finished by the new worker", f"{time.monotonic() - killed:.0f}"),
        ]
    table = "\n".join(["| worker killed mid-job | |", "| --- | ---: |", *(f"| {a} | {b} |" for a, b in rows)])
    return "### A worker killed mid-job (RQ on Redis; a new worker started at once)\n\n" + table


def _wait(condition: Callable[[], bool], seconds: float, failure: str) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(failure)
        time.sleep(0.5)
    return True


def _rate(url: str, seconds: float = 10, clients: int = 8) -> float:
    """Requests answered 200 per second by ``clients`` threads asking for ``url`` as fast as they can."""
    counts = [0] * clients
    stop = time.monotonic() + seconds

    def ask(slot: int) -> None:
        with requests.Session() as http:
            while time.monotonic() < stop:
                if http.get(url, timeout=30).status_code == 200:
                    counts[slot] += 1

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / seconds


def throughput(tmp: Path, _seconds: float, assets: int) -> str:
    url = f"sqlite:///{tmp / 'throughput.sqlite3'}"
    env = servers.app_environment(url)
    plan = plan_for(url, servers.prepare(env, assets))
    with servers.gunicorn(env, tmp / "minimal.log", app="bench.load.minimal:app") as minimal:
        _rate(minimal.base + "/", 2)  # warm up
        baseline = _rate(minimal.base + "/")
    with servers.gunicorn(env, tmp / "app.log") as app:
        asset_url = f"{app.base}/assets/{plan.hot[0]}"
        _rate(asset_url, 2)
        rates = {"asset page": _rate(asset_url), "directory page": _rate(f"{app.base}/assets/")}
    return "### Throughput: 2 gunicorn workers, 8 client threads on the same machine\n\n" + throughput_table(
        baseline, rates
    )


def main() -> str:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60, help="length of each mixed-load run (default 60)")
    parser.add_argument("--assets", type=int, default=5000, help="synthetic assets added to the demo data")
    parser.add_argument("--only", action="append", choices=SCENARIOS, help="run only this scenario (repeatable)")
    args = parser.parse_args()
    parts = []
    for name in args.only or SCENARIOS:
        with tempfile.TemporaryDirectory(prefix=f"abcd-load-{name}-") as folder:
            parts.append(globals()[name](Path(folder), args.seconds, args.assets))
            print(parts[-1] + "\n", flush=True)
    report = "## Load and fault tests (`make loadtest`)\n\n" + "\n\n".join(parts)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load.md").write_text(report + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
