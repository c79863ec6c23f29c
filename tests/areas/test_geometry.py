"""Point-in-polygon on hand-made squares: no app, no database."""

import json

from abcd.areas.geometry import AreaIndex, Boundary


def _square(x0: float, y0: float, size: float) -> str:
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


INDEX = AreaIndex(
    authorities=[Boundary("LA1", "LA1", _square(0, 0, 2)), Boundary("LA2", "LA2", _square(2, 0, 2))],
    wards=[
        Boundary("W1", "LA1", _square(0, 0, 1)),
        Boundary("W2", "LA1", _square(1, 0, 1)),
        Boundary("W3", "LA2", _square(2, 0, 2)),
    ],
)


def test_point_takes_the_authority_and_ward_that_contain_it() -> None:
    match = INDEX.locate(latitude=0.5, longitude=1.5)
    assert match is not None
    assert (match.la_code, match.ward_code) == ("LA1", "W2")


def test_ward_is_searched_only_within_the_authority() -> None:
    match = INDEX.locate(latitude=1.0, longitude=3.0)
    assert match is not None
    assert (match.la_code, match.ward_code) == ("LA2", "W3")


def test_gap_between_generalised_wards_takes_the_nearest_ward_of_that_authority() -> None:
    match = INDEX.locate(latitude=1.5, longitude=0.5)  # in LA1, above both of its wards
    assert match is not None
    assert (match.la_code, match.ward_code) == ("LA1", "W1")


def test_point_just_off_the_coast_is_admitted_within_tolerance() -> None:
    match = INDEX.locate(latitude=-0.002, longitude=0.5)
    assert match is not None
    assert match.la_code == "LA1"


def test_point_far_outside_every_authority_is_none() -> None:
    assert INDEX.locate(latitude=10, longitude=10) is None
