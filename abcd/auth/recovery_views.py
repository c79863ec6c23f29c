"""Forgotten passwords, proving an email address, and one's email settings (routes on the auth blueprint)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from abcd.auth import recovery
from abcd.auth.forms import EmailSettingsForm, ForgotPasswordForm, ResetPasswordForm
from abcd.auth.views import bp
from abcd.extensions import db, limiter
from abcd.forms import BaseForm
from abcd.rate_limits import limits_off
from abcd.security import public


def _reset_limit() -> str:
    return str(current_app.config["RATELIMIT_PASSWORD_RESET"])


def _resend_limit() -> str:
    return str(current_app.config["RATELIMIT_MAIL_RESEND"])


def _submitted_email() -> str:
    """Also limit per address asked about, so nobody can flood one person's inbox from many machines."""
    return "reset:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"], exempt_when=limits_off)
@limiter.limit(_reset_limit, methods=["POST"], key_func=_submitted_email, exempt_when=limits_off)
@public
def forgot_password() -> str:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        recovery.request_password_reset(form.email.data or "")
        db.session.commit()
        # The same page whether or not the address has an account.
        return render_template("auth/forgot_sent.html", email=form.email.data)
    return render_template("auth/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str) -> str | Response:
    user = recovery.user_to_reset(token)
    if user is None:
        return render_template("auth/link_expired.html", again=url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        recovery.reset_password(user, form.password.data or "")
        db.session.commit()
        flash(_("Your password was changed. Sign in with your new password."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)


@bp.route("/verify/<token>", methods=["GET", "POST"])
@public
def verify_email(token: str) -> str | Response:
    """A page with one button: mail scanners that open links must not confirm an address by themselves."""
    user = recovery.user_to_verify(token)
    if user is None:
        again = url_for("auth.email_settings") if current_user.is_authenticated else url_for("auth.login")
        return render_template("auth/link_expired.html", again=again)
    form = BaseForm()
    if form.validate_on_submit():
        recovery.mark_verified(user)
        db.session.commit()
        flash(_("Thank you: your email address is confirmed."), "success")
        return redirect(url_for("main.index"))
    return render_template("auth/verify.html", form=form, email=user.email)


@bp.route("/email", methods=["GET", "POST"])
def email_settings() -> str | Response:
    form = EmailSettingsForm()
    if request.method == "GET":  # not obj=: an unticked box posts nothing, which must mean "off"
        form.email_notices.data = current_user.email_notices
    if form.validate_on_submit():
        current_user.email_notices = bool(form.email_notices.data)
        db.session.commit()
        flash(_("Your email settings were saved."), "success")
        return redirect(url_for("auth.email_settings"))
    return render_template("auth/email_settings.html", form=form, resend_form=BaseForm())


@bp.route("/verify/resend", methods=["POST"])
@limiter.limit(_resend_limit, exempt_when=limits_off)
def resend_verification() -> Response:
    if BaseForm().validate_on_submit() and current_user.email_verified_at is None:
        recovery.send_verification(current_user)
        db.session.commit()
        flash(_("We sent a new link to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("auth.email_settings"))
