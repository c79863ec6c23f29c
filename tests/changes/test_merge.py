"""The three-way merge keeps everyone's work, without an app or a database."""

from __future__ import annotations

from abcd.changes.merge import KEEP_MINE, KEEP_THEIRS, EditConflictError, apply_choices, base_values, same, three_way


def test_base_is_the_first_old_value_of_each_field_changed_since() -> None:
    current = {"contact_name": "Bea", "description_en": "Now", "name_en": "Hall"}
    since = [{"contact_name": ["Ann", "Bo"]}, {"contact_name": ["Bo", "Bea"], "description_en": ["Then", "Now"]}]
    assert base_values(current, since) == {"contact_name": "Ann", "description_en": "Then", "name_en": "Hall"}


def test_nothing_changed_since_means_the_base_is_the_current_record() -> None:
    assert base_values({"name_en": "Hall"}, []) == {"name_en": "Hall"}


def test_officer_b_contact_and_officer_a_description_are_both_kept() -> None:
    base = {"contact_name": None, "description_en": "Old", "name_en": "Hall"}
    theirs = {**base, "contact_name": "Bea Jones"}
    mine = {**base, "description_en": "New"}
    result = three_way(base, mine, theirs)
    assert result.values == {"contact_name": "Bea Jones", "description_en": "New", "name_en": "Hall"}
    assert result.theirs_kept == ["contact_name"]
    assert result.mine_kept == ["description_en"]
    assert result.conflicts == {}


def test_both_changing_one_field_differently_is_a_conflict_holding_both_values() -> None:
    base = {"name_en": "Hall"}
    result = three_way(base, {"name_en": "Mine Hall"}, {"name_en": "Their Hall"})
    assert result.conflicts == {"name_en": ("Mine Hall", "Their Hall")}
    assert result.values == {"name_en": "Mine Hall"}  # until the editor chooses


def test_both_making_the_same_change_is_no_conflict() -> None:
    result = three_way({"name_en": "Hall"}, {"name_en": "New"}, {"name_en": "New"})
    assert result.values == {"name_en": "New"}
    assert (result.conflicts, result.mine_kept, result.theirs_kept) == ({}, [], [])


def test_empty_string_and_none_are_the_same_value() -> None:
    assert same(None, "")
    result = three_way({"website": None}, {"website": ""}, {"website": "https://example.org"})
    assert result.values == {"website": "https://example.org"}
    assert result.theirs_kept == ["website"]


def test_theme_lists_compare_as_sets() -> None:
    assert same([3, 1], [1, 3])
    result = three_way({"themes": [1, 2]}, {"themes": [2, 1]}, {"themes": [1, 2, 5]})
    assert result.values == {"themes": [1, 2, 5]}
    assert result.conflicts == {}


def test_only_the_editors_fields_are_merged() -> None:
    result = three_way({"status": "draft"}, {"name_en": "Hall"}, {"name_en": "Hall", "status": "published"})
    assert result.values == {"name_en": "Hall"}


def test_choosing_theirs_takes_the_value_the_editor_was_shown() -> None:
    mine = {"name_en": "Mine Hall", "contact_name": "Bea"}
    base = {"name_en": "Their Hall", "contact_name": "Bea"}
    values, unchosen = apply_choices(mine, base, ["name_en"], {"name_en": KEEP_THEIRS})
    assert values == {"name_en": "Their Hall", "contact_name": "Bea"}
    assert unchosen == []


def test_choosing_mine_keeps_the_editors_value() -> None:
    values, unchosen = apply_choices({"name_en": "Mine"}, {"name_en": "Theirs"}, ["name_en"], {"name_en": KEEP_MINE})
    assert values == {"name_en": "Mine"}
    assert unchosen == []


def test_a_conflict_without_a_choice_is_reported_not_guessed() -> None:
    values, unchosen = apply_choices({"name_en": "Mine"}, {"name_en": "Theirs"}, ["name_en"], {"name_en": "both"})
    assert unchosen == ["name_en"]
    assert values == {"name_en": "Mine"}


def test_a_posted_marker_for_a_field_the_form_lacks_is_ignored() -> None:
    values, unchosen = apply_choices({"name_en": "Mine"}, {"status": "archived"}, ["status"], {"status": KEEP_THEIRS})
    assert values == {"name_en": "Mine"}
    assert unchosen == []


def test_conflict_error_carries_the_version_and_changes() -> None:
    error = EditConflictError(4, ({"name_en": ["a", "b"]},))
    assert error.current_version == 4
    assert error.changes == [{"name_en": ["a", "b"]}]
