"""Freshness on the pages: the "needs checking" badge, overdue records ranked last, bulk confirm, public reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from abcd.extensions import db
from abcd.models_base import utcnow
from abcd.upkeep.models import AssetCheck, OutdatedReport
from tests import factories
from tests.conftest import login
from tests.factories import NEWPORT, Cast
from tests.rendered_forms import FormError, submit

LONG_AGO = timedelta(days=400)


def _two_halls() -> dict[str, int]:
    """ "Aardvark Hall" is overdue for checking; "Zebra Hall" was added today."""
    stale = factories.make_asset(name_en="Aardvark Hall", created_at=utcnow() - LONG_AGO)
    fresh = factories.make_asset(name_en="Zebra Hall")
    other = factories.make_asset(name_en="Newport Stale Hall", la_code=NEWPORT, created_at=utcnow() - LONG_AGO)
    return {"stale": stale.asset_id, "fresh": fresh.asset_id, "newport": other.asset_id}


def test_overdue_records_carry_a_badge_and_rank_after_the_rest(app: Flask) -> None:
    with app.app_context():
        ids = _two_halls()
    client = app.test_client()
    directory = client.get("/assets/?la=W06000015").get_data(as_text=True)
    assert directory.index("Zebra Hall") < directory.index("Aardvark Hall"), "overdue ranks lower"
    stale_item = directory[directory.index("Aardvark Hall") :]
    assert "Needs checking" in stale_item[: stale_item.index("</li>")]
    fresh_item = directory[directory.index("Zebra Hall") :]
    assert "Needs checking" not in fresh_item[: fresh_item.index("</li>")]

    stale_page = client.get(f"/assets/{ids['stale']}").get_data(as_text=True)
    assert "Needs checking" in stale_page
    assert "not checked since" in stale_page
    fresh_page = client.get(f"/assets/{ids['fresh']}").get_data(as_text=True)
    assert "Needs checking" not in fresh_page


def test_officers_bulk_confirm_their_authoritys_records_after_a_workshop(app: Flask, people: Cast) -> None:
    with app.app_context():
        ids = _two_halls()
    officer = app.test_client()
    login(officer, people.officer_cardiff)
    page = officer.get("/upkeep/")
    html = page.get_data(as_text=True)
    assert "Aardvark Hall" in html
    assert "Newport Stale Hall" not in html, "only their own authority's records"
    with pytest.raises(FormError):  # the page never offers another authority's record
        submit(officer, page, fill={"asset_id": [str(ids["newport"])]}, button="Mark the ticked records as checked")

    done = submit(officer, page, fill={"asset_id": [str(ids["stale"])]}, button="Mark the ticked records as checked")
    assert done.status_code == 302
    after = officer.get("/upkeep/").get_data(as_text=True)
    assert "Marked 1 record as checked today." in after
    assert "Aardvark Hall" not in after
    with app.app_context():
        check = db.session.get(AssetCheck, ids["stale"])
        assert check is not None
        assert check.checked_by_id == people.ids["officer_cardiff"]
        assert check.checked_how == "bulk"
    assert "Needs checking" not in officer.get(f"/assets/{ids['stale']}").get_data(as_text=True)

    # Another authority's officer cannot confirm a Cardiff record, even by posting its id by hand.
    newport = app.test_client()
    login(newport, people.officer_newport)
    assert newport.post("/upkeep/confirm", data={"asset_id": ids["fresh"]}).status_code == 403
    with app.app_context():
        assert db.session.get(AssetCheck, ids["fresh"]) is None


def test_the_public_report_a_record_out_of_date_and_officers_see_it(app: Flask, people: Cast) -> None:
    with app.app_context():
        ids = _two_halls()
    visitor = app.test_client()
    record = visitor.get(f"/assets/{ids['fresh']}")
    form_page = visitor.get(f"/upkeep/assets/{ids['fresh']}/report")
    assert f"/upkeep/assets/{ids['fresh']}/report" in record.get_data(as_text=True)

    empty = submit(visitor, form_page, fill={"reason": ""}, button="Send the report")
    assert "Say what is out of date." in empty.get_data(as_text=True)
    sent = submit(visitor, form_page, fill={"reason": "It closed in March."}, button="Send the report")
    assert sent.status_code == 302
    assert "community officers will check" in visitor.get(sent.headers["Location"]).get_data(as_text=True)

    officer = app.test_client()
    login(officer, people.officer_cardiff)
    assert "1 report that a record is out of date." in officer.get("/officer/").get_data(as_text=True)
    queue = officer.get("/upkeep/")
    assert "It closed in March." in queue.get_data(as_text=True)
    newport = app.test_client()
    login(newport, people.officer_newport)
    assert "It closed in March." not in newport.get("/upkeep/").get_data(as_text=True)

    submit(officer, queue, action=_resolve_action(app), button="Dealt with: Zebra Hall")
    assert "It closed in March." not in officer.get("/upkeep/").get_data(as_text=True)
    with app.app_context():
        report = db.session.scalar(sa.select(OutdatedReport))
        assert report is not None
        assert report.resolved_by_id == people.ids["officer_cardiff"]


def _resolve_action(app: Flask) -> str:
    with app.app_context():
        report_id = db.session.scalar(sa.select(OutdatedReport.report_id))
    return f"/upkeep/reports/{report_id}/resolve"


def test_reports_are_rate_limited(app: Flask, make_app: Callable[..., Flask]) -> None:
    with app.app_context():
        asset_id = factories.make_asset(name_en="Busy Hall").asset_id
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_REPORTS="2 per hour")
    client = limited.test_client()
    url = f"/upkeep/assets/{asset_id}/report"
    codes = [client.post(url, data={"reason": f"Report {n}"}).status_code for n in range(3)]
    assert codes == [302, 302, 429]


def test_only_published_records_can_be_reported(app: Flask) -> None:
    with app.app_context():
        draft = factories.make_asset(status=factories.AssetStatus.DRAFT).asset_id
    assert app.test_client().get(f"/upkeep/assets/{draft}/report").status_code == 404
