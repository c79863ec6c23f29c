"""The moderation queue: officers see, filter and decide the changes waiting in their authority."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from abcd import permissions
from abcd.areas.services import wards
from abcd.assets.labels import KIND_LABELS
from abcd.assets.models import Asset
from abcd.changes import services as changes
from abcd.changes.labels import CHANGE_KIND_LABELS, CHANGE_STATUS_LABELS
from abcd.changes.models import ChangeKind, ChangeRequest, ChangeStatus
from abcd.changes.services import ChangeError, WriteContext
from abcd.extensions import db
from abcd.i18n import url_with_query
from abcd.people.services import viewer_for
from abcd.review import compare, services
from abcd.review.forms import ApproveForm, BatchForm, RejectForm
from abcd.review.labels import AGE_CHOICES
from abcd.review.messages import review_error_message
from abcd.text import whole_number

bp = Blueprint("review", __name__, url_prefix="/review")


def _load(change_id: int) -> ChangeRequest:
    """Only officers learn whether a change exists; then only its own authority's officers may see it."""
    if not permissions.can_review_assets(current_user):
        abort(403)
    change = db.session.get(ChangeRequest, change_id)
    if change is None:
        abort(404)
    if not permissions.can_review_change(current_user, change.la_code):
        abort(403)
    return change


@bp.route("/")
def queue() -> str:
    if not permissions.can_review_assets(current_user):
        abort(403)
    ward_choices = wards(None if permissions.is_admin(current_user) else current_user.la_code)
    filters = services.QueueFilters.from_args(request.args, {ward.code for ward in ward_choices})
    pending = services.queue(current_user, filters)
    return render_template(
        "review/queue.html",
        rows=services.queue_rows(pending),
        total=services.queue_count(current_user, filters),
        filters=filters,
        wards=ward_choices,
        kinds=KIND_LABELS,
        ages=AGE_CHOICES,
        change_kinds=CHANGE_KIND_LABELS,
        form=BatchForm(),
    )


@bp.route("/approve", methods=["POST"])
def approve_batch() -> Response:
    if not permissions.can_review_assets(current_user):
        abort(403)
    back = redirect(url_with_query("review.queue"))  # back to the queue as it was filtered
    ids = [n for n in map(whole_number, request.form.getlist("change_id")) if n is not None][: services.QUEUE_LIMIT]
    if not BatchForm().validate_on_submit() or not ids:
        flash(_("Tick at least one change to approve."), "error")
        return back
    report = services.approve_many(ids, WriteContext(current_user))
    db.session.commit()
    if report.approved:
        count = len(report.approved)
        flash(ngettext("%(num)d change approved.", "%(num)d changes approved.", count), "success")
    for change_id, error in report.refused:
        flash(_("Change %(number)d: %(problem)s", number=change_id, problem=review_error_message(error)), "error")
    return back


def _detail_page(change: ChangeRequest, reject_form: RejectForm | None = None) -> str:
    asset = db.session.get(Asset, change.asset_id) if change.asset_id is not None else None
    is_link = change.kind is ChangeKind.LINK
    names = services.user_names((change.submitted_by_id, change.decided_by_id))
    return render_template(
        "review/detail.html",
        change=change,
        asset=asset,
        rows=[] if is_link else compare.item_rows(change, asset),
        link=compare.link_view(change, viewer_for(current_user)) if is_link else None,
        stale=asset is not None and change.base_version is not None and asset.version != change.base_version,
        submitter=names.get(change.submitted_by_id or -1, ""),
        decider=names.get(change.decided_by_id or -1, ""),
        change_kinds=CHANGE_KIND_LABELS,
        statuses=CHANGE_STATUS_LABELS,
        pending=change.status is ChangeStatus.PENDING,
        approve_form=ApproveForm(),
        reject_form=reject_form or RejectForm(formdata=None),
    )


@bp.route("/<int:change_id>")
def detail(change_id: int) -> str:
    return _detail_page(_load(change_id))


def _chosen_items(change: ChangeRequest, ticked: list[str]) -> list[str]:
    """The ticked items, plus what the page could not leave out: a new record's name, kind and place
    (shown ticked and disabled, so a browser does not send them) and its empty fields (not shown)."""
    offered = changes.items_of(change.proposed)
    chosen = {item for item in ticked if item in offered}
    if change.kind is ChangeKind.NEW:
        chosen |= changes.REQUIRED_ITEMS & set(offered)
        chosen |= set(offered) - set(services.shown_items(change))
    return [item for item in offered if item in chosen]


def _decided(message: str) -> Response:
    flash(message, "success")
    return redirect(url_for("review.queue"))


@bp.route("/<int:change_id>/approve", methods=["POST"])
def approve(change_id: int) -> Response:
    change = _load(change_id)
    back = redirect(url_for("review.detail", change_id=change_id))
    if not ApproveForm().validate_on_submit():
        flash(_("That decision was not understood. Please try again."), "error")
        return back
    items: list[str] | None = None
    if request.form.get("scope") == "selected":
        items = _chosen_items(change, request.form.getlist("item"))
        if not items:
            flash(_("Tick at least one item to approve, or reject the change."), "error")
            return back
    try:
        changes.approve(change, items, WriteContext(current_user))
        db.session.commit()
    except ChangeError as error:
        db.session.rollback()
        flash(review_error_message(error), "error")
        return back
    except StaleDataError:
        db.session.rollback()
        flash(_("Someone else changed this record a moment ago. Check it and try again."), "error")
        return back
    if change.status is ChangeStatus.PARTLY_APPROVED:
        return _decided(_("The selected items were approved; the rest were left out."))
    return _decided(_("The change was approved."))


@bp.route("/<int:change_id>/reject", methods=["POST"])
def reject(change_id: int) -> Any:
    change = _load(change_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _detail_page(change, form)
    try:
        changes.reject(change, form.reason.data or "", WriteContext(current_user))
        db.session.commit()
    except ChangeError as error:
        db.session.rollback()
        flash(review_error_message(error), "error")
        return redirect(url_for("review.detail", change_id=change_id))
    return _decided(_("The change was rejected. The person who sent it has been told why."))
