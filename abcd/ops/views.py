"""Probes for load balancers and orchestrators: /health (the process answers) and /ready (it can serve)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from werkzeug.wrappers import Response

from abcd.ops import metrics
from abcd.ops.checks import readiness
from abcd.security import public

bp = Blueprint("ops", __name__)


@bp.route("/health")
@public
def health() -> Response:
    """Alive: answers without touching the database, so a slow database never gets the process killed."""
    response = jsonify(status="ok")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/ready")
@public
def ready() -> tuple[Response, int]:
    """Ready for traffic: the database answers and is migrated to the code's head, and Redis answers when
    configured. 503 (with which check failed) otherwise, so a load balancer sends traffic elsewhere."""
    checks = readiness()
    ok = all(check["ok"] for check in checks.values())
    response = jsonify(status="ready" if ok else "not ready", checks=checks)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if ok else 503


@bp.route("/metrics")
@public
def prometheus_metrics() -> Response:
    """Prometheus text format; only with the configured token, or without one only from this machine."""
    if not metrics.allowed():
        return Response("Forbidden\n", status=403, mimetype="text/plain")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return Response(metrics.exposition(app), content_type=metrics.CONTENT_TYPE, headers={"Cache-Control": "no-store"})
