"""Waking the other processes' live graphs: with Redis, a commit that appended to the change feed is
announced on a pub/sub channel, and each app process's subscriber thread catches its graph up at once,
so the next request there finds it current instead of applying the delta itself.

Only a wake-up: a request still asks the feed's head before it reads the graph, so a lost message (Redis
restarting, a process starting) costs a little latency, never a stale answer. Without Redis nothing here
runs and each process catches up on its next request, as before.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from abcd.network import live
from abcd.network.feed import FEED_APPENDED
from abcd.redis_client import connect

log = logging.getLogger(__name__)
EXTENSION = "abcd_graph_wakeup"
_ANNOUNCE = "abcd_feed_announce"  # session.info: this transaction appended to the feed; say so after commit


class Wakeup:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.url = app.config["REDIS_URL"]
        self.channel = str(app.config["GRAPH_WAKEUP_CHANNEL"])
        self.me = f"{os.getpid()}:{id(self)}"
        self.publisher = connect(self.url, connect_timeout=1, timeout=1)
        self.thread: threading.Thread | None = None
        self.pid = 0
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.wakeups = 0  # catch-ups run on a message (for tests and metrics)

    def publish(self) -> None:
        try:
            self.publisher.publish(self.channel, f"{os.getpid()}:{id(self)}")
        except Exception:  # a write never fails because Redis is down: readers catch up anyway
            log.warning("graph: could not announce a change on Redis", exc_info=True)

    def ensure_started(self) -> None:
        """Start this process's subscriber (again after a fork: a child inherits no threads)."""
        if self.pid == os.getpid() and self.thread is not None and self.thread.is_alive():
            return
        with self.lock:
            if self.pid == os.getpid() and self.thread is not None and self.thread.is_alive():
                return
            self.pid = os.getpid()
            self.me = f"{self.pid}:{id(self)}"
            self.stopping.clear()
            self.thread = threading.Thread(target=self._listen, name="abcd-graph-wakeup", daemon=True)
            self.thread.start()

    def stop(self, timeout: float = 5) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout)

    def _listen(self) -> None:
        delay = 1.0
        while not self.stopping.is_set():
            try:
                self._subscribe_and_wait()
                delay = 1.0
            except Exception:  # Redis went away: try again, more slowly each time
                log.warning("graph: wake-up subscription lost; retrying in %.0f s", delay, exc_info=True)
                self.stopping.wait(delay)
                delay = min(delay * 2, 30)

    def _subscribe_and_wait(self) -> None:
        with connect(self.url, timeout=None) as client, client.pubsub() as pubsub:
            pubsub.subscribe(self.channel)
            while not self.stopping.is_set():
                message = pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                if message is None or _text(message.get("data")) == self.me:
                    continue
                while pubsub.get_message(ignore_subscribe_messages=True, timeout=0) is not None:
                    pass  # a burst of writes: one catch-up covers them all
                self._catch_up()

    def _catch_up(self) -> None:
        try:
            if live.catch_up(self.app) is not None:
                self.wakeups += 1
        except Exception:  # the next request catches up (or reports) instead
            log.warning("graph: catching up on a wake-up failed", exc_info=True)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def wakeup(app: Flask) -> Wakeup | None:
    found: Wakeup | None = app.extensions.get(EXTENSION)
    return found


@event.listens_for(Session, "before_commit")
def _note_append(session: Session) -> None:
    # Registered after the feed's own before_commit hook (this module imports it), so it has run already.
    if session.info.get(FEED_APPENDED):
        session.info[_ANNOUNCE] = True


@event.listens_for(Session, "after_commit")
def _announce(session: Session) -> None:
    if session.info.pop(_ANNOUNCE, False) and has_app_context():
        found = wakeup(current_app)
        if found is not None:
            found.publish()


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_ANNOUNCE, None)


def init_app(app: Flask) -> None:
    """With REDIS_URL (and GRAPH_WAKEUP on), announce this app's feed appends and listen for others'."""
    if not (app.config.get("REDIS_URL") and app.config.get("GRAPH_WAKEUP")):
        return
    found = Wakeup(app)
    app.extensions[EXTENSION] = found
    app.before_request(found.ensure_started)
