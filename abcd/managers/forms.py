"""Forms: asking to manage an asset, an officer's decision on it, and ending someone's management."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from abcd.forms import BaseForm
from abcd.managers.services import AUDIENCES, ClaimInput
from abcd.models_base import Visibility
from abcd.people.labels import VISIBILITY_LABELS


class ClaimForm(BaseForm):
    shown_name = StringField(
        _l("Your name as it would be shown"),
        validators=[InputRequired(_l("Enter the name to show.")), Length(max=100)],
    )
    role = StringField(
        _l("Your role there"),
        description=_l("For example: programme manager, volunteer coordinator, group secretary."),
        validators=[InputRequired(_l("Say what your role is there.")), Length(max=200)],
    )
    contact = StringField(
        _l("How an officer can check with you"),
        description=_l("An email address or phone number at the venue or group. Only officers see it."),
        validators=[InputRequired(_l("Give an email address or phone number.")), Length(max=200)],
    )
    # Most private first: the first choice is the default (privacy by default).
    visibility = SelectField(
        _l("Who can see that you manage it"),
        choices=[(level.value, VISIBILITY_LABELS[level]) for level in AUDIENCES],
        default=Visibility.OFFICERS.value,
        description=_l("“Community officers” are the officers of this record's local authority."),
    )

    def to_input(self) -> ClaimInput:
        return ClaimInput(
            shown_name=self.shown_name.data or "", role=self.role.data or "", contact=self.contact.data or "",
            visibility=Visibility(self.visibility.data or Visibility.OFFICERS.value),
        )  # fmt: skip


class ReasonForm(BaseForm):
    """An officer's decision: approving needs no reason; declining or removing does."""

    reason = TextAreaField(
        _l("Reason (sent to the person if you decline or remove them)"), validators=[Length(max=2000)]
    )
