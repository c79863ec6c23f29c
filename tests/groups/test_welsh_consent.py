"""A member reading in Welsh agrees to a Welsh sentence, and that sentence, word for word, is what is stored."""

from __future__ import annotations

import html
import re

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from abcd.assets.models import AssetKind, SpecialCategory
from abcd.extensions import db
from abcd.people.models import ConsentRecord
from tests import factories
from tests.conftest import login
from tests.factories import Cast
from tests.people.test_profile import press, save_profile


def _shown_wording(page: str) -> str:
    found = re.search(r'<p class="consent-wording">(.*?)</p>', page, re.S)
    assert found is not None, "the consent sentence is shown before joining"
    return html.unescape(found.group(1))


def test_welsh_member_stores_the_welsh_sentence_with_the_welsh_group_name(
    client: FlaskClient, app: Flask, people: Cast
) -> None:
    with app.app_context():
        group_id = factories.make_asset(
            name_en="Faith Circle", name_cy="Cylch Ffydd", kind=AssetKind.ASSOCIATION,
            special_category=SpecialCategory.RELIGION,
        ).asset_id  # fmt: skip
    login(client, people.resident)
    save_profile(client, display_name="Aelod", display_name_visibility="public", consent=True)
    page_url = f"/groups/{group_id}?lang=cy"
    shown = _shown_wording(client.get(page_url).get_data(as_text=True))
    assert "Cylch Ffydd" in shown
    assert "Faith Circle" not in shown

    joined = press(client, page_url, "Ymuno", visibility="public", explicit_consent=True)

    with app.app_context():
        record = db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.link_id.is_not(None))).one()
        assert record.wording == shown
    after = client.get(joined.headers["Location"]).get_data(as_text=True)
    assert "Rydych chi wedi ymuno â'r grŵp Cylch Ffydd." in html.unescape(after)
    assert "Faith Circle" not in after
