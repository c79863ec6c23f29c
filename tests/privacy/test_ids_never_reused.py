"""An erased person's id never goes to the next person (nor any id of a deleted row, on either database):
audit entries, stored metrics and references would otherwise come to point at someone else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility
from abcd.people.models import PersonSkill
from tests import factories


def test_the_next_person_never_gets_an_erased_persons_id(app: Flask) -> None:
    with app.app_context():
        erased = factories.make_person(display_name="Erased Elin")
        erased_id = erased.person_id
        db.session.delete(erased)
        db.session.commit()
        assert factories.make_person(display_name="Next Nia").person_id > erased_id


def _link() -> Link:
    link = Link(link_type=LinkType.MEMBER_OF, source_person_id=factories.make_person().person_id,
                target_asset_id=factories.make_asset().asset_id, visibility=Visibility.PUBLIC)  # fmt: skip
    db.session.add(link)
    db.session.commit()
    return link


def _holding() -> PersonSkill:
    person = factories.make_person(skills=[factories.make_skill(f"Skill {factories.make_asset().asset_id}")])
    return db.session.scalars(sa.select(PersonSkill).where(PersonSkill.person_id == person.person_id)).one()


MAKERS: dict[str, Callable[[], Any]] = {
    "person_skill": _holding,
    "link": _link,
    "asset": factories.make_asset,
    "skill": lambda: factories.make_skill(f"Skill {factories.make_asset().asset_id}"),
    "user_account": factories.make_user,
}


@pytest.mark.parametrize("table", list(MAKERS))
def test_a_deleted_rows_id_is_not_given_again(app: Flask, table: str) -> None:
    with app.app_context():
        row = MAKERS[table]()
        deleted_id = sa.inspect(row).identity[0]
        db.session.delete(row)
        db.session.commit()
        assert sa.inspect(MAKERS[table]()).identity[0] > deleted_id
