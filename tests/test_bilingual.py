"""The one bilingual helper: a record's text in the reader's language, and Welsh alphabetical order."""

from __future__ import annotations

from types import SimpleNamespace

from flask import Flask
from flask.testing import FlaskClient

from abcd.i18n import by_name, field_language, in_language, record_name, welsh_sort_key
from tests import factories


def test_welsh_digraphs_sort_as_letters() -> None:
    names = ["Llandaf", "Lisvane", "Cyncoed", "Chwarae Teg", "Dinas Powys", "Ddôl", "Ffynnon", "Fairwater",
             "Gabalfa", "Ngwlad", "Rhiwbina", "Radur", "Pharmacy", "Pentyrch", "Thornhill", "Trelái"]  # fmt: skip
    assert sorted(names, key=welsh_sort_key) == [
        "Cyncoed", "Chwarae Teg", "Dinas Powys", "Ddôl", "Fairwater", "Ffynnon", "Gabalfa", "Ngwlad",
        "Lisvane", "Llandaf", "Pentyrch", "Pharmacy", "Radur", "Rhiwbina", "Trelái", "Thornhill",
    ]  # fmt: skip
    assert welsh_sort_key("Âr") == welsh_sort_key("ar")  # accents and case do not change the order


def test_record_name_is_in_the_readers_language_else_the_other(app: Flask) -> None:
    both = SimpleNamespace(name_en="Riverside", name_cy="Glan-yr-afon")
    english_only = SimpleNamespace(name_en="Test Hall", name_cy=None)
    with app.test_request_context("/?lang=cy"):
        assert record_name(both) == "Glan-yr-afon"
        assert record_name(english_only) == "Test Hall"
        assert record_name({"name_en": "Proposed", "name_cy": "Arfaethedig"}) == "Arfaethedig"
        assert [record_name(r) for r in by_name([english_only, both])] == ["Glan-yr-afon", "Test Hall"]
    with app.test_request_context("/?lang=en"):
        assert record_name(both) == "Riverside"
        assert [record_name(r) for r in by_name([english_only, both])] == ["Riverside", "Test Hall"]
    assert in_language(None, "Cymraeg", "en") == ("Cymraeg", True)


def test_field_language_names_the_language_of_bilingual_fields() -> None:
    assert (field_language("name_en"), field_language("description_cy"), field_language("status")) == ("en", "cy", None)


def test_directory_is_in_the_readers_alphabetical_order(client: FlaskClient, app: Flask) -> None:
    with app.app_context():
        factories.make_asset(name_en="Apple Hall", name_cy="Ysgol Werdd")
        factories.make_asset(name_en="Zebra Hall", name_cy="Neuadd Afon")
    english = client.get("/assets/?lang=en").get_data(as_text=True)
    welsh = client.get("/assets/?lang=cy").get_data(as_text=True)
    assert english.index("Apple Hall") < english.index("Zebra Hall")
    assert welsh.index("Neuadd Afon") < welsh.index("Ysgol Werdd")
