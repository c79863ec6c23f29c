"""Friendly errors: bad input and missing pages get a clear message, never a stack trace.

HTML pages for people; on the open API, the Open Referral feed and every JSON route, JSON in one shape
that clients can rely on: ``{"error": {"status": 404, "code": "not_found", "message": "...", "details": {}}}``
(``details`` says per parameter what was wrong, for 400s from the API's schemas).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from abcd.extensions import db


class DomainError(ValueError):
    """A refusal a service can explain: ``code`` names the reason, and views map it to a message."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood. Please check what you entered and try again."),
        403: _("You do not have permission to do that."),
        404: _("We could not find that page."),
        405: _("That action is not allowed here."),
        413: _("What you sent is too large."),
        429: _("Too many attempts. Please wait a minute and try again."),
        500: _("Something went wrong on our side. Nothing you entered was saved; please try again."),
        503: _("The site cannot reach its database for a moment. Nothing you entered was saved; please try again."),
    }


# Stable, machine-readable names for each status; the message beside them is in the request's language.
ERROR_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}
JSON_PREFIXES = ("/api/", "/openreferral/")
JSON_SUFFIXES = (".json", ".geojson")


def wants_json() -> bool:
    """The open API, the Open Referral feed and the JSON routes answer errors in JSON."""
    path = request.path
    return path.startswith(JSON_PREFIXES) or path.endswith(JSON_SUFFIXES) or path.rstrip("/") == "/openreferral"


def render_error(status: int, message: str | None = None) -> tuple[str, int]:
    text = message or _messages().get(status, _messages()[400])
    return render_template("errors/error.html", status=status, message=text), status


def error_response(
    status: int, message: str | None = None, details: dict[str, Any] | None = None
) -> tuple[str | Response, int]:
    """The error in JSON where a program is asking (see ``wants_json``), else the HTML page."""
    if not wants_json():
        return render_error(status, message)
    text = message or _messages().get(status, _messages()[400])
    body = {"status": status, "code": ERROR_CODES.get(status, "error"), "message": text, "details": details or {}}
    return jsonify(error=body), status


def _explained(error: HTTPException) -> tuple[str | None, dict[str, Any] | None]:
    """A message given with ``abort(400, description=...)``, and a schema's per-parameter messages."""
    message = error.description if "description" in vars(error) else None
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    details: dict[str, Any] | None = None
    if isinstance(messages, dict):  # webargs: {"query": {"page": ["Must be ..."]}}
        details = {}
        for location_errors in messages.values():
            details.update(location_errors if isinstance(location_errors, dict) else {"_": location_errors})
    return message, details


def _unavailable_errors() -> tuple[type[Exception], ...]:
    """The drivers' "cannot reach the database" errors (psycopg's OperationalError covers a restart, a refused
    connection and an administrator's shutdown; sqlite3's covers "database is locked")."""
    import sqlite3

    errors: list[type[Exception]] = [sqlite3.OperationalError]
    try:
        import psycopg
    except ImportError:  # pragma: no cover -- psycopg is pinned, but SQLite needs nothing else
        pass
    else:
        errors.append(psycopg.OperationalError)
    return tuple(errors)


_UNAVAILABLE = _unavailable_errors()


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> tuple[str | Response, int]:
        return error_response(400, _("Your form expired or was sent from elsewhere. Please try again."))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str | Response, int]:
        if error.code == 400 and wants_json():
            message, details = _explained(error)
            return error_response(400, message, details)
        return error_response(error.code or 500)

    @app.errorhandler(DBAPIError)
    def _database(error: DBAPIError) -> tuple[str | Response, int] | Response:
        """The database restarted or is out of reach (or, on SQLite, busy past the wait): a brief 503 that says
        to try again, not a 500; pooled connections it broke are replaced on their next use."""
        if not (error.connection_invalidated or isinstance(error.orig, _UNAVAILABLE)):
            return _unexpected(error)
        db.session.rollback()
        app.logger.warning("Database unavailable: %s", error.orig)
        body, status = error_response(503)
        response = app.make_response((body, status))
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[str | Response, int]:
        db.session.rollback()
        app.logger.exception("Unhandled error", exc_info=error)
        return error_response(500)
