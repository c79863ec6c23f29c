"""The partner finder on the real database: ranked, explained, and never showing hidden or unconsenting people."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from abcd.assets.models import AssetKind
from abcd.extensions import db
from abcd.links.models import LinkType
from abcd.partners.models import OfferCategory, OfferDirection, VenueOffer
from abcd.people.models import Person, Skill
from tests import factories
from tests.conftest import login
from tests.network.builders import MEMBERS, OFFICERS, give_skill, join, make_person, make_skill, offer
from tests.rendered_forms import FillValue, FormError, submit

OFFERS, SEEKS = OfferDirection.OFFERS, OfferDirection.SEEKS


@dataclass(frozen=True)
class Venues:
    chapter: int
    club: int
    library: int
    music_skill: int


@pytest.fixture
def venues(app: Flask, people: factories.Cast) -> Venues:
    with app.app_context():
        music = factories.make_theme()
        youth = factories.make_theme("young-people", "Children and young people", "Plant a phobl ifanc")
        chapter = factories.make_asset(name_en="Chapter Arts", latitude=51.4812, longitude=-3.2036)
        club = factories.make_asset(
            kind=AssetKind.ASSOCIATION, name_en="Youth Music Club", latitude=51.4850, longitude=-3.1900
        )
        club.themes.extend([music, youth])
        library = factories.make_asset(
            kind=AssetKind.INSTITUTION, name_en="Canton Library", latitude=51.48, longitude=-3.2
        )
        factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Chess Circle")  # nothing in common
        db.session.commit()
        skill = make_skill("Music", "Cerddoriaeth")
        for name in ("Ann", "Bob", "Cat"):
            person = make_person(name, MEMBERS)
            join(person, club.asset_id)
            join(person, chapter.asset_id, MEMBERS, LinkType.USES)
        # Hidden Harpist lives in Cardiff: "officers only" means Cardiff's officers (and admins).
        for name, visibility, consent, ward in (("Dai Drummer", MEMBERS, True, None),
                                                ("Hidden Harpist", OFFICERS, True, factories.CATHAYS),
                                                ("Unasked Ulrich", MEMBERS, False, None)):  # fmt: skip
            give_skill(make_person(name, visibility, consent=consent, ward_code=ward), skill, visibility)
        offer(chapter.asset_id, OFFERS, OfferCategory.SPACE, description_en="Rehearsal room for 30")
        offer(chapter.asset_id, SEEKS, OfferCategory.SKILL, skill_id=skill.skill_id)
        offer(chapter.asset_id, SEEKS, OfferCategory.EQUIPMENT, description_en="A PA system")
        offer(chapter.asset_id, SEEKS, OfferCategory.AUDIENCE, theme_id=youth.theme_id)
        offer(club.asset_id, SEEKS, OfferCategory.SPACE, description_en="Somewhere to rehearse")
        offer(library.asset_id, OFFERS, OfferCategory.EQUIPMENT, description_en="Projector and PA")
        ids = Venues(chapter.asset_id, club.asset_id, library.asset_id, skill.skill_id)
        db.session.remove()
    return ids


def _as(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    login(client, email)
    return client


def _section(html: str, list_id: str) -> str:
    start = html.index(f'id="{list_id}"')
    return html[start : html.index("</ol>", start) if "</ol>" in html[start:] else len(html)]


def test_partners_for_a_venue_are_ranked_and_explained(app: Flask, venues: Venues, people: factories.Cast) -> None:
    html = _as(app, people.resident).get(f"/partners/assets/{venues.chapter}/partners").get_data(as_text=True)
    associations = _section(html, "partner-associations")
    assert "Youth Music Club" in associations
    assert "Chess Circle" not in associations
    assert "3 people in common (+3)" in associations
    assert "asked for Children and young people: they work on it (+3)" in associations
    assert "asked for Music: they work on Music (+3)" in associations  # the skill sought, and the club's theme
    assert "they look for space, which is on offer here (+2)" in associations
    assert "1.0 km away, so it counts 93%" in associations
    assert "Score 10.3: 11 points for what fits, counted at 93% for distance." in associations
    people_found = _section(html, "partner-people")
    assert "Dai Drummer" in people_found
    assert "asked for Music: they offer this skill (+3)" in people_found
    other_venues = _section(html, "partner-venues")
    assert "Canton Library" in other_venues
    assert "asked for equipment: they offer it (+3)" in other_venues


def test_partner_results_leave_out_hidden_and_unconsenting_people(
    app: Flask, venues: Venues, people: factories.Cast
) -> None:
    resident = _as(app, people.resident).get(f"/partners/assets/{venues.chapter}/partners").get_data(as_text=True)
    assert "Hidden Harpist" not in resident
    assert "Unasked Ulrich" not in resident
    officer = _as(app, people.officer_cardiff).get(f"/partners/assets/{venues.chapter}/partners").get_data(as_text=True)
    assert "Hidden Harpist" in officer
    assert "Unasked Ulrich" not in officer  # visible to officers, but never agreed to be found


def test_partner_explanations_in_welsh(app: Flask, venues: Venues, people: factories.Cast) -> None:
    html = _as(app, people.resident).get(f"/partners/assets/{venues.chapter}/partners?lang=cy").get_data(as_text=True)
    found = _section(html, "partner-people")
    assert "gofynnwyd am y sgil hwn, ac maen nhw’n ei gynnig: Cerddoriaeth (+3)" in found
    assert "dydy’r pellter ddim yn hysbys, felly mae’n cyfrif 50%" in found  # Dai's ward is not known
    assert "Hidlo partneriaid" in html


def test_an_association_finds_venues_offering_what_it_needs(app: Flask, venues: Venues, people: factories.Cast) -> None:
    client = _as(app, people.resident)
    html = client.get(f"/partners/venues?for={venues.club}").get_data(as_text=True)
    matches = _section(html, "venue-matches")
    assert "Chapter Arts" in matches
    assert "asked for space: they offer it (+3)" in matches
    assert "Canton Library" not in matches  # it offers equipment, which the club did not ask for
    equipment = client.get("/partners/venues?needs=equipment").get_data(as_text=True)
    assert "Canton Library" in _section(equipment, "venue-matches")


def test_officer_of_the_authority_records_offers_and_others_cannot(
    app: Flask, venues: Venues, people: factories.Cast
) -> None:
    url = f"/partners/assets/{venues.library}/offers"
    data: dict[str, FillValue] = {"direction": "offers", "category": "space", "description_en": "Community room"}
    newport = _as(app, people.officer_newport)
    with pytest.raises(FormError, match="No form matches"):  # the page offers Newport no form to add with
        submit(newport, newport.get(url), button="Add", fill=data)
    assert newport.post(url, data=data).status_code == 403  # and a hand-made post is refused

    officer = _as(app, people.officer_cardiff)

    def add(**fill: FillValue) -> TestResponse:
        return submit(officer, officer.get(url), button="Add", fill={**data, **fill})

    assert "Community room" in officer.get(add().headers["Location"]).get_data(as_text=True)
    bad = add(category="skill", skill="Underwater basket weaving")
    assert "There is no skill called that yet" in bad.get_data(as_text=True)
    synonym = add(direction="seeks", category="skill", skill="cerddoriaeth")
    assert synonym.status_code == 302
    with app.app_context():
        rows = db.session.scalars(sa.select(VenueOffer).where(VenueOffer.asset_id == venues.library)).all()
        assert {(r.direction, r.category, r.skill_id) for r in rows} >= {
            (OFFERS, OfferCategory.SPACE, None),
            (SEEKS, OfferCategory.SKILL, venues.music_skill),
        }
        offer_id = next(r.venue_offer_id for r in rows if r.description_en == "Community room")
    resident = _as(app, people.resident)
    assert f"/partners/offers/{offer_id}/delete" not in resident.get(url).get_data(as_text=True)
    assert resident.post(f"/partners/offers/{offer_id}/delete").status_code == 403  # a hand-made post is refused
    submit(officer, officer.get(url), action=f"/partners/offers/{offer_id}/delete")
    with app.app_context():
        assert db.session.get(VenueOffer, offer_id) is None


def test_filters_by_kind_authority_name_and_bad_input(app: Flask, venues: Venues, people: factories.Cast) -> None:
    client = _as(app, people.resident)
    url = f"/partners/assets/{venues.chapter}/partners"
    page = client.get(url)
    assert "Some filters were not understood" not in page.get_data(as_text=True)  # none given: nothing to report
    people_only = submit(client, page, form=None, button="Filter", fill={"kind": "person"}).get_data(as_text=True)
    assert "Dai Drummer" in _section(people_only, "partner-people")
    assert 'id="partner-associations"' not in people_only
    newport = submit(client, page, button="Filter", fill={"authority": factories.NEWPORT}).get_data(as_text=True)
    assert "No associations match yet." in newport  # every match is in Cardiff
    assert "Dai Drummer" not in newport  # nobody is placed in an authority without a place the viewer sees
    named = submit(client, page, button="Filter", fill={"q": "youth"}).get_data(as_text=True)
    assert "Youth Music Club" in named
    assert "Canton Library" not in named
    bad = client.get(f"{url}?distance=far&kind=dragons")
    assert bad.status_code == 200
    html = bad.get_data(as_text=True)
    assert "Some filters were not understood, so they were left out." in html
    assert "Youth Music Club" in _section(html, "partner-associations")


def test_message_through_the_relay_only_to_people_who_accept_messages(
    app: Flask, venues: Venues, people: factories.Cast
) -> None:
    with app.app_context():
        mel = make_person("Mel Messages", MEMBERS, accepts_messages=True)
        music = db.session.get(Skill, venues.music_skill)
        assert music is not None
        give_skill(mel, music)
        mel_id = mel.person_id
        db.session.remove()
    html = _as(app, people.resident).get(f"/partners/assets/{venues.chapter}/partners").get_data(as_text=True)
    found = _section(html, "partner-people")
    assert f'href="/people/{mel_id}/contact"' in found
    assert found.count("/contact") == 1  # Dai Drummer does not accept messages
    anonymous = app.test_client().get(f"/partners/assets/{venues.chapter}/partners").get_data(as_text=True)
    assert "/contact" not in anonymous


def test_shortlist_add_remove_print_and_csv(app: Flask, venues: Venues, people: factories.Cast) -> None:
    client = _as(app, people.resident)
    url = f"/partners/assets/{venues.chapter}/partners?kind=association"
    added = submit(client, client.get(url), button="Add to the shortlist Youth Music Club")
    assert added.headers["Location"].endswith(f"/partners/assets/{venues.chapter}/partners?kind=association")
    submit(client, client.get(url.split("?")[0]), button="Add to the shortlist Dai Drummer")
    listed = client.get(f"/partners/assets/{venues.chapter}/shortlist")
    html = listed.get_data(as_text=True)
    assert "Youth Music Club" in _section(html, "shortlist")
    assert "Dai Drummer" in _section(html, "shortlist")
    assert "Canton Library" not in html
    assert "data-print" in html  # a print button (print.js); the print CSS hides the buttons
    csv = client.get(f"/partners/assets/{venues.chapter}/shortlist.csv")
    assert csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).splitlines()
    assert lines[0] == "Name,Kind,Score,Distance (km),Why it fits"
    assert lines[1].startswith('Youth Music Club,Association,10.3,1.0,"asked for Music: they work on Music (+3);')
    assert lines[2].startswith('Dai Drummer,Person,1.5,,"asked for Music: they offer this skill (+3);')
    removed = submit(client, listed, button="Remove from the shortlist Youth Music Club")
    assert removed.headers["Location"].endswith(f"/partners/assets/{venues.chapter}/shortlist")
    html = client.get(f"/partners/assets/{venues.chapter}/shortlist").get_data(as_text=True)
    assert "Youth Music Club" not in html
    for junk in ("skill:1", "asset:x", "<script>"):  # a hand-made post: never a 500, nothing added
        bad = client.post(f"/partners/assets/{venues.chapter}/shortlist", data={"key": junk, "action": "add"})
        assert bad.status_code == 302
        assert "That cannot be added to the shortlist." in client.get(bad.headers["Location"]).get_data(as_text=True)
    assert client.get(f"/partners/assets/{venues.chapter}/shortlist").get_data(as_text=True).count('name="key"') == 1


def test_a_shortlist_never_shows_someone_the_viewer_may_not_see(
    app: Flask, venues: Venues, people: factories.Cast
) -> None:
    officer = _as(app, people.officer_cardiff)
    page = officer.get(f"/partners/assets/{venues.chapter}/partners")
    submit(officer, page, button="Add to the shortlist Hidden Harpist")
    assert "Hidden Harpist" in officer.get(f"/partners/assets/{venues.chapter}/shortlist").get_data(as_text=True)
    resident = _as(app, people.resident)  # a hand-made post of the harpist's key
    with app.app_context():
        harpist = db.session.scalar(sa.select(Person).where(Person.display_name == "Hidden Harpist"))
        assert harpist is not None
        key = f"person:{harpist.person_id}"
    page = resident.get(f"/partners/assets/{venues.chapter}/partners")
    submit(resident, page, button="Add to the shortlist Dai Drummer", forge={"key": key})
    html = resident.get(f"/partners/assets/{venues.chapter}/shortlist").get_data(as_text=True)
    assert "Hidden Harpist" not in html
    assert "Hidden Harpist" not in resident.get(f"/partners/assets/{venues.chapter}/shortlist.csv").get_data(
        as_text=True
    )
