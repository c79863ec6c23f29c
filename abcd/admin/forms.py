"""Forms for managing users and roles."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField

from abcd.auth.models import Role
from abcd.forms import BaseForm

ROLE_LABELS = {Role.RESIDENT: _l("Resident"), Role.OFFICER: _l("Community officer"), Role.ADMIN: _l("Administrator")}


class UserRoleForm(BaseForm):
    role = SelectField(_l("Role"), choices=[(r.value, label) for r, label in ROLE_LABELS.items()])
    la_code = SelectField(_l("Local authority"), description=_l("Officers act only within this local authority."))
    is_enabled = BooleanField(_l("Account can sign in"))
