"""Forms for choosing two versions to compare and for confirming a restore."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField
from wtforms.validators import InputRequired, Regexp

from abcd.forms import BaseForm


class CompareForm(BaseForm):
    """GET form: two versions of one record; the view sets the choices."""

    class Meta:
        csrf = False  # reading, not changing

    a = SelectField(_l("Version A"), coerce=int, validators=[InputRequired(_l("Choose version A."))])
    b = SelectField(_l("Version B"), coerce=int, validators=[InputRequired(_l("Choose version B."))])

    def set_versions(self, choices: list[tuple[int, str]]) -> None:
        self.a.choices = choices
        self.b.choices = choices


class RestoreForm(BaseForm):
    # The version the officer saw: a restore over someone else's later change is refused.
    expected_version = HiddenField(validators=[InputRequired(), Regexp(r"^\d{1,9}$")])

    def expected(self) -> int:
        return int(self.expected_version.data)
