"""The live graph: every committed change reaches a process's graph as a delta, and the graph it then
holds is exactly what a full build from the database would give, audiences included."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import sqlalchemy as sa
from flask import Flask

from abcd.assets.models import Asset, AssetKind, AssetStatus, SpecialCategory
from abcd.auth.models import Role, User
from abcd.extensions import db
from abcd.groups import services as groups
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility, utcnow
from abcd.network import live, services
from abcd.network.bundle import Depends, ReadWriteLock
from abcd.partners.models import OfferCategory, OfferDirection, VenueOffer
from abcd.people import privacy
from abcd.people.models import ConsentRecord, EnteredBy, LawfulBasis, Person, PersonSkill, Skill, SkillMode
from tests import factories
from tests.factories import CARDIFF
from tests.network.builders import give_skill, join, make_person, make_skill

NEWPORT = "W06000022"
VISIBILITIES = list(Visibility)


def _snapshot(graph: nx.Graph) -> tuple[dict[str, Any], dict[tuple[str, str], tuple[int, list[Any]]]]:
    """Nodes with their records, edges with their clearance and (order-free) links: what a viewer can see."""
    nodes = {key: data["rec"] for key, data in graph.nodes(data=True)}
    edges = {(min(u, v), max(u, v)): (data["c"], sorted(data["links"])) for u, v, data in graph.edges(data=True)}
    return nodes, edges


def _assert_same_as_a_full_build(app: Flask) -> None:
    with app.app_context():
        held = _snapshot(live.current_graph().graph)
        built = _snapshot(services.load_graph())
        db.session.remove()
    assert held[0] == built[0]
    assert held[1] == built[1]


class World:
    """Real rows, changed at random through the ORM and the app's own services, one commit at a time."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.officer_id = factories.make_user(role=Role.OFFICER, la_code=CARDIFF).user_id
        self.assets = [
            factories.make_asset(kind=kind, name_en=f"{kind.value} {n}", la_code=CARDIFF).asset_id
            for n, kind in enumerate([AssetKind.ASSOCIATION, AssetKind.ASSOCIATION, AssetKind.PLACE, AssetKind.CULTURE])
        ]
        self.skills = [make_skill(f"Skill {n}").skill_id for n in range(4)]
        self.people = [make_person(f"P{n}", rng.choice(VISIBILITIES)).person_id for n in range(6)]

    def person(self) -> Person:
        person = db.session.get(Person, self.rng.choice(self.people))
        assert person is not None
        return person

    def step(self) -> str:
        action = self.rng.choice([name for name in dir(self) if name.startswith("do_")])
        getattr(self, action)()
        db.session.commit()
        return action

    def do_new_person(self) -> None:
        recorded = self.rng.random() < 0.5
        person = make_person(
            f"New {len(self.people)}", self.rng.choice(VISIBILITIES), consent=not recorded,
            entered_by=EnteredBy.OFFICER if recorded else EnteredBy.SELF,
            ward_code=None if recorded else self.person().ward_code,
        )  # fmt: skip
        if recorded:  # no ward: their authority is that of the officer who recorded them
            db.session.add(
                ConsentRecord(
                    person_id=person.person_id, purpose="profile", lawful_basis=LawfulBasis.CONSENT,
                    wording="Recorded.", entered_by=EnteredBy.OFFICER, recorded_by_id=self.officer_id,
                )
            )  # fmt: skip
        self.people.append(person.person_id)

    def do_change_visibility(self) -> None:
        person = self.person()
        person.display_name_visibility = self.rng.choice(VISIBILITIES)
        person.ward_visibility = self.rng.choice(VISIBILITIES)

    def do_withdraw_consent(self) -> None:
        for record in db.session.scalars(
            sa.select(ConsentRecord).where(ConsentRecord.person_id == self.person().person_id)
        ):
            record.withdrawn_at = utcnow()

    def do_give_skill(self) -> None:
        person, skill_id, mode = self.person(), self.rng.choice(self.skills), self.rng.choice(list(SkillMode))
        held = sa.select(PersonSkill).filter_by(person_id=person.person_id, skill_id=skill_id, mode=mode)
        if db.session.scalars(held).first() is None:
            give_skill(person, db.session.get(Skill, skill_id), self.rng.choice(VISIBILITIES), mode)  # type: ignore[arg-type]

    def do_drop_skill(self) -> None:
        row = db.session.scalars(sa.select(PersonSkill).order_by(sa.func.random()).limit(1)).first()
        if row is not None:
            db.session.delete(row)

    def do_join(self) -> None:
        join(self.person(), self.rng.choice(self.assets), self.rng.choice(VISIBILITIES))

    def do_move_link(self) -> None:
        link = db.session.scalars(sa.select(Link).where(Link.source_person_id.is_not(None)).limit(1)).first()
        if link is not None:  # a link given new ends: its old ends lose it
            link.source_person_id = self.person().person_id
            link.target_asset_id = self.rng.choice(self.assets)

    def do_drop_link(self) -> None:
        link = db.session.scalars(sa.select(Link).order_by(sa.func.random()).limit(1)).first()
        if link is not None:
            db.session.delete(link)

    def do_link_assets(self) -> None:
        source, target = self.rng.sample(self.assets, 2)
        db.session.add(Link(link_type=LinkType.MEETS_AT, source_asset_id=source, target_asset_id=target,
                            visibility=Visibility.PUBLIC))  # fmt: skip

    def do_rename_or_unpublish_asset(self) -> None:
        asset = db.session.get(Asset, self.rng.choice(self.assets))
        assert asset is not None
        if self.rng.random() < 0.3:
            asset.status = AssetStatus.DRAFT if asset.status == AssetStatus.PUBLISHED else AssetStatus.PUBLISHED
        else:
            asset.name_en = f"{asset.name_en}!"

    def do_special_category(self) -> None:
        group = db.session.get(Asset, self.assets[0])
        assert group is not None
        previous = group.special_category
        group.special_category = self.rng.choice([None, SpecialCategory.RELIGION, SpecialCategory.HEALTH])
        db.session.flush()
        groups.hide_unconsented_memberships(group, self.officer_id, previous)

    def do_offer(self) -> None:
        db.session.add(VenueOffer(asset_id=self.rng.choice(self.assets), direction=OfferDirection.SEEKS,
                                  category=OfferCategory.SKILL, skill_id=self.rng.choice(self.skills)))  # fmt: skip

    def do_drop_offer(self) -> None:
        row = db.session.scalars(sa.select(VenueOffer).limit(1)).first()
        if row is not None:
            db.session.delete(row)

    def do_move_officer(self) -> None:
        officer = db.session.get(User, self.officer_id)
        assert officer is not None
        officer.la_code = NEWPORT if officer.la_code == CARDIFF else CARDIFF

    def do_erase_someone(self) -> None:
        if len(self.people) > 4:
            person_id = self.people.pop(self.rng.randrange(len(self.people)))
            person = db.session.get(Person, person_id)
            assert person is not None
            privacy.erase_person(person)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_change_is_applied_as_a_delta_equal_to_a_full_build(app: Flask, seed: int) -> None:
    with app.app_context():
        world = World(random.Random(seed))
        live.current_graph()  # this process holds a graph from now on
        db.session.remove()
    done = []
    for _ in range(40):
        with app.app_context():
            done.append(world.step())
            db.session.remove()
        _assert_same_as_a_full_build(app)
        assert "(no rebuild)" in live.events(app)[-1], (done, live.events(app)[-3:])
    assert len(set(done)) >= 10  # the sequence tried most kinds of change


def test_erasing_an_officer_changes_who_sees_the_people_they_recorded(app: Flask) -> None:
    with app.app_context():
        world = World(random.Random(9))
        world.do_new_person()
        while db.session.scalar(sa.select(sa.func.count()).select_from(Person).where(Person.ward_code.is_(None))) == 0:
            world.do_new_person()
        db.session.commit()
        live.current_graph()
        db.session.remove()
    with app.app_context():
        officer = db.session.get(User, world.officer_id)
        assert officer is not None
        privacy.erase(officer)
        db.session.commit()
    _assert_same_as_a_full_build(app)
    assert "(no rebuild)" in live.events(app)[-1]


def test_a_bulk_statement_falls_back_to_a_full_rebuild(app: Flask) -> None:
    with app.app_context():
        World(random.Random(4))
        live.current_graph()
        db.session.execute(sa.update(Person).values(display_name_visibility=Visibility.PRIVATE))
        db.session.commit()
        db.session.remove()
    _assert_same_as_a_full_build(app)
    assert "a change without named nodes" in live.events(app)[-1]


def test_a_change_drops_only_the_cached_answers_it_touches(app: Flask) -> None:
    with app.app_context():
        world = World(random.Random(5))
        near, far = world.assets[0], world.assets[2]
        bundle = live.current_graph()
        ego = Depends(nodes=frozenset({f"asset:{near}"}))
        bundle.answer("near", lambda: "near answer", lambda _: ego)
        bundle.answer("other area", lambda: "x", lambda _: Depends(area=(NEWPORT, None)))
        db.session.remove()
    with app.app_context():
        asset = db.session.get(Asset, far)
        assert asset is not None
        asset.name_en = "Renamed far away"
        db.session.commit()
        bundle = live.current_graph()
        assert "near" in bundle.responses  # nothing it showed changed
        assert "other area" in bundle.responses
        db.session.remove()
    with app.app_context():
        join(db.session.get(Person, world.people[0]), near)  # type: ignore[arg-type]
        bundle = live.current_graph()
        assert "near" not in bundle.responses
        assert "other area" in bundle.responses
        db.session.remove()


def test_a_fresh_process_loads_the_snapshot_then_follows_the_feed(
    app: Flask, make_app: Callable[..., Flask], tmp_path: Path
) -> None:
    writer = make_app(GRAPH_SNAPSHOTS=True, GRAPH_SNAPSHOT_DIR=str(tmp_path))
    with writer.app_context():
        world = World(random.Random(6))
        saved = live.save_snapshot()
        assert saved is not None
        assert saved.exists()
        world.do_join()
        db.session.commit()
        db.session.remove()
    fresh = make_app(GRAPH_SNAPSHOTS=True, GRAPH_SNAPSHOT_DIR=str(tmp_path))
    _assert_same_as_a_full_build(fresh)
    first, *rest = live.events(fresh)
    assert first.startswith(f"snapshot {saved.name}")
    assert rest
    assert "(no rebuild)" in rest[-1]


def test_a_reader_never_waits_for_itself_and_a_writer_waits_for_readers() -> None:
    lock = ReadWriteLock()
    order: list[str] = []
    lock.acquire_read()
    writer = threading.Thread(target=lambda: (lock.writing().__enter__(), order.append("write")))
    writer.start()
    writer.join(timeout=0.2)
    assert writer.is_alive()  # blocked by the reader
    order.append("read done")
    lock.release_read()
    writer.join(timeout=5)
    assert order == ["read done", "write"]
