"""Records for the upkeep tests: real rows, committed."""

from __future__ import annotations

from datetime import timedelta

from abcd.assets.models import AssetKind
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import utcnow
from tests import factories

LONG_AGO = timedelta(days=400)  # past every kind's review interval


def group_with_organiser(locale: str = "en") -> tuple[int, int]:
    """An association last checked long ago, organised by a resident with an account; (asset id, user id)."""
    owner = factories.make_user(email="organiser@example.org", locale=locale)
    person = factories.make_person(user_id=owner.user_id)
    group = factories.make_asset(
        kind=AssetKind.ASSOCIATION, name_en="Splott Singers", name_cy="Cantorion Sblot",
        created_at=utcnow() - LONG_AGO,
    )  # fmt: skip
    organises = Link(link_type=LinkType.ORGANISES, source_person_id=person.person_id, target_asset_id=group.asset_id)
    db.session.add(organises)
    db.session.commit()
    return group.asset_id, owner.user_id
