"""A person's own suggestions and proposed changes, with what became of them."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template
from flask_login import current_user

from abcd.assets.models import Asset
from abcd.changes.labels import CHANGE_KIND_LABELS, CHANGE_STATUS_LABELS
from abcd.changes.models import ChangeRequest
from abcd.extensions import db

bp = Blueprint("changes", __name__, url_prefix="/changes")


@bp.route("/mine")
def mine() -> str:
    query = (
        sa.select(ChangeRequest, Asset)
        .outerjoin(Asset, Asset.asset_id == ChangeRequest.asset_id)
        .where(ChangeRequest.submitted_by_id == current_user.user_id)
        .order_by(ChangeRequest.change_id.desc())
        .limit(200)
    )
    return render_template(
        "changes/mine.html",
        rows=list(db.session.execute(query).tuples()),
        kinds=CHANGE_KIND_LABELS,
        statuses=CHANGE_STATUS_LABELS,
    )
