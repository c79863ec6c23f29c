"""Open data may be read from any origin: ``Access-Control-Allow-Origin: *`` on every answer under the
open API, the Open Referral feed and the downloads, errors included. Nothing there depends on who asks
(every route is public and shows published records only), so a wildcard gives nothing away."""

from __future__ import annotations

from flask import Flask, Response, request

OPEN_PREFIXES = ("/api/", "/openreferral", "/open-data/")


def _allow_any_origin(response: Response) -> Response:
    if request.path.startswith(OPEN_PREFIXES):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        if request.method == "OPTIONS":  # a preflight, e.g. for If-None-Match
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "If-None-Match, Accept, Accept-Language"
            response.headers["Access-Control-Max-Age"] = "3600"
    return response


def init_app(app: Flask) -> None:
    app.after_request(_allow_any_origin)
