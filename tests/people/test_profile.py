"""A resident's own profile: consent, gifts and skills, who sees what, the vocabulary."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from abcd.extensions import db
from abcd.models_base import Visibility
from abcd.people.models import ConsentRecord, EnteredBy, Person, PersonSkill, Skill, SkillStatus
from tests import factories
from tests.conftest import login
from tests.factories import CATHAYS, Cast
from tests.rendered_forms import FillValue, submit

# What a resident types into the profile form at /people/me.
PROFILE: dict[str, FillValue] = {
    "display_name": "Gwen",
    "display_name_visibility": "members",
    "ward_code": CATHAYS,
    "ward_visibility": "private",
    "languages": "Cymraeg, English",
}


def save_profile(client: FlaskClient, **fill: FillValue) -> TestResponse:
    """Fill in /people/me as rendered (creating or saving the profile), starting from PROFILE."""
    return submit(client, client.get("/people/me"), action="/people/me", fill={**PROFILE, **fill})


def press(client: FlaskClient, url: str, button: str, **fill: FillValue) -> TestResponse:
    """Open a page, fill in the form holding `button` and press it."""
    return submit(client, client.get(url), button=button, fill=fill)


def _person(app: Flask, user_id: int) -> Person | None:
    with app.app_context():
        return db.session.scalar(sa.select(Person).where(Person.user_id == user_id))


def test_profile_form_defaults_to_the_most_private_choice(client: FlaskClient, people: Cast) -> None:
    login(client, people.resident)
    html = client.get("/people/me").get_data(as_text=True)
    first_option = html.split('id="display_name_visibility"')[1].split("<option")[1]
    assert 'value="private"' in first_option
    assert (
        "selected" in first_option
        or "selected" not in html.split('id="display_name_visibility"')[1].split("</select>")[0]
    )


def test_profile_needs_consent_which_is_recorded_with_its_wording(
    client: FlaskClient, app: Flask, people: Cast
) -> None:
    login(client, people.resident)
    refused = save_profile(client).get_data(as_text=True)
    assert "Tick the box to agree" in refused
    assert _person(app, people.ids["resident"]) is None
    save_profile(client, consent=True)
    person = _person(app, people.ids["resident"])
    assert person is not None
    with app.app_context():
        record = db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.person_id == person.person_id)).one()
        assert record.entered_by is EnteredBy.SELF
        assert record.lawful_basis.value == "consent"
        assert "show each part of it only to the people I choose" in record.wording
        assert record.recorded_by_id == people.ids["resident"]
        assert record.reconfirm_by is not None


def test_resident_adds_hides_and_removes_a_skill(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        skill = factories.make_skill("Gardening", "Garddio")
        skill_id = skill.skill_id
    login(client, people.resident)
    save_profile(client, display_name_visibility="public", consent=True)
    press(client, "/people/me/skills", "Add", skill_id=skill_id, mode="offered", visibility="public", can_teach=True)
    public_view = app.test_client().get("/people/skills?q=garden").get_data(as_text=True)
    assert "Gwen" in public_view
    with app.app_context():
        holding = db.session.scalars(sa.select(PersonSkill)).one()
        holding_id = holding.person_skill_id
        assert holding.can_teach
    page = client.get("/people/me/skills")
    submit(client, page, action=f"/people/me/skills/{holding_id}/visibility", fill={"visibility": "private"})
    assert "Gwen" not in app.test_client().get("/people/skills?q=garden").get_data(as_text=True)
    assert "Garddio" in client.get("/people/me/skills?lang=cy").get_data(as_text=True)
    submit(client, client.get("/people/me/skills"), action=f"/people/me/skills/{holding_id}/delete")  # in Welsh now
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PersonSkill)) == 0


def test_synonyms_find_skills_in_both_languages(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        music, welsh = (
            factories.make_skill("Music", "Cerddoriaeth", synonyms=["guitar"]),
            factories.make_skill("Welsh language", "Cymraeg"),
        )
        factories.make_person(display_name="Guitarist", visibility=Visibility.PUBLIC, skills=[music])
        factories.make_person(display_name="Siaradwr", visibility=Visibility.PUBLIC, skills=[welsh])
        db.session.remove()
    guitar = client.get("/people/skills?q=guitar").get_data(as_text=True)
    assert "Guitarist" in guitar
    assert "Siaradwr" not in guitar
    cymraeg = client.get("/people/skills?q=cymraeg").get_data(as_text=True)
    assert "Siaradwr" in cymraeg
    assert "Guitarist" not in cymraeg


def test_proposed_skill_is_accepted_or_merged_by_an_officer(client: FlaskClient, app: Flask, people: Cast) -> None:
    with app.app_context():
        music = factories.make_skill("Music")
        music_id = music.skill_id
    login(client, people.resident)
    save_profile(client, consent=True)
    press(client, "/people/me/skills", "Suggest this skill", name_en="Ukulele", gift_type="hands")
    press(client, "/people/me/skills", "Suggest this skill", name_en="Harp", name_cy="Telyn", gift_type="hands")
    officer = app.test_client()
    login(officer, people.officer_cardiff)
    queue = officer.get("/people/skills/review").get_data(as_text=True)
    assert "Ukulele" in queue
    assert "Telyn" in queue
    with app.app_context():
        ids = dict(db.session.execute(sa.select(Skill.name_en, Skill.skill_id)).tuples().all())
    decisions: dict[int, dict[str, FillValue]] = {
        ids["Ukulele"]: {"decision": "merge", "merge_into": music_id},
        ids["Harp"]: {"decision": "accept"},
    }
    for skill_id, decision in decisions.items():
        submit(officer, officer.get("/people/skills/review"), action=f"/people/skills/{skill_id}/review", fill=decision)
    with app.app_context():
        harp = db.session.get(Skill, ids["Harp"])
        assert harp is not None
        assert harp.status is SkillStatus.ACCEPTED
        assert db.session.get(Skill, ids["Ukulele"]) is None
        from abcd.people.skills import find_skills

        assert [s.name_en for s in find_skills("ukulele")] == ["Music"]  # the merged name is now a synonym


def test_withdrawing_consent_hides_the_person_until_given_again(client: FlaskClient, app: Flask, people: Cast) -> None:
    login(client, people.resident)
    save_profile(client, display_name_visibility="public", consent=True)
    person = _person(app, people.ids["resident"])
    assert person is not None
    anyone = app.test_client()
    assert anyone.get(f"/people/{person.person_id}").status_code == 200
    press(client, "/people/me", "Withdraw my consent")
    assert anyone.get(f"/people/{person.person_id}").status_code == 404
    assert client.get(f"/people/{person.person_id}").status_code == 200  # the person still sees themselves
    press(client, "/people/me", "Give my consent again")
    assert anyone.get(f"/people/{person.person_id}").status_code == 200


def test_officer_recorded_person_is_officers_only_until_confirmed(
    client: FlaskClient, app: Flask, people: Cast
) -> None:
    login(client, people.officer_cardiff)
    fill = {**PROFILE, "display_name": "Recorded Rhian", "display_name_visibility": "public"}
    html = press(client, "/people/record", "Record", **fill).get_data(as_text=True)
    assert "/people/confirm/" in html
    link = html.split("/people/confirm/")[1].split("<")[0]
    with app.app_context():
        person = db.session.scalar(sa.select(Person).where(Person.display_name == "Recorded Rhian"))
        assert person is not None
        person_id = person.person_id
        basis = db.session.scalars(
            sa.select(ConsentRecord.lawful_basis).where(ConsentRecord.person_id == person_id)
        ).one()
        assert basis.value == "public_task"
    resident = app.test_client()
    login(resident, people.resident)
    assert resident.get(f"/people/{person_id}").status_code == 404
    assert client.get(f"/people/{person_id}").status_code == 200
    anyone = app.test_client()
    # They choose each audience themselves ("only me" is preselected) and say they are 13 or older.
    press(anyone, f"/people/confirm/{link}", "Confirm with these choices", consent=True, over_13=True, name="public")
    assert resident.get(f"/people/{person_id}").status_code == 200
    assert anyone.get(f"/people/confirm/{link}").status_code == 404  # the link works once


def test_listings_past_their_reconfirmation_date_are_hidden(client: FlaskClient, app: Flask, people: Cast) -> None:
    from datetime import timedelta

    from abcd.models_base import utcnow

    login(client, people.resident)
    save_profile(client, display_name_visibility="public", consent=True)
    person = _person(app, people.ids["resident"])
    assert person is not None
    runner = app.test_cli_runner()
    assert "Hidden 0 listing(s)" in runner.invoke(args=["abcd", "people", "lapse"]).output
    with app.app_context():
        record = db.session.scalars(sa.select(ConsentRecord)).one()
        record.reconfirm_by = utcnow() - timedelta(days=1)
        db.session.commit()
    assert "Hidden 1 listing(s)" in runner.invoke(args=["abcd", "people", "lapse"]).output
    assert app.test_client().get(f"/people/{person.person_id}").status_code == 404
    press(client, "/people/me", "Give my consent again")  # re-confirming brings the listing back
    assert app.test_client().get(f"/people/{person.person_id}").status_code == 200
