"""Review reminders: three to the owners, then the authority's officers; the one-click link records the check."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask

from abcd.auth.models import Role
from abcd.extensions import db
from abcd.models_base import utcnow
from abcd.upkeep.models import AssetCheck
from abcd.upkeep.reminders import send_reminders
from tests import factories
from tests.factories import CARDIFF, NEWPORT
from tests.mailserver import Mailbox, link_in, text_of
from tests.rendered_forms import submit
from tests.upkeep.records import LONG_AGO, group_with_organiser


def _remind_at(app: Flask, days: int) -> dict[int, int]:
    with app.test_request_context():
        report = send_reminders(utcnow() + timedelta(days=days))
        db.session.commit()
        return report.by_step


def test_owners_are_reminded_three_times_then_the_authoritys_officers(app: Flask, mailbox: Mailbox) -> None:
    with app.app_context():
        asset_id, _owner = group_with_organiser(locale="cy")
        factories.make_user(Role.OFFICER, CARDIFF, email="officer.cardiff@example.org")
        factories.make_user(Role.OFFICER, NEWPORT, email="officer.newport@example.org")

    assert _remind_at(app, 0) == {1: 1}
    assert _remind_at(app, 1) == {}, "the gap between reminders has not passed"
    assert _remind_at(app, 15) == {2: 1}
    assert _remind_at(app, 30) == {3: 1}
    assert mailbox.to("officer.cardiff@example.org") == []
    assert _remind_at(app, 45) == {4: 1}
    assert _remind_at(app, 90) == {}, "after the officers, nothing more until someone checks it"

    owner_mail = mailbox.wait_for("organiser@example.org", count=3)
    assert len(owner_mail) == 3
    assert all(m["Content-Language"] == "cy" for m in owner_mail)
    assert "Cantorion Sblot" in str(owner_mail[0]["Subject"])  # the record's name in the owner's language
    assert "3" in str(owner_mail[2]["Subject"])
    assert all("/upkeep/still-correct/" in text_of(m) for m in owner_mail)
    [officer_mail] = mailbox.wait_for("officer.cardiff@example.org")
    assert "Splott Singers" in str(officer_mail["Subject"])
    assert "/upkeep/still-correct/" in text_of(officer_mail)
    assert mailbox.to("officer.newport@example.org") == []
    with app.app_context():
        check = db.session.get(AssetCheck, asset_id)
        assert check is not None
        assert check.reminders_sent == 4
        assert check.checked_at is None


def test_a_record_nobody_owns_goes_straight_to_the_officers(app: Flask, mailbox: Mailbox) -> None:
    with app.app_context():
        factories.make_asset(name_en="Orphan Hall", created_at=utcnow() - LONG_AGO)
        factories.make_user(Role.OFFICER, CARDIFF, email="officer.cardiff@example.org")
    assert _remind_at(app, 0) == {4: 1}
    [message] = mailbox.wait_for("officer.cardiff@example.org")
    assert "Orphan Hall" in str(message["Subject"])


def test_a_record_checked_recently_is_not_reminded(app: Flask, mailbox: Mailbox) -> None:
    with app.app_context():
        asset_id, owner_id = group_with_organiser()
        db.session.add(AssetCheck(asset_id=asset_id, checked_at=utcnow(), checked_by_id=owner_id, reminders_sent=0))
        db.session.commit()
    assert _remind_at(app, 0) == {}
    assert mailbox.to("organiser@example.org") == []


def test_remind_command_for_cron(app: Flask, mailbox: Mailbox) -> None:
    with app.app_context():
        group_with_organiser()
    result = app.test_cli_runner().invoke(args=["abcd", "upkeep", "remind"])
    assert "Reminded about 1 record(s) (step 1: 1); 1 email(s) sent." in result.output, result.output
    assert len(mailbox.wait_for("organiser@example.org")) == 1
    again = app.test_cli_runner().invoke(args=["abcd", "upkeep", "remind"])
    assert "Reminded about 0 record(s)" in again.output


def test_the_one_click_link_shows_a_page_and_only_its_form_records_the_check(app: Flask, mailbox: Mailbox) -> None:
    with app.app_context():
        asset_id, owner_id = group_with_organiser()
    _remind_at(app, 0)
    link = urlsplit(link_in(mailbox.wait_for("organiser@example.org")[0], "/upkeep/still-correct/"))
    client = app.test_client()

    page = client.get(link.path)
    assert page.status_code == 200
    assert "Is this record still correct?" in page.get_data(as_text=True)
    with app.app_context():
        check = db.session.get(AssetCheck, asset_id)
        assert check is not None
        assert check.checked_at is None, "a GET never records anything"

    done = submit(client, page, button="Yes, it is still correct")
    assert "marked as checked" in done.get_data(as_text=True)
    with app.app_context():
        check = db.session.get(AssetCheck, asset_id)
        assert check is not None
        assert check.checked_at is not None
        assert check.checked_by_id == owner_id
        assert check.checked_how == "link"
        assert check.reminders_sent == 0  # the next cycle starts from the first reminder
    assert _remind_at(app, 20) == {}


def test_the_link_needs_the_forms_csrf_token(make_app: object, app: Flask, mailbox: Mailbox) -> None:
    with app.app_context():
        asset_id, _owner = group_with_organiser()
    _remind_at(app, 0)
    path = urlsplit(link_in(mailbox.wait_for("organiser@example.org")[0], "/upkeep/still-correct/")).path
    guarded = make_app(WTF_CSRF_ENABLED=True)  # type: ignore[operator]
    assert guarded.test_client().post(path).status_code == 400
    with guarded.app_context():
        check = db.session.get(AssetCheck, asset_id)
        assert check is not None
        assert check.checked_at is None


def test_a_forged_or_foreign_link_does_not_work(app: Flask, client: object, mailbox: Mailbox) -> None:
    with app.app_context():
        group_with_organiser()
    response = app.test_client().get("/upkeep/still-correct/forged-token")
    assert response.status_code == 404
    assert "This link no longer works" in response.get_data(as_text=True)
