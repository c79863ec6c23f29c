"""Test data builders: real rows in the real database, committed, with sensible defaults."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache
from typing import Any

from werkzeug.security import generate_password_hash

from abcd.assets.models import Asset, AssetKind, AssetStatus, Theme

__all__ = ["Asset"]
from abcd.auth.models import Role, User
from abcd.extensions import db

PASSWORD = "correct horse battery staple"
CARDIFF, NEWPORT, VALE = "W06000015", "W06000022", "W06000014"
CATHAYS = "W05001274"
_serial = itertools.count(1)


@cache
def _password_hash() -> str:
    return generate_password_hash(PASSWORD)  # scrypt is slow by design: hash once per run


def make_user(role: Role = Role.RESIDENT, la_code: str | None = None, **fields: Any) -> User:
    n = next(_serial)
    user = User(
        email=fields.pop("email", f"user{n}@example.org"),
        display_name=fields.pop("display_name", f"Test User {n}"),
        role=role,
        la_code=la_code,
        password_hash=_password_hash(),
        **fields,
    )
    db.session.add(user)
    db.session.commit()
    return user


def make_theme(slug: str = "music", name_en: str = "Music", name_cy: str = "Cerddoriaeth") -> Theme:
    theme = Theme(slug=slug, name_en=name_en, name_cy=name_cy)
    db.session.add(theme)
    db.session.commit()
    return theme


def make_asset(**fields: Any) -> Asset:
    n = next(_serial)
    values: dict[str, Any] = {
        "kind": AssetKind.PLACE,
        "name_en": f"Test Hall {n}",
        "la_code": CARDIFF,
        "status": AssetStatus.PUBLISHED,
        "latitude": 51.4791,
        "longitude": -3.1781,
        **fields,
    }
    asset = Asset(**values)
    db.session.add(asset)
    db.session.commit()
    return asset


@dataclass(frozen=True)
class Cast:
    resident: str
    officer_cardiff: str
    officer_newport: str
    admin: str
    ids: dict[str, int]


def make_cast() -> Cast:
    users = {
        "resident": make_user(Role.RESIDENT, email="resident@example.org"),
        "officer_cardiff": make_user(Role.OFFICER, CARDIFF, email="officer.cardiff@example.org"),
        "officer_newport": make_user(Role.OFFICER, NEWPORT, email="officer.newport@example.org"),
        "admin": make_user(Role.ADMIN, email="admin@example.org"),
    }
    return Cast(**{k: u.email for k, u in users.items()}, ids={k: u.user_id for k, u in users.items()})
