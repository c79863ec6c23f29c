"""Request ids (honoured or made, echoed), JSON log lines carrying them, and /metrics in the Prometheus
text format: requests by route and status with latency, jobs by state, graph freshness; guarded."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Callable, Iterator

import pytest
from flask import Flask

from abcd.extensions import db
from abcd.jobs import runner as jobs
from abcd.network import live
from abcd.network.live import feed_head
from abcd.ops import logs
from tests.network.builders import make_person
from tests.ops import failing


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """What the access log writes, as the JSON handler formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    handler.addFilter(logs.RequestIdFilter())
    logs.access_log.addHandler(handler)
    level = logs.access_log.level
    logs.access_log.setLevel(logging.INFO)
    yield stream
    logs.access_log.removeHandler(handler)
    logs.access_log.setLevel(level)


def test_a_request_id_is_honoured_or_made_and_echoed(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/health", headers={"X-Request-ID": "lb-7f3a.91"}).headers["X-Request-ID"] == "lb-7f3a.91"
    made = client.get("/health").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/health").headers["X-Request-ID"] != made
    forged = client.get("/health", headers={"X-Request-ID": 'x" onload=alert(1) ' + "y" * 200})
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["X-Request-ID"])  # not a header to echo: replaced
    gated = client.get("/officer/", headers={"X-Request-ID": "gate-1"})  # answered by the login gate's hook
    assert gated.status_code == 302
    assert gated.headers["X-Request-ID"] == "gate-1"


def test_log_lines_are_json_with_the_request_id(app: Flask, json_lines: io.StringIO) -> None:
    app.test_client().get("/about/data", headers={"X-Request-ID": "trace-42"})
    app.test_client().get("/no/such/page")
    first, second = (json.loads(line) for line in json_lines.getvalue().splitlines())
    assert first["request_id"] == "trace-42"
    assert first["logger"] == "abcd.access"
    assert first["message"] == "GET /about/data 200"
    assert (first["route"], first["status"], first["method"]) == ("/about/data", 200, "GET")
    assert first["duration_ms"] >= 0
    assert first["ts"].endswith("+00:00")
    assert (second["route"], second["status"]) == ("<unmatched>", 404)
    assert re.fullmatch(r"[0-9a-f]{32}", second["request_id"])


def test_production_logs_json_by_default() -> None:
    assert logs.log_format({"ENV": "production"}) == "json"
    assert logs.log_format({"ENV": "development"}) == "text"
    assert logs.log_format({"ENV": "production", "LOG_FORMAT": "text"}) == "text"


def _sample(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        metric, _, value = line.rpartition(" ")
        if metric.split("{")[0] == name:
            found = metric.partition("{")[2].rstrip("}")
            if ",".join(sorted(found.split(","))) == wanted:
                return float(value)
    raise AssertionError(f"no {name}{{{wanted}}} in:\n{text}")


def test_metrics_count_requests_by_route_and_status_with_latency(app: Flask) -> None:
    client = app.test_client()
    before = client.get("/metrics").get_data(as_text=True)
    try:
        start = _sample(before, "abcd_http_requests_total", route="/health", method="GET", status="200")
    except AssertionError:
        start = 0
    for _ in range(3):
        client.get("/health")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=0.0.4")
    text = response.get_data(as_text=True)
    assert _sample(text, "abcd_http_requests_total", route="/health", method="GET", status="200") == start + 3
    assert _sample(text, "abcd_http_request_duration_seconds_count", route="/health") >= 3
    assert _sample(text, "abcd_http_request_duration_seconds_bucket", route="/health", le="+Inf") >= 3
    assert "# TYPE abcd_http_request_duration_seconds histogram" in text


def test_metrics_show_how_far_behind_this_process_graph_is(app: Flask) -> None:
    live.warm(app)
    with app.app_context():
        make_person("Not Yet Applied")
        db.session.commit()
        head = feed_head().seq
        db.session.remove()
    applied = live.applied_seq(app)
    assert applied is not None
    text = app.test_client().get("/metrics").get_data(as_text=True)
    assert _sample(text, "abcd_graph_feed_head") == head
    lag = [line for line in text.splitlines() if line.startswith("abcd_graph_lag_entries{")]
    assert len(lag) == 1
    assert float(lag[0].rpartition(" ")[2]) == head - applied > 0


def test_metrics_count_jobs_by_state(rq_app: Flask) -> None:
    with rq_app.app_context():
        assert jobs.enqueue(failing.always_fails, "metrics-count", "x")
    text = rq_app.test_client().get("/metrics").get_data(as_text=True)
    assert _sample(text, "abcd_jobs", state="queued") == 1
    assert _sample(text, "abcd_jobs", state="failed") == 0


def test_metrics_are_only_for_this_machine_or_the_token(make_app: Callable[..., Flask]) -> None:
    open_app = make_app()
    outside = {"REMOTE_ADDR": "203.0.113.9"}
    assert open_app.test_client().get("/metrics", environ_base=outside).status_code == 403
    guarded = make_app(METRICS_TOKEN="s3cret-scrape-token").test_client()
    assert guarded.get("/metrics").status_code == 403  # a token is set: even this machine needs it
    assert guarded.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
    good = guarded.get("/metrics", headers={"Authorization": "Bearer s3cret-scrape-token"}, environ_base=outside)
    assert good.status_code == 200
    assert "abcd_http_requests_total" in good.get_data(as_text=True)
