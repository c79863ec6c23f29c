"""The officers' jobs page: what the background jobs are doing, the failed ones (the dead-letter list)
with their reason, and a button to run a failed one again."""

from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from abcd import permissions
from abcd.forms import BaseForm
from abcd.jobs import registry
from abcd.jobs import runner as jobs
from abcd.jobs.redis_runner import RedisRunner

log = logging.getLogger(__name__)
bp = Blueprint("jobs", __name__, url_prefix="/officer/jobs")

STATE_LABELS = {
    "queued": _l("Waiting"),
    "scheduled": _l("Scheduled"),
    "started": _l("Running"),
    "deferred": _l("Waiting for another job"),
    "finished": _l("Done"),
    "failed": _l("Failed"),
}


def _require_officer() -> None:
    if not permissions.is_officer(current_user):
        abort(403)


@bp.route("/")
def index() -> str:
    _require_officer()
    runner = jobs.runner()
    overview = None
    unreachable = False
    if isinstance(runner, RedisRunner):
        try:
            overview = registry.overview(runner)
        except Exception:  # Redis down: say so on the page rather than fail it
            log.warning("Could not list the jobs on Redis", exc_info=True)
            unreachable = True
    return render_template(
        "jobs/index.html", runner=runner.name, overview=overview, unreachable=unreachable,
        states=STATE_LABELS, form=BaseForm(),
    )  # fmt: skip


@bp.route("/<rq_id>/retry", methods=["POST"])
def retry(rq_id: str) -> Response:
    _require_officer()
    runner = jobs.runner()
    if not isinstance(runner, RedisRunner):
        abort(404)
    if not BaseForm().validate_on_submit():
        flash(_("Your form expired. Please try again."), "error")
    elif registry.retry(runner, rq_id):
        flash(_("The job is queued to run again."), "success")
    else:
        flash(_("That job cannot be run again: it is no longer failed, or the same job is already waiting."), "error")
    return redirect(url_for("jobs.index"))
