"""Keeping records fresh: the emailed "still correct" link, the officers' upkeep list and bulk confirm, and
the public's "this is out of date" form."""

from __future__ import annotations

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from abcd import permissions
from abcd.assets.labels import KIND_LABELS
from abcd.assets.models import Asset, AssetStatus
from abcd.auth.models import User
from abcd.extensions import db
from abcd.forms import BaseForm
from abcd.rate_limits import outdated_reports
from abcd.review.services import user_names
from abcd.security import public
from abcd.upkeep import services
from abcd.upkeep.forms import OutdatedReportForm
from abcd.upkeep.freshness import freshness, freshness_of
from abcd.upkeep.models import OutdatedReport
from abcd.upkeep.reminders import read_token

bp = Blueprint("upkeep", __name__, url_prefix="/upkeep")


def template_helpers(app: Flask) -> None:
    """Pages outside this package (asset page, directory) show freshness through these."""
    app.jinja_env.globals.update(asset_freshness=freshness, freshness_of=freshness_of)


def _require_officer() -> User:
    if not permissions.is_officer(current_user):
        abort(403)
    user: User = current_user._get_current_object()
    return user


@bp.route("/still-correct/<token>", methods=["GET", "POST"])
@public
def still_correct(token: str) -> str | Response | tuple[str, int]:
    """The one-click link from a reminder: GET shows what is being confirmed; only the POST records it."""
    named = read_token(token)
    asset = db.session.get(Asset, named[0]) if named else None
    user = db.session.get(User, named[1]) if named else None
    if asset is None or user is None or not services.may_check(user, asset):
        return render_template("upkeep/link_expired.html"), 404
    form = BaseForm()
    if form.validate_on_submit():
        services.mark_checked(asset, user, services.LINK)
        db.session.commit()
        return render_template("upkeep/checked.html", asset=asset)
    return render_template("upkeep/still_correct.html", asset=asset, form=form, fresh=freshness(asset), who=user)


@bp.route("/")
def index() -> str:
    officer = _require_officer()
    rows = services.due_records(officer)
    reports = services.open_reports(officer)
    return render_template(
        "upkeep/index.html", rows=rows, reports=reports, kinds=KIND_LABELS, form=BaseForm(),
        checkers=user_names(row.freshness.checked_by_id for row in rows),
    )  # fmt: skip


@bp.route("/confirm", methods=["POST"])
def bulk_confirm() -> Response:
    officer = _require_officer()
    chosen = [value for value in request.form.getlist("asset_id", type=int) if value]
    if not BaseForm().validate_on_submit():
        flash(_("Your form expired. Please try again."), "error")
    elif not chosen:
        flash(_("Choose at least one record that is still correct."), "error")
    else:
        try:
            count = services.bulk_confirm(officer, chosen)
        except services.UpkeepError:
            db.session.rollback()
            abort(403)
        db.session.commit()
        flash(
            ngettext("Marked %(num)d record as checked today.", "Marked %(num)d records as checked today.", count),
            "success",
        )
    return redirect(url_for("upkeep.index"))


@bp.route("/assets/<int:asset_id>/report", methods=["GET", "POST"])
@public
@outdated_reports
def report(asset_id: int) -> str | Response:
    asset = db.session.get(Asset, asset_id)
    if asset is None or asset.status is not AssetStatus.PUBLISHED:
        abort(404)
    form = OutdatedReportForm()
    if form.validate_on_submit():
        reporter = current_user if permissions.is_signed_in(current_user) else None
        services.report_outdated(asset, form.reason.data or "", reporter)
        db.session.commit()
        flash(_("Thank you. The council's community officers will check this record."), "success")
        return redirect(url_for("assets.detail", asset_id=asset.asset_id))
    return render_template("upkeep/report.html", asset=asset, form=form)


@bp.route("/reports/<int:report_id>/resolve", methods=["POST"])
def resolve(report_id: int) -> Response:
    officer = _require_officer()
    found = db.session.get(OutdatedReport, report_id)
    if found is None:
        abort(404)
    if not permissions.acts_for_authority(officer, found.la_code):
        abort(403)
    if BaseForm().validate_on_submit():
        services.resolve_report(officer, found)
        db.session.commit()
        flash(_("The report was marked as dealt with."), "success")
    return redirect(url_for("upkeep.index"))
