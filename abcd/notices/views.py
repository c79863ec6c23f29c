"""The signed-in user's inbox of notices from the system."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from abcd.extensions import db
from abcd.forms import BaseForm
from abcd.notices import services

bp = Blueprint("notices", __name__, url_prefix="/notices")


@bp.app_context_processor
def _unread() -> dict[str, object]:
    """The account bar's count of unread notices, asked for only where a page shows it."""

    def unread_notices() -> int:
        return services.unread_count(current_user.user_id) if current_user.is_authenticated else 0

    return {"unread_notices": unread_notices}


@bp.route("/")
def inbox() -> str:
    return render_template("notices/inbox.html", notices=services.inbox(current_user.user_id), read_form=BaseForm())


@bp.route("/read", methods=["POST"])
def mark_read() -> Response:
    if BaseForm().validate_on_submit():
        services.mark_all_read(current_user.user_id)
        db.session.commit()
    return redirect(url_for("notices.inbox"))
