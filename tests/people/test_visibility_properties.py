"""Property tests: for generated people, settings and viewers, every channel shows exactly what the
viewer may see, as decided by a reference model written independently of the helper."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abcd.assets.models import AssetKind
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility, utcnow
from abcd.people.models import EnteredBy, Person, PersonSkill, Skill
from tests import factories
from tests.conftest import login
from tests.factories import CATHAYS, Cast

CLEARANCE = {"anonymous": 0, "resident": 1, "officer_cardiff": 2, "admin": 2}
RANK = {Visibility.PUBLIC: 0, Visibility.MEMBERS: 1, Visibility.OFFICERS: 2, Visibility.PRIVATE: 3}


@dataclass(frozen=True)
class Spec:
    name: Visibility
    ward: Visibility
    skill: Visibility
    membership: Visibility
    entered_by: EnteredBy
    confirmed: bool
    withdrawn: bool


SPECS = st.builds(
    Spec,
    name=st.sampled_from(Visibility),
    ward=st.sampled_from(Visibility),
    skill=st.sampled_from(Visibility),
    membership=st.sampled_from(Visibility),
    entered_by=st.sampled_from(EnteredBy),
    confirmed=st.booleans(),
    withdrawn=st.booleans(),
)


def expected_visible(spec: Spec, item: Visibility, clearance: int) -> bool:
    """The rules in plain words: the item's own audience, the name's audience, officers only until an
    officer-entered person confirms, nobody after withdrawal."""
    if spec.withdrawn:
        return False
    if spec.entered_by is not EnteredBy.SELF and not spec.confirmed and clearance < 2:
        return False
    return RANK[item] <= clearance and RANK[spec.name] <= clearance


def _reset() -> None:
    for model in (Link, PersonSkill, Person, Skill):
        db.session.execute(sa.delete(model))
    db.session.execute(sa.delete(factories.Asset).where(factories.Asset.name_en == "Property Choir"))
    db.session.commit()


def _build(specs: list[Spec]) -> tuple[list[int], int]:
    _reset()
    skill = factories.make_skill("Ukulele", synonyms=["uke"])
    group = factories.make_asset(name_en="Property Choir", kind=AssetKind.ASSOCIATION)
    ids = []
    for n, spec in enumerate(specs):
        person = factories.make_person(
            display_name=f"Zed{n} Hidden-or-not",
            visibility=spec.name,
            ward_visibility=spec.ward,
            ward_code=CATHAYS,
            entered_by=spec.entered_by,
            confirmed_at=utcnow() if spec.confirmed else None,
            withdrawn_at=utcnow() if spec.withdrawn else None,
            skills=[skill],
            skill_visibility=spec.skill,
        )
        db.session.add(
            Link(link_type=LinkType.MEMBER_OF, source_person_id=person.person_id,
                 target_asset_id=group.asset_id, visibility=spec.membership)
        )  # fmt: skip
        ids.append(person.person_id)
    db.session.commit()
    return ids, group.asset_id


def _names(text: str) -> set[str]:
    return {word for word in text.replace("<", " ").replace(">", " ").split() if word.startswith("Zed")}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(SPECS, min_size=1, max_size=4), role=st.sampled_from(list(CLEARANCE)))
def test_every_channel_shows_exactly_what_the_viewer_may_see(
    app: Flask, people: Cast, specs: list[Spec], role: str
) -> None:
    with app.app_context():
        ids, group_id = _build(specs)
    client = app.test_client()
    if role != "anonymous":
        login(client, getattr(people, role))
    clearance = CLEARANCE[role]
    skill_seen = {f"Zed{n}" for n, s in enumerate(specs) if expected_visible(s, s.skill, clearance)}
    named = {f"Zed{n}" for n, s in enumerate(specs) if expected_visible(s, Visibility.PUBLIC, clearance)}
    ward_seen = [s for s in specs if expected_visible(s, s.ward, clearance)]
    members_seen = {f"Zed{n}" for n, s in enumerate(specs) if expected_visible(s, s.membership, clearance)}

    # Skills directory page, by a synonym, and its JSON twin.
    assert _names(client.get("/people/skills?q=uke").get_data(as_text=True)) == skill_seen
    payload = json.loads(client.get("/people/skills.json?q=ukulele").get_data(as_text=True))
    assert {r["name"].split()[0] for r in payload["results"]} == skill_seen
    assert payload["total"] == len(skill_seen)
    # Filtering by ward never finds someone whose ward is hidden.
    by_ward = json.loads(client.get(f"/people/skills.json?ward={CATHAYS}").get_data(as_text=True))
    expected_by_ward = {
        f"Zed{n}" for n, s in enumerate(specs)
        if expected_visible(s, s.skill, clearance) and expected_visible(s, s.ward, clearance)
    }  # fmt: skip
    assert {r["name"].split()[0] for r in by_ward["results"]} == expected_by_ward
    # Person pages: 404 for anyone hidden, and the ward shown only where allowed.
    for n, (person_id, spec) in enumerate(zip(ids, specs, strict=True)):
        response = client.get(f"/people/{person_id}")
        assert (response.status_code == 200) == (f"Zed{n}" in named)
        if response.status_code == 200:
            html = response.get_data(as_text=True)
            assert ("Ward: Cathays" in html) == expected_visible(spec, spec.ward, clearance)
            assert ("Ukulele" in html) == (f"Zed{n}" in skill_seen)
    # GeoJSON counts at ward level: hidden people are not counted.
    features = json.loads(client.get("/maps/people.geojson").get_data(as_text=True))["features"]
    counted = sum(f["properties"]["count"] for f in features)
    assert counted == len(ward_seen)
    # The group's members list.
    assert _names(client.get(f"/groups/{group_id}").get_data(as_text=True)) == members_seen
    # Officers' export.
    if clearance >= 2:
        rows = list(csv.DictReader(io.StringIO(client.get("/people/export.csv").get_data(as_text=True))))
        assert {r["name"].split()[0] for r in rows} == skill_seen
