"""People as others see them: the skills directory, person pages, contact, counts and exports."""

from __future__ import annotations

import json

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from abcd import permissions
from abcd.areas.models import Ward
from abcd.areas.services import local_authorities, wards
from abcd.assets.models import Asset, AssetKind, AssetStatus
from abcd.csv_output import write_csv
from abcd.extensions import db, limiter
from abcd.forms import BaseForm
from abcd.groups import services as groups
from abcd.i18n import by_name, record_name
from abcd.links.services import may_link_person
from abcd.pagecache import shared_page
from abcd.people import confirmation, directory, services, skills
from abcd.people.blueprint import bp
from abcd.people.confirm_views import may_reissue, printable_link
from abcd.people.forms import ContactForm, RecordPersonForm, SkillReviewForm
from abcd.people.labels import GIFT_LABELS, MODE_LABELS
from abcd.people.models import EnteredBy, Skill
from abcd.people.my_views import ward_choices
from abcd.people.visibility import Viewer
from abcd.rate_limits import account_or_address, limits_off, setting
from abcd.security import public


def viewer() -> Viewer:
    return services.viewer_for(current_user)


@bp.route("/skills")
@public
@shared_page
def skills_directory() -> str:
    filters = directory.SkillFilters.from_args(request.args)
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 10_000))
    size = current_app.config["PAGE_SIZE"]
    total, listings = directory.skill_listings(viewer(), filters, limit=size, offset=(page - 1) * size)
    return render_template(
        "people/skills_directory.html", filters=filters, total=total, listings=listings, page=page,
        pages=max(1, -(-total // size)), ward_names={w.code: w for w in wards()}, authorities=local_authorities(),
        wards=wards(filters.la_code), gifts=GIFT_LABELS, modes=MODE_LABELS,
    )  # fmt: skip


@bp.route("/skills.json")
@limiter.limit(setting("RATELIMIT_BULK"), key_func=account_or_address, exempt_when=limits_off)
@public
def skills_json() -> Response:
    filters = directory.SkillFilters.from_args(request.args)
    total, listings = directory.skill_listings(viewer(), filters, limit=200)
    payload = {
        "total": total,
        "results": [
            {
                "person_id": item.person_id,
                "name": item.display_name,
                "ward_code": item.ward_code,
                "skill": item.skill.name_en,
                "skill_cy": item.skill.name_cy,
                "mode": item.mode.value,
                "can_teach": item.can_teach,
            }
            for item in listings
        ],
    }
    return Response(json.dumps(payload, ensure_ascii=False), mimetype="application/json")


@bp.route("/<int:person_id>")
@public
def person_page(person_id: int) -> str:
    looking = viewer()
    person = directory.visible_person(looking, person_id) or abort(404)
    view = directory.person_view(looking, person)
    ward = db.session.get(Ward, view.ward_code) if view.ward_code else None
    reissue = may_reissue(current_user, person)
    return render_template(
        "people/person.html", view=view, ward=ward, modes=MODE_LABELS,
        links=directory.person_links(looking, person.person_id), can_link=may_link_person(current_user, person),
        can_reissue_link=reissue, reissue_form=BaseForm(),
    )  # fmt: skip


@bp.route("/<int:person_id>/contact", methods=["GET", "POST"])
@limiter.limit(
    setting("RATELIMIT_MESSAGES"),
    key_func=account_or_address,
    methods=["POST"],
    exempt_when=limits_off,
    deduct_when=lambda response: response.status_code == 302,  # only messages sent, not a form to correct
)
def contact(person_id: int) -> str | Response:
    person = directory.visible_person(viewer(), person_id) or abort(404)
    if not person.accepts_messages:
        abort(404)
    form = ContactForm()
    if form.validate_on_submit():
        try:
            services.send_message(current_user, person, form.body.data or "")
        except services.ContactError:
            flash(_("You cannot send a message to yourself."), "error")
        else:
            db.session.commit()
            flash(_("Your message was sent. They will see your name and can reply through this site."), "success")
            return redirect(url_for("people.person_page", person_id=person_id))
    return render_template("people/contact.html", form=form, person=person)


@bp.route("/export.csv")
def export_csv() -> Response:
    if not permissions.is_officer(current_user):
        abort(403)
    looking = viewer()
    _total, listings = directory.skill_listings(looking, directory.SkillFilters(), limit=1_000_000)
    groups_of = directory.memberships_by_person(looking)
    # New columns go last, so spreadsheets built on the earlier ones keep working.
    header = ["person_id", "name", "ward_code", "skill", "mode", "can_teach", "groups"]
    rows = (
        [item.person_id, item.display_name, item.ward_code or "", item.skill.name_en, item.mode.value,
         item.can_teach, "; ".join(groups_of.get(item.person_id, []))]
        for item in listings
    )  # fmt: skip
    disposition = {"Content-Disposition": "attachment; filename=people-skills.csv"}
    return Response(write_csv(header, rows), mimetype="text/csv", headers=disposition)


@bp.route("/record", methods=["GET", "POST"])
def record_person() -> str | Response:
    if not permissions.is_officer(current_user):
        abort(403)
    form = RecordPersonForm()
    ward_choices(form)
    associations = db.session.scalars(
        db.select(Asset).where(Asset.kind == AssetKind.ASSOCIATION, Asset.status == AssetStatus.PUBLISHED,
                               Asset.special_category.is_(None)).order_by(Asset.name_en)
    ).all()  # fmt: skip
    form.association.choices = [(0, _("None"))] + [(a.asset_id, record_name(a)) for a in by_name(associations)]
    if form.validate_on_submit():
        entered_by = EnteredBy.WORKSHOP if form.workshop.data else EnteredBy.OFFICER
        person, token = services.record_person_for_resident(
            form.to_input(), current_user, entered_by, form.contact_email.data, form.contact_locale.data or "en"
        )
        group = db.session.get(Asset, form.association.data) if form.association.data else None
        if group is not None:
            groups.join(person, group, person.display_name_visibility, False, current_user.user_id)
        emailed = confirmation.send_confirmation_link(person, token)
        db.session.commit()
        return printable_link(person, token, emailed)
    return render_template("people/record.html", form=form)


@bp.route("/skills/review", methods=["GET", "POST"])
def review_skills() -> str | Response:
    if not permissions.is_officer(current_user):
        abort(403)
    vocabulary = skills.accepted_skills()
    proposals = skills.proposed_skills()
    return render_template(
        "people/skills_review.html",
        proposals=proposals,
        vocabulary=vocabulary,
        form=SkillReviewForm(),
        gifts=GIFT_LABELS,
    )


@bp.route("/skills/<int:skill_id>/review", methods=["POST"])
def review_skill(skill_id: int) -> Response:
    if not permissions.is_officer(current_user):
        abort(403)
    skill = db.session.get(Skill, skill_id) or abort(404)
    form = SkillReviewForm()
    form.merge_into.choices = [(s.skill_id, record_name(s)) for s in by_name(skills.accepted_skills())]
    if not form.validate_on_submit():
        flash(_("That decision was not understood."), "error")
        return redirect(url_for("people.review_skills"))
    target = db.session.get(Skill, form.merge_into.data or 0) if form.decision.data == "merge" else None
    if form.decision.data == "merge" and target is None:
        flash(_("Choose the skill to merge into."), "error")
        return redirect(url_for("people.review_skills"))
    try:
        if target is not None:
            skills.merge_skill(skill, target)
        elif form.decision.data == "accept":
            skills.accept_skill(skill)
        else:
            skills.reject_skill(skill)
    except skills.SkillError as error:
        if error.code == "same":
            flash(_("Choose the skill to merge into."), "error")
        else:
            flash(_("Only suggested skills can be reviewed: this one is already in the shared list."), "error")
        return redirect(url_for("people.review_skills"))
    db.session.commit()
    flash(_("The skill list was updated."), "success")
    return redirect(url_for("people.review_skills"))
