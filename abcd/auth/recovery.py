"""Proving an email address and recovering a forgotten password, by signed links that expire.

Both links are signed with the secret key (nothing to store). A reset link carries a fingerprint of
the current password hash, so it works once: after the password changes it no longer matches. A
verification link carries a fingerprint of the address, so it stops working if the address changes.
Services never commit; messages leave when the caller commits.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from abcd.auth.models import User
from abcd.auth.services import find_user_by_email
from abcd.extensions import db
from abcd.mail.services import email_user, external_url
from abcd.models_base import utcnow

VERIFY_SALT = "abcd.verify-email"
RESET_SALT = "abcd.reset-password"
MAX_TOKEN_LENGTH = 500


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def _load(token: str, salt: str, max_age: int) -> dict[str, Any] | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except BadSignature:  # also SignatureExpired, its subclass
        return None
    return data if isinstance(data, dict) and isinstance(data.get("u"), int) else None


def send_verification(user: User) -> None:
    """Email ``user`` a link proving their address, in their language."""
    token = _serializer(VERIFY_SALT).dumps({"u": user.user_id, "e": _fingerprint(user.email)})
    days = current_app.config["EMAIL_VERIFY_MAX_AGE"] // 86400
    email_user(user, "verify_email", link=external_url("auth.verify_email", user.locale, token=token), days=days)


def user_to_verify(token: str) -> User | None:
    """The account a verification link is for, or None when it is forged, expired or for an old address."""
    data = _load(token, VERIFY_SALT, current_app.config["EMAIL_VERIFY_MAX_AGE"])
    user = db.session.get(User, data["u"]) if data else None
    if user is None or data is None or data.get("e") != _fingerprint(user.email):
        return None
    return user


def mark_verified(user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()


def request_password_reset(email: str) -> None:
    """Email a reset link if ``email`` belongs to an enabled account; otherwise do nothing. Callers give
    the same answer either way, so the form cannot tell anyone which addresses have accounts."""
    user = find_user_by_email(email)
    if user is None or not user.is_enabled:
        return
    token = _serializer(RESET_SALT).dumps({"u": user.user_id, "p": _fingerprint(user.password_hash)})
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    email_user(user, "reset_password", link=external_url("auth.reset_password", user.locale, token=token),
               minutes=minutes)  # fmt: skip


def user_to_reset(token: str) -> User | None:
    """The account a reset link is for, or None when it is forged, expired, already used or disabled."""
    data = _load(token, RESET_SALT, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = db.session.get(User, data["u"]) if data else None
    if user is None or data is None or not user.is_enabled or data.get("p") != _fingerprint(user.password_hash):
        return None
    return user


def reset_password(user: User, new_password: str) -> None:
    """Set the new password (which spends the link), and tell the owner it changed. Following the link
    proved the address, so it counts as verified."""
    user.set_password(new_password)
    mark_verified(user)
    email_user(
        user, "password_changed", link=external_url("auth.forgot_password", user.locale),
        contact=current_app.config["CONTACT_EMAIL"],
    )  # fmt: skip
