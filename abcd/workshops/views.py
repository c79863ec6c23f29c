"""Facilitators' pages: plan, console and moderation lane, projector and its JSON, export. Participants'
pages and paper keying are in ``capture_views``, on the same blueprint."""

from __future__ import annotations

from typing import Any

import segno
import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from abcd import permissions
from abcd.areas.models import LocalAuthority, Ward
from abcd.areas.services import LocationError
from abcd.assets.models import Asset, AssetKind, AssetStatus, Theme
from abcd.auth.models import Role, User
from abcd.changes.messages import change_error_message
from abcd.changes.services import ChangeError
from abcd.csv_output import write_csv
from abcd.extensions import db
from abcd.i18n import record_name
from abcd.links.labels import link_error_message
from abcd.links.services import LinkError
from abcd.workshops import moderation, services
from abcd.workshops.forms import (
    AcceptForm,
    WorkshopForm,
)
from abcd.workshops.labels import KIND_LABELS, PHASE_LABELS, STATE_LABELS
from abcd.workshops.linking import relation_label
from abcd.workshops.models import Contribution, Workshop, WorkshopPhase, WorkshopState
from abcd.workshops.screen import screen_payload

bp = Blueprint("workshops", __name__)
LANE_SHOWN = 20  # waiting items on the console at once, oldest first


def _officer() -> User:
    if not permissions.can_run_workshops(current_user):
        abort(403)
    user: User = current_user._get_current_object()
    return user


def facilitated(workshop_id: int) -> tuple[Workshop, User]:
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        abort(404)
    if not permissions.can_facilitate_workshop(current_user, workshop):
        abort(403)
    user: User = current_user._get_current_object()
    return workshop, user


def _join_qr(workshop: Workshop) -> tuple[str, Markup]:
    """The session's join link, as text and as a QR code for phones in the room."""
    link = url_for("workshops.join", code=workshop.join_code, _external=True)
    svg = segno.make(link, error="m").svg_inline(scale=6, title=_("QR code to join the workshop"), svgclass="qr-code")
    return link, Markup(svg)  # noqa: S704 -- segno's own SVG, built from our URL; nothing a user typed


# --- facilitators ---------------------------------------------------------------------------------


@bp.route("/workshops/")
def index() -> str:
    officer = _officer()
    return render_template("workshops/index.html", workshops=services.workshops_for(officer), states=STATE_LABELS)


def _fill_choices(form: WorkshopForm, officer: User) -> None:
    authorities = db.session.scalars(sa.select(LocalAuthority).order_by(LocalAuthority.name_en))
    allowed = [a for a in authorities if permissions.acts_for_authority(officer, a.code)]
    form.la_code.choices = [(a.code, record_name(a)) for a in allowed]
    codes = [a.code for a in allowed]
    venues = db.session.scalars(
        sa.select(Asset).where(Asset.la_code.in_(codes), Asset.status == AssetStatus.PUBLISHED,
                               Asset.kind == AssetKind.PLACE).order_by(Asset.name_en).limit(500)
    )  # fmt: skip
    form.place_asset_id.choices = [("", _("Not in the directory"))] + [(v.asset_id, record_name(v)) for v in venues]
    wards = db.session.scalars(sa.select(Ward).where(Ward.la_code.in_(codes)).order_by(Ward.name_en))
    form.ward_codes.choices = [(w.code, record_name(w)) for w in wards]
    form.theme_ids.choices = [(t.theme_id, record_name(t)) for t in db.session.scalars(sa.select(Theme))]
    staff = db.session.scalars(
        sa.select(User).where(User.role.in_([Role.OFFICER, Role.ADMIN]), User.user_id != officer.user_id)
    )
    form.co_facilitator_ids.choices = [(u.user_id, u.display_name) for u in staff]


@bp.route("/workshops/new", methods=["GET", "POST"])
def create() -> str | BaseResponse:
    officer = _officer()
    form = WorkshopForm()
    _fill_choices(form, officer)
    if form.validate_on_submit():
        data = services.WorkshopInput(
            title=form.title.data or "", held_on=form.held_on.data, la_code=form.la_code.data or "",
            place_asset_id=form.place_asset_id.data, ward_codes=list(form.ward_codes.data or []),
            theme_ids=list(form.theme_ids.data or []), languages=form.languages.data or "en cy",
            co_facilitator_ids=list(form.co_facilitator_ids.data or []),
        )  # fmt: skip
        workshop = services.create_workshop(data, officer)
        db.session.commit()
        flash(_("Workshop created. Its join code is %(code)s.", code=workshop.join_code), "success")
        return redirect(url_for("workshops.console", workshop_id=workshop.workshop_id))
    return render_template("workshops/new.html", form=form)


@bp.route("/workshops/<int:workshop_id>")
def console(workshop_id: int) -> str:
    workshop, _user = facilitated(workshop_id)
    # The oldest few: each place's duplicate check is a query, and a long lane made the page take minutes.
    waiting = moderation.lane(workshop)[:LANE_SHOWN]
    hints = {c.contribution_id: moderation.duplicate_hints(c) for c in waiting}
    join_url, qr = _join_qr(workshop)
    return render_template(
        "workshops/console.html", workshop=workshop, waiting=waiting, accepted=moderation.screen_items(workshop, 100),
        participants=moderation.participants_of(workshop), hints=hints, counts=moderation.counts(workshop),
        states=STATE_LABELS, phases=PHASE_LABELS, kinds=KIND_LABELS, form=AcceptForm(), join_url=join_url,
        qr=qr, timer_choices=services.TIMER_CHOICES,
        report=workshop.report if workshop.state is WorkshopState.CLOSED else None,
    )  # fmt: skip


@bp.route("/workshops/<int:workshop_id>/state", methods=["POST"])
def change_state(workshop_id: int) -> BaseResponse:
    workshop, _user = facilitated(workshop_id)
    if not AcceptForm().validate_on_submit():
        flash(_("Your form expired. Please try again."), "error")
    elif request.form.get("state") == WorkshopState.CLOSED.value:
        moderation.close(workshop)
        db.session.commit()
    elif request.form.get("state") in {s.value for s in WorkshopState}:
        services.set_state(workshop, WorkshopState(request.form["state"]))
        db.session.commit()
    elif (minutes := request.form.get("timer", "")).isdigit() and int(minutes) in (0, *services.TIMER_CHOICES):
        services.start_timer(workshop, int(minutes))
        db.session.commit()
    elif request.form.get("phase") in {p.value for p in WorkshopPhase}:
        services.set_phase(workshop, WorkshopPhase(request.form["phase"]))
        db.session.commit()
    else:
        flash(_("Choose what to change."), "error")
    return redirect(url_for("workshops.console", workshop_id=workshop_id))


def _contribution(workshop: Workshop, contribution_id: int) -> Contribution:
    contribution = db.session.get(Contribution, contribution_id)
    if contribution is None or contribution.workshop_id != workshop.workshop_id:
        abort(404)
    return contribution


def _refusal(error: Exception) -> str:
    if isinstance(error, LinkError):
        return link_error_message(error)
    if isinstance(error, services.WorkshopError) and error.code == "unresolved_link":
        return _("An end of this link is not a published record. Accept or match the place first, then this link.")
    if isinstance(error, ChangeError):
        return change_error_message(error)
    if isinstance(error, LocationError):
        return _("That postcode cannot be placed in Cardiff, Newport or the Vale of Glamorgan.")
    if isinstance(error, services.WorkshopError) and error.code == "no_location":
        return _("Add the place's postcode before accepting it.")
    if isinstance(error, services.WorkshopError) and error.code == "unknown_record":
        return _("That record is no longer in the directory.")
    return _("This contribution has already been decided.")


@bp.route("/workshops/<int:workshop_id>/contributions/<int:contribution_id>/accept", methods=["POST"])
def accept(workshop_id: int, contribution_id: int) -> BaseResponse:
    workshop, user = facilitated(workshop_id)
    contribution = _contribution(workshop, contribution_id)
    form = AcceptForm()
    if not form.validate_on_submit():
        flash(_("Your form expired. Please try again."), "error")
        return redirect(url_for("workshops.console", workshop_id=workshop_id))
    edits = {name: getattr(form, name).data for name in ("name", "postcode", "skill", "text")}
    try:
        moderation.accept(workshop, contribution, edits, user, same_as=form.same_as_id())
    except (services.WorkshopError, ChangeError, LocationError) as error:
        db.session.rollback()
        flash(_refusal(error), "error")
    else:
        db.session.commit()
        flash(_("Accepted: it is on the screen now."), "success")
    return redirect(url_for("workshops.console", workshop_id=workshop_id))


@bp.route("/workshops/<int:workshop_id>/contributions/<int:contribution_id>/hide", methods=["POST"])
def hide(workshop_id: int, contribution_id: int) -> BaseResponse:
    workshop, user = facilitated(workshop_id)
    contribution = _contribution(workshop, contribution_id)
    if not AcceptForm().validate_on_submit():
        flash(_("Your form expired. Please try again."), "error")
    else:
        try:
            was_accepted = moderation.hide(workshop, contribution, user)
        except services.WorkshopError as error:
            flash(_refusal(error), "error")
        else:
            db.session.commit()
            if was_accepted:
                flash(_("Taken off the screen. A record it already created stays in the directory."), "success")
            else:
                flash(_("Hidden: it will not be shown or kept."), "success")
    return redirect(url_for("workshops.console", workshop_id=workshop_id))


@bp.route("/workshops/<int:workshop_id>/screen")
def screen(workshop_id: int) -> str:
    workshop, _user = facilitated(workshop_id)
    _link, qr = _join_qr(workshop)
    return render_template(
        "workshops/screen.html", workshop=workshop, data=screen_payload(workshop), qr=qr,
        join_url=url_for("workshops.join_start", _external=True),
    )  # fmt: skip


@bp.route("/workshops/<int:workshop_id>/screen.json")
def screen_data(workshop_id: int) -> Response:
    workshop, _user = facilitated(workshop_id)
    response = jsonify(screen_payload(workshop))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/workshops/<int:workshop_id>/export.csv")
def export(workshop_id: int) -> Response:
    workshop, _user = facilitated(workshop_id)
    rows = [
        (item.contribution_id, str(KIND_LABELS[item.kind]), *({**item.values, "relation": relation_label(
         item.values.get("relation"))}.get(n) or "" for n in
         ("name", "postcode", "skill", "from_name", "relation", "to_name", "text")), item.by or "")
        for item in moderation.screen_items(workshop, limit=10_000)
    ]  # fmt: skip
    header = ("id", "kind", "name", "postcode", "skill", "from", "relation", "to", "story", "by")
    return Response(
        write_csv(header, rows), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="workshop-{workshop_id}.csv"'},
    )  # fmt: skip


def _place_feature(contribution_id: int, asset: Asset) -> dict[str, Any]:
    properties = {"contribution_id": contribution_id, "asset_id": asset.asset_id, "name": record_name(asset),
                  "kind": asset.kind.value, "postcode": asset.postcode}  # fmt: skip
    point = {"type": "Point", "coordinates": [asset.longitude, asset.latitude]}
    return {"type": "Feature", "geometry": point, "properties": properties}


@bp.route("/workshops/<int:workshop_id>/export.geojson")
def export_geojson(workshop_id: int) -> Response:
    """The places the room added (or matched), where the directory places them."""
    workshop, _user = facilitated(workshop_id)
    features = [
        _place_feature(contribution.contribution_id, asset)
        for contribution, asset in moderation.accepted_places(workshop)
        if asset.latitude is not None and asset.longitude is not None
    ]
    response = jsonify({"type": "FeatureCollection", "features": features})
    response.headers["Content-Disposition"] = f'attachment; filename="workshop-{workshop_id}.geojson"'
    response.mimetype = "application/geo+json"
    return response


@bp.route("/workshops/<int:workshop_id>/sheet")
def paper_form(workshop_id: int) -> str:
    """A printable capture sheet (head, heart, hands, groups, places, dreams) with the session's code, in the
    reader's language, for people without phones; a facilitator keys it in afterwards."""
    workshop, _user = facilitated(workshop_id)
    join_url, qr = _join_qr(workshop)
    return render_template("workshops/sheet.html", workshop=workshop, join_url=join_url, qr=qr)
