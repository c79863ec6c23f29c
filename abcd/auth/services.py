"""Accounts: registration, authentication and role changes. Services never commit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from abcd.auth.models import Role, User
from abcd.converters import LARGEST_ID
from abcd.extensions import db
from abcd.models_base import utcnow
from abcd.notices import services as notices


class AccountError(ValueError):
    """A request about an account that cannot be met; the message is safe to show."""


@dataclass(frozen=True)
class NewAccount:
    email: str
    password: str
    display_name: str
    locale: str = "en"
    role: Role = Role.RESIDENT
    la_code: str | None = None


def load_user(session_id: str) -> User | None:
    """The user a session belongs to (``user_id:epoch``, from User.get_id), or None once it has ended:
    after sign-out, a new password or the account being disabled."""
    user_id, _, epoch = session_id.partition(":")
    if not (user_id.isdigit() and epoch.isdigit()) or int(user_id) > LARGEST_ID:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_enabled or user.session_epoch != int(epoch):
        return None
    return user


def end_sessions(user: User) -> None:
    """Sign this user out everywhere (the view also clears the current browser's session)."""
    user.end_sessions()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def create_user(account: NewAccount) -> User:
    """Add a user. Raises AccountError if the email is taken or an officer has no authority."""
    email = account.email.strip().lower()
    if find_user_by_email(email) is not None:
        raise AccountError("email_taken")
    if account.role is Role.OFFICER and not account.la_code:
        raise AccountError("officer_needs_authority")
    user = User(
        email=email,
        display_name=account.display_name,
        role=account.role,
        la_code=account.la_code if account.role is Role.OFFICER else None,
        locale=account.locale,
    )
    user.set_password(account.password)
    db.session.add(user)
    db.session.flush()
    return user


@cache
def _stand_in_hash() -> str:
    """A real scrypt hash, made once per process, to check passwords against when there is no account."""
    return generate_password_hash(secrets.token_urlsafe(16))


def sign_up(account: NewAccount) -> User | None:
    """Sign-up: create the account, or, when the address already has one, tell its owner instead.

    Returns the new user, or None for a taken address; the caller must answer both alike, so sign-up
    never tells anyone whether an address has an account. The same password-hash work is done either way.
    """
    existing = find_user_by_email(account.email)
    if existing is None:
        return create_user(account)
    generate_password_hash(account.password)  # as creating the account would, so both take as long
    notify_existing_account(existing)
    return None


def notify_existing_account(user: User) -> None:
    """Tell the owner of an address that someone tried to sign up with it (a notice; emailed where the
    notifications service sends notices by email)."""
    notices.send(
        user,
        lambda: (
            _("Someone tried to create an account with your email address"),
            _(
                "Someone tried to create a new account with this email address. If it was you, you already "
                "have an account: sign in, or reset your password if you have forgotten it. If it was not "
                "you, you need do nothing: your account has not changed."
            ),
        ),
        link_path=url_for("auth.login"),
    )


def authenticate(email: str, password: str) -> User | None:
    """The user if the email and password match an enabled account, else None.

    Every answer costs one password check, so how long sign-in takes does not tell whether an address
    has an account (a known address took 0.4 s, an unknown one 0.02 s).
    """
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_stand_in_hash(), password)
        return None
    if not user.check_password(password) or not user.is_enabled:
        return None
    user.last_login_at = utcnow()
    return user


def change_role(user: User, role: Role, la_code: str | None, is_enabled: bool) -> None:
    if role is Role.OFFICER and not la_code:
        raise AccountError("officer_needs_authority")
    if user.is_enabled and not is_enabled:
        user.end_sessions()  # so enabling it again later does not revive a session from before
    user.role = role
    user.la_code = la_code if role is Role.OFFICER else None
    user.is_enabled = is_enabled
