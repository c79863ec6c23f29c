"""The OpenAPI document and a readable page rendered from it on the server (no script, no CDN)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, json, render_template

from abcd.api.spec import document
from abcd.rate_limits import open_data
from abcd.security import public

bp = Blueprint("api_docs", __name__, url_prefix="/api/v1")
open_data(bp)

METHODS = ("get", "post", "put", "patch", "delete")


@bp.route("/openapi.json")
@public
def openapi_json() -> Response:
    response = Response(json.dumps(document(), indent=2), mimetype="application/json")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Each path and method with what a reader needs: summary, parameters, responses."""
    operations = []
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method in item:
                operation = item[method]
                operations.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": operation.get("summary", ""),
                        "description": operation.get("description", ""),
                        "parameters": shared + operation.get("parameters", []),
                        "responses": operation.get("responses", {}),
                    }
                )
    return operations


@bp.route("/docs")
@public
def docs() -> str:
    spec = document()
    return render_template(
        "api_docs/docs.html",
        info=spec.get("info", {}),
        operations=_operations(spec),
        schemas=spec.get("components", {}).get("schemas", {}),
    )
