"""One's own profile: gifts and skills, who sees what, consent, my data, erasure, messages."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from abcd.areas.services import wards
from abcd.changes.conflict_form import ConflictView, merge_into_form, settle_choices
from abcd.changes.merge import EditConflictError
from abcd.extensions import db
from abcd.i18n import by_name, record_name
from abcd.models_base import Visibility
from abcd.people import consent, data_labels, privacy, services, skills
from abcd.people.blueprint import bp
from abcd.people.conflicts import edited_profile
from abcd.people.forms import (
    EraseForm,
    ProfileForm,
    ProposeSkillForm,
    SkillForm,
    SkillVisibilityForm,
    WithdrawForm,
)
from abcd.people.labels import GIFT_LABELS, MODE_LABELS, VISIBILITY_LABELS
from abcd.people.models import GiftType, Person
from abcd.rate_limits import resident_submissions
from abcd.text import whole_number


def ward_choices(form: ProfileForm) -> None:
    form.ward_code.choices = [("", _("I would rather not say"))] + [
        (w.code, f"{record_name(w)}, {record_name(w.local_authority)}") for w in by_name(wards())
    ]


def _me() -> Person:
    person = services.person_of(current_user)
    if person is None:
        abort(404)
    return person


def _profile_page(form: ProfileForm, person: Person | None, conflict: ConflictView | None = None) -> str:
    consents = consent.current_consents(person) if person else []
    return render_template(
        "people/profile.html",
        form=form,
        person=person,
        wording=consent.PROFILE_WORDING,
        consents=consents,
        conflict=conflict,
    )


def _stale_profile(form: ProfileForm, person: Person, conflict: EditConflictError) -> str:
    """Saved in another window meanwhile: both windows' changes come back merged, to save again."""
    since = form.version.data or ""
    merged = merge_into_form(form, edited_profile(person, form), conflict, whole_number(since) or 0)
    return _profile_page(form, person, merged)


@bp.route("/me", methods=["GET", "POST"])
def profile() -> str | Response:
    person = services.person_of(current_user)
    form = ProfileForm(obj=person) if person is not None else ProfileForm()
    ward_choices(form)
    if person is not None and not form.is_submitted():
        form.version.data = str(person.version)
    elif person is not None and (pending := settle_choices(form, edited_profile(person, form), request.form)):
        return _profile_page(form, person, pending)  # a conflict's choices are missing, or the form is invalid
    if form.validate_on_submit():
        if person is None:
            if not form.consent.data:
                form.consent.errors = [_("Tick the box to agree, or your profile cannot be kept.")]
                return _profile_page(form, None)
            services.create_own_profile(current_user, form.to_input())
            db.session.commit()
            flash(_("Your profile was created. Now add your gifts and skills."), "success")
            return redirect(url_for("people.my_skills"))
        expected = form.version.data or ""
        expected_version = whole_number(expected)
        try:
            services.update_profile(person, form.to_input(), -1 if expected_version is None else expected_version)
            db.session.commit()
        except EditConflictError as conflict:
            return _stale_profile(form, person, conflict)
        except StaleDataError:  # saved in another window between our check and our write
            db.session.rollback()
            person = _me()
            since = services.profile_changes_since(person, whole_number(expected) or 0)
            return _stale_profile(form, person, EditConflictError(person.version, since))
        flash(_("Your profile was saved."), "success")
        return redirect(url_for("people.profile"))
    return _profile_page(form, person)


@bp.route("/me/skills", methods=["GET", "POST"])
def my_skills() -> str | Response:
    person = services.person_of(current_user)
    if person is None:
        flash(_("First tell us a little about yourself."), "info")
        return redirect(url_for("people.profile"))
    form = SkillForm()
    form.skill_id.choices = [(s.skill_id, record_name(s)) for s in by_name(skills.accepted_skills())]
    if form.validate_on_submit():
        try:
            services.add_skill(person, form.to_input())
        except services.ProfileError:
            name = dict(form.skill_id.choices or []).get(form.skill_id.data, "")
            flash(_("You already have %(skill)s in your list: change it there.", skill=name), "info")
            return redirect(url_for("people.my_skills"))
        db.session.commit()
        flash(_("Added to your gifts and skills."), "success")
        return redirect(url_for("people.my_skills"))
    return render_template(
        "people/my_skills.html",
        form=form,
        held=services.my_skills(person),
        visibility_form=SkillVisibilityForm(),
        propose_form=ProposeSkillForm(),
        gifts=GIFT_LABELS,
        modes=MODE_LABELS,
        audiences=VISIBILITY_LABELS,
    )


@bp.route("/me/skills/<int:person_skill_id>/visibility", methods=["POST"])
def skill_visibility(person_skill_id: int) -> Response:
    holding = services.own_skill(_me(), person_skill_id) or abort(404)
    form = SkillVisibilityForm()
    if form.validate_on_submit():
        services.set_skill_visibility(holding, Visibility(form.visibility.data))
        db.session.commit()
        flash(_("Who can see this skill was changed."), "success")
    else:
        flash(_("That choice was not understood."), "error")
    return redirect(url_for("people.my_skills"))


@bp.route("/me/skills/<int:person_skill_id>/delete", methods=["POST"])
def remove_skill(person_skill_id: int) -> Response:
    holding = services.own_skill(_me(), person_skill_id) or abort(404)
    if WithdrawForm().validate_on_submit():
        services.remove_skill(holding)
        db.session.commit()
        flash(_("Removed from your profile."), "success")
    return redirect(url_for("people.my_skills"))


@bp.route("/me/skills/propose", methods=["POST"])
@resident_submissions
def propose_skill() -> str | Response:
    person = _me()
    form = ProposeSkillForm()
    if form.validate_on_submit():
        try:
            skills.propose_skill(
                form.name_en.data or "", form.name_cy.data, GiftType(form.gift_type.data), person.person_id
            )
        except skills.SkillError:
            flash(_("That skill is already in the list. Choose it above."), "error")
        else:
            db.session.commit()
            flash(_("Thank you. An officer will add your skill to the list."), "success")
    else:
        for message in [m for errors in form.errors.values() for m in errors]:
            flash(str(message), "error")
    return redirect(url_for("people.my_skills"))


@bp.route("/me/data")
def my_data() -> str:
    sections = data_labels.readable(privacy.data_held(current_user), services.viewer_for(current_user))
    return render_template("people/my_data.html", sections=sections)


@bp.route("/me/data.json")
def my_data_json() -> Response:
    body = privacy.as_json(privacy.data_held(current_user))
    return Response(
        body, mimetype="application/json", headers={"Content-Disposition": "attachment; filename=my-data.json"}
    )


@bp.route("/me/data.zip")
def my_data_zip() -> Response:
    body = privacy.as_zip(privacy.data_held(current_user))
    return Response(
        body, mimetype="application/zip", headers={"Content-Disposition": "attachment; filename=my-data.zip"}
    )


@bp.route("/me/withdraw", methods=["POST"])
def withdraw() -> Response:
    person = _me()
    if WithdrawForm().validate_on_submit():
        consent.withdraw_profile_consent(person)
        db.session.commit()
        flash(_("You withdrew your consent. Nobody else can see your profile now."), "success")
    return redirect(url_for("people.profile"))


@bp.route("/me/consent", methods=["POST"])
def give_consent() -> Response:
    person = _me()
    if WithdrawForm().validate_on_submit():
        consent.give_profile_consent(person, current_user.user_id)
        db.session.commit()
        flash(_("Thank you. Your profile is shown again as you chose."), "success")
    return redirect(url_for("people.profile"))


@bp.route("/me/erase", methods=["GET", "POST"])
def erase() -> str | Response:
    form = EraseForm()
    if form.validate_on_submit():
        if (form.confirm_text.data or "").strip().upper() not in ("ERASE", "DILEU"):
            form.confirm_text.errors = [_("Type ERASE to confirm.")]
        else:
            privacy.erase(current_user._get_current_object())
            db.session.commit()
            logout_user()
            flash(_("Your account and everything about you have been erased."), "success")
            return redirect(url_for("main.index"))
    return render_template("people/erase.html", form=form)


@bp.route("/me/messages")
def messages() -> str:
    person = services.person_of(current_user)
    return render_template("people/messages.html", received=services.inbox(person) if person else [])
