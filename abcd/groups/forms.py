"""Forms for joining groups and recording where they meet."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField
from wtforms.validators import DataRequired, InputRequired

from abcd.forms import BaseForm
from abcd.people.forms import AUDIENCE
from abcd.people.labels import OFFICERS_MEANING


class JoinForm(BaseForm):
    visibility = SelectField(
        _l("Who can see that you belong to this group"), choices=AUDIENCE, description=OFFICERS_MEANING
    )
    explicit_consent = BooleanField(_l("I give my explicit consent"))


class MeetingPlaceForm(BaseForm):
    place_id = SelectField(_l("Meeting place"), coerce=int, validators=[InputRequired()])


class ApproveForm(BaseForm):
    link_id = IntegerField(validators=[InputRequired()])


class RejectForm(BaseForm):
    link_id = IntegerField(validators=[InputRequired()])


class LeaveForm(BaseForm):
    """One button, protected by CSRF."""


class SpecialConsentForm(BaseForm):
    """Explicit consent to show a membership of a special-category group; the most private audience first."""

    visibility = SelectField(
        _l("Who can see that you belong to this group"), choices=AUDIENCE, description=OFFICERS_MEANING
    )
    explicit_consent = BooleanField(
        _l("I give my explicit consent"),
        validators=[DataRequired(_l("Tick the box to give your explicit consent, or leave the group."))],
    )
