"""No personal data anywhere in open data: a resident who shares everything publicly, is a member of a
published group and has a contact email, and the private contact on a group's record, appear in no answer
of the open API, the Open Referral feed or the downloads, whatever is asked."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility
from abcd.openreferral import ids
from tests import factories
from tests.open_data import PRIVATE_EMAIL, PRIVATE_NAME, PRIVATE_PHONE, OpenData

RESIDENT, RESIDENT_EMAIL, SKILL = "Myfanwy Resident", "myfanwy.resident@example.org", "Harp mending"


def test_no_resident_or_contact_appears_in_any_open_data(app: Flask, client: FlaskClient, open_data: OpenData) -> None:
    with app.app_context():
        skill = factories.make_skill(SKILL)
        person = factories.make_person(
            Visibility.PUBLIC, skills=[skill], display_name=RESIDENT, contact_email=RESIDENT_EMAIL
        )
        db.session.add(
            Link(link_type=LinkType.MEMBER_OF, source_person_id=person.person_id,
                 target_asset_id=open_data.choir_id, visibility=Visibility.PUBLIC)
        )  # fmt: skip
        db.session.commit()
    urls = [
        "/api/v1/assets?per_page=200",
        f"/api/v1/assets/{open_data.choir}",
        "/api/v1/strengths/wards",
        "/api/v1/strengths/authorities",
        "/api/v1/openapi.json",
        "/api/v1/docs",
        "/openreferral/services?per_page=200",
        f"/openreferral/services/{open_data.choir}",
        "/openreferral/service_at_locations?per_page=200",
        f"/openreferral/organizations/{ids.masked(open_data.choir, ids.ORGANIZATION)}",
        "/openreferral/organizations?per_page=200",
        "/openreferral/taxonomy_terms",
        "/open-data/assets.geojson",
        "/open-data/assets.csv",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        for private in (RESIDENT, RESIDENT_EMAIL, SKILL, PRIVATE_NAME, PRIVATE_EMAIL, PRIVATE_PHONE, "member_of"):
            assert private not in text, f"{private} in {url}"
