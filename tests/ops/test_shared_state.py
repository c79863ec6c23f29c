"""With REDIS_URL, state that several app processes must agree on lives in Redis: rate limits, and the
wake-up that has every process's live graph apply another's write at once."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from redis import Redis

from abcd.config import rate_limit_storage
from abcd.extensions import db
from abcd.network import live, wakeup
from abcd.network.live import feed_head
from tests.network.builders import make_person


def test_rate_limit_storage_follows_redis_unless_set() -> None:
    assert rate_limit_storage({}) == "memory://"
    assert rate_limit_storage({"REDIS_URL": "redis://cache:6379/1"}) == "redis://cache:6379/1"
    assert rate_limit_storage({"REDIS_URL": "unix:///run/r.sock?db=0"}) == "redis+unix:///run/r.sock?db=0"
    chosen = {"REDIS_URL": "redis://cache:6379/1", "RATELIMIT_STORAGE_URI": "memcached://m:11211"}
    assert rate_limit_storage(chosen) == "memcached://m:11211"


def test_rate_limits_are_counted_in_redis_and_shared_by_processes(
    make_app: Callable[..., Flask], redis_url: str
) -> None:
    settings = {"REDIS_URL": redis_url, "RATELIMIT_ENABLED": True, "RATELIMIT_LOGIN": "2 per minute"}
    first = make_app(**settings)
    assert first.config["RATELIMIT_STORAGE_URI"].startswith("redis+unix://")
    client = first.test_client()
    assert [client.post("/auth/login", data={}).status_code for _ in range(3)] == [200, 200, 429]
    with Redis.from_url(redis_url) as connection:
        assert any(b"LIMITS" in key for key in connection.keys("*"))
    # Another process (a fresh app, its own connection to the store) sees the same count: no fresh allowance.
    assert make_app(**settings).test_client().post("/auth/login", data={}).status_code == 429


def test_a_write_in_one_process_is_applied_by_the_other_at_once(make_app: Callable[..., Flask], redis_url: str) -> None:
    writer = make_app(REDIS_URL=redis_url)
    reader = make_app(REDIS_URL=redis_url)
    with writer.app_context():  # the feed has begun (its first write would make every process rebuild)
        make_person("Already There")
        db.session.commit()
        db.session.remove()
    live.warm(reader)  # the reader holds a graph, as a serving process does
    reader.test_client().get("/health")  # its first request starts its subscriber
    listener = wakeup.wakeup(reader)
    assert listener is not None
    assert listener.thread is not None
    assert listener.thread.is_alive()
    time.sleep(0.2)  # let it subscribe
    before = live.applied_seq(reader)
    with writer.app_context():
        make_person("Promptly Seen")
        db.session.commit()
        head = feed_head().seq
        db.session.remove()
    assert before is not None
    assert head > before
    deadline = time.monotonic() + 5
    while live.applied_seq(reader) != head and time.monotonic() < deadline:
        time.sleep(0.02)
    assert live.applied_seq(reader) == head  # no request reached the reader: its subscriber caught up
    assert listener.wakeups == 1
    assert "(no rebuild)" in live.events(reader)[-1]
    listener.stop()
    assert not listener.thread.is_alive()


def test_without_redis_nothing_subscribes(make_app: Callable[..., Flask]) -> None:
    app = make_app()
    app.test_client().get("/health")
    assert wakeup.wakeup(app) is None


def test_rate_limits_still_work_while_redis_is_down(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    app = make_app(
        REDIS_URL=f"unix://{tmp_path / 'no-redis.sock'}", RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="1 per minute",
        GRAPH_WAKEUP=False,
    )  # fmt: skip
    client = app.test_client()
    assert [client.post("/auth/login", data={}).status_code for _ in range(2)] == [200, 429]  # counted in memory
