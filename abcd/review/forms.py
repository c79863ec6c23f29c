"""Forms for deciding changes. The items and change ids are ticked boxes read as lists by the views."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from abcd.forms import BaseForm

REASON_MAX = 2000


class ApproveForm(BaseForm):
    """Approve all of a change, or the ticked items (``item``, several)."""


class BatchForm(BaseForm):
    """Approve the ticked changes of the queue (``change_id``, several)."""


class RejectForm(BaseForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Give a reason, so the person who suggested it knows why.")),
            Length(max=REASON_MAX, message=_l("Keep the reason under %(max)d characters.", max=REASON_MAX)),
        ],
        description=_l("The person who sent the change is told this, in their language."),
    )
