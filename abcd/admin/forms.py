"""Forms for managing users and roles."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField

from abcd.auth.labels import ROLE_LABELS
from abcd.forms import BaseForm


class UserRoleForm(BaseForm):
    role = SelectField(_l("Role"), choices=[(r.value, label) for r, label in ROLE_LABELS.items()])
    la_code = SelectField(_l("Local authority"), description=_l("Officers act only within this local authority."))
    is_enabled = BooleanField(_l("Account can sign in"))
