"""Reconstructing a version from the current values and the audit trail: pure, no app."""

from __future__ import annotations

from abcd.history.services import Difference, Step, differences, values_at

CURRENT = {"name_en": "Hall C", "postcode": "CF24 4AA", "themes": [1, 2]}
ENTRIES = [
    Step(1, {"name_en": [None, "Hall A"], "postcode": [None, "CF10 1AA"], "themes": [None, [1]]}),
    Step(2, {"name_en": ["Hall A", "Hall B"]}),
    Step(3, {"name_en": ["Hall B", "Hall C"], "postcode": ["CF10 1AA", "CF24 4AA"], "themes": [[1], [1, 2]]}),
]


def test_current_version_is_the_current_values() -> None:
    assert values_at(CURRENT, ENTRIES, 3) == CURRENT


def test_each_earlier_version_undoes_every_later_change() -> None:
    assert values_at(CURRENT, ENTRIES, 2) == {"name_en": "Hall B", "postcode": "CF10 1AA", "themes": [1]}
    assert values_at(CURRENT, ENTRIES, 1) == {"name_en": "Hall A", "postcode": "CF10 1AA", "themes": [1]}


def test_two_changes_within_one_version_are_undone_newest_first() -> None:
    entries = [*ENTRIES, Step(4, {"name_en": ["Hall C", "Hall D"]}), Step(4, {"name_en": ["Hall D", "Hall E"]})]
    assert values_at({**CURRENT, "name_en": "Hall E"}, entries, 3)["name_en"] == "Hall C"


def test_fields_the_record_no_longer_has_are_ignored() -> None:
    entries = [Step(2, {"retired_field": ["x", "y"], "name_en": ["Old", "New"]})]
    assert values_at({"name_en": "New"}, entries, 1) == {"name_en": "Old"}


def test_the_current_values_are_not_modified() -> None:
    current = dict(CURRENT)
    values_at(current, ENTRIES, 1)
    assert current == CURRENT


def test_differences_mark_changed_fields() -> None:
    rows = differences({"a": 1, "b": 2}, {"a": 1, "b": 3}, fields=("a", "b"))
    assert rows == [Difference("a", 1, 1), Difference("b", 2, 3)]
    assert [row.changed for row in rows] == [False, True]
