"""One text search: word prefixes, case and accents aside, synonyms, both languages, best match first,
and an index kept in step with every write; run on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import Asset
from abcd.extensions import db
from abcd.people.models import GiftType
from tests import factories


def listed(client: FlaskClient, query: str) -> list[str]:
    """The directory's result names, in order."""
    html = client.get(f"/assets/?{query}").get_data(as_text=True)
    return re.findall(r'<h2><a href="/assets/\d+[^"]*">\s*<span[^>]*>([^<]+)</span>', html)


@pytest.mark.usefixtures("searchable")
@pytest.mark.parametrize("typed", ["cor", "Cor", "côr", "CÔR", "Côr Meibion", "meib"])
def test_word_prefix_finds_the_choir_but_not_co_op_or_cowbridge(client: FlaskClient, typed: str) -> None:
    assert listed(client, f"q={typed}") == ["Cathays Male Voice Choir"]


@pytest.mark.usefixtures("searchable")
def test_guitar_finds_the_music_group_through_the_skills_vocabulary(client: FlaskClient) -> None:
    found = listed(client, "q=guitar")
    assert "Splott Tuesday Group" in found  # "music" in its description; "guitar" nowhere
    assert "Newport Indoor Market" in found  # "a music corner"
    assert "Roath Community Garden" not in found
    assert listed(client, "q=gitar") == found  # the Welsh synonym "gitâr", typed without its accent


@pytest.mark.usefixtures("searchable")
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("canu", ["Cathays Male Voice Choir"]),  # only in the Welsh description
        ("gardd", ["Roath Community Garden"]),  # the Welsh name
        ("sesiynau cerddoriaeth", ["Splott Tuesday Group"]),  # two Welsh words, both required
        ("tyfu bwyd", ["Roath Community Garden"]),
    ],
)
def test_welsh_words_find_welsh_fields(client: FlaskClient, typed: str, expected: list[str]) -> None:
    assert listed(client, f"q={typed}") == expected


@pytest.mark.usefixtures("searchable")
def test_a_name_match_ranks_above_a_description_match(client: FlaskClient) -> None:
    # "tuesday": in the music group's name, and only in the choir's description.
    assert listed(client, "q=tuesday") == ["Splott Tuesday Group", "Cathays Male Voice Choir"]
    # "food": the Co-op's name, then the garden's and the market's descriptions.
    assert listed(client, "q=food")[0] == "Cathays Co-op Food"


@pytest.mark.usefixtures("searchable")
def test_every_word_must_match_and_punctuation_is_never_syntax(client: FlaskClient) -> None:
    assert listed(client, "q=choir+newport") == []
    for hostile in ['"', "cor*", "NEAR(a b)", "a OR b", "-", "'; DROP TABLE asset; --", "%", "cor:*|x"]:
        response = client.get("/assets/", query_string={"q": hostile})
        assert response.status_code == 200, hostile
    assert listed(client, "q=cor*") == ["Cathays Male Voice Choir"]


def test_index_follows_insert_update_and_delete_at_once(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        asset = factories.make_asset(name_en="Ely Bowls Club")
        asset_id = asset.asset_id
    assert listed(client, "q=bowls") == ["Ely Bowls Club"]
    with app.app_context():
        record = db.session.get(Asset, asset_id)
        assert record is not None
        record.name_en = "Ely Croquet Club"
        record.description_cy = "Clwb croce"
        db.session.commit()
    assert listed(client, "q=bowls") == []
    assert listed(client, "q=croquet") == ["Ely Croquet Club"]
    assert listed(client, "q=croce") == ["Ely Croquet Club"]
    with app.app_context():
        db.session.delete(db.session.get(Asset, asset_id))
        db.session.commit()
    assert listed(client, "q=croquet") == []


def test_sqlite_triggers_keep_the_index_in_step(app: Flask) -> None:
    """A later batch_alter_table on "asset" would drop them silently: this says so."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            names = db.session.scalars(sa.text("SELECT indexname FROM pg_indexes WHERE tablename = 'asset'")).all()
            assert {"ix_asset_search_document", "ix_asset_search_name_trgm"} <= set(names)
            return
        triggers = db.session.scalars(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).all()
        assert {"asset_search_insert", "asset_search_update", "asset_search_delete"} <= set(triggers)


@pytest.mark.usefixtures("searchable")
def test_the_map_data_and_the_api_use_the_same_search(client: FlaskClient) -> None:
    geojson = client.get("/maps/assets.geojson?q=cor").get_json()
    assert [f["properties"]["name"] for f in geojson["features"]] == ["Cathays Male Voice Choir"]
    api = client.get("/api/v1/assets?q=cor").get_json()
    assert [item["name_en"] for item in api["items"]] == ["Cathays Male Voice Choir"]
    assert {item["name_en"] for item in client.get("/api/v1/assets?q=guitar").get_json()["items"]} == {
        "Splott Tuesday Group",
        "Newport Indoor Market",
    }


def test_who_can_help_finds_skills_by_word_prefix_and_accent(app: Flask) -> None:
    from abcd.search.vocabulary import matching_skill_ids

    with app.app_context():
        music = factories.make_skill("Music", "Cerddoriaeth", synonyms=["guitar", "gitâr"])
        welsh = factories.make_skill("Welsh language", "Cymraeg", gift_type=GiftType.HEAD)
        assert matching_skill_ids("guitar") == [music.skill_id]
        assert matching_skill_ids("GITAR") == [music.skill_id]
        assert matching_skill_ids("cerdd") == [music.skill_id]
        assert matching_skill_ids("cym") == [welsh.skill_id]
        assert matching_skill_ids("language welsh") == [welsh.skill_id]
        assert matching_skill_ids("usic") == []  # a word's start, never its middle
        assert matching_skill_ids("!!") == []
