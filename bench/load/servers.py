# ruff: noqa: S603, S607 -- fixed programs (PostgreSQL, redis-server, gunicorn, flask) with fixed arguments, no shell
"""Throwaway servers for the load tests: PostgreSQL, Redis and gunicorn, each a context manager."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PGBIN = Path(os.environ.get("ABCD_PGBIN", "/usr/lib/postgresql/15/bin"))
OFFICER = "officer.cardiff@example.org"  # a demo officer: the load's officers sign in as this account


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    """initdb refuses to run as root: run PostgreSQL's tools as the postgres user when we are root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Postgres:
    folder: Path
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/abcd_load"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres([str(PGBIN / "pg_ctl"), "-D", str(self.folder / "data"), *args]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._ctl("-l", str(self.folder / "log"), "-w", "-o", options, "start")

    def restart(self) -> None:
        """A fast restart: every open connection is cut, as when a database server is restarted for an upgrade."""
        self._ctl("-m", "fast", "-w", "stop")
        self.start()


@contextmanager
def postgres(tmp: Path) -> Iterator[Postgres]:
    if not (PGBIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL's server programs are not in {PGBIN} (apt-get install postgresql)")
    server = Postgres(tmp / "pg")
    (server.folder / "data").mkdir(parents=True)
    if os.geteuid() == 0:
        tmp.chmod(0o755)  # the postgres user must reach its folder inside ours
        shutil.chown(server.folder, "postgres", "postgres")
        shutil.chown(server.folder / "data", "postgres", "postgres")
    subprocess.run(
        _as_postgres(
            [
                str(PGBIN / "initdb"),
                "-D",
                str(server.folder / "data"),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    server.start()
    try:
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(server.port),
                "-U",
                "postgres",
                "-qc",
                "CREATE DATABASE abcd_load",
            ],
            check=True,
        )
        yield server
    finally:
        with suppress(subprocess.CalledProcessError):
            server._ctl("-m", "immediate", "stop")


@dataclass
class Redis:
    """redis-server on a TCP port of 127.0.0.1, nothing saved; stopped and started again on the same port."""

    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
                "--logfile",
                str(self.folder / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            with suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start; see {self.folder / 'redis.log'}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@contextmanager
def redis(tmp: Path) -> Iterator[Redis]:
    server = Redis(tmp / "redis")
    server.folder.mkdir(parents=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def app_environment(database_url: str, redis_url: str = "") -> dict[str, str]:
    """The app's settings for a load run: real limits, but set above what a hall of simulated users needs."""
    env = {
        **os.environ,
        "FLASK_APP": "wsgi.py",
        "DATABASE_URL": database_url,
        "ABCD_SECRET_KEY": "load-" * 8,
        "ABCD_TILE_URL": "",
        "ABCD_JOBS_BACKEND": "off",
        "ABCD_GRAPH_SNAPSHOTS": "false",
        "ABCD_RATELIMIT_LOGIN": "100000 per minute",
        "ABCD_RATELIMIT_BULK": "100000 per minute",
        "ABCD_RATELIMIT_SUBMISSIONS": "100000 per minute",
        "ABCD_RATELIMIT_OPEN_DATA": "100000 per minute",
    }
    env.pop("ABCD_REDIS_URL", None)
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = env["ABCD_RATELIMIT_STORAGE_URI"] = redis_url
    return env


def python(env: dict[str, str], code: str) -> None:
    """Run a line of Python in a fresh process with the app's settings in ``env``."""
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True)


def prepare(env: dict[str, str], assets: int) -> str:
    """Migrate, load geography and the demo, add ``assets`` synthetic assets; return the officer's password."""
    flask = [str(BIN / "flask")]
    for command in (["db", "upgrade"], ["abcd", "bootstrap"]):
        subprocess.run([*flask, *command], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
    if assets:
        python(env, f"from bench.load.seed import add_assets; add_assets({assets})")
    printed = subprocess.run(
        [*flask, "abcd", "set-password", OFFICER],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = re.search(r"(\S+)\s*$", printed.strip())
    if found is None:
        raise RuntimeError(f"set-password printed no password: {printed!r}")
    return found.group(1)


@dataclass
class Gunicorn:
    port: int
    process: subprocess.Popen[bytes]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def gunicorn(
    env: dict[str, str], log: Path, app: str = "wsgi:app", workers: int = 2, threads: int = 4
) -> Iterator[Gunicorn]:
    """gunicorn with the repository's own settings (gunicorn.conf.py), on a free port of 127.0.0.1; its
    messages go to ``log``."""
    port = free_port()
    env = {**env, "ABCD_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers), "ABCD_THREADS": str(threads)}
    with log.open("ab") as messages:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", app],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=messages,
        )
    server = Gunicorn(port, process)
    try:
        deadline = time.monotonic() + 120
        while True:
            with suppress(requests.RequestException):
                if requests.get(f"{server.base}/health", timeout=5).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`flask abcd worker` in a session of its own, so that it and its work horse can be killed together."""
    with log.open("ab") as messages:
        process = subprocess.Popen(
            [str(BIN / "flask"), "abcd", "worker"], cwd=REPO, env=env, stdout=messages, stderr=messages,
            start_new_session=True,
        )  # fmt: skip
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def kill_with_children(pid: int) -> None:
    """SIGKILL a process and its children (RQ's work horse runs in a session of its own, so a process
    group would miss it): nothing gets to clean up, as when a machine is lost."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for victim in [pid, *map(int, children)]:
        with suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)
