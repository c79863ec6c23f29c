"""The lane's rules at their edges: places outside the facilitator's reach or unplaceable, groups, gifts
matched to the shared vocabulary, co-facilitators, and a participant bound to the session they joined."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from abcd.areas.models import Ward
from abcd.assets.models import Asset, AssetKind
from abcd.extensions import db
from abcd.people import privacy
from abcd.people.models import Person, PersonSkill, Skill, SkillStatus
from abcd.workshops.models import Contribution, ContributionStatus, Participant, Workshop
from tests import factories
from tests.conftest import login
from tests.factories import Cast
from tests.rendered_forms import submit
from tests.workshops.test_workshop_flow import _accept, _add, _join, _open_workshop, _waiting


def _status(app: Flask, contribution_id: int) -> ContributionStatus:
    with app.app_context():
        contribution = db.session.get(Contribution, contribution_id)
        assert contribution is not None
        return contribution.status


@pytest.mark.usefixtures("geodata")
def test_places_the_facilitator_cannot_write_stay_waiting_with_a_reason(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code)
    _add(phone, code, "place", "Send: Place or group", {"name": "Newport Market", "postcode": "NP20 1AA"})
    _add(phone, code, "place", "Send: Place or group", {"name": "Nowhere Hall", "postcode": "ZZ99 9ZZ"})
    _add(phone, code, "place", "Send: Place or group", {"name": "Hall with no postcode"})
    waiting = _waiting(app, workshop_id)
    assert "You can only add records in your own area." in _accept(officer, workshop_id, waiting["Newport Market"])
    assert "cannot be placed" in _accept(officer, workshop_id, waiting["Nowhere Hall"])
    page = _accept(officer, workshop_id, waiting["Hall with no postcode"])
    assert "Add the place&#39;s postcode before accepting it." in page
    assert {_status(app, i) for i in waiting.values()} == {ContributionStatus.WAITING}
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Asset)) == 0
    # The facilitator adds the missing postcode and accepts: the edit is what is written.
    _accept(officer, workshop_id, waiting["Hall with no postcode"], {"postcode": "CF24 0LZ", "name": "Tremorfa Hall"})
    with app.app_context():
        assert db.session.scalars(sa.select(Asset.name_en)).all() == ["Tremorfa Hall"]


@pytest.mark.usefixtures("geodata")
def test_a_group_is_accepted_as_an_association(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code)
    fill = {"name": "Splott Singers", "asset_kind": "association", "postcode": "CF24 0LZ"}
    _add(phone, code, "place", "Send: Place or group", fill)
    _accept(officer, workshop_id, _waiting(app, workshop_id)["Splott Singers"])
    with app.app_context():
        group = db.session.scalar(sa.select(Asset).where(Asset.name_en == "Splott Singers"))
        assert group is not None
        assert group.kind is AssetKind.ASSOCIATION


def test_a_gift_joins_the_shared_vocabulary_or_is_proposed_to_it(app: Flask, people: Cast) -> None:
    with app.app_context():
        known = factories.make_skill("Music", name_cy="Cerddoriaeth").skill_id
        db.session.commit()
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code, name="Ifan")
    _add(phone, code, "gift", "Send: Gift or skill", {"skill": "cerddoriaeth"})
    _add(phone, code, "gift", "Send: Gift or skill", {"skill": "Dry stone walling"})
    waiting = _waiting(app, workshop_id)
    _accept(officer, workshop_id, waiting["cerddoriaeth"])
    _accept(officer, workshop_id, waiting["Dry stone walling"])
    with app.app_context():
        held = {ps.skill_id for ps in db.session.scalars(sa.select(PersonSkill))}
        walling = db.session.scalar(sa.select(Skill).where(Skill.name_en == "Dry stone walling"))
        assert walling is not None
        assert walling.status is SkillStatus.PROPOSED
        assert held == {known, walling.skill_id}  # one person holds both: one per participant


def test_a_co_facilitator_from_another_authority_runs_the_session(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    login(officer, people.officer_cardiff)
    with app.app_context():
        newport_id = db.session.scalar(
            sa.select(factories.User.user_id).where(factories.User.email == people.officer_newport)
        )
    page = officer.get("/workshops/new")
    fill = {"title": "Shared", "held_on": "2027-05-01", "co_facilitator_ids": [str(newport_id)]}
    response = submit(officer, page, action="/workshops/new", button="Create the workshop", fill=fill)
    workshop_id = int(response.headers["Location"].rsplit("/", 1)[1])
    newport = app.test_client()
    login(newport, people.officer_newport)
    assert newport.get(f"/workshops/{workshop_id}").status_code == 200
    assert "Shared" in newport.get("/workshops/").get_data(as_text=True)
    resident = app.test_client()
    login(resident, people.resident)
    assert resident.get(f"/workshops/{workshop_id}").status_code == 403


def test_a_participant_is_bound_to_the_session_they_joined(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    first_id, first = _open_workshop(officer, people)
    _second_id, second = _open_workshop(officer, people)
    phone = _join(app, first)
    assert phone.get(f"/join/{second}/add").status_code == 302  # not joined there: to its join page
    # A hostile client posts to a session it never joined: nothing rendered such a form for it.
    response = phone.post(f"/join/{second}/add/story", data={"text": "Sneaking in"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/join/{second}")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Contribution)) == 0
        assert db.session.get(Workshop, first_id) is not None


@pytest.mark.usefixtures("geodata")
def test_a_place_already_in_the_directory_is_matched_not_added_again(app: Flask, people: Cast) -> None:
    with app.app_context():
        hall = factories.make_asset(name_en="Star Centre", postcode="CF24 0LZ")
        hall_id = hall.asset_id
        db.session.commit()
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code)
    _add(phone, code, "place", "Send: Place or group", {"name": "Star Centre", "postcode": "CF24 0LZ"})
    contribution_id = _waiting(app, workshop_id)["Star Centre"]
    console = officer.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert "It is: Star Centre" in console
    _accept(officer, workshop_id, contribution_id, {"same_as": str(hall_id)})
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Asset)) == 1
        contribution = db.session.get(Contribution, contribution_id)
        assert contribution is not None
        assert (contribution.status, contribution.asset_id) == (ContributionStatus.ACCEPTED, hall_id)


def test_a_paper_sheet_keyed_in_records_its_sheet_keyer_and_consent(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, _code = _open_workshop(officer, people)
    submit(officer, officer.get(f"/workshops/{workshop_id}"), action=f"/workshops/{workshop_id}/state",
           button="Set to: Closed")  # fmt: skip  # paper is often typed up after the session
    page = officer.get(f"/workshops/{workshop_id}/paper")
    fill = {"sheet_ref": "Sheet 7", "age": "13plus", "display_name": "Not Kept Name", "keep": "no"}
    response = submit(officer, page, button="Key in this sheet", fill=fill)
    assert response.status_code == 302
    sheet_page = officer.get(response.headers["Location"])
    assert "Keying in sheet Sheet 7." in sheet_page.get_data(as_text=True)
    action = response.headers["Location"] + "/gift"
    added = submit(officer, sheet_page, action=action, button="Send: Gift or skill", fill={"skill": "Knitting"})
    assert added.status_code == 302
    console = officer.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert "From paper sheet Sheet 7, keyed in by a facilitator." in console
    assert "Not Kept Name" not in console
    with app.app_context():
        contribution = db.session.scalar(sa.select(Contribution))
        assert contribution is not None
        assert contribution.keyed_by_id is not None
        assert contribution.may_keep is False
        assert contribution.status is ContributionStatus.WAITING


def test_a_childs_paper_sheet_is_not_kept(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, _code = _open_workshop(officer, people)
    page = officer.get(f"/workshops/{workshop_id}/paper")
    fill = {"sheet_ref": "Sheet 9", "age": "under13", "display_name": "Child", "keep": "yes"}
    response = submit(officer, page, button="Key in this sheet", fill=fill, follow_redirects=True)
    assert "A sheet written by someone under 13 cannot be kept." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 0


def test_the_printable_capture_sheet_carries_the_code_in_either_language(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    english = officer.get(f"/workshops/{workshop_id}/sheet").get_data(as_text=True)
    assert code in english
    assert "Hands: things I can do" in english
    assert "My dreams for this area" in english
    welsh = officer.get(f"/workshops/{workshop_id}/sheet?lang=cy").get_data(as_text=True)
    assert code in welsh
    assert '<html lang="cy">' in welsh
    assert "Doniau" in welsh or "dwylo" in welsh.lower()  # the catalogue's Welsh for head, heart and hands


@pytest.mark.usefixtures("geodata")
def test_a_forged_venue_or_ward_from_elsewhere_is_not_taken(app: Flask, people: Cast) -> None:
    with app.app_context():
        hidden = factories.make_asset(name_en="Unpublished Hall", status=factories.AssetStatus.PENDING).asset_id
        newport_ward = db.session.scalar(sa.select(Ward.code).where(Ward.la_code == factories.NEWPORT))
        db.session.commit()
    officer = app.test_client()
    login(officer, people.officer_cardiff)
    page = officer.get("/workshops/new")
    forge = {"place_asset_id": str(hidden), "ward_codes": [str(newport_ward)]}
    response = submit(officer, page, action="/workshops/new", button="Create the workshop",
                      fill={"title": "Forged", "held_on": "2027-05-01"}, forge=forge)  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        workshop = db.session.scalar(sa.select(Workshop).where(Workshop.title == "Forged"))
        assert workshop is not None
        assert (workshop.place_asset_id, workshop.place_text, workshop.wards) == (None, None, [])


def test_erasing_the_person_a_participants_gifts_became_forgets_their_name_and_gifts(app: Flask, people: Cast) -> None:
    officer = app.test_client()
    workshop_id, code = _open_workshop(officer, people)
    phone = _join(app, code, name="Nerys Erased")
    _add(phone, code, "gift", "Send: Gift or skill", {"skill": "Bread baking"})
    _add(phone, code, "place", "Send: Place or group", {"name": "Nerys's Bakehouse", "asset_kind": "place",
                                                       "postcode": "CF24 0LZ"})  # fmt: skip
    waiting = _waiting(app, workshop_id)
    _accept(officer, workshop_id, waiting["Bread baking"])
    with app.app_context():
        person = db.session.scalar(sa.select(Person).where(Person.display_name == "Nerys Erased"))
        assert person is not None
        privacy.erase_person(person)
        db.session.commit()
        assert (
            db.session.scalar(sa.select(Participant.display_name).where(Participant.workshop_id == workshop_id)) is None
        )
        kept = {
            c.kind.value
            for c in db.session.scalars(sa.select(Contribution).where(Contribution.workshop_id == workshop_id))
        }
        assert kept == {"place"}  # the gift, in their own words, is gone; the place is community information
        db.session.remove()
    console = officer.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert "Nerys Erased" not in console
