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


def embeddable(view: F) -> F:
    """Mark a view other sites may show in a frame (the read-only embeddable map); every other page may not."""
    view.is_embeddable = True  # type: ignore[attr-defined]
    return view


def _is_embeddable() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "is_embeddable", False))


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


def content_security_policy(tile_url: str, frame_ancestors: str = "'self'") -> str:
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
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def init_app(app: Flask) -> None:
    csp = content_security_policy(app.config["TILE_URL"])
    embed_csp = content_security_policy(app.config["TILE_URL"], app.config["EMBED_FRAME_ANCESTORS"])

    def _headers(response: Response) -> Response:
        framed = _is_embeddable()
        response.headers.setdefault("Content-Security-Policy", embed_csp if framed else csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        if not framed:  # X-Frame-Options has no "these sites" form; the CSP's frame-ancestors says it
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        # Personal pages must not sit in shared caches; a view that sets Cache-Control itself has
        # decided (e.g. public map data, the same for everyone).
        if current_user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "private, no-store"
        return response

    app.before_request(_login_gate)
    app.before_request(_record_actor)
    app.after_request(_headers)
