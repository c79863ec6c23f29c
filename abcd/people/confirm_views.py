"""Informed confirmation of an officer-recorded listing, the person's manage link, and the officer's
printable link page with a QR code (routes on the people blueprint)."""

from __future__ import annotations

import json
from typing import Any

import segno
from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from werkzeug.wrappers import Response

from abcd import permissions
from abcd.extensions import db
from abcd.forms import BaseForm
from abcd.i18n import localised
from abcd.mail.services import external_url
from abcd.models_base import Visibility
from abcd.people import confirmation, consent, privacy
from abcd.people.blueprint import bp
from abcd.people.confirmation import RecordedItem
from abcd.people.forms import AudiencesForm, ConfirmForm, chosen_audiences, with_audiences
from abcd.people.labels import ITEM_LABELS, VISIBILITY_LABELS
from abcd.people.models import Person
from abcd.people.visibility import authority_of
from abcd.security import public


def may_reissue(user: Any, person: Person) -> bool:
    """Officers of the person's own authority (admins: any) may give someone awaiting confirmation a new link."""
    return confirmation.awaiting_confirmation(person) and permissions.acts_for_authority(user, authority_of(person))


def _private(body: str, status: int = 200) -> Response:
    """Pages reached by a personal link: never cached, whoever is signed in."""
    response = make_response(body, status)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _fields(items: list[RecordedItem], keep_current: bool) -> list[tuple[str, str, Visibility]]:
    """One audience choice per item: "only me" preselected when confirming, the current choice afterwards."""
    fields = []
    for item in items:
        described = "{} – {}".format(ITEM_LABELS[item.kind], localised(item, "name")[0])
        label = _("Who can see this: %(item)s", item=described)
        fields.append((item.field, label, item.audience if keep_current else Visibility.PRIVATE))
    return fields


def printable_link(person: Person, token: str, emailed: bool) -> Response:
    """The officer's printable page: the personal link as text and as a QR code, shown only this once."""
    link = external_url("people.confirm", person.contact_locale, token=token)
    qr = segno.make(link, error="m").svg_inline(scale=4, title=_("QR code of the personal link"), svgclass="qr-code")
    return _private(
        render_template(
            "people/recorded.html",
            person=person,
            link=link,
            qr=Markup(qr),  # noqa: S704 -- segno's own SVG, built from our URL; nothing a user typed
            emailed=emailed,
            expires=person.confirm_token_expires_at,
        )
    )


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@public
def confirm(token: str) -> Response:
    person = consent.person_for_token(token)
    if person is None:
        return _private(render_template("people/confirm_expired.html"), 404)
    items = confirmation.recorded_items(person)
    form = with_audiences(ConfirmForm, _fields(items, keep_current=False))
    if form.validate_on_submit():
        manage_token = confirmation.confirm_listing(person, chosen_audiences(form, [i.field for i in items]))
        db.session.commit()
        flash(_("Thank you. Your listing is confirmed and shown as you chose."), "success")
        return _private(render_template("people/confirmed.html", person=person, token=manage_token))
    return _private(render_template(
        "people/confirm.html", form=form, person=person, items=items, wording=consent.PROFILE_WORDING,
        labels=ITEM_LABELS, audiences=VISIBILITY_LABELS, decline_form=BaseForm(),
    ))  # fmt: skip


@bp.route("/confirm/<token>/decline", methods=["POST"])
@public
def confirm_decline(token: str) -> Response:
    person = consent.person_for_token(token) or abort(404)
    if BaseForm().validate_on_submit():
        privacy.erase_person(person)
        db.session.commit()
        flash(_("Everything the officer recorded about you has been erased."), "success")
        return redirect(url_for("main.index"))
    return redirect(url_for("people.confirm", token=token))


@bp.route("/manage/<token>", methods=["GET", "POST"])
@public
def manage(token: str) -> Response:
    person = confirmation.person_for_manage_token(token) or abort(404)
    items = confirmation.recorded_items(person)
    form = with_audiences(AudiencesForm, _fields(items, keep_current=True))
    if form.validate_on_submit():
        confirmation.apply_audiences(person, chosen_audiences(form, [i.field for i in items]))
        db.session.commit()
        flash(_("Your choices were saved."), "success")
        return redirect(url_for("people.manage", token=token))
    return _private(render_template(
        "people/manage.html", form=form, person=person, items=items, labels=ITEM_LABELS, token=token,
        action_form=BaseForm(), consent_record=consent.profile_consent(person),
    ))  # fmt: skip


@bp.route("/manage/<token>/act", methods=["POST"])
@public
def manage_action(token: str) -> Response:
    person = confirmation.person_for_manage_token(token) or abort(404)
    action = request.form.get("action")
    if not BaseForm().validate_on_submit() or action not in ("keep", "withdraw", "erase"):
        flash(_("That action was not understood."), "error")
        return redirect(url_for("people.manage", token=token))
    if action == "erase":
        privacy.erase_person(person)
        db.session.commit()
        flash(_("Your listing and everything about you have been erased."), "success")
        return redirect(url_for("main.index"))
    if action == "withdraw":
        consent.withdraw_profile_consent(person)
        flash(_("You withdrew your consent. Nobody else can see your listing now."), "success")
    else:
        consent.give_profile_consent(person, recorded_by_id=None)
        flash(_("Thank you. Your listing is shown again as you chose."), "success")
    db.session.commit()
    return redirect(url_for("people.manage", token=token))


@bp.route("/manage/<token>/data.json")
@public
def manage_data(token: str) -> Response:
    person = confirmation.person_for_manage_token(token) or abort(404)
    body = json.dumps(confirmation.listing_data(person), ensure_ascii=False, indent=2, sort_keys=True)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = "attachment; filename=my-listing.json"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:person_id>/confirmation-link", methods=["POST"])
def reissue_confirmation(person_id: int) -> Response:
    person = db.session.get(Person, person_id) or abort(404)
    if not may_reissue(current_user, person):
        abort(403 if permissions.is_officer(current_user) else 404)
    if not BaseForm().validate_on_submit():
        abort(400)
    token = consent.issue_confirmation_token(person)
    emailed = confirmation.send_confirmation_link(person, token)
    db.session.commit()
    return printable_link(person, token, emailed)
