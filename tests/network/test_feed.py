"""The change feed over the real database: one entry group per committed transaction, per-domain versions,
the public map's ETag untouched by private activity, and a change in one process seen by another at once."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import AssetKind, AssetStatus
from abcd.extensions import db
from abcd.network import live, services
from abcd.network.models import OFFERS, PEOPLE, PUBLIC, DomainVersion, FeedEntry
from abcd.partners.models import OfferCategory, OfferDirection
from abcd.people.models import EnteredBy, Person
from tests import factories
from tests.conftest import login
from tests.network.builders import MEMBERS, join, link_assets, make_person, offer
from tests.rendered_forms import submit


def _versions() -> dict[str, int]:
    return {row.domain: row.version for row in db.session.scalars(sa.select(DomainVersion))}


def _feed() -> list[FeedEntry]:
    return list(db.session.scalars(sa.select(FeedEntry).order_by(FeedEntry.seq)))


@contextmanager
def _head_updates() -> Iterator[list[str]]:
    """Every statement that takes the feed's lock (updates the head row) while the block runs."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE GRAPH_STATE"):
            seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def _etag(client: FlaskClient) -> str:
    return client.get("/maps/assets.geojson").headers["ETag"]


def test_a_residents_private_skill_leaves_the_public_map_etag_unchanged(
    client: FlaskClient, app: Flask, people: factories.Cast
) -> None:
    with app.app_context():
        skill_id = factories.make_skill("Gardening", "Garddio").skill_id
        draft_id = factories.make_asset(name_en="New Orchard", status=AssetStatus.DRAFT).asset_id
    login(client, people.resident)
    profile = {"display_name": "Gwen", "display_name_visibility": "members", "consent": True}
    submit(client, client.get("/people/me"), action="/people/me", fill=profile)
    etag = _etag(client)
    added = submit(
        client, client.get("/people/me/skills"), button="Add", fill={"skill_id": skill_id, "visibility": "private"}
    )
    assert added.status_code == 302
    with app.app_context():
        assert [entry.entity for entry in _feed() if entry.entity == "person_skill"] == ["person_skill"]
        assert {entry.domain for entry in _feed()[-1:]} == {PEOPLE}
    unchanged = client.get("/maps/assets.geojson", headers={"If-None-Match": etag})
    assert unchanged.status_code == 304

    with app.app_context():
        draft = db.session.get(factories.Asset, draft_id)
        assert draft is not None
        draft.status = AssetStatus.PUBLISHED
        db.session.commit()
    published = client.get("/maps/assets.geojson", headers={"If-None-Match": etag})
    assert published.status_code == 200
    assert published.headers["ETag"] != etag
    assert "New Orchard" in published.get_data(as_text=True)


def test_a_5000_row_import_writes_one_feed_group_and_takes_the_lock_once(app_ctx: Flask) -> None:
    before = services.graph_state().version
    with _head_updates() as locks:
        for n in range(5_000):
            db.session.add(Person(display_name=f"Imported {n}", entered_by=EnteredBy.OFFICER))
            if n % 500 == 499:
                db.session.flush()  # ten flushes, one transaction
        db.session.commit()
    assert len(locks) == 1
    assert services.graph_state().version == before + 1
    assert _versions()[PEOPLE] == 1
    assert PUBLIC not in _versions()
    entries = _feed()
    assert len(entries) == 5_000
    assert [entry.seq for entry in entries] == list(range(1, 5_001))  # gap-free
    assert {(entry.domain, entry.entity, entry.op) for entry in entries} == {(PEOPLE, "person", "insert")}
    assert len({entry.entity_id for entry in entries}) == 5_000

    with _head_updates() as locks:
        db.session.execute(sa.update(Person).values(languages="Cymraeg"))  # a bulk statement skips the flush
        db.session.execute(sa.update(Person).values(languages="English"))
        db.session.commit()
    assert len(locks) == 1
    bulk = _feed()[5_000:]
    assert [(entry.seq, entry.domain, entry.entity, entry.entity_id, entry.op) for entry in bulk] == [
        (5_001, PEOPLE, "person", None, "bulk")
    ]
    assert _versions()[PEOPLE] == 2


def test_a_rolled_back_transaction_leaves_no_feed_rows(app_ctx: Flask) -> None:
    person = make_person("Ann")
    versions, entries = _versions(), len(_feed())
    db.session.add(factories.Asset(kind=AssetKind.PLACE, name_en="Hall", la_code=factories.CARDIFF))
    person.display_name = "Ann Changed"
    db.session.flush()
    db.session.rollback()
    assert len(_feed()) == entries
    assert _versions() == versions
    factories.make_user()  # a later transaction outside the graph's sources writes nothing either
    assert len(_feed()) == entries


def test_links_between_assets_are_public_and_links_to_people_are_not(app_ctx: Flask) -> None:
    choir = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Choir")
    public = _versions()[PUBLIC]
    join(make_person("Ann"), choir.asset_id)
    assert _versions()[PUBLIC] == public
    link_assets(choir.asset_id, factories.make_asset(name_en="Hall").asset_id)
    assert _versions()[PUBLIC] > public
    offer(choir.asset_id, OfferDirection.OFFERS, next(iter(OfferCategory)))
    assert OFFERS in _versions()


def _graph_labels(client: FlaskClient, focus: str) -> set[str]:
    response = client.get("/network/graph.json", query_string={"focus": focus, "radius": 1})
    assert response.status_code == 200
    return {node["label"] for node in json.loads(response.get_data(as_text=True))["nodes"]}


def test_consent_withdrawn_in_one_process_vanishes_from_the_others_next_graph(
    app: Flask, make_app: Callable[..., Flask], people: factories.Cast
) -> None:
    other = make_app()  # a second app on the same database: its own graph cache, as another process has
    with app.app_context():
        choir = factories.make_asset(kind=AssetKind.ASSOCIATION, name_en="Choir")
        focus = f"asset:{choir.asset_id}"
        join(make_person("Gwen", MEMBERS, user_id=people.ids["resident"]), choir.asset_id)
        viewer = factories.make_user(email="neighbour@example.org")
        viewer_email = viewer.email
        db.session.remove()
    reader = app.test_client()
    login(reader, viewer_email)
    assert "Gwen" in _graph_labels(reader, focus)  # this process has built and cached its graph

    writer = other.test_client()
    login(writer, people.resident)
    withdrawn = submit(writer, writer.get("/people/me"), action="/people/me/withdraw")
    assert withdrawn.status_code == 302

    assert "Gwen" not in _graph_labels(reader, focus)  # the next answer, no restart
    assert "(no rebuild)" in live.events(app)[-1]  # the change was applied to the graph this process holds
