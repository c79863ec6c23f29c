"""Consent re-confirmation reminders go before a listing lapses, once, in the person's language."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask

from abcd.extensions import db
from abcd.models_base import utcnow
from abcd.notices.models import Notice
from abcd.people import consent
from abcd.people.models import ConsentRecord, EnteredBy, Person
from tests import factories
from tests.mailserver import Mailbox, link_in


def _lapsing_in(person: Person, days: int) -> None:
    record = consent.record_consent(person, consent.PROFILE, "words", EnteredBy.SELF, None)
    record.reconfirm_by = utcnow() + timedelta(days=days)
    db.session.commit()


def test_remind_command_asks_account_holders_and_recorded_people_once(app: Flask, mailbox: Mailbox) -> None:
    with app.app_context():
        soon = factories.make_user(email="soon@example.org", locale="cy")
        later = factories.make_user(email="later@example.org")
        _lapsing_in(factories.make_person(user_id=soon.user_id), days=10)
        _lapsing_in(factories.make_person(user_id=later.user_id), days=200)
        recorded = factories.make_person(
            entered_by=EnteredBy.OFFICER, confirmed_at=utcnow(), contact_email="rec@example.org"
        )
        _lapsing_in(recorded, days=5)
        recorded_id = recorded.person_id

    runner = app.test_cli_runner()
    result = runner.invoke(args=["abcd", "people", "remind", "--days", "30"])
    assert "Reminded 2 person(s)" in result.output, result.output

    [notice_email] = mailbox.wait_for("soon@example.org")
    assert notice_email["Content-Language"] == "cy"
    [recorded_email] = mailbox.wait_for("rec@example.org")
    manage = link_in(recorded_email, "/people/manage/")
    assert app.test_client().get(urlsplit(manage).path).status_code == 200  # a working way back
    assert mailbox.to("later@example.org") == []
    with app.app_context():
        assert db.session.query(Notice).count() == 1
        assert db.session.query(ConsentRecord).filter(ConsentRecord.reminded_at.is_not(None)).count() == 2
        assert db.session.get(Person, recorded_id) is not None

    again = runner.invoke(args=["abcd", "people", "remind", "--days", "30"])
    assert "Reminded 0 person(s)" in again.output
