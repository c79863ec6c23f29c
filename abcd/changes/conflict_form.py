"""The form a refused stale edit comes back as: everyone's work merged, both-changed fields to choose.

Shared by the asset edit and the profile pages. A feature describes its record as an ``EditedRecord``
(the form's fields, current values and audit trail); this module merges with abcd.changes.merge,
writes the merged values into the WTForms form, and says what the page should show. Nothing here
saves or commits: the view saves the (merged, chosen) form through its usual service.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from wtforms import Field, Form

from abcd.audit.models import AuditEntry
from abcd.auth.models import User
from abcd.changes.merge import (
    CONFLICT_MARKER,
    SINCE_MARKER,
    EditConflictError,
    MergeResult,
    apply_choices,
    base_values,
    choice_input,
    same,
    three_way,
)
from abcd.extensions import db
from abcd.text import whole_number


@dataclass(frozen=True)
class EditedRecord:
    """What a feature tells the conflict form about the record being edited."""

    fields: Sequence[str]  # the form fields this editor was shown
    version: int
    current: Mapping[str, Any]  # saved values, in the form's terms (enum values, theme ids)
    history_since: Callable[[int], list[AuditEntry]]  # audit entries after a version, oldest first
    label: Callable[[str], str | None]  # a changed column's name for the table; None hides it
    comparable: Callable[[Mapping[str, Any]], Mapping[str, Any]] = dict  # audit values -> the form's terms

    def base(self, version: int) -> dict[str, Any]:
        """The saved values as they were at ``version``."""
        return base_values(self.current, [self.comparable(e.changes) for e in self.history_since(version)])


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str
    after: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True)
class Choice:
    """One field both people changed: the editor keeps one value or the other."""

    name: str
    input_name: str
    label: str
    mine: str
    theirs: str
    chosen: str | None = None
    missing: bool = False


@dataclass(frozen=True)
class ConflictView:
    since_version: int
    rows: list[ChangeRow]
    choices: list[Choice]
    theirs_kept: list[str] = field(default_factory=list)
    mine_kept: list[str] = field(default_factory=list)
    marker: str = CONFLICT_MARKER
    since_marker: str = SINCE_MARKER

    @property
    def unchosen(self) -> bool:
        return any(choice.missing for choice in self.choices)


def merge_into_form(form: Form, record: EditedRecord, conflict: EditConflictError, since: int) -> ConflictView:
    """Rebuild a refused form: others' values where the editor left a field alone, the editor's where
    only they changed it, both-changed fields as choices. The hidden version becomes the current one,
    so saving this form again is accepted."""
    mine = _values(form, record.fields)
    theirs = dict(record.current)
    base = base_values(theirs, [record.comparable(e.changes) for e in conflict.changes])
    merged: MergeResult = three_way(base, mine, theirs)
    _fill(form, {name: merged.values[name] for name in merged.theirs_kept})
    form["version"].data = str(conflict.current_version)
    choices = [
        _choice(form, name, mine_value, their_value) for name, (mine_value, their_value) in merged.conflicts.items()
    ]
    return ConflictView(
        since_version=since,
        rows=_rows(form, record, conflict.changes),
        choices=choices,
        theirs_kept=[_label(form, name) for name in merged.theirs_kept],
        mine_kept=[_label(form, name) for name in merged.mine_kept],
    )


def settle_choices(form: Form, record: EditedRecord, posted: MultiDict[str, str]) -> ConflictView | None:
    """Apply the choices a re-saved conflict form carries. None when there is nothing left to show:
    no conflict was pending, or every choice was made and the form is valid (the view then saves).
    Otherwise the conflict part of the page again, with the missing choices marked."""
    conflicted = [name for name in posted.getlist(CONFLICT_MARKER) if name in record.fields]
    version = whole_number(form["version"].data)
    if not conflicted or version is None:
        return None
    valid = form.validate()
    shown = record.base(version)  # what the editor was shown as "theirs"
    mine = _values(form, record.fields)
    wanted = {name: posted.get(choice_input(name), "") for name in conflicted}
    values, unchosen = apply_choices(mine, shown, conflicted, wanted)
    _fill(form, {name: values[name] for name in conflicted if name not in unchosen})
    if valid and not unchosen:
        return None
    since_raw = posted.get(SINCE_MARKER, "")
    since = whole_number(since_raw)
    since = version if since is None else since
    choices = [
        _choice(form, name, mine[name], shown.get(name), wanted[name] or None, name in unchosen) for name in conflicted
    ]
    return ConflictView(since_version=since, rows=_rows(form, record, record.history_since(since)), choices=choices)


def _values(form: Form, names: Sequence[str]) -> dict[str, Any]:
    return {name: form[name].data for name in names}


def _fill(form: Form, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        bound: Field = form[name]
        is_list = isinstance(value, list | tuple)
        if bound.type == "SelectField" and value is None:
            value = ""  # the blank choice ("Not an association", "I would rather not say")
        bound.data = list(value) if is_list else value
        # Number fields render and validate what was typed: make that the new value too.
        bound.raw_data = [str(v) for v in value] if is_list else ([] if value in (None, "") else [str(value)])


def _label(form: Form, name: str) -> str:
    return str(form[name].label.text)


def display(form: Form, name: str, value: Any) -> str:
    """A value as the reader knows it: a choice's label (themes, kinds, audiences), never an id or code."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    bound = form[name] if name in form else None  # noqa: SIM401 -- a WTForms form has no .get()
    labels = {str(key): str(text) for key, text, *_rest in _choice_items(bound)} if bound is not None else {}
    if isinstance(value, list | tuple):
        return ", ".join(sorted(labels.get(str(item), str(item)) for item in value))
    return labels.get(str(value), str(value))


def _choice_items(bound: Field) -> list[tuple[Any, ...]]:
    choices = getattr(bound, "choices", None)
    return list(choices) if isinstance(choices, list) else []


def _choice(form: Form, name: str, mine: Any, theirs: Any, chosen: str | None = None, missing: bool = False) -> Choice:
    return Choice(
        name=name,
        input_name=choice_input(name),
        label=_label(form, name),
        mine=display(form, name, mine),
        theirs=display(form, name, theirs),
        chosen=chosen,
        missing=missing,
    )


def _rows(form: Form, record: EditedRecord, entries: Sequence[AuditEntry]) -> list[ChangeRow]:
    actors = _actor_names(entries)
    rows = []
    for entry in entries:
        for name, (old, new) in record.comparable(entry.changes).items():
            label = record.label(name)
            if label is None or same(old, new):  # "" written over None is no change to a reader
                continue
            rows.append(
                ChangeRow(
                    label=label,
                    before=display(form, name, old),
                    after=display(form, name, new),
                    actor=actors.get(entry.actor_id or 0, _("someone")),
                    occurred_at=entry.occurred_at,
                )
            )
    return rows


def _actor_names(entries: Sequence[AuditEntry]) -> dict[int, str]:
    ids = {e.actor_id for e in entries if e.actor_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(User.user_id, User.display_name).where(User.user_id.in_(ids)))
    return {user_id: name for user_id, name in rows}
