"""Possible duplicates for officers, the as-you-type check, "not a duplicate", merge and unmerge pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from abcd import permissions
from abcd.areas.services import local_authorities
from abcd.assets import services as assets
from abcd.assets.models import Asset, AssetKind
from abcd.changes.services import WriteContext
from abcd.duplicates import merging, plan, redirects, services
from abcd.duplicates.forms import merge_form
from abcd.duplicates.labels import collapsing_text, merge_error_message, move_text, reasons_text
from abcd.duplicates.models import AssetMerge
from abcd.extensions import db
from abcd.forms import BaseForm
from abcd.i18n import record_name
from abcd.text import clean_query

bp = Blueprint("duplicates", __name__, url_prefix="/duplicates")
bp.before_app_request(redirects.merged_record_moved)
bp.add_app_template_filter(reasons_text, "duplicate_reasons")


def _load(asset_id: int) -> Asset:
    asset = assets.get_asset(asset_id)
    if asset is None:
        abort(404)
    return asset


@bp.route("/")
def index() -> str:
    if not permissions.can_see_duplicates(current_user):
        abort(403)
    la_code = current_user.la_code if not permissions.is_admin(current_user) else None
    chosen = request.args.get("la")
    authorities = local_authorities()
    if permissions.is_admin(current_user) and chosen in {authority.code for authority in authorities}:
        la_code = chosen
    pairs = services.authority_pairs(la_code)
    merges = merging.recent_merges(la_code)
    return render_template(
        "duplicates/index.html", pairs=pairs, merges=merges, form=BaseForm(),
        authorities=authorities if permissions.is_admin(current_user) else [], chosen=la_code,
    )  # fmt: skip


@bp.route("/check.json")
def check() -> Response:
    """What the asset form's user has typed so far may already exist: up to five records they may see."""
    typed = {name: clean_query(request.args.get(name), 200) or None for name in services.CHECKED_FIELDS}
    exclude = request.args.get("exclude", type=int)
    found = []
    if typed["name_en"] or typed["name_cy"]:
        subject = assets.AssetInput(kind=AssetKind.PLACE, name_en=typed["name_en"] or "", **_rest(typed))
        candidates = services.visible_duplicates_of(current_user, subject, limit=6)
        found = [
            {
                "asset_id": candidate.asset.asset_id,
                "name": record_name(candidate.asset),
                "url": url_for("assets.detail", asset_id=candidate.asset.asset_id),
                "reasons": reasons_text(candidate.reasons),
            }
            for candidate in candidates
            if candidate.asset.asset_id != exclude
        ][:5]
    return jsonify(
        matches=found, heading=_("This may already exist:") if found else "", note=_("Open a record to check it.")
    )


def _rest(typed: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in typed.items() if name != "name_en"}


@bp.route("/<int:first_id>/<int:second_id>/not-duplicate", methods=["POST"])
def dismiss(first_id: int, second_id: int) -> Response:
    first, second = _load(first_id), _load(second_id)
    if not permissions.can_merge_assets(current_user, first, second):
        abort(403)
    if not BaseForm().validate_on_submit():
        flash(_("That request was not understood."), "error")
    elif first_id == second_id:
        flash(merge_error_message(plan.MergeError("same_record")), "error")
    else:
        services.mark_not_duplicate(first, second, current_user)
        db.session.commit()
        flash(
            _("Noted: %(first)s and %(second)s are different.", first=record_name(first), second=record_name(second)),
            "success",
        )
    return redirect(url_for("duplicates.index"))


@bp.route("/merge/<int:survivor_id>/<int:merged_id>", methods=["GET", "POST"])
def merge(survivor_id: int, merged_id: int) -> Any:
    survivor, merged = _load(survivor_id), _load(merged_id)
    if not any(permissions.acts_for_authority(current_user, asset.la_code) for asset in (survivor, merged)):
        abort(403)  # one record of another authority is shown, with the refusal; two are not
    proposal = plan.plan_merge(survivor, merged, current_user)
    form = merge_form(proposal)
    problem = None
    shown = (form.survivor_version.data, form.merged_version.data)
    if form.is_submitted() and shown != (survivor.version, merged.version):
        # Checked before the choices: a record changed since may now differ on fields the page did not offer.
        problem = merge_error_message(plan.MergeError("stale"))
        form.survivor_version.data, form.merged_version.data = survivor.version, merged.version
    elif form.validate_on_submit():
        versions = (form.survivor_version.data or 0, form.merged_version.data or 0)
        try:
            record = merging.merge(survivor, merged, form.choices(), versions, WriteContext(current_user))
            db.session.commit()
        except plan.MergeError as error:
            db.session.rollback()
            problem = merge_error_message(error)
        except StaleDataError:
            db.session.rollback()
            problem = merge_error_message(plan.MergeError("stale"))
        else:
            kept = record_name(survivor)
            flash(_("Merged. %(name)s is kept; the other record's address now leads here.", name=kept), "success")
            return redirect(url_for("duplicates.merge_record", merge_id=record.merge_id))
        survivor, merged = _load(survivor_id), _load(merged_id)
        proposal = plan.plan_merge(survivor, merged, current_user)
    elif request.method == "POST":
        problem = _("Choose a value for each field, then confirm.")
    _score, reasons = services.explain_pair(survivor, merged)
    return render_template(
        "duplicates/merge.html", plan=proposal, form=form, problem=problem, reasons=reasons_text(reasons),
        refusals=[merge_error_message(error) for error in proposal.refusals], move_text=move_text,
        collapsing=collapsing_text(proposal.collapsing) if proposal.collapsing else "",
    )  # fmt: skip


def _load_merge(merge_id: int) -> AssetMerge:
    if not permissions.is_officer(current_user):
        abort(403)
    record = db.session.get(AssetMerge, merge_id)
    if record is None:
        abort(404)
    if not permissions.acts_for_authority(current_user, record.la_code):
        abort(403)
    return record


@bp.route("/merges/<int:merge_id>")
def merge_record(merge_id: int) -> str:
    record = _load_merge(merge_id)
    survivor, merged = db.session.get(Asset, record.survivor_id), db.session.get(Asset, record.merged_id)
    return render_template("duplicates/merged.html", record=record, survivor=survivor, merged=merged, form=BaseForm())


@bp.route("/merges/<int:merge_id>/undo", methods=["POST"])
def unmerge(merge_id: int) -> Response:
    record = _load_merge(merge_id)
    if not BaseForm().validate_on_submit():
        flash(_("That request was not understood."), "error")
        return redirect(url_for("duplicates.merge_record", merge_id=merge_id))
    try:
        survivor, merged = merging.unmerge(record, WriteContext(current_user))
        db.session.commit()
    except (plan.MergeError, StaleDataError) as error:
        db.session.rollback()
        code = error if isinstance(error, plan.MergeError) else plan.MergeError("changed_since")
        flash(merge_error_message(code), "error")
        return redirect(url_for("duplicates.merge_record", merge_id=merge_id))
    flash(_("The merge was undone: %(first)s and %(second)s are separate again.", first=record_name(survivor),
            second=record_name(merged)), "success")  # fmt: skip
    return redirect(url_for("assets.detail", asset_id=merged.asset_id))
