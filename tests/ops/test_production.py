"""The README's Production steps, run on this machine: a throwaway PostgreSQL cluster and Redis,
`flask db upgrade`, two gunicorn app servers and a job worker, then every server answers /ready with the
database migrated and Redis reachable, its JSON log lines and its metrics."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests import redisserver
from tests.conftest import require
from tests.ops.worker import REPO

PGBIN = next(
    (Path(p) for p in ("/usr/lib/postgresql/15/bin", "/usr/local/bin") if (Path(p) / "initdb").is_file()), None
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_tool(tool: str, *args: str, check: bool = True) -> None:
    assert PGBIN is not None
    command = [str(PGBIN / tool), *args]
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        command = ["runuser", "-u", "postgres", "--", *command]
    quiet = subprocess.DEVNULL
    subprocess.run(command, stdout=quiet, stderr=quiet, check=check, timeout=120)  # noqa: S603 -- fixed tools


@pytest.fixture
def postgres() -> Iterator[str]:
    require(PGBIN is not None, "PostgreSQL is not installed (apt-get install postgresql)")
    root = Path(tempfile.mkdtemp(prefix="abcd-pg-production-"))  # not under pytest's folder: postgres must reach it
    data, port = str(root / "data"), _free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    _postgres_tool("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    _postgres_tool("pg_ctl", "-D", data, "-l", str(root / "log"), "-w", "-o", options, "start")
    try:
        _postgres_tool("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "abcd")
        yield f"postgresql://postgres@127.0.0.1:{port}/abcd"
    finally:
        _postgres_tool("pg_ctl", "-D", data, "-m", "immediate", "stop", check=False)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    require(binary is not None, "redis-server is not installed")
    assert binary is not None
    process, url = redisserver.start(tmp_path_factory.mktemp("prod-redis"), binary)
    yield url
    redisserver.stop(process)


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> requests.Response:
    deadline = time.monotonic() + 120
    while True:
        assert process.poll() is None, log.read_text()[-3000:]
        try:
            response = requests.get(url, timeout=5)
            if response.status_code in (200, 503):
                return response
        except requests.RequestException:
            pass
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.5)


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603


def test_two_app_servers_and_a_worker_on_postgresql_and_redis(postgres: str, redis: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "ABCD_ENV": "production",
        "ABCD_SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": postgres,
        "REDIS_URL": redis,
        "ABCD_PUBLIC_URL": "https://community-strengths.example.gov.uk",
        "ABCD_PROXY_HOPS": "1",
        "ABCD_MAIL_SENDER": "smtp",
        "ABCD_SMTP_HOST": "127.0.0.1",
        "ABCD_GEODATA_DIR": "",
        "ABCD_GRAPH_SNAPSHOT_DIR": str(tmp_path / "graph"),
        "ABCD_BACKUP_DIR": str(tmp_path / "backups"),
        "WEB_CONCURRENCY": "2",
        "ABCD_THREADS": "2",
    }
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    upgrade = subprocess.run(  # noqa: S603 -- our own interpreter
        [*flask, "db", "upgrade"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert upgrade.returncode == 0, upgrade.stderr[-3000:]
    started: list[tuple[subprocess.Popen[bytes], Path]] = []
    ports = [_free_port(), _free_port()]
    try:
        for n, port in enumerate(ports):
            log = tmp_path / f"web{n}.log"
            server_env = {**env, "ABCD_BIND": f"127.0.0.1:{port}", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / f"m{n}")}
            gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"]
            started.append((_start(gunicorn, server_env, log), log))
        worker_log = tmp_path / "worker.log"
        worker = _start([*flask, "abcd", "worker"], env, worker_log)
        started.append((worker, worker_log))
        for (process, log), port in zip(started, ports, strict=False):
            ready = _wait_ready(f"http://127.0.0.1:{port}/ready", process, log)
            body = ready.json()
            assert ready.status_code == 200, body
            assert body["checks"]["database"]["ok"] is True
            assert body["checks"]["redis"]["ok"] is True
            traced = requests.get(
                f"http://127.0.0.1:{port}/health", headers={"X-Request-ID": f"probe-{port}"}, timeout=10
            )
            assert traced.headers["X-Request-ID"] == f"probe-{port}"
            for _ in range(4):  # spread over both of this server's workers
                requests.get(f"http://127.0.0.1:{port}/about/data", timeout=30)
            metrics = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=30).text
            served = [line for line in metrics.splitlines()
                      if line.startswith('abcd_http_requests_total{') and 'route="/about/data"' in line]  # fmt: skip
            assert served, metrics[:2000]
            assert float(served[0].rpartition(" ")[2]) == 4  # added up over the server's workers
        time.sleep(1)  # the access lines are flushed
        lines = [json.loads(line) for line in started[0][1].read_text().splitlines() if line.startswith("{")]
        probe = [line for line in lines if line.get("request_id") == f"probe-{ports[0]}"]
        assert probe, started[0][1].read_text()[-2000:]
        assert probe[0]["logger"] == "abcd.access"
        assert probe[0]["status"] == 200
        assert worker.poll() is None, worker_log.read_text()[-3000:]
        assert "Background jobs: RQ on Redis" in worker_log.read_text()
    finally:
        for process, _log in started:
            process.terminate()
        for process, _log in started:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
