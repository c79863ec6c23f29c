"""Rate limits: whom a request counts against (a signed-in account, else the client's address), each
limit read from the serving app's settings, and the app's own on/off switch."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, session
from flask_limiter.util import get_remote_address
from flask_login import current_user

from abcd import permissions
from abcd.extensions import limiter


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


def _staff_or_limits_off() -> bool:
    """Officers enter many records at once (a workshop); the limit is for accounts anyone can make."""
    return limits_off() or permissions.is_officer(current_user)


# One allowance shared by every way a resident sends something for other people to read or review:
# suggestions, proposals, requests to join (each reaches an officer's or organiser's queue).
resident_submissions = limiter.shared_limit(
    setting("RATELIMIT_SUBMISSIONS"),
    scope="resident-submissions",
    key_func=account_or_address,
    methods=["POST"],
    exempt_when=_staff_or_limits_off,
)


# "This is out of date" reports: open to anyone, so counted per account or address, officers included.
outdated_reports = limiter.limit(
    setting("RATELIMIT_REPORTS"), key_func=account_or_address, methods=["POST"], exempt_when=limits_off
)


# The open API and the Open Referral feed: anyone may read them, from any origin, so counted per address.
open_data = limiter.shared_limit(
    setting("RATELIMIT_OPEN_DATA"), scope="open-data", key_func=get_remote_address, exempt_when=limits_off
)


def participant_or_address() -> str:
    """A workshop participant (no account) counts as themselves, held in the signed session cookie; a whole
    hall shares one address, so the address alone would stop a room."""
    joined = session.get("workshop_participants") or {}
    if joined:
        return "participant:" + ",".join(f"{k}={v}" for k, v in sorted(joined.items()))
    return f"address:{get_remote_address()}"


# Joining a workshop by code: per address, generous, since a room of 40 shares the hall's connection.
workshop_joins = limiter.limit(
    setting("RATELIMIT_WORKSHOP_JOINS"), key_func=get_remote_address, methods=["POST"], exempt_when=limits_off
)
# Contributions in a workshop: per participant.
workshop_contributions = limiter.limit(
    setting("RATELIMIT_WORKSHOP_CONTRIBUTIONS"), key_func=participant_or_address, methods=["POST"],
    exempt_when=limits_off,
)  # fmt: skip
