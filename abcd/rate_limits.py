"""Rate limits: whom a request counts against (a signed-in account, else the client's address), each
limit read from the serving app's settings, and the app's own on/off switch."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user


def limits_off() -> bool:
    """Flask-Limiter keeps `enabled` on the one shared extension, set by whichever app called init_app
    last; asking the app serving the request keeps one app's setting from switching another's on."""
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def account_or_address() -> str:
    """Count against the account when signed in, so one account cannot pull everything by changing
    address, and several people behind one address (a library, a school) each have their own allowance."""
    if current_user.is_authenticated:
        return f"account:{current_user.user_id}"
    return f"address:{get_remote_address()}"


def setting(name: str) -> Callable[[], str]:
    """The limit string in the serving app's ``name`` setting, e.g. "10 per minute;50 per hour"."""

    def limit() -> str:
        return str(current_app.config[name])

    return limit
