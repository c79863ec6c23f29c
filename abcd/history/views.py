"""A record's history for people: every change, two versions side by side, restoring a version."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from abcd import permissions
from abcd.assets.labels import field_label
from abcd.assets.models import Asset
from abcd.assets.services import get_asset
from abcd.audit.models import AuditEntry
from abcd.changes.labels import Names, describe_value
from abcd.errors import render_error
from abcd.extensions import db
from abcd.history import services
from abcd.history.forms import CompareForm, RestoreForm
from abcd.history.labels import ChangeRow, describe
from abcd.i18n import when

# The URL predates this package: history stays under the record it belongs to.
bp = Blueprint("history", __name__, url_prefix="/assets/<int:asset_id>/history")


def _messages() -> dict[str, str]:
    return {
        "stale": _(
            "Someone changed this record after you opened this page. "
            "Check what restoring would change now, then confirm again."
        ),
        "nothing_to_restore": _("This version matches the record as it is now: there is nothing to restore."),
        "outside_authority": _(
            "That version places the record in another local authority, where you cannot make changes."
        ),
        "ward_gone": _(
            "That version's ward no longer exists after a boundary change, so it cannot be restored. "
            "Edit the record's location instead."
        ),
    }


def _load(asset_id: int) -> Asset:
    asset = get_asset(asset_id)
    if asset is None:
        abort(404)
    if not permissions.can_edit_asset(current_user, asset):
        abort(403)
    return asset


def _version_choices(asset: Asset, entries: list[AuditEntry]) -> list[tuple[int, str]]:
    made = {entry.entity_version: entry.occurred_at for entry in entries if entry.entity_version}
    choices = []
    for version in range(asset.version, 0, -1):
        label = _("Version %(version)s", version=version)
        if version in made:
            label = _("Version %(version)s, %(when)s", version=version, when=when(made[version]))
        choices.append((version, label))
    return choices


def _rows(differences: list[services.Difference], names: Names) -> list[ChangeRow]:
    return [
        ChangeRow(
            field_label(d.field),
            describe_value(d.field, d.before, names),
            describe_value(d.field, d.after, names),
            d.changed,
        )
        for d in differences
    ]


def _index_page(asset: Asset, entries: list[AuditEntry], form: CompareForm, status: int = 200) -> tuple[str, int]:
    names = services.load_names(entries)
    page = render_template(
        "history/index.html",
        asset=asset,
        entries=[describe(entry, names) for entry in reversed(entries)],
        form=form,
    )
    return page, status


@bp.route("")
def index(asset_id: int) -> tuple[str, int]:
    asset = _load(asset_id)
    entries = services.entries_for(asset)
    form = CompareForm(formdata=None, a=max(asset.version - 1, 1), b=asset.version)
    form.set_versions(_version_choices(asset, entries))
    return _index_page(asset, entries, form)


@bp.route("/compare")
def compare(asset_id: int) -> tuple[str, int]:
    asset = _load(asset_id)
    entries = services.entries_for(asset)
    form = CompareForm(request.args)
    form.set_versions(_version_choices(asset, entries))
    if not form.validate():
        return _index_page(asset, entries, form, status=400)
    steps = services.steps_for(entries)
    version_a, version_b = form.a.data, form.b.data
    values_a = services.version_values(asset, steps, version_a)
    values_b = services.version_values(asset, steps, version_b)
    rows = _rows(services.differences(values_a, values_b), services.load_names())
    return render_template(
        "history/compare.html", asset=asset, rows=rows, version_a=version_a, version_b=version_b
    ), 200


@bp.route("/<int:version>/restore", methods=["GET", "POST"])
def restore(asset_id: int, version: int) -> tuple[str, int] | Response:
    asset = _load(asset_id)
    try:
        plan = services.restore_plan(asset, services.steps_for(services.entries_for(asset)), version)
    except services.HistoryError:
        return render_error(404, _("This record has no version %(version)s.", version=version))
    form = RestoreForm()
    if request.method == "POST":
        return _restore(asset, version, form)
    form.expected_version.data = str(asset.version)
    rows = _rows(plan, services.load_names())
    return render_template("history/restore.html", asset=asset, version=version, rows=rows, form=form), 200


def _restore(asset: Asset, version: int, form: RestoreForm) -> Response:
    here = url_for("history.restore", asset_id=asset.asset_id, version=version)
    if not form.validate_on_submit():
        flash(_("That restore was not understood. Check what it would change, then confirm again."), "error")
        return redirect(here)
    try:
        services.restore_version(asset, version, form.expected(), current_user)
        db.session.commit()
    except services.HistoryError as error:
        db.session.rollback()
        flash(_messages().get(error.code, _("That version cannot be restored.")), "error")
        return redirect(
            url_for("history.index", asset_id=asset.asset_id) if error.code == "nothing_to_restore" else here
        )
    except StaleDataError:
        db.session.rollback()  # someone saved between our check and our write
        flash(_messages()["stale"], "error")
        return redirect(here)
    flash(_("Version %(old)s was restored as version %(new)s.", old=version, new=asset.version), "success")
    return redirect(url_for("history.index", asset_id=asset.asset_id))
