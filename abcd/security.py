"""Secure by default: a login gate over every view not marked public, and strict response headers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from flask_login import current_user

from abcd.extensions import db, login_manager

F = TypeVar("F", bound=Callable[..., Any])


def public(view: F) -> F:
    """Mark a view as reachable without signing in; everything else needs an account."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def _login_gate() -> Any:
    endpoint = request.endpoint
    if endpoint is None or endpoint == "static":
        return None  # unknown URLs fall through to 404, static files are public
    view = current_app.view_functions.get(endpoint)
    if getattr(view, "is_public", False) or current_user.is_authenticated:
        return None
    return login_manager.unauthorized()


def _record_actor() -> None:
    """Tell the audit listener who is acting in this request."""
    db.session.info["actor_id"] = current_user.user_id if current_user.is_authenticated else None


def content_security_policy(tile_url: str) -> str:
    img_sources = ["'self'", "data:"]
    if tile_url:
        parts = urlsplit(tile_url.replace("{s}", "a"))
        host = parts.netloc.replace("a.", "*.", 1) if "{s}" in tile_url else parts.netloc
        img_sources.append(f"{parts.scheme}://{host}")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {' '.join(img_sources)}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def init_app(app: Flask) -> None:
    csp = content_security_policy(app.config["TILE_URL"])

    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if current_user.is_authenticated:  # personal pages must not sit in shared caches
            response.headers["Cache-Control"] = "private, no-store"
        return response

    app.before_request(_login_gate)
    app.before_request(_record_actor)
    app.after_request(_headers)
