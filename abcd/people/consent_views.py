"""Asking members for explicit consent to memberships of special-category groups: the notice on every
page while any wait, and the page where they consent (choosing who sees it) or leave."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from abcd import permissions
from abcd.extensions import db
from abcd.groups import services as groups
from abcd.groups.forms import LeaveForm, SpecialConsentForm
from abcd.i18n import record_name
from abcd.models_base import Visibility
from abcd.people import services
from abcd.people.blueprint import bp
from abcd.people.models import Person

PAGE = "people.consent_groups"


@bp.app_context_processor
def _waiting_notice() -> dict[str, Callable[[], bool]]:
    """Whether the signed-in member has memberships waiting for consent; asked only by the notice."""

    def waiting() -> bool:
        if request.endpoint == PAGE or not permissions.is_signed_in(current_user):
            return False
        return groups.has_awaiting_consent(current_user.user_id)

    return {"special_consent_waiting": waiting}


def _form(link_id: int) -> SpecialConsentForm:
    return SpecialConsentForm(prefix=f"link-{link_id}")  # one form per group on the page: ids stay unique


def _page(person: Person | None, failed: SpecialConsentForm | None = None, failed_id: int | None = None) -> str:
    waiting: list[dict[str, Any]] = [
        {
            "link": link,
            "association": association,
            "wording": groups.consent_wording(association),
            "form": failed if link.link_id == failed_id and failed is not None else _form(link.link_id),
        }
        for link, association in groups.awaiting_consent(person.person_id if person else None)
    ]
    return render_template("people/consent_groups.html", waiting=waiting, leave_form=LeaveForm())


@bp.route("/me/consent/groups")
def consent_groups() -> str:
    return _page(services.person_of(current_user))


@bp.route("/me/consent/groups/<int:link_id>", methods=["POST"])
def give_group_consent(link_id: int) -> str | Response:
    person = services.person_of(current_user) or abort(404)
    link, association = groups.waiting_membership(person.person_id, link_id) or abort(404)
    form = _form(link_id)
    if not form.validate_on_submit():
        return _page(person, form, link_id)
    groups.consent_to_membership(person, link, association, Visibility(form.visibility.data), current_user.user_id)
    db.session.commit()
    group = record_name(association)
    flash(_("Thank you. Your membership of %(group)s is shown as you chose.", group=group), "success")
    return redirect(url_for(PAGE))


@bp.route("/me/consent/groups/<int:link_id>/leave", methods=["POST"])
def leave_waiting_group(link_id: int) -> Response:
    person = services.person_of(current_user) or abort(404)
    _link, association = groups.waiting_membership(person.person_id, link_id) or abort(404)
    if LeaveForm().validate_on_submit():
        groups.leave(person, association)
        db.session.commit()
        flash(_("You left %(group)s.", group=record_name(association)), "success")
    return redirect(url_for(PAGE))
