"""Structured logs: one JSON object per line, each naming the request it belongs to.

Every request has an id: the X-Request-ID header a proxy sent (when it looks like one), or a new one;
it is echoed in the response's X-Request-ID and added to every log line written while serving it, so a
line in the proxy's log, the app's and a job's can be matched. ABCD_LOG_FORMAT chooses json (the default
in production) or text (the default on a laptop, where the log is left as Flask sets it up).
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from flask import Flask, g, has_request_context, request
from werkzeug.wrappers import Response

REQUEST_ID_HEADER = "X-Request-ID"
_ACCEPTED = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")  # what a proxy's id looks like; anything else is replaced
_HANDLER = "abcd_json_handler"
access_log = logging.getLogger("abcd.access")
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (None outside a request) to every record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request id, any extra
    fields given with ``extra=``, and the exception's traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def log_format(config: Any) -> str:
    chosen = str(config.get("LOG_FORMAT") or "")
    return chosen or ("json" if config.get("ENV") == "production" else "text")


def install_json_logging(level: int = logging.INFO) -> logging.Handler:
    """Send every logger's lines to stderr as JSON (once per process, whatever the number of apps)."""
    root = logging.getLogger()
    for handler in root.handlers:
        if getattr(handler, _HANDLER, False):
            return handler
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    setattr(handler, _HANDLER, True)
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def _start() -> None:
    if "request_id" not in g:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if _ACCEPTED.match(given) else uuid4().hex
        g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    _start()  # when an earlier hook answered first, this one never ran
    response.headers[REQUEST_ID_HEADER] = g.request_id
    started = g.get("request_started")
    seconds = time.perf_counter() - started if started is not None else 0.0
    rule = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
    access_log.info(
        "%s %s %d", request.method, request.path, response.status_code,
        extra={"method": request.method, "path": request.path, "route": rule, "status": response.status_code,
               "duration_ms": round(seconds * 1000, 1), "remote_addr": request.remote_addr},
    )  # fmt: skip
    return response


def init_app(app: Flask) -> None:
    if log_format(app.config) == "json":
        install_json_logging()
        app.logger.handlers.clear()  # Flask's own handler would write the same lines again, as text
        app.logger.propagate = True
    app.before_request(_start)
    app.after_request(_finish)
