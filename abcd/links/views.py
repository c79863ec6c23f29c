"""The "Link to…" page: choose a relation valid for this end, search for the other end, link or suggest."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from abcd.assets.labels import KIND_LABELS
from abcd.assets.models import Asset, AssetStatus
from abcd.changes.services import WriteContext
from abcd.extensions import db
from abcd.i18n import record_name
from abcd.links import rules, services
from abcd.links.forms import LinkForm
from abcd.links.labels import link_error_message
from abcd.links.models import Link
from abcd.models_base import Visibility
from abcd.people import directory
from abcd.people.services import person_of, viewer_for
from abcd.rate_limits import resident_submissions
from abcd.text import clean_query, like_pattern

bp = Blueprint("links", __name__, url_prefix="/links")
RESULTS = 20


def _here() -> services.End:
    """The end the link starts from: 404 when unknown or hidden, 403 for a person one may not link."""
    parsed = services.parse_end_key(request.args.get("from"))
    if parsed is None:
        abort(404)
    table, record_id = parsed
    if table == "person":
        person = directory.visible_person(viewer_for(current_user), record_id) or abort(404)
        if not services.may_link_person(current_user, person):
            abort(403)
        return services.End(person=person)
    end = services.load_end(f"asset:{record_id}")
    return end if end is not None else abort(404)


def _search(here: services.End, relation: rules.Relation, text: str) -> list[services.End]:
    """Candidates for the other end: published assets of a fitting kind by English or Welsh name, and the
    signed-in person's own profile where a person fits (nobody may link anyone else's)."""
    found: list[services.End] = []
    there = relation.there()
    if rules.PERSON in there and here.person is None:
        own = person_of(current_user)
        if own is not None and own.withdrawn_at is None:
            found.append(services.End(person=own))
    kinds = sorted(there & rules.ASSET_KINDS)
    if text and kinds:
        pattern = like_pattern(text)
        query = (
            sa.select(Asset)
            .where(
                Asset.status == AssetStatus.PUBLISHED,
                Asset.kind.in_(kinds),
                sa.or_(Asset.name_en.ilike(pattern, escape="\\"), Asset.name_cy.ilike(pattern, escape="\\")),
            )
            .order_by(Asset.name_en, Asset.asset_id)
            .limit(RESULTS + 1)
        )
        if here.asset is not None:
            query = query.where(Asset.asset_id != here.asset.asset_id)
        found += [services.End(asset=asset) for asset in db.session.scalars(query)]
    return found


def _back(here: services.End) -> str:
    if here.person is not None:
        return url_for("people.person_page", person_id=here.person.person_id)
    return url_for("assets.detail", asset_id=here.asset.asset_id)  # type: ignore[union-attr]


def _page(here: services.End, form: LinkForm, status: int = 200) -> tuple[str, int]:
    relations = rules.relations_from(here.kind)
    form.relation.choices = [(r.key, r.label) for r in relations]
    chosen = rules.Relation.parse(form.relation.data or request.args.get("relation"))
    if chosen not in relations:
        chosen = None
    text = clean_query(request.values.get("q"))
    results = _search(here, chosen, text) if chosen is not None else []
    return render_template(
        "links/new.html", here=here, form=form, relations=relations, chosen=chosen, text=text,
        results=results[:RESULTS], more=len(results) > RESULTS, kinds=KIND_LABELS, back=_back(here),
        asks_visibility=chosen is not None and (here.person is not None or rules.PERSON in chosen.there()),
    ), status  # fmt: skip


@bp.route("/new")
def new() -> tuple[str, int]:
    here = _here()
    form = LinkForm(formdata=None, relation=request.args.get("relation"))
    return _page(here, form)


def _refuse(here: services.End, form: LinkForm, message: str) -> tuple[str, int]:
    form.to.errors = [*form.to.errors, message] if isinstance(form.to.errors, list) else [message]
    return _page(here, form, 400)


@bp.route("/new", methods=["POST"])
@resident_submissions
def create() -> Response | tuple[str, int]:
    here = _here()
    form = LinkForm()
    form.relation.choices = [(r.key, r.label) for r in rules.relations_from(here.kind)]
    if not form.validate_on_submit():
        return _page(here, form, 400)
    relation = rules.Relation.parse(form.relation.data)
    there = services.load_end(form.to.data)
    if relation is None or there is None:
        return _refuse(here, form, _("Choose what to link to from the results."))
    if there.person is not None and not services.may_link_person(current_user, there.person):
        return _refuse(here, form, link_error_message(services.LinkError("person")))
    data = services.LinkInput(here, relation, there, Visibility(form.visibility.data or Visibility.PRIVATE.value))
    try:
        made = services.submit_link(data, WriteContext(actor=current_user._get_current_object()))
    except services.LinkError as error:
        db.session.rollback()
        return _refuse(here, form, link_error_message(error))
    db.session.commit()
    _say_done(made, relation, there)
    return redirect(_back(here))


def _say_done(made: Any, relation: rules.Relation, there: services.End) -> None:
    name = there.person.display_name if there.person is not None else record_name(there.asset)
    if isinstance(made, Link):
        flash(_("Linked: %(relation)s %(name)s.", relation=relation.label, name=name), "success")
    else:
        flash(
            _("Your suggested link (%(relation)s %(name)s) was sent for review. It shows once an officer approves it.",
              relation=relation.label, name=name),
            "success",
        )  # fmt: skip
