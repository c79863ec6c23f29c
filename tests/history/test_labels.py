"""How changes read: channels and their references, dates in each language, codes turned into names."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask

from abcd.changes.labels import Names, describe_value
from abcd.history.labels import channel_text
from abcd.i18n import when

NO_NAMES = Names(wards={}, authorities={}, themes_by_id={}, themes_by_slug={})


@pytest.mark.parametrize(
    ("channel", "ref", "expected"),
    [
        ("form", None, "Form"),
        ("import", None, "Import"),
        ("workshop", None, "Workshop"),
        ("merge", None, "Merge"),
        ("api", None, "API"),
        ("system", None, "System"),
        ("form", "restore:v3", "Form: restored version 3"),
        ("form", "change:12", "Form: approved suggestion 12"),
        (None, "restore:v7", "restored version 7"),
        (None, None, ""),
        ("carrier-pigeon", "restore:vX", ""),
    ],
)
def test_channel_reads_as_words(app_ctx: Flask, channel: str | None, ref: str | None, expected: str) -> None:
    assert channel_text(channel, ref) == expected


def test_dates_read_in_words_in_london_time(app_ctx: Flask) -> None:
    assert when(datetime(2026, 12, 2, 14, 4)) == "2 December 2026, 2:04pm"
    assert when(datetime(2026, 7, 2, 9, 4)) == "2 July 2026, 10:04am"  # British Summer Time


def test_dates_in_welsh(app: Flask) -> None:
    with app.test_request_context("/?lang=cy"):
        assert when(datetime(2026, 12, 2, 14, 4)) == "2 Rhagfyr 2026, 2:04yh"


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("kind", "place", "Place or venue"),
        ("status", "pending", "Waiting for review"),
        ("membership", "invite", "By invitation"),
        ("special_category", "trade_union", "Trade union membership"),
        ("kind", "retired-kind", "retired-kind"),
        ("name_en", None, "Not set"),
        ("themes", [], "Not set"),
        ("themes", ["gone"], "a theme since removed (gone)"),
        ("ward_code", "W05999999", "W05999999"),
        ("latitude", 51.479123456, "51.47912"),
    ],
)
def test_values_read_as_labels(app_ctx: Flask, field: str, value: object, expected: str) -> None:
    assert describe_value(field, value, NO_NAMES) == expected
