"""The graph from the real database: clearances from the visibility helper, the shared version, the cache."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from abcd.assets.models import AssetKind
from abcd.extensions import db
from abcd.links.models import Link
from abcd.network import live, refresh, services
from abcd.network.graph import Sight
from abcd.network.models import GraphMetric
from abcd.people.models import EnteredBy
from tests import factories
from tests.network.builders import (
    MEMBERS,
    OFFICERS,
    PRIVATE,
    PUBLIC,
    give_skill,
    join,
    make_person,
    make_skill,
    withdraw,
)


def test_clearances_come_from_the_visibility_helper(app_ctx: Flask) -> None:
    choir = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Choir")
    public = make_person("Public Pat", PUBLIC)
    members = make_person("Member Mo", MEMBERS)
    unconfirmed = make_person("Workshop Wyn", PUBLIC, entered_by=EnteredBy.WORKSHOP)
    gone = make_person("Withdrawn Wil", PUBLIC)
    withdraw(gone)
    join(public, choir.asset_id, OFFICERS)
    give_skill(members, make_skill("Singing"), PRIVATE)
    graph = services.load_graph()
    clearance = {key: data["rec"].clearance for key, data in graph.nodes(data=True)}
    assert clearance[f"person:{public.person_id}"] == 0
    assert clearance[f"person:{members.person_id}"] == 1
    assert clearance[f"person:{unconfirmed.person_id}"] == 2  # officers only until they confirm
    assert clearance[f"person:{gone.person_id}"] == 3
    assert graph.edges[f"person:{public.person_id}", f"asset:{choir.asset_id}"]["c"] == 2
    skill_edge = next(iter(graph.adj[f"person:{members.person_id}"].values()))
    assert skill_edge["c"] == 3


def test_unpublished_assets_are_not_in_the_graph(app_ctx: Flask) -> None:
    from abcd.assets.models import AssetStatus

    draft = factories.make_asset(status=AssetStatus.DRAFT)
    assert f"asset:{draft.asset_id}" not in services.load_graph()


def test_every_write_to_the_graphs_sources_bumps_the_shared_version(app_ctx: Flask) -> None:
    before = services.graph_state().version
    person = make_person("Ann")
    after_person = services.graph_state().version
    assert after_person > before
    factories.make_user()  # accounts are not part of the graph
    assert services.graph_state().version == after_person
    choir = factories.make_asset(kind=AssetKind.ASSOCIATION)
    join(person, choir.asset_id)
    version = services.graph_state().version
    db.session.execute(sa.delete(Link).where(Link.source_person_id == person.person_id))  # a bulk statement
    db.session.commit()
    assert services.graph_state().version > version


def test_a_rolled_back_write_leaves_the_version_alone(app_ctx: Flask) -> None:
    make_person("Ann")
    token = services.graph_state().token
    db.session.add(factories.Asset(kind=AssetKind.PLACE, name_en="Hall", la_code=factories.CARDIFF))
    db.session.flush()
    db.session.rollback()
    assert services.graph_state().token == token


def test_a_write_in_another_process_reaches_this_processs_graph_as_a_delta(app: Flask, make_app: object) -> None:
    other = make_app()  # type: ignore[operator]  # a second app: its own cache, as a second process has
    with app.app_context():
        choir = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Choir")
        first = live.current_graph()
        choir_id = choir.asset_id
        db.session.remove()
    with app.app_context():
        assert live.current_graph() is first  # kept while nothing changes
        seq = first.seq
    with other.app_context():
        join(make_person("Bea"), choir_id)
        db.session.remove()
    with app.app_context():
        second = live.current_graph()
        assert second is first  # brought forward, not rebuilt
        assert second.seq > seq
        assert second.graph.degree(f"asset:{choir_id}") == 1
        assert "(no rebuild)" in live.events(app)[-1]
        db.session.remove()


def test_refresh_stores_metrics_per_audience_without_what_it_may_not_see(app_ctx: Flask) -> None:
    north = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="North")
    south = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="South")
    for n in range(3):
        join(make_person(f"N{n}"), north.asset_id)
        join(make_person(f"S{n}"), south.asset_id)
    bridge = make_person("Officers-only bridge", OFFICERS)
    join(bridge, north.asset_id, OFFICERS)
    join(bridge, south.asset_id, OFFICERS)
    assert not refresh.metrics_are_current()
    report = refresh.refresh_metrics()
    db.session.commit()
    assert report.engine == "igraph"
    assert refresh.metrics_are_current()
    key = f"person:{bridge.person_id}"
    stored = set(db.session.scalars(sa.select(GraphMetric.audience).where(GraphMetric.node_key == key)))
    assert stored == {2}
    officers = services.metrics_for(2, services.load_graph())
    people = [k for k in officers if k.startswith("person:")]
    assert max(people, key=lambda k: officers[k].connector_score) == key
    assert officers[key].bridges == 1
    assert key not in services.metrics_for(services.audience_of(Sight(1)), services.load_graph())
    join(make_person("Late"), north.asset_id)
    assert services.metrics_info().changes_since > 0


def test_sight_of_a_signed_in_resident_includes_their_own_person(app_ctx: Flask) -> None:
    user = factories.make_user()
    person = make_person("Me", PRIVATE, user_id=user.user_id)
    sight = services.sight_for(user)
    assert sight == Sight(1, f"person:{person.person_id}")
