"""Directory, detail, history and the officer's forms for community assets."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from abcd import permissions
from abcd.areas.messages import location_error_message
from abcd.areas.services import LocationError, local_authorities, wards
from abcd.assets import services
from abcd.assets.conflicts import edited_asset
from abcd.assets.directory import DirectoryFilters, directory_page, offers_status_filter
from abcd.assets.forms import AssetForm, StatusForm
from abcd.assets.labels import KIND_LABELS, MEMBERSHIP_LABELS, SPECIAL_CATEGORY_LABELS, STATUS_LABELS, field_label
from abcd.assets.models import Asset, AssetKind, AssetStatus
from abcd.changes import services as changes
from abcd.changes.conflict_form import ConflictView, merge_into_form, settle_choices
from abcd.changes.messages import change_error_message
from abcd.changes.services import ChangeError, WriteContext
from abcd.duplicates.services import visible_duplicates_of
from abcd.extensions import db
from abcd.forms import BaseForm
from abcd.groups.services import add_organiser, is_organiser
from abcd.i18n import by_name, current_language, record_name
from abcd.links.services import asset_connections, story_places
from abcd.pagecache import shared_page
from abcd.people.directory import people_linked_to
from abcd.people.services import person_id_of, person_of, viewer_for
from abcd.rate_limits import resident_submissions
from abcd.security import public

bp = Blueprint("assets", __name__, url_prefix="/assets")


def _load(asset_id: int) -> Asset:
    asset = services.get_asset(asset_id)
    if asset is None:
        abort(404)
    return asset


@bp.route("/")
@public
@shared_page
def directory() -> str:
    filters = DirectoryFilters.from_args(request.args)
    page_number = max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))
    page = directory_page(filters, current_user, current_language(), page_number, current_app.config["PAGE_SIZE"])
    return render_template(
        "assets/directory.html",
        page=page,
        filters=filters,
        statuses=STATUS_LABELS,
        status_filter=offers_status_filter(current_user),
        kinds=KIND_LABELS,
        authorities=local_authorities(),
        wards=wards(filters.la_code),
        themes=services.themes(),
    )


@bp.route("/<int:asset_id>")
@public
@shared_page
def detail(asset_id: int) -> str:
    asset = _load(asset_id)
    if not permissions.can_view_asset(current_user, asset):
        abort(404)  # unpublished records are not acknowledged to exist
    curates = permissions.can_edit_asset(current_user, asset)
    proposes = _proposes(asset)
    waiting = changes.pending_changes_for(asset) if curates or proposes else []
    if proposes:
        waiting = [change for change in waiting if change.submitted_by_id == current_user.user_id]
    return render_template(
        "assets/detail.html",
        asset=asset,
        kinds=KIND_LABELS,
        statuses=STATUS_LABELS,
        # Only those who see its buttons get the form (and its token): a visitor's page stays the same for all.
        status_form=StatusForm() if curates or proposes else None,
        links=asset_connections(asset),
        proposes=proposes,
        waiting=waiting,
        people_links=people_linked_to(viewer_for(current_user), asset.asset_id),
        stories=story_places([asset.asset_id]).get(asset.asset_id, []),
    )


def _proposes(asset: Asset) -> bool:
    """Organisers (and a suggestion's author) propose changes that the authority's officers decide."""
    if permissions.can_edit_asset(current_user, asset):
        return False
    return permissions.can_edit_asset_details(current_user, asset, is_organiser(person_id_of(current_user), asset))


def _theme_choices(form: AssetForm) -> None:
    form.themes.choices = [(t.theme_id, record_name(t)) for t in by_name(services.themes())]


def _place_error(form: AssetForm, error: Exception) -> None:
    if isinstance(error, LocationError):
        form.postcode.errors = [location_error_message(error)]
    elif isinstance(error, ChangeError) and error.code == "outside_authority":
        form.postcode.errors = [change_error_message(error)]
    elif isinstance(error, ChangeError):
        form.form_errors.append(change_error_message(error))
        for violation in error.details.get("violations", []):
            if violation.field in form:
                form[violation.field].errors = [*form[violation.field].errors, violation.message]


def _curates(asset: Asset | None) -> bool:
    """Officers curate records of their authority (a new record: any officer, checked on saving)."""
    if asset is None:
        return permissions.is_officer(current_user)
    return permissions.can_edit_asset(current_user, asset)


@bp.route("/new", methods=["GET", "POST"])
@resident_submissions
def create() -> str | Response:
    if not permissions.can_suggest_asset(current_user):
        abort(403)
    form = AssetForm.for_editor(_curates(None))
    _theme_choices(form)
    if form.validate_on_submit():
        if not request.form.get("duplicates_seen") and (found := visible_duplicates_of(current_user, form.to_input())):
            # Shown once: saving again with the hint on the page saves the record.
            return render_template("assets/form.html", form=form, asset=None, conflict=None, duplicates=found)
        try:
            asset = changes.submit_new_asset(form.to_input(), WriteContext(current_user))
        except (LocationError, ChangeError) as error:
            _place_error(form, error)
        else:
            person = person_of(current_user)
            if asset.kind is AssetKind.ASSOCIATION and person is not None and not permissions.is_officer(current_user):
                add_organiser(person, asset, current_user.user_id)  # a resident who starts a group organises it
            db.session.commit()
            if asset.status is AssetStatus.PENDING:
                flash(_("Thank you. An officer will review your suggestion before it is published."), "success")
            else:
                flash(_("The asset was saved."), "success")
            return redirect(url_for("assets.detail", asset_id=asset.asset_id))
    return render_template("assets/form.html", form=form, asset=None, conflict=None)


def _conflict_view(form: AssetForm, asset: Asset, conflict: services.EditConflictError | ConflictView) -> str:
    """The refused form again, merged: nothing either editor saved or typed is lost."""
    if isinstance(conflict, services.EditConflictError):
        since = form.expected_version() or 0
        conflict = merge_into_form(form, edited_asset(asset, form), conflict, since)
    return render_template(
        "assets/form.html", form=form, asset=asset, conflict=conflict, officer_fields=_officer_field_values(asset, form)
    )


def _edit_form(asset: Asset) -> AssetForm:
    if request.method == "POST":
        return AssetForm.for_editor(_curates(asset), asset)
    form = AssetForm.for_editor(_curates(asset), asset, obj=asset)
    form.themes.data = [t.theme_id for t in asset.themes]
    if "membership" in form:
        form.membership.data = asset.membership.value if asset.membership else ""
        form.special_category.data = asset.special_category.value if asset.special_category else ""
    form.version.data = str(asset.version)
    return form


@bp.route("/<int:asset_id>/edit", methods=["GET", "POST"])
@resident_submissions
def edit(asset_id: int) -> Any:
    asset = _load(asset_id)
    organises_it = is_organiser(person_id_of(current_user), asset)
    if not permissions.can_edit_asset_details(current_user, asset, organises_it):
        abort(403)
    form = _edit_form(asset)
    _theme_choices(form)
    if request.method == "POST" and (pending := settle_choices(form, edited_asset(asset, form), request.form)):
        return _conflict_view(form, asset, pending)  # a conflict's choices are missing, or the form is invalid
    if form.validate_on_submit():
        expected = form.expected_version()
        try:
            proposal = changes.submit_asset_edit(
                asset, form.to_input(), expected if expected is not None else -1, WriteContext(current_user)
            )
            db.session.commit()
        except services.EditConflictError as conflict:
            return _conflict_view(form, asset, conflict)
        except StaleDataError:
            db.session.rollback()  # someone saved between our check and our write
            asset = _load(asset_id)
            return _conflict_view(
                form, asset, services.EditConflictError(asset.version, services.changes_since(asset, expected or 0))
            )
        except (LocationError, ChangeError) as error:
            _place_error(form, error)
        else:
            if proposal is None:
                flash(_("Your changes were saved."), "success")
            elif asset.status is AssetStatus.PENDING:
                flash(_("Your suggestion was updated. An officer will review it before it is published."), "success")
            else:
                flash(
                    _("Thank you. An officer will review your changes; until then everyone sees the record as it was."),
                    "success",
                )
            return redirect(url_for("assets.detail", asset_id=asset.asset_id))
    return render_template(
        "assets/form.html", form=form, asset=asset, conflict=None, officer_fields=_officer_field_values(asset, form)
    )


def _officer_field_values(asset: Asset, form: AssetForm) -> list[tuple[str, str]]:
    """What an organiser is shown, not offered: the officers' fields of the record, as read-only facts."""
    if "kind" in form:
        return []
    facts = [(field_label("kind"), str(KIND_LABELS[asset.kind]))]
    if asset.membership:
        facts.append((field_label("membership"), str(MEMBERSHIP_LABELS[asset.membership])))
    category = asset.special_category
    facts.append(
        (
            field_label("special_category"),
            str(SPECIAL_CATEGORY_LABELS[category]) if category else _("Nothing sensitive"),
        )
    )
    return facts


@bp.route("/<int:asset_id>/status", methods=["POST"])
def change_status(asset_id: int) -> Response:
    asset = _load(asset_id)
    if not permissions.can_edit_asset(current_user, asset):
        abort(403)
    form = StatusForm()
    if not form.validate_on_submit():
        flash(_("That status change was not understood."), "error")
        return redirect(url_for("assets.detail", asset_id=asset_id))
    try:
        services.ensure_current(asset, form.version.data or 0)
        changes.apply_values(asset, {"status": AssetStatus(form.status.data).value}, WriteContext(current_user))
        db.session.commit()
    except (services.EditConflictError, StaleDataError):
        db.session.rollback()
        flash(_("Someone else changed this record a moment ago. Check it and try again."), "error")
    else:
        flash(_("Status changed to %(status)s.", status=STATUS_LABELS[asset.status]), "success")
    return redirect(url_for("assets.detail", asset_id=asset_id))


@bp.route("/<int:asset_id>/archive-request", methods=["POST"])
@resident_submissions
def request_archive(asset_id: int) -> Response:
    """An organiser asks the authority's officers to archive their group; nothing changes until one does."""
    asset = _load(asset_id)
    if not _proposes(asset):
        abort(403)  # officers archive directly with the status buttons
    if not BaseForm().validate_on_submit():
        flash(_("That request was not understood."), "error")
    else:
        try:
            changes.request_archive(asset, WriteContext(current_user))
        except ChangeError as error:
            flash(change_error_message(error), "error")
        else:
            db.session.commit()
            flash(_("Thank you. An officer will decide whether to archive it."), "success")
    return redirect(url_for("assets.detail", asset_id=asset_id))


@bp.route("/welsh")
def missing_welsh() -> str:
    if not permissions.can_review_assets(current_user):
        abort(403)
    return render_template("assets/missing_welsh.html", assets=services.missing_welsh(current_user), kinds=KIND_LABELS)
