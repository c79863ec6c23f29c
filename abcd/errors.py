"""Friendly error pages: bad input and missing pages get a clear message, never a stack trace."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
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
    }


def render_error(status: int, message: str | None = None) -> tuple[str, int]:
    text = message or _messages().get(status, _messages()[400])
    return render_template("errors/error.html", status=status, message=text), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> tuple[str, int]:
        return render_error(400, _("Your form expired or was sent from elsewhere. Please try again."))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> tuple[str, int]:
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[str, int]:
        db.session.rollback()
        app.logger.exception("Unhandled error", exc_info=error)
        return render_error(500)
