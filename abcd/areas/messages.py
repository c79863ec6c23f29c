"""Words for location problems, so every form explains a bad postcode or point the same way."""

from __future__ import annotations

from flask_babel import gettext as _

from abcd.areas.services import LocationError


def location_error_message(error: LocationError) -> str:
    if error.code == "invalid_postcode":
        return _("“%(text)s” is not a UK postcode. Enter a postcode like CF10 1AA.", text=error.detail)
    if error.code == "unknown_postcode":
        return _(
            "We cannot find the postcode %(postcode)s. Check it, or give a latitude and longitude.",
            postcode=error.detail,
        )
    if error.code == "outside_area" and error.detail:
        return _(
            "That place is in %(area)s. This service covers Cardiff, Newport and the Vale of Glamorgan only.",
            area=error.detail,
        )
    if error.code == "outside_area":
        return _("That place is outside Cardiff, Newport and the Vale of Glamorgan.")
    if error.code == "no_boundaries":
        return _("Boundaries are not loaded yet, so places can only be found by postcode.")
    return _("Enter a postcode, or a latitude and longitude.")
