"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app`.

The app (and its network graph) is loaded once in the master before it forks its workers, so every
worker starts with the graph already in memory and shares those pages with the others instead of
building its own copy; each worker then follows the change feed by itself. Override with environment
variables: ABCD_BIND, WEB_CONCURRENCY (workers), ABCD_THREADS (threads per worker).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

bind = os.environ.get("ABCD_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("ABCD_THREADS", "4"))
timeout = 60
preload_app = True
os.environ.setdefault("ABCD_WARM_GRAPH", "1")  # read by wsgi.py while the master loads the app
# Prometheus multiprocess mode: every worker writes its counts here and /metrics adds them up. Set before
# the app (and prometheus_client) is loaded; emptied when the server starts, so old counts never linger.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="abcd-metrics-"))
# One JSON object per line (abcd/ops/logs.py) for the app's lines; gunicorn's own access log stays off
# (the app writes one per request, with its request id).
os.environ.setdefault("ABCD_LOG_FORMAT", "json")


def on_starting(_server: Any) -> None:
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)


def child_exit(_server: Any, worker: Any) -> None:
    """A worker that exits stops counting as live (its counters are kept, its gauges dropped)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


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
