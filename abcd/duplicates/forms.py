"""The merge form: for each field the two records differ on, which value the kept record has."""

from __future__ import annotations

from typing import Any

from wtforms import IntegerField, RadioField
from wtforms.validators import InputRequired

from abcd.changes.labels import describe_location, describe_value, load_names
from abcd.changes.services import asset_values
from abcd.duplicates.labels import choice_label
from abcd.duplicates.merging import MERGED, SURVIVOR
from abcd.duplicates.plan import MergePlan
from abcd.forms import BaseForm


class MergeForm(BaseForm):
    survivor_version = IntegerField(validators=[InputRequired()])
    merged_version = IntegerField(validators=[InputRequired()])

    def choices(self) -> dict[str, str]:
        return {name[len("keep_") :]: field.data for name, field in self._fields.items() if name.startswith("keep_")}


def _shown(values: dict[str, Any], name: str, names: Any) -> str:
    return describe_location(values, names) if name == "location" else describe_value(name, values.get(name), names)


def merge_form(plan: MergePlan) -> MergeForm:
    """A form with one required choice per differing field; the kept record's value is chosen at first."""
    mine, theirs = asset_values(plan.survivor), asset_values(plan.merged)
    names = load_names()

    class _Form(MergeForm):
        pass

    for name in plan.differing:
        options = [(SURVIVOR, _shown(mine, name, names)), (MERGED, _shown(theirs, name, names))]
        radio = RadioField(choice_label(name), choices=options, default=SURVIVOR, validators=[InputRequired()])
        setattr(_Form, f"keep_{name}", radio)
    form = _Form()
    if not form.is_submitted():
        form.survivor_version.data, form.merged_version.data = plan.survivor.version, plan.merged.version
    return form
