"""Capture: participants join by code (no account) and add contributions from their phones; facilitators
key in paper capture sheets. Everything captured waits in the moderation lane."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from abcd.extensions import db
from abcd.i18n import current_language
from abcd.models_base import Visibility
from abcd.rate_limits import workshop_contributions, workshop_joins
from abcd.security import public
from abcd.workshops import services
from abcd.workshops.forms import GiftForm, JoinCodeForm, JoinForm, LinkForm, PlaceForm, SheetForm, StoryForm
from abcd.workshops.labels import KIND_LABELS, PHASE_LABELS
from abcd.workshops.link_views import link_values
from abcd.workshops.linking import RELATIONS
from abcd.workshops.models import ContributionKind, Participant, Workshop, WorkshopState
from abcd.workshops.views import bp, facilitated

PARTICIPANTS = "workshop_participants"  # in the signed session cookie: {workshop id: participant id}
CAPTURE_FORMS: dict[ContributionKind, type[Any]] = {
    ContributionKind.PLACE: PlaceForm,
    ContributionKind.GIFT: GiftForm,
    ContributionKind.LINK: LinkForm,
    ContributionKind.STORY: StoryForm,
}


def _values(workshop: Workshop, kind: ContributionKind, form: Any) -> dict[str, Any] | None:
    """What a valid capture form stores; a link's ends resolved to records (None, with errors, when not)."""
    if kind is ContributionKind.LINK:
        return link_values(workshop, form)
    return {name: getattr(form, name).data for name in services.FIELDS[kind]}


def _join_input(form: JoinForm) -> services.JoinInput:
    return services.JoinInput(
        old_enough=form.age.data == "13plus", display_name=form.display_name.data, may_keep=form.keep.data == "yes",
        audience=Visibility(form.audience.data or "officers"), locale=current_language(),
    )  # fmt: skip


@bp.route("/workshops/<int:workshop_id>/paper", methods=["GET", "POST"])
def paper_sheet(workshop_id: int) -> str | BaseResponse:
    """A facilitator keys in a paper capture sheet: first who wrote it and what they agreed to."""
    workshop, user = facilitated(workshop_id)
    form = SheetForm()
    if form.validate_on_submit():
        try:
            participant = services.record_sheet(workshop, _join_input(form), form.sheet_ref.data or "", user)
        except services.WorkshopError:
            flash(_("A sheet written by someone under 13 cannot be kept. Nothing from it has been saved."), "error")
            return redirect(url_for("workshops.console", workshop_id=workshop_id))
        db.session.commit()
        return redirect(url_for("workshops.paper_capture", workshop_id=workshop_id,
                                participant_id=participant.participant_id))  # fmt: skip
    return render_template("workshops/paper.html", workshop=workshop, form=form)


def _sheet(workshop: Workshop, participant_id: int) -> Participant:
    participant = services.participant_of(workshop, participant_id)
    if participant is None or participant.sheet_ref is None:
        abort(404)
    return participant


@bp.route("/workshops/<int:workshop_id>/paper/<int:participant_id>")
def paper_capture(workshop_id: int, participant_id: int) -> str:
    workshop, _user = facilitated(workshop_id)
    participant = _sheet(workshop, participant_id)
    return _capture_page(workshop, participant, {kind: form() for kind, form in CAPTURE_FORMS.items()}, paper=True)


@bp.route("/workshops/<int:workshop_id>/paper/<int:participant_id>/<kind>", methods=["POST"])
def paper_contribute(workshop_id: int, participant_id: int, kind: str) -> str | BaseResponse:
    workshop, user = facilitated(workshop_id)
    participant = _sheet(workshop, participant_id)
    if kind not in {k.value for k in ContributionKind}:
        abort(404)
    chosen = ContributionKind(kind)
    forms = {k: (form() if k is chosen else form(formdata=None)) for k, form in CAPTURE_FORMS.items()}
    if not forms[chosen].validate_on_submit():
        return _capture_page(workshop, participant, forms, paper=True)
    values = _values(workshop, chosen, forms[chosen])
    if values is None:
        return _capture_page(workshop, participant, forms, paper=True)
    services.contribute(workshop, participant, chosen, values, keyed_by=user)
    db.session.commit()
    flash(_("Keyed in. It waits in the lane like everything else."), "success")
    return redirect(url_for("workshops.paper_capture", workshop_id=workshop_id, participant_id=participant_id))


# --- participants (no account: the session cookie holds who they are) -----------------------------


def _session_participant(workshop: Workshop) -> Participant | None:
    joined = session.get(PARTICIPANTS) or {}
    return services.participant_of(workshop, joined.get(str(workshop.workshop_id)))


def _by_code(code: str) -> Workshop:
    workshop = services.find_by_code(code)
    if workshop is None:
        abort(404)
    return workshop


@bp.route("/join")
@public
def join_start() -> str | BaseResponse:
    form = JoinCodeForm(request.args)
    if request.args and form.validate():
        workshop = services.find_by_code(form.code.data or "")
        if workshop is not None:
            return redirect(url_for("workshops.join", code=workshop.join_code))
        form.code.errors.append(_("No workshop has that code. Check the screen and try again."))
    return render_template("workshops/join_start.html", form=form)


@bp.route("/join/<code>", methods=["GET", "POST"])
@public
@workshop_joins
def join(code: str) -> str | BaseResponse:
    workshop = _by_code(code)
    if workshop.state is WorkshopState.CLOSED:
        return render_template("workshops/join_closed.html", workshop=workshop)
    if _session_participant(workshop) is not None:
        return redirect(url_for("workshops.capture", code=workshop.join_code))
    form = JoinForm()
    if form.validate_on_submit():
        try:
            participant = services.join(workshop, _join_input(form))
        except services.WorkshopError:  # too young: nothing about them is stored
            return render_template("workshops/join_too_young.html", workshop=workshop)
        db.session.commit()
        session[PARTICIPANTS] = {
            **(session.get(PARTICIPANTS) or {}),
            str(workshop.workshop_id): participant.participant_id,
        }
        return redirect(url_for("workshops.capture", code=workshop.join_code))
    return render_template("workshops/join.html", workshop=workshop, form=form)


def _capture_page(
    workshop: Workshop, participant: Participant, forms: dict[ContributionKind, Any], paper: bool = False
) -> str:
    if paper:
        actions = {
            kind: url_for(
                "workshops.paper_contribute",
                workshop_id=workshop.workshop_id,
                participant_id=participant.participant_id,
                kind=kind.value,
            )
            for kind in forms
        }
    else:
        actions = {kind: url_for("workshops.contribute", code=workshop.join_code, kind=kind.value) for kind in forms}
    return render_template(
        "workshops/capture.html", workshop=workshop, participant=participant, forms=forms, kinds=KIND_LABELS,
        mine=services.contributions_of(participant), phases=PHASE_LABELS,
        me_relations=[key for key, r in RELATIONS.items() if r.me], actions=actions, paper=paper,
    )  # fmt: skip


@bp.route("/join/<code>/add")
@public
def capture(code: str) -> str | BaseResponse:
    workshop = _by_code(code)
    participant = _session_participant(workshop)
    if participant is None:
        return redirect(url_for("workshops.join", code=workshop.join_code))
    return _capture_page(workshop, participant, {kind: form() for kind, form in CAPTURE_FORMS.items()})


@bp.route("/join/<code>/add/<kind>", methods=["POST"])
@public
@workshop_contributions
def contribute(code: str, kind: str) -> str | BaseResponse:
    workshop = _by_code(code)
    if kind not in {k.value for k in ContributionKind}:
        abort(404)
    participant = _session_participant(workshop)
    if participant is None:
        return redirect(url_for("workshops.join", code=workshop.join_code))
    chosen = ContributionKind(kind)
    forms = {k: (form() if k is chosen else form(formdata=None)) for k, form in CAPTURE_FORMS.items()}
    form = forms[chosen]
    values = _values(workshop, chosen, form) if form.validate_on_submit() else None
    if values is not None:
        try:
            services.contribute(workshop, participant, chosen, values)
        except services.WorkshopError:
            flash(_("The workshop is paused or closed: nothing can be added just now."), "error")
        else:
            db.session.commit()
            flash(_("Sent. The facilitator will look at it soon."), "success")
        return redirect(url_for("workshops.capture", code=workshop.join_code))
    return _capture_page(workshop, participant, forms)
