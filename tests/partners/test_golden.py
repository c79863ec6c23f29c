"""The golden partner cases: venues and groups at known distances, and the order the finder must give.

The model is relevance x distance factor (abcd/partners/matching.py): a match on what the venue asked
for nearby comes before a weak match far away.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask

from abcd.extensions import db
from abcd.partners.models import OfferCategory
from tests import factories
from tests.conftest import login
from tests.network.builders import offer
from tests.partners.golden_data import LLANOVER, SEEKS, MusicVenue, at, group, make_themes, music_venue


def _order(app: Flask, email: str, venue: int, list_id: str = "partner-associations", query: str = "") -> list[int]:
    client = app.test_client()
    login(client, email)
    html = client.get(f"/partners/assets/{venue}/partners{query}").get_data(as_text=True)
    return [int(n) for n in re.findall(rf'id="{list_id}-asset-(\d+)"', html)]


@pytest.fixture
def llanover(app: Flask) -> MusicVenue:
    with app.app_context():
        found = music_venue(make_themes())
        db.session.remove()
    return found


def test_the_music_venue_gets_the_nearby_choirs_first(app: Flask, llanover: MusicVenue, people: factories.Cast) -> None:
    order = _order(app, people.resident, llanover.venue)
    assert order == [*llanover.choirs, *llanover.older]  # the choirs ~3 km, then the 15 and 17 km groups
    assert llanover.knitters not in order  # near, but nothing in common


def test_the_choir_is_explained_in_plain_words(app: Flask, llanover: MusicVenue, people: factories.Cast) -> None:
    client = app.test_client()
    login(client, people.resident)
    html = client.get(f"/partners/assets/{llanover.venue}/partners").get_data(as_text=True)
    choir = html[html.index(f'id="partner-associations-asset-{llanover.choirs[0]}"') :]
    choir = choir[: choir.index("</li>\n    \n    <li")]
    assert "asked for Music: they work on Music (+3)" in choir  # the hall looks for musicians: a choir
    assert "on offer here for Music: they work on it (+2)" in choir  # and offers music equipment
    assert "2.8 km away, so it counts 82%" in choir
    assert "Score 4.1: 5 points for what fits, counted at 82% for distance." in choir
    far = html[html.index(f'id="partner-associations-asset-{llanover.older[1]}"') :]
    assert "also works on Older people (+1)" in far
    assert "17.0 km away, so it counts 31%" in far


def test_an_older_people_day_centre_gets_nearby_older_people_groups_first(app: Flask, people: factories.Cast) -> None:
    with app.app_context():
        themes = make_themes()
        centre = factories.make_asset(name_en="Ely Day Centre", latitude=LLANOVER[0], longitude=LLANOVER[1])
        centre.themes.append(themes["wellbeing"])
        db.session.commit()
        offer(centre.asset_id, SEEKS, OfferCategory.AUDIENCE, theme_id=themes["older-people"].theme_id)
        near = group("Silver Threads", [themes["older-people"]], at(LLANOVER, 1.5))
        further = group("Evergreen Club", [themes["older-people"], themes["arts"]], at(LLANOVER, 0, 4.0))
        far = group("Penarth Pensioners", [themes["older-people"]], at(LLANOVER, -9.0, 3.0))
        wellbeing = group("Parkrun Juniors", [themes["wellbeing"], themes["young-people"]], at(LLANOVER, 0.5))
        ids = (centre.asset_id, near.asset_id, further.asset_id, far.asset_id, wellbeing.asset_id)
        db.session.remove()
    centre_id, *groups = ids
    # Older-people groups by distance; the nearest group of all shares only the centre's own theme.
    assert _order(app, people.resident, centre_id) == groups


def test_a_strong_match_some_way_off_beats_a_weak_one_next_door(app: Flask, people: factories.Cast) -> None:
    with app.app_context():
        themes = make_themes()
        museum = factories.make_asset(name_en="Community Museum", latitude=LLANOVER[0], longitude=LLANOVER[1])
        museum.themes.append(themes["environment"])
        db.session.commit()
        offer(museum.asset_id, SEEKS, OfferCategory.THEME, theme_id=themes["heritage"].theme_id)
        strong = group("Llandaff History Society", [themes["heritage"]], at(LLANOVER, 12.0))  # 3 x 0.44
        weak = group("Pontcanna Park Friends", [themes["environment"]], at(LLANOVER, 0.5))  # 1 x 0.97
        too_far = group("Chepstow Castle Guides", [themes["heritage"]], at(LLANOVER, 10.0, 38.0))  # 3 x 0.07
        ids = (museum.asset_id, strong.asset_id, weak.asset_id, too_far.asset_id)
        db.session.remove()
    museum_id, *expected = ids
    assert _order(app, people.resident, museum_id) == expected
    # Within 25 km, the guides (39 km) are left out; within 10 km, only the friends of the park.
    assert _order(app, people.resident, museum_id, query="?distance=25") == expected[:2]
    assert _order(app, people.resident, museum_id, query="?distance=10") == [expected[1]]


def test_the_name_filter_follows_the_directory_search_rules(
    app: Flask, llanover: MusicVenue, people: factories.Cast
) -> None:
    """Word starts, any case: "ROA" finds Roath Community Choir; "oath" (inside a word) finds nothing."""
    roath = _order(app, people.resident, llanover.venue, query="?q=ROA")
    assert roath == [llanover.choirs[1]]
    assert _order(app, people.resident, llanover.venue, query="?q=oath") == []
    both = _order(app, people.resident, llanover.venue, query="?q=sunday+sing")
    assert both == [llanover.choirs[0]]
