"""Where a search is centred: a postcode, an outward code, a ward's name, or the browser's coordinates.

What was typed is a place only when it is nothing else: a whole postcode ("CF24 4AB"), an outward code
we hold ("CF24"), a ward's English or Welsh name ("Glan-yr-afon"), or words then "near"/"ger" and one of
those ("choir near CF24 4AB"). An authority's name ("Newport", "choir in Caerdydd") is an area: what is
listed is kept to it, in the usual order. Postcodes come from the table the geography loader fills (abcd.areas).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from abcd.areas.models import LocalAuthority, Postcode, Ward
from abcd.areas.services import normalise_postcode
from abcd.extensions import db
from abcd.search.terms import name_words, words

RADII_KM = (1, 2, 5, 10)
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_IN = re.compile(r"^(?P<what>.*?)\s+(?:in|yn)\s+(?P<where>\S.*)$", re.IGNORECASE)
_NEAR = re.compile(r"^(?P<what>.*?)\s+(?:near|ger|yn agos at|yn agos i)\s+(?P<where>\S.*)$", re.IGNORECASE)


class PlaceError(ValueError):
    """A place that cannot be found; ``code``: unknown_postcode, bad_coordinates. ``detail`` echoes it."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Point:
    """The centre of a search; ``label`` names it (a postcode, a ward) or is empty for the device's place."""

    latitude: float
    longitude: float
    label: str = ""
    source: str = "device"  # "postcode" | "outward" | "ward" | "device"


def split_place(text: str) -> tuple[str, Point | None]:
    """(the words left to search, the place) for a search box's text; raises PlaceError for a
    postcode-shaped text that is not a known postcode."""
    place = resolve_place(text)
    if place is not None:
        return "", place
    near = _NEAR.match(text.strip())
    if near:
        place = resolve_place(near.group("where"))
        if place is not None:
            return near.group("what").strip(), place
    return text, None


def resolve_place(text: str) -> Point | None:
    """The point ``text`` names, or None when it names no place (so it is searched as words).
    Raises PlaceError("unknown_postcode") for a full postcode we do not hold."""
    postcode = normalise_postcode(text)
    if postcode is not None:
        row = db.session.get(Postcode, postcode)
        if row is None:
            raise PlaceError("unknown_postcode", postcode)
        return Point(row.latitude, row.longitude, postcode, "postcode")
    compact = re.sub(r"\s+", "", text).upper()
    if _OUTWARD.match(compact):
        centre = db.session.execute(
            sa.select(sa.func.avg(Postcode.latitude), sa.func.avg(Postcode.longitude)).where(
                Postcode.postcode.like(f"{compact} %")
            )
        ).one()
        if centre[0] is not None:
            return Point(float(centre[0]), float(centre[1]), compact, "outward")
        return None  # "M4" is also a motorway: searched as words
    return _ward(text)


def _ward(text: str) -> Point | None:
    typed = words(text)
    if not typed:
        return None
    # Names and centres only: a ward's boundary is large, and is not needed to name it.
    placed = sa.select(Ward.code, Ward.name_en, Ward.name_cy, Ward.centroid_lat, Ward.centroid_lon).where(
        Ward.centroid_lat.is_not(None), Ward.centroid_lon.is_not(None)
    )
    for code, name_en, name_cy, latitude, longitude in db.session.execute(placed.order_by(Ward.code)):
        if typed in (name_words(name_en), name_words(name_cy)):
            return Point(latitude, longitude, code, "ward")
    return None


def point_from_args(args: Mapping[str, str]) -> Point | None:
    """The browser's coordinates (``lat``, ``lon``), if given. Raises PlaceError("bad_coordinates") for
    coordinates that are not numbers or not on Earth."""
    raw_lat, raw_lon = args.get("lat", "").strip(), args.get("lon", "").strip()
    if not raw_lat and not raw_lon:
        return None
    try:
        latitude, longitude = float(raw_lat[:20]), float(raw_lon[:20])
    except ValueError:
        raise PlaceError("bad_coordinates") from None
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        raise PlaceError("bad_coordinates")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise PlaceError("bad_coordinates")
    return Point(round(latitude, 5), round(longitude, 5))  # about a metre: no more is needed or kept


@dataclass(frozen=True)
class PlaceQuery:
    """A search box and query string read for place: the words left to search, the centre, the radius,
    or why the place could not be found (PlaceError's code and detail)."""

    text: str
    near: Point | None = None
    radius_km: int | None = None
    error: tuple[str, str] | None = None
    la_code: str | None = None  # an authority named in the box ("Newport", "choir in Casnewydd")


def read_place(typed: str, args: Mapping[str, str]) -> PlaceQuery:
    """A place typed in the box wins over the device's point (``lat``, ``lon``), which forms carry along.
    Never raises: a place that cannot be found comes back as ``error``, with the words as typed."""
    try:
        text, near = split_place(typed)
        near = near or point_from_args(args)
    except PlaceError as error:
        return PlaceQuery(typed, error=(error.code, error.detail))
    if near is None:
        text, la_code = split_authority(text)
        return PlaceQuery(text, la_code=la_code)
    return PlaceQuery(text, near, radius_from_args(args))


def split_authority(text: str) -> tuple[str, str | None]:
    """(the words left to search, the authority's code) when ``text`` is an authority's English or Welsh
    name, or words then "in"/"yn" and one: an area to list, not a point to measure from."""
    found = _IN.match(text.strip())
    candidates = [("", words(text))] + ([(found.group("what").strip(), words(found.group("where")))] if found else [])
    named = sa.select(LocalAuthority.code, LocalAuthority.name_en, LocalAuthority.name_cy)
    for code, name_en, name_cy in db.session.execute(named.order_by(LocalAuthority.code)):
        for what, where in candidates:
            if where and where in (name_words(name_en), name_words(name_cy)):
                return what, code
    return text, None


def search_point_args(point: Point | None) -> dict[str, str]:
    """The query arguments that carry the device's point along (a typed place travels in ``q``)."""
    if point is None or point.source != "device":
        return {}
    return {"lat": repr(point.latitude), "lon": repr(point.longitude)}


def radius_from_args(args: Mapping[str, str]) -> int | None:
    """One of the offered radii in km; anything else means no radius."""
    raw = args.get("radius", "")
    return int(raw) if raw in {str(radius) for radius in RADII_KM} else None
