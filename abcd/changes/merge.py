"""Three-way merge of concurrent edits to one record: pure, no Flask, no database.

An editor opened a record at some version; others saved since. ``base_values`` rebuilds the record
as the editor saw it from what the audit log says changed since; ``three_way`` then keeps everyone's
work: the other person's value where only they changed a field, the editor's where only the editor
did, and a conflict (both values, for the editor to choose) where both changed it differently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

KEEP_MINE = "mine"
KEEP_THEIRS = "theirs"
# Names of the inputs the conflict form posts back: one marker per field to choose, and the choice.
CONFLICT_MARKER = "conflicted"
SINCE_MARKER = "conflict_since"


def choice_input(field_name: str) -> str:
    """The name of the radio group that decides one conflicting field."""
    return f"keep-{field_name}"


class EditConflictError(Exception):
    """The record changed after the editor loaded it; ``changes`` lists what changed since, oldest first.

    ``changes`` holds audit entries (anything with a ``changes`` mapping of field -> [old, new]).
    """

    def __init__(self, current_version: int, changes: Sequence[Any]) -> None:
        super().__init__("edit_conflict")
        self.current_version = current_version
        self.changes = list(changes)


def _normal(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(_normal(item) for item in value)
    return value


def same(first: Any, second: Any) -> bool:
    """Equal for merging: None and "" are both empty, and lists compare as sets (theme ids)."""
    return bool(_normal(first) == _normal(second))


def base_values(current: Mapping[str, Any], changes_since: Iterable[Mapping[str, Sequence[Any]]]) -> dict[str, Any]:
    """The values at the editor's version: for each field changed since, its first ``old``; else the current."""
    base = dict(current)
    seen: set[str] = set()
    for changes in changes_since:
        for name, (old, _new) in changes.items():
            if name not in seen:
                seen.add(name)
                base[name] = old
    return base


@dataclass(frozen=True)
class MergeResult:
    """The merged values, which fields came from whom, and the fields both changed differently."""

    values: dict[str, Any]
    theirs_kept: list[str] = field(default_factory=list)
    mine_kept: list[str] = field(default_factory=list)
    conflicts: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (mine, theirs)


def three_way(base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> MergeResult:
    """Merge the editor's values (``mine``) with the saved ones (``theirs``), both descended from ``base``.

    Only the fields in ``mine`` are merged (the ones the editor's form holds). A conflicting field keeps
    the editor's value in ``values`` until they choose.
    """
    values: dict[str, Any] = {}
    result = MergeResult(values)
    for name, my_value in mine.items():
        their_value = theirs.get(name, my_value)
        base_value = base.get(name, their_value)
        if same(my_value, their_value):
            values[name] = my_value
        elif same(my_value, base_value):
            values[name] = their_value
            result.theirs_kept.append(name)
        elif same(their_value, base_value):
            values[name] = my_value
            result.mine_kept.append(name)
        else:
            values[name] = my_value
            result.conflicts[name] = (my_value, their_value)
    return result


def apply_choices(
    mine: Mapping[str, Any], base: Mapping[str, Any], conflicted: Iterable[str], choices: Mapping[str, str]
) -> tuple[dict[str, Any], list[str]]:
    """Settle the conflicts an editor was asked to choose between.

    ``base`` holds the values at the version the conflict form was built on, which are the values the
    editor saw as "theirs". Returns the values to save and the conflicted fields left without a choice.
    Names not in ``mine`` are ignored, so a posted marker cannot reach a field the form does not hold.
    """
    values = dict(mine)
    unchosen: list[str] = []
    for name in dict.fromkeys(conflicted):
        if name not in values:
            continue
        choice = choices.get(name)
        if choice == KEEP_THEIRS:
            values[name] = base.get(name)
        elif choice != KEEP_MINE:
            unchosen.append(name)
    return values, unchosen
