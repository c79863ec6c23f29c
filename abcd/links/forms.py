"""The "Link to…" form: the relation, the other end (chosen from search results) and, for a person, who sees it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length

from abcd.forms import BaseForm
from abcd.models_base import Visibility
from abcd.people.labels import VISIBILITY_LABELS, choices


class LinkForm(BaseForm):
    relation = SelectField(_l("How they are linked"), validators=[InputRequired(_l("Choose how they are linked."))])
    # Radio buttons built from the search results; checked against the database, not a fixed list.
    to = StringField(
        _l("Link to"), validators=[InputRequired(_l("Choose what to link to from the results.")), Length(max=40)]
    )
    # Most private first: the first choice is the default (privacy by default).
    visibility = SelectField(
        _l("Who can see this link"),
        choices=choices(VISIBILITY_LABELS),
        default=Visibility.PRIVATE.value,
        description=_l("Applies when the link names a person; links between records are public."),
    )
