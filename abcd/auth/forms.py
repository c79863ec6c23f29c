"""Sign-in and registration forms."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length

from abcd.forms import BaseForm

MIN_PASSWORD = 12


NEW_PASSWORD_HINT = _l("At least 12 characters. A few unrelated words make a good password.")


def new_password_rules() -> list[Any]:
    """One rule for every form that sets a password (sign-up and reset)."""
    return [
        DataRequired(_l("Choose a password.")),
        Length(min=MIN_PASSWORD, max=200, message=_l("Use at least 12 characters.")),
    ]


def confirm_rules() -> list[Any]:
    return [InputRequired(_l("Enter your password again.")), EqualTo("password", _l("The passwords do not match."))]


class LoginForm(BaseForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(_l("Enter your email address.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=200)])


class RegisterForm(BaseForm):
    display_name = StringField(
        _l("Your name"),
        validators=[DataRequired(_l("Enter the name you want others to see.")), Length(max=100)],
        description=_l("The name other people will see. It can be your first name only."),
    )
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter your email address.")),
            Length(max=254),
            Email(_l("Enter an email address like name@example.org."), check_deliverability=False),
        ],
    )
    password = PasswordField(_l("Password"), validators=new_password_rules(), description=NEW_PASSWORD_HINT)
    confirm = PasswordField(_l("Password again"), validators=confirm_rules())
    over_13 = BooleanField(
        _l("I am 13 or older"),
        validators=[DataRequired(_l("You must be 13 or older to create an account yourself."))],
        description=_l("Children under 13 cannot give consent themselves; a community officer can help."),
    )


class ForgotPasswordForm(BaseForm):
    email = EmailField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address.")), Length(max=254)],
        description=_l("The address you use to sign in."),
    )


class ResetPasswordForm(BaseForm):
    password = PasswordField(_l("New password"), validators=new_password_rules(), description=NEW_PASSWORD_HINT)
    confirm = PasswordField(_l("New password again"), validators=confirm_rules())


class EmailSettingsForm(BaseForm):
    email_notices = BooleanField(_l("Email me a copy of my notices"))
