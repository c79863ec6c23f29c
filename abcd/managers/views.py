"""Asking to manage an asset, the officers' queue and decisions, stepping down, and a manager's own
proposals for the record (through review, never published directly)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from abcd import permissions
from abcd.areas.messages import location_error_message
from abcd.areas.services import LocationError
from abcd.assets import services as assets
from abcd.assets.conflicts import edited_asset
from abcd.assets.forms import AssetForm
from abcd.assets.models import Asset, AssetStatus
from abcd.changes import services as changes
from abcd.changes.conflict_form import merge_into_form, settle_choices
from abcd.changes.messages import change_error_message
from abcd.changes.models import Channel
from abcd.changes.services import ChangeError, WriteContext
from abcd.extensions import db
from abcd.forms import BaseForm
from abcd.i18n import by_name, record_name
from abcd.managers import services
from abcd.managers.forms import ClaimForm, ReasonForm
from abcd.managers.labels import STATUS_LABELS, manager_error_message
from abcd.managers.models import AssetManager, ClaimStatus
from abcd.managers.services import ManagerError
from abcd.people.labels import VISIBILITY_LABELS
from abcd.rate_limits import resident_submissions

bp = Blueprint("managers", __name__, url_prefix="/managers")


def template_helpers(app: Flask) -> None:
    """The asset page, the partner finder and the officer home show managers through these."""
    app.jinja_env.globals.update(
        asset_managers=lambda asset: services.shown_managers(current_user, asset),
        claim_of=lambda asset: services.active_claim(current_user, asset),
        keeps_offers=lambda asset: services.keeps_offers(current_user, asset),
        waiting_claim_count=lambda: len(services.waiting_claims(current_user)),
    )


def _published(asset_id: int) -> Asset:
    asset = assets.get_asset(asset_id)
    if asset is None or asset.status is not AssetStatus.PUBLISHED:
        abort(404)
    return asset


def _manager(manager_id: int) -> AssetManager:
    found = db.session.get(AssetManager, manager_id)
    if found is None:
        abort(404)
    return found


@bp.route("/assets/<int:asset_id>/claim", methods=["GET", "POST"])
@resident_submissions
def claim(asset_id: int) -> str | Response:
    asset = _published(asset_id)
    if services.active_claim(current_user, asset) is not None:
        flash(_("You have already asked to manage this record."), "info")
        return redirect(url_for("managers.mine"))
    if not permissions.can_claim_asset(current_user, asset):
        abort(403)
    form = ClaimForm()
    if request.method == "GET":
        form.shown_name.data = current_user.display_name
    if form.validate_on_submit():
        try:
            services.claim(asset, current_user, form.to_input())
        except ManagerError as error:
            form.form_errors.append(manager_error_message(error))
        else:
            db.session.commit()
            flash(_("Thank you. An officer will check your request and let you know."), "success")
            return redirect(url_for("managers.mine"))
    return render_template("managers/claim.html", asset=asset, form=form)


@bp.route("/mine")
def mine() -> str:
    if not permissions.is_signed_in(current_user):
        abort(403)
    return render_template(
        "managers/mine.html", claims=services.claims_of(current_user), statuses=STATUS_LABELS,
        audiences=VISIBILITY_LABELS, form=BaseForm(),
    )  # fmt: skip


@bp.route("/<int:manager_id>/step-down", methods=["POST"])
def step_down(manager_id: int) -> Response:
    found = _manager(manager_id)
    if found.user_id != getattr(current_user, "user_id", None):
        abort(403)
    if not BaseForm().validate_on_submit():
        flash(_("That request was not understood."), "error")
    else:
        try:
            services.step_down(found, current_user)
        except ManagerError as error:
            flash(manager_error_message(error), "error")
        else:
            db.session.commit()
            flash(_("You no longer manage this record."), "success")
    return redirect(url_for("managers.mine"))


@bp.route("/claims")
def queue() -> str:
    if not permissions.is_officer(current_user):
        abort(403)
    return render_template("managers/queue.html", claims=services.waiting_claims(current_user))


@bp.route("/claims/<int:manager_id>", methods=["GET", "POST"])
def decide(manager_id: int) -> str | Response:
    found = _manager(manager_id)
    if not permissions.can_decide_claim(current_user, found.la_code):
        abort(403)
    asset = db.session.get(Asset, found.asset_id)
    form = ReasonForm()
    if form.validate_on_submit():
        approving = request.form.get("decision") == "approve"
        try:
            if approving:
                services.approve(found, current_user)
            else:
                services.decline(found, current_user, form.reason.data or "")
        except ManagerError as error:
            form.form_errors.append(manager_error_message(error))
        else:
            db.session.commit()
            flash(
                _("Approved: they now manage it.") if approving else _("Declined. They have been told why."), "success"
            )
            return redirect(url_for("managers.queue"))
    return render_template("managers/decide.html", claim=found, asset=asset, form=form, audiences=VISIBILITY_LABELS)


@bp.route("/assets/<int:asset_id>")
def of_asset(asset_id: int) -> str:
    """An asset's managers: named as each chose; its officers see them all, with contacts, and may remove."""
    asset = _published(asset_id)
    officer = permissions.can_decide_claim(current_user, asset.la_code)
    shown = services.managers_of(asset) if officer else services.shown_managers(current_user, asset)
    return render_template(
        "managers/of_asset.html", asset=asset, managers=shown, officer=officer, form=ReasonForm(),
        audiences=VISIBILITY_LABELS,
    )  # fmt: skip


@bp.route("/<int:manager_id>/remove", methods=["POST"])
def remove(manager_id: int) -> Response:
    found = _manager(manager_id)
    if not permissions.can_decide_claim(current_user, found.la_code):
        abort(403)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("That request was not understood."), "error")
    else:
        try:
            services.remove(found, current_user, form.reason.data or "")
        except ManagerError as error:
            flash(manager_error_message(error), "error")
        else:
            db.session.commit()
            flash(_("Removed. They have been told why."), "success")
    return redirect(url_for("managers.of_asset", asset_id=found.asset_id))


def _edit_form(asset: Asset) -> AssetForm:
    if request.method == "POST":
        return AssetForm.for_editor(False, asset)
    form = AssetForm.for_editor(False, asset, obj=asset)
    form.themes.data = [t.theme_id for t in asset.themes]
    form.version.data = str(asset.version)
    return form


def _render_edit(form: AssetForm, asset: Asset, conflict: Any = None) -> str:
    return render_template("assets/form.html", form=form, asset=asset, conflict=conflict, officer_fields=[])


@bp.route("/assets/<int:asset_id>/edit", methods=["GET", "POST"])
@resident_submissions
def propose(asset_id: int) -> str | Response:
    """A manager's edit of the record becomes a proposal an officer of its authority decides."""
    asset = _published(asset_id)
    manager = services.active_claim(current_user, asset)
    if manager is None or manager.status is not ClaimStatus.APPROVED:
        abort(403)
    form = _edit_form(asset)
    form.themes.choices = [(t.theme_id, record_name(t)) for t in by_name(assets.themes())]
    if request.method == "POST" and (pending := settle_choices(form, edited_asset(asset, form), request.form)):
        return _render_edit(form, asset, pending)
    if form.validate_on_submit():
        expected = form.expected_version()
        context = WriteContext(current_user, Channel.FORM, f"manager:{manager.manager_id}")
        try:
            changes.submit_asset_edit(asset, form.to_input(), expected if expected is not None else -1, context)
            db.session.commit()
        except assets.EditConflictError as conflict:
            return _render_edit(form, asset, merge_into_form(form, edited_asset(asset, form), conflict, expected or 0))
        except StaleDataError:
            db.session.rollback()
            flash(_("Someone else changed this record a moment ago. Check it and try again."), "error")
            return redirect(url_for("managers.propose", asset_id=asset_id))
        except LocationError as error:
            form.postcode.errors = [location_error_message(error)]
        except ChangeError as error:
            form.form_errors.append(change_error_message(error))
        else:
            flash(
                _("Thank you. An officer will review your changes; until then everyone sees the record as it was."),
                "success",
            )
            return redirect(url_for("assets.detail", asset_id=asset.asset_id))
    return _render_edit(form, asset)
