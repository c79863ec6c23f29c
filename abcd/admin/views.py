"""Administration: users and their roles."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from abcd import permissions
from abcd.admin.forms import UserRoleForm
from abcd.areas.services import local_authorities
from abcd.auth.labels import ROLE_LABELS
from abcd.auth.models import Role, User
from abcd.auth.services import AccountError, change_role
from abcd.extensions import db
from abcd.i18n import by_name, record_name

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def _admins_only() -> None:
    if not permissions.can_manage_users(current_user):
        abort(403)


@bp.route("/users")
def users() -> str:
    everyone = db.session.scalars(sa.select(User).order_by(User.role, User.email)).all()
    return render_template("admin/users.html", users=everyone, roles=ROLE_LABELS)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int) -> str | Response:
    user = db.session.get(User, user_id) or abort(404)
    form = UserRoleForm(obj=user)
    form.la_code.choices = [("", _("None"))] + [(la.code, record_name(la)) for la in by_name(local_authorities())]
    if form.validate_on_submit():
        try:
            change_role(user, Role(form.role.data), form.la_code.data or None, bool(form.is_enabled.data))
        except AccountError:
            form.la_code.errors = [_("Choose the local authority this officer works for.")]
        else:
            db.session.commit()
            flash(_("The account was updated."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)
