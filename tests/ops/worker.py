"""A real `flask abcd worker` process on the test database and Redis."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def worker_env(database_url: str, redis_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ABCD_JOBS_BACKEND": "rq",
        "ABCD_MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        "ABCD_GRAPH_SNAPSHOTS": "0",
        "ABCD_BACKUP_DIR": str(tmp_path / "backups"),
    }


def flask(*args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", "abcd", *args]


@contextmanager
def running_worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        process = subprocess.Popen(flask("worker"), cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
