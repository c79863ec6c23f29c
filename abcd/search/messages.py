"""Words for search by place, in the reader's language: what a search is centred on, why a place could not
be found, how far each result is. Exposed to every page's templates through ``template_helpers``."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_decimal
from flask_babel import gettext as _

from abcd.areas.models import Ward
from abcd.extensions import db
from abcd.i18n import current_language
from abcd.search.distance import haversine_km
from abcd.search.places import RADII_KM, Point


def place_error_message(error: tuple[str, str] | None) -> str:
    """Why nothing is listed: a place that could not be found. Empty when there is no error."""
    if error is None:
        return ""
    code, detail = error
    if code == "unknown_postcode":
        return _(
            "We cannot find the postcode %(postcode)s. Check it, or search by a place or ward name.",
            postcode=detail,
        )
    return _("Your location could not be read. Try “Near me” again, or search by postcode.")


def place_label(point: Point | None) -> str:
    """What results are ordered from: "Nearest first from CF24 4AB", or from the reader's location."""
    if point is None:
        return ""
    if point.source == "device":
        return _("Nearest first from your location.")
    where = point.label
    if point.source == "ward":
        ward = db.session.get(Ward, point.label)
        where = (ward.name_cy if current_language() == "cy" and ward.name_cy else ward.name_en) if ward else where
    return _("Nearest first from %(place)s.", place=where)


def distance_label(point: Point | None, latitude: float | None, longitude: float | None) -> str:
    """How far a place is from ``point``: "350 m away", "2.4 km away"."""
    if point is None:
        return ""
    km = haversine_km(point, latitude, longitude)
    if km is None:
        return _("Distance unknown")
    if km < 1:
        return _("%(metres)s m away", metres=format_decimal(max(10, round(km * 100) * 10)))
    return _("%(km)s km away", km=format_decimal(round(km, 1), format="#,##0.0"))


def template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        search_radii=RADII_KM,
        place_error_message=place_error_message,
        place_label=place_label,
        distance_label=distance_label,
    )
