"""A real, throwaway Redis for the tests: redis-server on a unix socket in a temporary folder, nothing saved.

One per test run (per xdist worker: each has its own temporary folder); tests empty it between them.
"""

from __future__ import annotations

import subprocess
import time
from contextlib import suppress
from pathlib import Path

from redis import Redis
from redis.exceptions import RedisError


def start(folder: Path, binary: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start redis-server listening only on ``folder``/redis.sock; return the process and its URL."""
    socket_path = folder / "redis.sock"
    process = subprocess.Popen(  # noqa: S603 -- a fixed binary and arguments, no shell
        [binary, "--port", "0", "--unixsocket", str(socket_path), "--unixsocketperm", "700",
         "--save", "", "--appendonly", "no", "--dir", str(folder), "--logfile", str(folder / "redis.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"unix://{socket_path}?db=0"
    deadline = time.monotonic() + 10
    while True:
        with suppress(OSError, RedisError), Redis.from_url(url) as probe:  # refused until it listens
            if probe.ping():
                return process, url
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"redis-server did not start; see {folder / 'redis.log'}")
        time.sleep(0.02)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
