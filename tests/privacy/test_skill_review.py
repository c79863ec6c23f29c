"""Reviewing skills acts on proposals only, and every resident's holding it removes is audited."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.audit.models import AuditEntry
from abcd.extensions import db
from abcd.models_base import Visibility
from abcd.people.models import PersonSkill, Skill, SkillStatus
from tests import factories
from tests.conftest import login
from tests.factories import Cast


def _officer(app: Flask, people: Cast) -> FlaskClient:
    client = app.test_client()
    login(client, people.officer_newport)
    return client


@pytest.mark.parametrize("decision", ["reject", "merge", "accept"])
def test_an_accepted_skill_cannot_be_reviewed_away(app: Flask, people: Cast, decision: str) -> None:
    with app.app_context():
        music, baking = factories.make_skill("Music"), factories.make_skill("Baking")
        factories.make_person(visibility=Visibility.PUBLIC, skills=[music])
        ids = music.skill_id, baking.skill_id
    response = _officer(app, people).post(
        f"/people/skills/{ids[0]}/review", data={"decision": decision, "merge_into": ids[1]}
    )
    assert response.status_code == 302
    with app.app_context():
        kept = db.session.get(Skill, ids[0])
        assert kept is not None
        assert kept.status is SkillStatus.ACCEPTED
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PersonSkill)) == 1


def test_rejecting_a_proposal_audits_each_holding_it_removes(app: Flask, people: Cast) -> None:
    with app.app_context():
        proposed = factories.make_skill("Ukulele", status=SkillStatus.PROPOSED)
        holder = factories.make_person(visibility=Visibility.PUBLIC, skills=[proposed])
        holding_id = db.session.scalars(sa.select(PersonSkill.person_skill_id)).one()
        skill_id, _holder = proposed.skill_id, holder.person_id
    _officer(app, people).post(f"/people/skills/{skill_id}/review", data={"decision": "reject"})
    with app.app_context():
        assert db.session.get(Skill, skill_id) is None
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity_type == "person_skill", AuditEntry.action == "delete")
        ).one()
        assert entry.entity_id == holding_id
        assert entry.actor_id == people.ids["officer_newport"]
