"""Where kept pages live: a bounded least-recently-used store in this process, or Redis (shared by every
process) falling back to the local store while Redis cannot be reached."""

from __future__ import annotations

import json
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from redis.exceptions import RedisError

from abcd.redis_client import connect

log = logging.getLogger(__name__)
RETRY_SECONDS = 5.0  # after a Redis failure, use the local store this long before trying Redis again


@dataclass(frozen=True)
class Entry:
    """A kept page: the headers it was answered with, its body, and that body gzipped (b"" when too small)."""

    headers: list[tuple[str, str]]
    body: bytes
    packed: bytes

    def to_bytes(self) -> bytes:
        """``<4-byte header length><JSON: headers and body length><body><packed>``: no pickle, so a value
        planted on a shared Redis can never run code here."""
        head = json.dumps({"headers": self.headers, "body": len(self.body)}).encode()
        return len(head).to_bytes(4, "big") + head + self.body + self.packed

    @classmethod
    def from_bytes(cls, raw: bytes) -> Entry:
        size = int.from_bytes(raw[:4], "big")
        head = json.loads(raw[4 : 4 + size])
        start = 4 + size
        end = start + int(head["body"])
        return cls([(str(k), str(v)) for k, v in head["headers"]], raw[start:end], raw[end:])


class LocalStore:
    """At most ``entries`` pages, each for ``seconds``; the least recently used goes first."""

    def __init__(self, entries: int, seconds: float) -> None:
        self.entries = max(1, entries)
        self.seconds = seconds
        self.lock = Lock()
        self.kept: OrderedDict[str, tuple[float, Entry]] = OrderedDict()

    def get(self, key: str) -> Entry | None:
        with self.lock:
            found = self.kept.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                del self.kept[key]
                return None
            self.kept.move_to_end(key)
            return found[1]

    def put(self, key: str, entry: Entry) -> None:
        with self.lock:
            self.kept[key] = (time.monotonic() + self.seconds, entry)
            self.kept.move_to_end(key)
            while len(self.kept) > self.entries:
                self.kept.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.kept.clear()


class RedisStore:
    """Pages on Redis with a time to live, shared by every process; the local store stands in while
    Redis is down (a failure is logged once, then Redis is tried again after RETRY_SECONDS)."""

    def __init__(self, url: str, seconds: float, fallback: LocalStore) -> None:
        self.client = connect(url, connect_timeout=0.5, timeout=0.5)  # a page must not wait on a Redis that is down
        self.seconds = max(1, int(seconds))
        self.fallback = fallback
        self.down_until = 0.0

    def _usable(self) -> bool:
        return time.monotonic() >= self.down_until

    def _failed(self, doing: str) -> None:
        if self._usable():
            log.warning("page cache: could not %s on Redis; keeping pages in this process meanwhile", doing,
                        exc_info=True)  # fmt: skip
        self.down_until = time.monotonic() + RETRY_SECONDS

    def get(self, key: str) -> Entry | None:
        if not self._usable():
            return self.fallback.get(key)
        try:
            raw = self.client.get(key)
        except RedisError:
            self._failed("read a page")
            return self.fallback.get(key)
        if not isinstance(raw, bytes):
            return None
        try:
            return Entry.from_bytes(raw)
        except (ValueError, KeyError, TypeError):  # not ours, or cut short: render the page afresh
            return None

    def put(self, key: str, entry: Entry) -> None:
        if not self._usable():
            self.fallback.put(key, entry)
            return
        try:
            self.client.set(key, entry.to_bytes(), ex=self.seconds)
        except RedisError:
            self._failed("keep a page")
            self.fallback.put(key, entry)

    def clear(self) -> None:
        self.fallback.clear()


Store = LocalStore | RedisStore
