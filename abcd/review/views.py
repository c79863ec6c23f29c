"""The moderation queue for officers."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from abcd import permissions
from abcd.review import services

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.route("/")
def queue() -> str:
    if not permissions.can_review_assets(current_user):
        abort(403)
    return render_template("review/queue.html", changes=services.queue(current_user))
