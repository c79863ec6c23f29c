"""The printed pack of a session for facilitators (A4 or A3): its report, the room's network and a map of
its area as server-drawn pictures, and tables of exactly the accepted items, with authors' names only where
they agreed to be named in public."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_babel import gettext as _

from abcd.areas.models import LocalAuthority
from abcd.assets.labels import KIND_LABELS as ASSET_KIND_LABELS
from abcd.assets.models import Asset, AssetKind
from abcd.extensions import db
from abcd.i18n import record_name
from abcd.people.labels import GIFT_LABELS, MODE_LABELS
from abcd.workshops import moderation
from abcd.workshops.labels import KIND_LABELS, STATE_LABELS
from abcd.workshops.linking import link_parts
from abcd.workshops.models import ContributionKind, Workshop, WorkshopState
from abcd.workshops.print_svg import MapPoint, map_svg, network_svg
from abcd.workshops.views import bp, facilitated

PAPER_SIZES = ("a4", "a3")
ORGANISATIONS = {AssetKind.ASSOCIATION, AssetKind.INSTITUTION, AssetKind.ECONOMY}


def _report(workshop: Workshop) -> dict[str, int]:
    """The counts taken at closing; while the session runs, the same counts as they stand."""
    if workshop.state is WorkshopState.CLOSED and workshop.report:
        return dict(workshop.report)
    accepted = moderation.accepted_by_kind(workshop)
    return {**moderation.counts(workshop), **{f"accepted_{kind.value}": n for kind, n in accepted.items()}}


def _boundaries(workshop: Workshop) -> list[str]:
    """The wards in focus, else the whole authority."""
    wards = [ward.boundary_geojson for ward in workshop.wards if ward.boundary_geojson]
    if wards:
        return wards
    authority = db.session.get(LocalAuthority, workshop.la_code)
    return [authority.boundary_geojson] if authority is not None and authority.boundary_geojson else []


def _places(workshop: Workshop) -> list[tuple[int, Asset, str | None]]:
    """Accepted places, numbered as on the map, each record once, with who added it first (public names only)."""
    participants = moderation.participants_of(workshop)
    seen: dict[int, tuple[Asset, str | None]] = {}
    for contribution, asset in moderation.accepted_places(workshop):
        seen.setdefault(asset.asset_id, (asset, moderation.public_name(contribution, participants)))
    return [(number, asset, by) for number, (asset, by) in enumerate(seen.values(), start=1)]


@bp.route("/workshops/<int:workshop_id>/print")
def print_pack(workshop_id: int) -> str:
    workshop, _user = facilitated(workshop_id)
    paper = request.args.get("paper", "a4")
    paper = paper if paper in PAPER_SIZES else "a4"
    items = moderation.screen_items(workshop, limit=10_000)
    by_kind: dict[ContributionKind, list[Any]] = {kind: [] for kind in ContributionKind}
    for item in reversed(items):  # oldest first, as the session went
        by_kind[item.kind].append(item)
    places = _places(workshop)
    links = [link_parts(i.values, i.by) for i in by_kind[ContributionKind.LINK]]
    place_names = [str(i.values.get("name") or "") for i in by_kind[ContributionKind.PLACE]]
    points = [
        MapPoint(number, record_name(asset), asset.latitude, asset.longitude)
        for number, asset, _by in places
        if asset.latitude is not None and asset.longitude is not None
    ]
    return render_template(
        "workshops/print.html", workshop=workshop, paper=paper, report=_report(workshop),
        gifts=by_kind[ContributionKind.GIFT], links=list(zip(links, by_kind[ContributionKind.LINK], strict=True)),
        stories=by_kind[ContributionKind.STORY],
        kinds=KIND_LABELS, states=STATE_LABELS, places=places,
        organisations=[asset for _n, asset, _by in places if asset.kind in ORGANISATIONS],
        asset_kinds=ASSET_KIND_LABELS, gift_types=GIFT_LABELS, modes=MODE_LABELS,
        network=network_svg(place_names, links, _("Network of the places and links the room added")),
        area_map=map_svg(_boundaries(workshop), points, _("Map of the session's area with the places the room added")),
    )  # fmt: skip
