"""The partner finder: a venue's offers and needs (kept by officers of its authority and by its managers),
partners for a venue, and venues for an association."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from abcd.areas.services import local_authorities
from abcd.assets.labels import KIND_LABELS
from abcd.assets.models import Asset, AssetKind, AssetStatus
from abcd.assets.services import get_asset, themes
from abcd.csv_output import write_csv
from abcd.extensions import db
from abcd.forms import BaseForm
from abcd.i18n import by_name, current_language, record_name
from abcd.managers.services import keeps_offers
from abcd.network.answers import context_for
from abcd.network.graph import split_key
from abcd.network.labels import kind_label
from abcd.network.services import sight_for
from abcd.partners import services
from abcd.partners.forms import NeedsForm, OfferForm, PartnerFilterForm
from abcd.partners.labels import CATEGORY_LABELS, DIRECTION_LABELS, explain, score_words
from abcd.partners.matching import Match
from abcd.partners.models import VenueOffer
from abcd.people.models import Skill

bp = Blueprint("partners", __name__, url_prefix="/partners")
PARTNER_ARGS = ("distance", "authority", "kind", "q", "lang")


def _published(asset_id: int) -> Asset:
    asset = get_asset(asset_id)
    if asset is None or asset.status is not AssetStatus.PUBLISHED:
        abort(404)
    return asset


def _offer(offer_id: int) -> tuple[VenueOffer, Asset]:
    offer = db.session.get(VenueOffer, offer_id)
    if offer is None:
        abort(404)
    asset = _published(offer.asset_id)
    if not keeps_offers(current_user, asset):
        abort(403)
    return offer, asset


def _theme_names() -> dict[str, str]:
    return {t.slug: record_name(t) for t in themes()}


def _theme_choices(form: Any, blank: str) -> None:
    form.theme.choices = [(0, blank)] + [(t.theme_id, record_name(t)) for t in by_name(themes())]


def _render_offers(asset: Asset, form: OfferForm) -> str:
    offers = services.offers_of(asset)
    wanted = {o.skill_id for o in offers if o.skill_id}
    skills = {s.skill_id: s for s in db.session.scalars(sa.select(Skill).where(Skill.skill_id.in_(wanted)))}
    return render_template(
        "partners/offers.html", asset=asset, offers=offers, form=form, skills=skills,
        theme_names={t.theme_id: t for t in themes()}, directions=DIRECTION_LABELS, categories=CATEGORY_LABELS,
        kinds=KIND_LABELS,
    )  # fmt: skip


@bp.route("/")
def index() -> str:
    venues = services.venues_with_offers()
    form = NeedsForm(request.args)
    _theme_choices(form, _("Any theme"))
    return render_template("partners/index.html", venues=venues, form=form, kinds=KIND_LABELS)


@bp.route("/assets/<int:asset_id>/offers", methods=["GET", "POST"])
def offers(asset_id: int) -> str | Response:
    asset = _published(asset_id)
    form = OfferForm()
    _theme_choices(form, _("None"))
    if request.method == "POST":
        if not keeps_offers(current_user, asset):
            abort(403)
        if form.validate_on_submit():
            services.save_offer(VenueOffer(asset_id=asset.asset_id), form.to_input())
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("partners.offers", asset_id=asset.asset_id))
    return _render_offers(asset, form)


@bp.route("/offers/<int:offer_id>/edit", methods=["GET", "POST"])
def edit_offer(offer_id: int) -> str | Response:
    offer, asset = _offer(offer_id)
    form = OfferForm(obj=offer) if request.method == "GET" else OfferForm()
    _theme_choices(form, _("None"))
    if request.method == "GET":
        form.direction.data, form.category.data = offer.direction.value, offer.category.value
        form.theme.data = offer.theme_id or 0
        skill = db.session.get(Skill, offer.skill_id) if offer.skill_id else None
        form.skill.data = record_name(skill) if skill else ""  # the services match either language
    if form.validate_on_submit():
        services.save_offer(offer, form.to_input())
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("partners.offers", asset_id=asset.asset_id))
    return render_template("partners/offer_form.html", asset=asset, offer=offer, form=form)


@bp.route("/offers/<int:offer_id>/delete", methods=["POST"])
def delete_offer(offer_id: int) -> Response:
    offer, asset = _offer(offer_id)
    services.delete_offer(offer)
    db.session.commit()
    flash(_("Removed."), "success")
    return redirect(url_for("partners.offers", asset_id=asset.asset_id))


SHORTLIST = "partner_shortlist"  # in the session: {venue asset id: [node keys]}
SHORTLIST_LIMIT = 50


def _filters(form: PartnerFilterForm) -> services.PartnerFilters:
    form.authority.choices = [("", _("Any authority"))] + [(la.code, record_name(la)) for la in local_authorities()]
    if not form.validate():
        flash(_("Some filters were not understood, so they were left out."), "error")
    value = {
        name: "" if name in form.errors else (form[name].data or "") for name in ("distance", "authority", "kind", "q")
    }
    return services.PartnerFilters(
        max_km=float(value["distance"]) if value["distance"] else None, authority=value["authority"] or None,
        kind=value["kind"] or None, text=value["q"],
    )  # fmt: skip


def _shortlist(asset_id: int) -> list[str]:
    return list(session.get(SHORTLIST, {}).get(str(asset_id), []))


def _save_shortlist(asset_id: int, keys: list[str]) -> None:
    lists = dict(session.get(SHORTLIST, {}))
    lists[str(asset_id)] = keys[:SHORTLIST_LIMIT]
    session[SHORTLIST] = lists


def _shortlisted(asset: Asset) -> list[Match]:
    """The shortlist as it ranks now: an entry the viewer may no longer see (or that no longer fits) is left out."""
    keys = _shortlist(asset.asset_id)
    found = services.find_partners(context_for(current_user), asset, current_language() == "cy", limit=None)
    by_key = {m.key: m for m in found.all()}
    return [by_key[k] for k in keys if k in by_key]


def _page(template: str, asset: Asset, **values: Any) -> str:
    names = _theme_names()
    results = values.get("results")
    matches = results.all() if isinstance(results, services.PartnerResults) else values.get("matches", [])
    return render_template(
        template, asset=asset, kinds=KIND_LABELS, kind_label=kind_label, explain=lambda r: explain(r, names),
        score_words=score_words, shortlist=set(_shortlist(asset.asset_id)), action_form=BaseForm(),
        messages=services.accepting_messages(matches) if current_user.is_authenticated else set(),
        own=sight_for(current_user).own,
        **values,
    )  # fmt: skip


@bp.route("/assets/<int:asset_id>/partners")
def partners(asset_id: int) -> str:
    asset = _published(asset_id)
    form = PartnerFilterForm(request.args)
    filters = _filters(form)
    results = services.find_partners(context_for(current_user), asset, current_language() == "cy", filters)
    return _page("partners/partners.html", asset, results=results, form=form, filtered=filters)


@bp.route("/assets/<int:asset_id>/shortlist", methods=["GET", "POST"])
def shortlist(asset_id: int) -> str | Response:
    asset = _published(asset_id)
    if request.method == "POST":
        if not BaseForm().validate_on_submit():
            abort(400)
        key = request.form.get("key", "")
        keys = [k for k in _shortlist(asset_id) if k != key]
        parts = split_key(key)
        if request.form.get("action") != "add":
            _save_shortlist(asset_id, keys)
            flash(_("Removed from the shortlist."), "success")
        elif parts is not None and parts[0] in ("asset", "person"):
            _save_shortlist(asset_id, [*keys, key])
            flash(_("Added to the shortlist."), "success")
        else:
            flash(_("That cannot be added to the shortlist."), "error")
        if request.form.get("back") == "shortlist":
            return redirect(url_for("partners.shortlist", asset_id=asset_id))
        back: dict[str, Any] = {k: v for k, v in parse_qsl(request.form.get("filters", "")) if k in PARTNER_ARGS}
        return redirect(url_for("partners.partners", asset_id=asset_id, **back))
    return _page("partners/shortlist.html", asset, matches=_shortlisted(asset))


@bp.route("/assets/<int:asset_id>/shortlist.csv")
def shortlist_csv(asset_id: int) -> Response:
    asset = _published(asset_id)
    names = _theme_names()
    rows = [
        (m.label, kind_label(m.kind), format_decimal(m.score, format="0.0"),
         "" if m.km is None else format_decimal(m.km, format="0.0"), "; ".join(explain(m.reasons, names)))
        for m in _shortlisted(asset)
    ]  # fmt: skip
    header = (_("Name"), _("Kind"), _("Score"), _("Distance (km)"), _("Why it fits"))
    response = Response(write_csv(header, rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="shortlist-{asset_id}.csv"'
    return response


@bp.route("/venues")
def venues() -> str:
    form = NeedsForm(request.args)
    _theme_choices(form, _("Any theme"))
    asset_id = request.args.get("for", type=int)
    association = get_asset(asset_id) if asset_id else None
    if association is not None and (
        association.status is not AssetStatus.PUBLISHED or association.kind is not AssetKind.ASSOCIATION
    ):
        association = None
    form.validate()
    needs = {n for n in (form.needs.data or []) if n in dict(form.needs.choices or [])}
    theme = _theme_slug(form.theme.data)
    found = services.find_venues(context_for(current_user), association, needs, theme, current_language() == "cy")
    names = _theme_names()
    return render_template(
        "partners/venues.html", form=form, association=association, matches=found, kinds=KIND_LABELS,
        kind_label=kind_label, explain=lambda reasons: explain(reasons, names), asked=bool(request.args),
    )  # fmt: skip


def _is_published_association(asset: Asset) -> bool:
    return asset.status is AssetStatus.PUBLISHED and asset.kind is AssetKind.ASSOCIATION


def _theme_slug(theme_id: int | None) -> str | None:
    return next((t.slug for t in themes() if t.theme_id == theme_id), None) if theme_id else None
