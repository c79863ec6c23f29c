"""Forms for checking records and reporting one out of date."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from abcd.forms import BaseForm
from abcd.upkeep.services import REASON_MAX


class OutdatedReportForm(BaseForm):
    reason = TextAreaField(
        _l("What is out of date?"),
        description=_l(
            "For example: it has closed, moved or changed its phone number. Leave out anyone's personal details."
        ),
        validators=[DataRequired(_l("Say what is out of date.")), Length(max=REASON_MAX)],
    )
