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
from abcd.people.models import ConsentRecord, EnteredBy, LawfulBasis, Person, PersonSkill, Skill
from tests import factories
from tests.conftest import login
from tests.factories import CARDIFF, CATHAYS, NEWPORT, Cast

ALLT_YR_YN = "W05001627"  # a Newport ward
ROLES = ["anonymous", "resident", "officer_cardiff", "officer_newport", "admin"]
# Where a person belongs: their ward, or (no ward) the officer who recorded them.
HOMES = {
    "cardiff": (CATHAYS, None),
    "newport": (ALLT_YR_YN, None),
    "recorded_in_cardiff": (None, "officer_cardiff"),
    "recorded_in_newport": (None, "officer_newport"),
    "nowhere": (None, None),
}
WARD_NAMES = {CATHAYS: "Cathays", ALLT_YR_YN: "Allt-yr-yn"}


@dataclass(frozen=True)
class Spec:
    name: Visibility
    ward: Visibility
    skill: Visibility
    membership: Visibility
    entered_by: EnteredBy
    confirmed: bool
    withdrawn: bool
    home: str = "cardiff"

    @property
    def ward_code(self) -> str | None:
        return HOMES[self.home][0]

    @property
    def authority(self) -> str | None:
        """Their ward's council; with no ward, the council of the officer who recorded them (someone who
        registered themselves without a ward has none)."""
        ward, recorder = HOMES[self.home]
        if ward is not None:
            return {CATHAYS: CARDIFF, ALLT_YR_YN: NEWPORT}[ward]
        if recorder is not None and self.entered_by is not EnteredBy.SELF:
            return CARDIFF if recorder == "officer_cardiff" else NEWPORT
        return None


SPECS = st.builds(
    Spec,
    name=st.sampled_from(Visibility),
    ward=st.sampled_from(Visibility),
    skill=st.sampled_from(Visibility),
    membership=st.sampled_from(Visibility),
    entered_by=st.sampled_from(EnteredBy),
    confirmed=st.booleans(),
    withdrawn=st.booleans(),
    home=st.sampled_from(list(HOMES)),
)


def in_audience(audience: Visibility, role: str, authority: str | None) -> bool:
    """Is someone in ``role`` among this audience of a person whose council is ``authority``?"""
    if audience is Visibility.PUBLIC:
        return True
    if audience is Visibility.MEMBERS:
        return role != "anonymous"
    if audience is Visibility.OFFICERS:
        return role == "admin" or (role, authority) in {("officer_cardiff", CARDIFF), ("officer_newport", NEWPORT)}
    return False


def expected_visible(spec: Spec, item: Visibility, role: str) -> bool:
    """The rules in plain words: nobody after withdrawal; otherwise the viewer must be in every audience
    that applies: the item's own, the name's, and officers (of the person's council) until an
    officer-entered person confirms."""
    if spec.withdrawn:
        return False
    audiences = [item, spec.name]
    if spec.entered_by is not EnteredBy.SELF and not spec.confirmed:
        audiences.append(Visibility.OFFICERS)
    return all(in_audience(audience, role, spec.authority) for audience in audiences)


def _reset() -> None:
    for model in (Link, PersonSkill, ConsentRecord, Person, Skill):
        db.session.execute(sa.delete(model))
    db.session.execute(sa.delete(factories.Asset).where(factories.Asset.name_en == "Property Choir"))
    db.session.commit()


def _build(specs: list[Spec], cast: Cast) -> tuple[list[int], int]:
    _reset()
    skill = factories.make_skill("Ukulele", synonyms=["uke"])
    group = factories.make_asset(name_en="Property Choir", kind=AssetKind.ASSOCIATION)
    ids = []
    for n, spec in enumerate(specs):
        person = factories.make_person(
            display_name=f"Zed{n} Hidden-or-not",
            visibility=spec.name,
            ward_visibility=spec.ward,
            ward_code=spec.ward_code,
            entered_by=spec.entered_by,
            confirmed_at=utcnow() if spec.confirmed else None,
            withdrawn_at=utcnow() if spec.withdrawn else None,
            skills=[skill],
            skill_visibility=spec.skill,
        )
        recorder = HOMES[spec.home][1]
        if recorder is not None:
            db.session.add(
                ConsentRecord(person_id=person.person_id, purpose="profile", lawful_basis=LawfulBasis.CONSENT,
                              wording="Recorded.", entered_by=spec.entered_by, recorded_by_id=cast.ids[recorder])
            )  # fmt: skip
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
@given(specs=st.lists(SPECS, min_size=1, max_size=4), role=st.sampled_from(ROLES))
def test_every_channel_shows_exactly_what_the_viewer_may_see(
    app: Flask, people: Cast, specs: list[Spec], role: str
) -> None:
    with app.app_context():
        ids, group_id = _build(specs, people)
    client = app.test_client()
    if role != "anonymous":
        login(client, getattr(people, role))
    skill_seen = {f"Zed{n}" for n, s in enumerate(specs) if expected_visible(s, s.skill, role)}
    named = {f"Zed{n}" for n, s in enumerate(specs) if expected_visible(s, Visibility.PUBLIC, role)}
    ward_seen = [s for s in specs if s.ward_code and expected_visible(s, s.ward, role)]
    members_seen = {f"Zed{n}" for n, s in enumerate(specs) if expected_visible(s, s.membership, role)}

    # Skills directory page, by a synonym, and its JSON twin.
    assert _names(client.get("/people/skills?q=uke").get_data(as_text=True)) == skill_seen
    payload = json.loads(client.get("/people/skills.json?q=ukulele").get_data(as_text=True))
    assert {r["name"].split()[0] for r in payload["results"]} == skill_seen
    assert payload["total"] == len(skill_seen)
    # Filtering by ward never finds someone whose ward is hidden.
    by_ward = json.loads(client.get(f"/people/skills.json?ward={CATHAYS}").get_data(as_text=True))
    expected_by_ward = {
        f"Zed{n}" for n, s in enumerate(specs)
        if s.ward_code == CATHAYS and expected_visible(s, s.skill, role) and expected_visible(s, s.ward, role)
    }  # fmt: skip
    assert {r["name"].split()[0] for r in by_ward["results"]} == expected_by_ward
    # Person pages: 404 for anyone hidden, and the ward shown only where allowed.
    for n, (person_id, spec) in enumerate(zip(ids, specs, strict=True)):
        response = client.get(f"/people/{person_id}")
        assert (response.status_code == 200) == (f"Zed{n}" in named)
        if response.status_code == 200:
            html = response.get_data(as_text=True)
            shown = spec.ward_code is not None and expected_visible(spec, spec.ward, role)
            assert ("Ward: " in html) == shown
            if shown:
                assert f"Ward: {WARD_NAMES[spec.ward_code or '']}" in html
            assert ("Ukulele" in html) == (f"Zed{n}" in skill_seen)
    # GeoJSON counts at ward level: hidden people are not counted.
    features = json.loads(client.get("/maps/people.geojson").get_data(as_text=True))["features"]
    counted = sum(f["properties"]["count"] for f in features)
    assert counted == len(ward_seen)
    # The group's members list.
    assert _names(client.get(f"/groups/{group_id}").get_data(as_text=True)) == members_seen
    # Officers' export.
    if role.startswith("officer") or role == "admin":
        rows = list(csv.DictReader(io.StringIO(client.get("/people/export.csv").get_data(as_text=True))))
        assert {r["name"].split()[0] for r in rows} == skill_seen
