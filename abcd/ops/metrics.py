"""Metrics in the Prometheus text format at /metrics: requests by route, method and status with a
latency histogram; background jobs by state (from RQ's registries); the change feed's head and each
process's applied sequence (graph freshness: head minus applied, per process).

Under gunicorn, PROMETHEUS_MULTIPROC_DIR (set by gunicorn.conf.py) makes every worker write its counts
to files there, and a scrape of any worker adds them all up. /metrics answers only a request bearing
ABCD_METRICS_TOKEN (Authorization: Bearer ...) when one is set, else only requests from this machine.
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Iterator

from flask import Flask, current_app, g, request
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector
from werkzeug.wrappers import Response

from abcd.extensions import db
from abcd.jobs import runner as jobs
from abcd.jobs.redis_runner import RedisRunner
from abcd.jobs.registry import counts
from abcd.network import live

log = logging.getLogger(__name__)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LOOPBACK = {"127.0.0.1", "::1"}

REQUESTS = Counter(
    "abcd_http_requests", "Requests answered, by route, method and status.", ["route", "method", "status"]
)
LATENCY = Histogram(
    "abcd_http_request_duration_seconds", "Time to answer a request, by route.", ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)  # fmt: skip
APPLIED = Gauge(
    "abcd_graph_applied_seq", "The change-feed sequence this process's live graph has applied.", ["pid"],
    multiprocess_mode="liveall",
)  # fmt: skip


class ScrapeTime(Collector):
    """Read when scraped: jobs by state, and the feed's head against this process's graph."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[GaugeMetricFamily]:
        runner = jobs.runner(self.app)
        if isinstance(runner, RedisRunner):
            try:
                found = counts(runner)
            except Exception:  # Redis down: the other metrics still answer
                log.warning("metrics: could not count jobs on Redis", exc_info=True)
            else:
                family = GaugeMetricFamily("abcd_jobs", "Background jobs by state (RQ).", labels=["state"])
                for state, number in found.items():
                    family.add_metric([state], number)
                yield family
        try:
            head = live.feed_head().seq
        except Exception:  # the database down: /ready says so; these metrics go without it
            log.warning("metrics: could not read the change feed's head", exc_info=True)
            return
        yield GaugeMetricFamily("abcd_graph_feed_head", "The change feed's newest sequence.", value=head)
        applied = live.applied_seq(self.app)
        if applied is not None:
            lag = GaugeMetricFamily(
                "abcd_graph_lag_entries", "Feed entries this process's graph has not applied yet.", labels=["pid"]
            )
            lag.add_metric([str(os.getpid())], head - applied)
            yield lag


def _observe(response: Response) -> Response:
    started = g.get("request_started")
    route = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
    REQUESTS.labels(route, request.method, str(response.status_code)).inc()
    if started is not None:
        LATENCY.labels(route).observe(time.perf_counter() - started)
    applied = live.applied_seq(current_app)
    if applied is not None:
        APPLIED.labels(str(os.getpid())).set(applied)
    return response


def allowed() -> bool:
    token = str(current_app.config.get("METRICS_TOKEN") or "")
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return hmac.compare_digest(given.encode(), token.encode())
    return request.remote_addr in LOOPBACK


def exposition(app: Flask) -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        shared = CollectorRegistry()
        MultiProcessCollector(shared)
    else:
        shared = REGISTRY
    now = CollectorRegistry(auto_describe=False)
    now.register(ScrapeTime(app))
    try:
        current = generate_latest(now)
    finally:
        db.session.remove()
    return generate_latest(shared) + current


def init_app(app: Flask) -> None:
    app.after_request(_observe)
