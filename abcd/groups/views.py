"""An association's page for its people: members, joining and leaving, organisers, meeting places."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from abcd import permissions
from abcd.assets import services as assets
from abcd.assets.labels import SPECIAL_CATEGORY_LABELS
from abcd.assets.models import Asset, AssetStatus
from abcd.extensions import db
from abcd.groups import services
from abcd.groups.forms import ApproveForm, JoinForm, LeaveForm, MeetingPlaceForm, RejectForm
from abcd.i18n import by_name, record_name
from abcd.links.models import LinkType
from abcd.models_base import Visibility
from abcd.people import services as people
from abcd.people.labels import VISIBILITY_LABELS
from abcd.people.visibility import Viewer
from abcd.rate_limits import resident_submissions
from abcd.security import public

bp = Blueprint("groups", __name__, url_prefix="/groups")


def _association(asset_id: int) -> Asset:
    asset = assets.get_asset(asset_id)
    if asset is None or not services.is_association(asset) or asset.status is not AssetStatus.PUBLISHED:
        abort(404)
    return asset


def _can_manage(association: Asset, person_id: int | None) -> bool:
    return permissions.can_edit_asset(current_user, association) or services.is_organiser(person_id, association)


def _place_choices(association: Asset) -> list[tuple[int, str]]:
    return [(p.asset_id, record_name(p)) for p in by_name(services.candidate_places(association))]


@bp.route("/<int:asset_id>")
@public
def group(asset_id: int) -> str:
    association = _association(asset_id)
    person_id = people.person_id_of(current_user)
    manage = _can_manage(association, person_id)
    places_form = MeetingPlaceForm()
    places_form.place_id.choices = _place_choices(association)
    viewer = Viewer.of(current_user, person_id)
    members = services.members(viewer, association)
    me = people.person_of(current_user) if person_id is not None else None
    category = SPECIAL_CATEGORY_LABELS.get(association.special_category) if association.special_category else None
    return render_template(
        "groups/group.html",
        association=association,
        members=members,
        organisers=[person for person, link in members if link.link_type is LinkType.ORGANISES],
        mine=services.membership(person_id, association),
        has_profile=person_id is not None,
        manage=manage,
        requests=services.requests(viewer, association) if manage else [],
        request_wording=services.request_wording(association, me) if me is not None else None,
        places=by_name(services.meeting_places(association)),
        join_form=JoinForm(),
        places_form=places_form,
        approve_form=ApproveForm(),
        reject_form=RejectForm(),
        leave_form=LeaveForm(),
        audiences=VISIBILITY_LABELS,
        category=category,
        # The very words join() records, so what a member reads in Welsh is what their consent says.
        special_wording=services.consent_wording(association) if category else None,
    )


@bp.route("/<int:asset_id>/join", methods=["POST"])
@resident_submissions
def join(asset_id: int) -> Response:
    association = _association(asset_id)
    person = people.person_of(current_user)
    if person is None:
        flash(_("Create your profile first, then join groups."), "info")
        return redirect(url_for("people.profile"))
    form = JoinForm()
    if not form.validate_on_submit():
        flash(_("That choice was not understood."), "error")
        return redirect(url_for("groups.group", asset_id=asset_id))
    try:
        link = services.join(
            person,
            association,
            Visibility(form.visibility.data),
            bool(form.explicit_consent.data),
            current_user.user_id,
        )
    except services.MembershipError as error:
        if error.code == "explicit_consent_needed":
            flash(_("This group needs your explicit consent before you can be shown as a member."), "error")
        elif error.code == "withdrawn":
            flash(_("You withdrew your consent to be listed, so you cannot ask to join. Give it again first."), "error")
        else:
            flash(_("You cannot join this group."), "error")
        return redirect(url_for("groups.group", asset_id=asset_id))
    db.session.commit()
    if link.role == services.REQUESTED:
        flash(_("Your request to join was sent to the organisers."), "success")
    else:
        flash(_("You joined %(group)s.", group=record_name(association)), "success")
    return redirect(url_for("groups.group", asset_id=asset_id))


@bp.route("/<int:asset_id>/leave", methods=["POST"])
def leave(asset_id: int) -> Response:
    association = _association(asset_id)
    person = people.person_of(current_user)
    if person is not None and LeaveForm().validate_on_submit():
        services.leave(person, association)
        db.session.commit()
        flash(_("You left %(group)s.", group=record_name(association)), "success")
    return redirect(url_for("groups.group", asset_id=asset_id))


@bp.route("/<int:asset_id>/approve", methods=["POST"])
def approve(asset_id: int) -> Response:
    association = _association(asset_id)
    if not _can_manage(association, people.person_id_of(current_user)):
        abort(403)
    form = ApproveForm()
    try:
        if not form.validate_on_submit():
            raise services.MembershipError("no_request")
        services.approve(people.viewer_for(current_user), association, form.link_id.data or 0)
    except services.MembershipError:
        flash(_("That request was not found."), "error")
    else:
        db.session.commit()
        flash(_("The request was approved."), "success")
    return redirect(url_for("groups.group", asset_id=asset_id))


@bp.route("/<int:asset_id>/reject", methods=["POST"])
def reject(asset_id: int) -> Response:
    association = _association(asset_id)
    if not _can_manage(association, people.person_id_of(current_user)):
        abort(403)
    form = RejectForm()
    try:
        if not form.validate_on_submit():
            raise services.MembershipError("no_request")
        person = services.reject_request(people.viewer_for(current_user), association, form.link_id.data or 0)
    except services.MembershipError:
        flash(_("That request was not found."), "error")
    else:
        db.session.commit()
        flash(_("The request from %(name)s was turned down.", name=person.display_name), "success")
    return redirect(url_for("groups.group", asset_id=asset_id))


@bp.route("/<int:asset_id>/meets-at", methods=["POST"])
def add_meeting_place(asset_id: int) -> Response:
    association = _association(asset_id)
    if not _can_manage(association, people.person_id_of(current_user)):
        abort(403)
    form = MeetingPlaceForm()
    form.place_id.choices = _place_choices(association)
    place = db.session.get(Asset, form.place_id.data) if form.validate_on_submit() else None
    if place is None:
        flash(_("Choose a place from the list."), "error")
    else:
        services.add_meeting_place(association, place, current_user.user_id)
        db.session.commit()
        flash(_("Meeting place added."), "success")
    return redirect(url_for("groups.group", asset_id=asset_id))
