"""A long lane stays usable: the console shows the oldest waiting items only (each place's duplicate check is a
query) and says how many more wait; the "more have arrived" news compares against the whole lane."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa
from flask import Flask

from abcd.auth.models import User
from abcd.extensions import db
from abcd.models_base import Visibility
from abcd.workshops import services
from abcd.workshops.models import ContributionKind, WorkshopState
from abcd.workshops.views import LANE_SHOWN
from tests.conftest import login
from tests.factories import CARDIFF, Cast


def test_the_console_shows_the_oldest_waiting_and_says_how_many_more(app: Flask, people: Cast) -> None:
    with app.app_context():
        officer = db.session.scalar(sa.select(User).where(User.email == people.officer_cardiff))
        assert officer is not None
        data = services.WorkshopInput(title="Busy room", held_on=date(2027, 3, 14), la_code=CARDIFF)
        workshop = services.create_workshop(data, officer)
        services.set_state(workshop, WorkshopState.OPEN)
        joined = services.JoinInput(old_enough=True, display_name=None, may_keep=False, audience=Visibility.PUBLIC)
        participant = services.join(workshop, joined)
        for n in range(LANE_SHOWN + 5):
            services.contribute(workshop, participant, ContributionKind.STORY, {"text": f"Story number {n:02d}"})
        db.session.commit()
        workshop_id = workshop.workshop_id
        db.session.remove()
    client = app.test_client()
    login(client, people.officer_cardiff)

    page = client.get(f"/workshops/{workshop_id}").get_data(as_text=True)

    shown = re.findall(r"Story number (\d\d)", page)
    assert sorted(set(shown)) == [f"{n:02d}" for n in range(LANE_SHOWN)]  # the oldest, none of the newest five
    assert f"Showing the oldest {LANE_SHOWN} of {LANE_SHOWN + 5} waiting." in page
    assert f'data-waiting="{LANE_SHOWN + 5}"' in page
