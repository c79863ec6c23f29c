"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

The app (and its network graph) is loaded once in the master before it forks its workers, so every
worker starts with the graph already in memory and shares those pages with the others instead of
building its own copy; each worker then follows the change feed by itself. Override with environment
variables: ABCD_BIND, WEB_CONCURRENCY (workers), ABCD_THREADS (threads per worker).
"""

from __future__ import annotations

import os
import sys
from typing import Any

bind = os.environ.get("ABCD_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("ABCD_THREADS", "4"))
timeout = 60
preload_app = True
os.environ.setdefault("ABCD_WARM_GRAPH", "1")  # read by wsgi.py while the master loads the app


def post_fork(_server: Any, _worker: Any) -> None:
    """A worker must not share the master's database connections: drop them (without closing them
    under the master's feet); each worker opens its own. Only for this app: the same settings also serve
    the load test's yardstick page (bench/load/minimal.py), which has no database."""
    wsgi = sys.modules.get("wsgi")  # loaded by the master (preload_app) when it serves this app
    if wsgi is None:
        return
    from abcd.extensions import db

    with wsgi.app.app_context():
        db.engine.dispose(close=False)
