"""Sign in, sign out, register."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from abcd import permissions
from abcd.auth.forms import LoginForm, RegisterForm
from abcd.auth.recovery import send_verification
from abcd.auth.services import NewAccount, authenticate, end_sessions, sign_up
from abcd.extensions import db, limiter
from abcd.i18n import current_language, explicit_language
from abcd.rate_limits import limits_off, setting
from abcd.security import public

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _safe_next(target: str | None, default: str = "main.index") -> str:
    """Only same-site relative paths, so a crafted link cannot bounce a user elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for(default)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(setting("RATELIMIT_LOGIN"), methods=["POST"], exempt_when=limits_off)
@public
def login() -> str | Response:
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is None:
            form.password.errors.append(_("The email address or password is not right."))
        else:
            # Signing in (a deliberate POST) from pages read in a chosen language records that choice,
            # so what the system sends this person is in the language they use here.
            user.locale = explicit_language() or user.locale
            db.session.commit()
            login_user(user)
            flash(_("You are signed in."), "success")
            home = "officer.home" if permissions.is_officer(user) else "main.index"  # officers land on their work
            return redirect(_safe_next(request.args.get("next"), home))
    return render_template("auth/login.html", form=form)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(setting("RATELIMIT_SIGNUP"), methods=["POST"], exempt_when=limits_off)  # accounts made by script
@public
def register() -> str | Response:
    form = RegisterForm()
    if form.validate_on_submit():
        account = NewAccount(
            email=form.email.data or "",
            password=form.password.data or "",
            display_name=form.display_name.data or "",
            locale=current_language(),
        )
        user = sign_up(account)
        if user is not None:
            send_verification(user)
        db.session.commit()
        # The same answer whether or not the address already had an account (then its owner is told), so
        # sign-up cannot be used to find out who has one; a new account signs in with its password.
        flash(_("If that address can be used, we have sent a message to it. Then sign in here."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    end_sessions(current_user._get_current_object())  # a copied cookie or another device is signed out too
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("main.index"))
