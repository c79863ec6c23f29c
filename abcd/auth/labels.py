"""Translated names for account roles, shared by the admin pages and a person's own data."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from abcd.auth.models import Role

ROLE_LABELS: dict[Role, Any] = {
    Role.RESIDENT: _l("Resident"),
    Role.OFFICER: _l("Community officer"),
    Role.ADMIN: _l("Administrator"),
}
