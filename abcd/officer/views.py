"""The officer's home: what waits for them, their drafts, Welsh gaps, recent changes and the network's freshness."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from abcd import permissions
from abcd.assets.labels import KIND_LABELS, field_label
from abcd.assets.services import missing_welsh
from abcd.changes.labels import CHANGE_KIND_LABELS
from abcd.models_base import utcnow
from abcd.officer import services
from abcd.review import services as review
from abcd.upkeep import services as upkeep

bp = Blueprint("officer", __name__, url_prefix="/officer")

FIRST_FEW = 5


@bp.route("/")
def home() -> str:
    if not permissions.is_officer(current_user):
        abort(403)
    welsh_gaps = missing_welsh(current_user)
    return render_template(
        "officer/home.html",
        waiting=review.queue_rows(review.queue(current_user, limit=FIRST_FEW)),
        waiting_count=review.queue_count(current_user),
        drafts=services.my_drafts(current_user),
        welsh_gaps=welsh_gaps[:FIRST_FEW],
        welsh_gap_count=len(welsh_gaps),
        recent=services.recent_changes(current_user),
        lag=services.metrics_lag(),
        upkeep=upkeep.summary(current_user),
        now=utcnow(),
        kinds=KIND_LABELS,
        change_kinds=CHANGE_KIND_LABELS,
        field_label=field_label,
    )
