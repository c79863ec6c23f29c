"""The partner finder: a venue's offers and needs (kept by officers of its authority and by its managers),
partners for a venue, and venues for an association."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from abcd.assets.labels import KIND_LABELS
from abcd.assets.models import Asset, AssetKind, AssetStatus
from abcd.assets.services import get_asset, themes
from abcd.extensions import db
from abcd.i18n import by_name, current_language, record_name
from abcd.managers.services import keeps_offers
from abcd.network.answers import context_for
from abcd.network.labels import kind_label
from abcd.partners import services
from abcd.partners.forms import NeedsForm, OfferForm
from abcd.partners.labels import CATEGORY_LABELS, DIRECTION_LABELS, explain
from abcd.partners.models import VenueOffer
from abcd.people.models import Skill

bp = Blueprint("partners", __name__, url_prefix="/partners")


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


@bp.route("/assets/<int:asset_id>/partners")
def partners(asset_id: int) -> str:
    asset = _published(asset_id)
    results = services.find_partners(context_for(current_user), asset, welsh=current_language() == "cy")
    names = _theme_names()
    return render_template(
        "partners/partners.html", asset=asset, results=results, kinds=KIND_LABELS, kind_label=kind_label,
        explain=lambda reasons: explain(reasons, names),
    )  # fmt: skip


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
