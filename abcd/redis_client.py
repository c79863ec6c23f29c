"""The one way the app opens a Redis connection for its own use (jobs, the graph's wake-ups, readiness,
the page cache): short timeouts, so a request never hangs on a Redis that is down or restarting."""

from __future__ import annotations

from redis import Redis


def connect(url: str, *, connect_timeout: float = 2, timeout: float | None = 5) -> Redis:
    """A client for ``url`` (redis://, rediss:// or unix://) that gives up after ``connect_timeout``
    seconds to connect and ``timeout`` seconds per command (None: wait, for blocking reads)."""
    return Redis.from_url(url, socket_connect_timeout=connect_timeout, socket_timeout=timeout)
