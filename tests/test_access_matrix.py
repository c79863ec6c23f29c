"""Every route by every role: the login gate, authority boundaries and admin-only pages.

A route added without an entry here fails ``test_every_route_is_in_the_matrix``.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from abcd.extensions import db
from abcd.maps.vendor import own_scripts
from tests import factories
from tests.conftest import MATRIX_JOIN_CODE, World, login
from tests.factories import Cast

ROLES = ("anonymous", "resident", "officer_cardiff", "officer_newport", "admin")
LOGIN = 302  # anonymous visitors are sent to sign in
# Routes whose 302 for an anonymous visitor is not the login gate: signing out, and a workshop's capture
# pages, which send someone who has not joined that session (no account needed) to its join page.
REDIRECT_ELSEWHERE = frozenset({"auth.logout", "workshops.capture", "workshops.contribute"})


def _everyone(code: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, code)


def _signed_in(code: int, denied: int = 403, allowed: tuple[str, ...] = ROLES[1:]) -> dict[str, int]:
    return {role: LOGIN if role == "anonymous" else (code if role in allowed else denied) for role in ROLES}


def _only_own() -> dict[str, int]:
    """Routes about one's own profile: only the resident here has one; others are told it is not found."""
    return _signed_in(302, denied=404, allowed=("resident",))


STAFF = ("officer_cardiff", "officer_newport", "admin")
NO_SUCH_UUID = "00000000-0000-4000-8000-000000000000"
CARDIFF_STAFF = ("officer_cardiff", "admin")

# (endpoint, method, url template, expected status per role)
MATRIX: list[tuple[str, str, str, dict[str, int]]] = [
    ("main.index", "GET", "/", _everyone(200)),
    ("main.data_sources", "GET", "/about/data", _everyone(200)),
    ("ops.health", "GET", "/health", _everyone(200)),
    ("ops.ready", "GET", "/ready", _everyone(200)),
    ("ops.prometheus_metrics", "GET", "/metrics", _everyone(200)),  # the test client is this machine
    ("main.accessibility_statement", "GET", "/about/accessibility", _everyone(200)),
    ("main.welsh_language_statement", "GET", "/about/welsh-language", _everyone(200)),
    ("main.privacy_notice", "GET", "/about/privacy", _everyone(200)),
    ("assets.missing_welsh", "GET", "/assets/welsh", _signed_in(200, allowed=STAFF)),
    ("areas.index", "GET", "/areas/", _everyone(200)),
    ("auth.login", "GET", "/auth/login", _everyone(200)),
    ("auth.register", "GET", "/auth/register", _everyone(200)),
    ("auth.forgot_password", "GET", "/auth/forgot", _everyone(200)),
    ("auth.forgot_password", "POST", "/auth/forgot", _everyone(200)),  # no address given: told so, same page
    ("auth.reset_password", "GET", "/auth/reset/not-a-token", _everyone(200)),  # "this link no longer works"
    ("auth.verify_email", "GET", "/auth/verify/not-a-token", _everyone(200)),
    ("auth.email_settings", "GET", "/auth/email", _signed_in(200)),
    ("auth.resend_verification", "POST", "/auth/verify/resend", _signed_in(302)),
    ("assets.directory", "GET", "/assets/", _everyone(200)),
    ("assets.detail", "GET", "/assets/{published}", _everyone(200)),
    (
        "assets.detail",
        "GET",
        "/assets/{pending}",
        {"anonymous": 404, "resident": 200, "officer_cardiff": 200, "officer_newport": 404, "admin": 200},
    ),
    ("history.index", "GET", "/assets/{published}/history", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("history.compare", "GET", "/assets/{published}/history/compare?a=1&b=1", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("history.restore", "GET", "/assets/{published}/history/1/restore", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("history.restore", "POST", "/assets/{published}/history/1/restore", _signed_in(302, allowed=CARDIFF_STAFF)),
    ("assets.create", "GET", "/assets/new", _signed_in(200)),
    ("assets.edit", "GET", "/assets/{published}/edit", _signed_in(200, allowed=CARDIFF_STAFF)),
    (
        "assets.change_status",
        "POST",
        "/assets/{published}/status",
        _signed_in(302, allowed=CARDIFF_STAFF),
    ),
    # Before the review routes below approve the pending suggestion: a link never starts from an unpublished record.
    ("links.new", "GET", "/links/new?from=asset:{pending}", _signed_in(404, denied=404)),
    ("upkeep.report", "GET", "/upkeep/assets/{pending}/report", _everyone(404)),
    ("review.queue", "GET", "/review/", _signed_in(200, allowed=STAFF)),
    ("review.queue", "GET", "/review/?ward=nonsense&kind=x&age=-1", _signed_in(200, allowed=STAFF)),
    ("review.detail", "GET", "/review/{change}", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("review.detail", "GET", "/review/999999", _signed_in(404, allowed=STAFF)),
    ("review.reject", "POST", "/review/{change}/reject", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("review.approve", "POST", "/review/{change}/approve", _signed_in(302, allowed=CARDIFF_STAFF)),
    ("review.approve", "POST", "/review/999999/approve", _signed_in(404, allowed=STAFF)),
    ("review.approve_batch", "POST", "/review/approve", _signed_in(302, allowed=STAFF)),
    ("officer.home", "GET", "/officer/", _signed_in(200, allowed=STAFF)),
    ("jobs.index", "GET", "/officer/jobs/", _signed_in(200, allowed=STAFF)),
    ("jobs.retry", "POST", "/officer/jobs/no-such-job/retry", _signed_in(404, allowed=STAFF)),  # no Redis here
    ("notices.inbox", "GET", "/notices/", _signed_in(200)),
    ("changes.mine", "GET", "/changes/mine", _signed_in(200)),
    # Anyone signed in may ask to manage a record, except the officers who curate it (Cardiff's, and admins).
    (
        "managers.claim",
        "GET",
        "/managers/assets/{published}/claim",
        _signed_in(200, allowed=("resident", "officer_newport")),
    ),
    ("managers.mine", "GET", "/managers/mine", _signed_in(200)),
    ("managers.queue", "GET", "/managers/claims", _signed_in(200, allowed=STAFF)),
    ("managers.decide", "GET", "/managers/claims/424242", _signed_in(404, denied=404)),
    ("managers.step_down", "POST", "/managers/424242/step-down", _signed_in(404, denied=404)),
    ("managers.remove", "POST", "/managers/424242/remove", _signed_in(404, denied=404)),
    ("managers.of_asset", "GET", "/managers/assets/{published}", _signed_in(200)),
    ("managers.propose", "GET", "/managers/assets/{published}/edit", _signed_in(403, allowed=())),
    ("assets.request_archive", "POST", "/assets/{published}/archive-request", _signed_in(403, allowed=())),
    ("notices.mark_read", "POST", "/notices/read", _signed_in(302)),
    ("maps.index", "GET", "/maps/", _everyone(200)),
    ("maps.strengths", "GET", "/maps/strengths", _everyone(200)),
    ("maps.embed", "GET", "/maps/embed", _everyone(200)),
    ("maps.script", "GET", "/maps/script/assets.js", _everyone(200)),
    ("maps.asset_data", "GET", "/maps/assets.geojson", _everyone(200)),
    ("maps.cluster_data", "GET", "/maps/clusters.json?zoom=10", _everyone(200)),
    ("maps.people_data", "GET", "/maps/people.geojson", _everyone(200)),
    ("maps.ward_data", "GET", "/maps/wards.geojson", _everyone(200)),
    ("maps.vendor_file", "GET", "/maps/vendor/leaflet-1.9.3/leaflet.js", _everyone(200)),
    ("maps.outline_data", "GET", "/maps/outlines.geojson?zoom=10", _everyone(200)),
    ("maps.own_script", "GET", f"/maps/js/{own_scripts()[0]}/core.js", _everyone(200)),
    ("maps.locate", "GET", "/maps/locate?lat=51.48&lon=-3.18", _signed_in(200)),
    ("admin.users", "GET", "/admin/users", _signed_in(200, allowed=("admin",))),
    ("admin.edit_user", "GET", "/admin/users/{resident_id}", _signed_in(200, allowed=("admin",))),
    ("people.skills_directory", "GET", "/people/skills", _everyone(200)),
    ("people.skills_json", "GET", "/people/skills.json", _everyone(200)),
    ("people.person_page", "GET", "/people/{public_person}", _everyone(200)),
    ("people.contact", "GET", "/people/{public_person}/contact", _signed_in(200)),
    ("people.export_csv", "GET", "/people/export.csv", _signed_in(200, allowed=STAFF)),
    ("people.record_person", "GET", "/people/record", _signed_in(200, allowed=STAFF)),
    ("people.confirm", "GET", "/people/confirm/{token}", _everyone(200)),
    ("people.confirm", "GET", "/people/confirm/not-a-token", _everyone(404)),
    ("people.confirm_decline", "POST", "/people/confirm/not-a-token/decline", _everyone(404)),
    ("people.manage", "GET", "/people/manage/not-a-token", _everyone(404)),
    ("people.manage_action", "POST", "/people/manage/not-a-token/act", _everyone(404)),
    ("people.manage_data", "GET", "/people/manage/not-a-token/data.json", _everyone(404)),
    ("people.review_skills", "GET", "/people/skills/review", _signed_in(200, allowed=STAFF)),
    ("people.review_skill", "POST", "/people/skills/{proposed}/review", _signed_in(302, allowed=STAFF)),
    ("people.profile", "GET", "/people/me", _signed_in(200)),
    ("people.my_skills", "GET", "/people/me/skills", _signed_in(302, denied=302) | {"resident": 200}),
    ("people.my_data", "GET", "/people/me/data", _signed_in(200)),
    ("people.my_data_json", "GET", "/people/me/data.json", _signed_in(200)),
    ("people.my_data_zip", "GET", "/people/me/data.zip", _signed_in(200)),
    ("people.messages", "GET", "/people/me/messages", _signed_in(200)),
    ("people.erase", "GET", "/people/me/erase", _signed_in(200)),
    ("people.skill_visibility", "POST", "/people/me/skills/{my_skill}/visibility", _only_own()),
    ("people.propose_skill", "POST", "/people/me/skills/propose", _only_own()),
    ("people.withdraw", "POST", "/people/me/withdraw", _only_own()),
    ("people.give_consent", "POST", "/people/me/consent", _only_own()),
    ("people.remove_skill", "POST", "/people/me/skills/{my_skill}/delete", _only_own()),
    ("people.consent_groups", "GET", "/people/me/consent/groups", _signed_in(200)),
    # Only one's own membership waiting for consent: none is waiting here, so not found for everyone.
    ("people.give_group_consent", "POST", "/people/me/consent/groups/0", _signed_in(404, denied=404)),
    ("people.leave_waiting_group", "POST", "/people/me/consent/groups/0/leave", _signed_in(404, denied=404)),
    ("groups.group", "GET", "/groups/{group}", _everyone(200)),
    ("groups.join", "POST", "/groups/{group}/join", _everyone(302)),
    ("groups.leave", "POST", "/groups/{group}/leave", _everyone(302)),
    ("groups.approve", "POST", "/groups/{group}/approve", _signed_in(302, allowed=CARDIFF_STAFF)),
    ("groups.add_meeting_place", "POST", "/groups/{group}/meets-at", _signed_in(302, allowed=CARDIFF_STAFF)),
    ("groups.reject", "POST", "/groups/{group}/reject", _signed_in(302, allowed=CARDIFF_STAFF)),
    ("links.new", "GET", "/links/new?from=asset:{published}", _signed_in(200)),
    ("links.new", "GET", "/links/new?from=asset:{published}&relation=partners_with%3E&q=Matrix", _signed_in(200)),
    # Nobody here may link the public person: they have no ward, so only an admin acts for them.
    ("links.new", "GET", "/links/new?from=person:{public_person}", _signed_in(200, allowed=("admin",))),
    ("links.create", "POST", "/links/new?from=asset:{published}", _signed_in(400)),  # nothing chosen: told so
    ("network.index", "GET", "/network/", _signed_in(200)),
    ("network.graph_json", "GET", "/network/graph.json", _signed_in(200)),
    ("network.vendor", "GET", "/network/vendor/sigma.min.js", _everyone(200)),
    ("network.strengths", "GET", "/network/strengths", _signed_in(200)),
    ("network.paths", "GET", "/network/paths", _signed_in(200)),
    ("partners.index", "GET", "/partners/", _signed_in(200)),
    ("partners.offers", "GET", "/partners/assets/{published}/offers", _signed_in(200)),
    ("partners.offers", "POST", "/partners/assets/{published}/offers", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("partners.edit_offer", "GET", "/partners/offers/{offer}/edit", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("partners.partners", "GET", "/partners/assets/{published}/partners", _signed_in(200)),
    ("partners.venues", "GET", "/partners/venues", _signed_in(200)),
    ("partners.shortlist", "GET", "/partners/assets/{published}/shortlist", _signed_in(200)),
    ("partners.shortlist", "POST", "/partners/assets/{published}/shortlist", _signed_in(302)),
    ("partners.shortlist_csv", "GET", "/partners/assets/{published}/shortlist.csv", _signed_in(200)),
    ("partners.delete_offer", "POST", "/partners/offers/{offer}/delete", _signed_in(302, allowed=CARDIFF_STAFF)),
    # After people.confirm above: a new link replaces the old. Recorded without a ward by nobody: only an admin acts.
    (
        "people.reissue_confirmation",
        "POST",
        "/people/{recorded}/confirmation-link",
        {"anonymous": LOGIN, "resident": 404, "officer_cardiff": 403, "officer_newport": 403, "admin": 200},
    ),
    ("duplicates.index", "GET", "/duplicates/", _signed_in(200, allowed=STAFF)),
    ("duplicates.check", "GET", "/duplicates/check.json?name_en=Matrix+Choir", _signed_in(200)),
    ("duplicates.merge", "GET", "/duplicates/merge/{published}/{group}", _signed_in(200, allowed=CARDIFF_STAFF)),
    # Posted without the versions the page shows: refused as changed since, the page shown again.
    ("duplicates.merge", "POST", "/duplicates/merge/{published}/{group}", _signed_in(200, allowed=CARDIFF_STAFF)),
    (
        "duplicates.dismiss",
        "POST",
        "/duplicates/{published}/{group}/not-duplicate",
        _signed_in(302, allowed=CARDIFF_STAFF),
    ),
    ("duplicates.merge_record", "GET", "/duplicates/merges/999999", _signed_in(404, allowed=STAFF)),
    ("duplicates.unmerge", "POST", "/duplicates/merges/999999/undo", _signed_in(404, allowed=STAFF)),
    ("imports.index", "GET", "/imports/", _signed_in(200, allowed=STAFF)),
    ("imports.index", "POST", "/imports/", _signed_in(200, allowed=STAFF)),  # no file: told so, same page
    ("imports.columns", "GET", "/imports/999999/columns", _signed_in(404, allowed=STAFF)),
    ("imports.batch", "GET", "/imports/999999", _signed_in(404, allowed=STAFF)),
    ("imports.confirm", "POST", "/imports/999999/confirm", _signed_in(404, allowed=STAFF)),
    ("imports.replace", "POST", "/imports/999999/file", _signed_in(404, allowed=STAFF)),
    ("imports.errors", "GET", "/imports/999999/errors", _signed_in(404, allowed=STAFF)),
    ("imports.undo", "POST", "/imports/999999/undo", _signed_in(404, allowed=STAFF)),
    ("imports.export", "GET", "/imports/export/assets.csv", _everyone(200)),
    ("imports.export", "GET", "/imports/export/assets.pdf", _everyone(404)),
    ("upkeep.still_correct", "GET", "/upkeep/still-correct/not-a-token", _everyone(404)),
    ("upkeep.still_correct", "POST", "/upkeep/still-correct/not-a-token", _everyone(404)),
    ("upkeep.index", "GET", "/upkeep/", _signed_in(200, allowed=STAFF)),
    ("upkeep.bulk_confirm", "POST", "/upkeep/confirm", _signed_in(302, allowed=STAFF)),  # nothing ticked: told so
    ("upkeep.report", "GET", "/upkeep/assets/{published}/report", _everyone(200)),
    ("upkeep.report", "POST", "/upkeep/assets/{published}/report", _everyone(200)),  # no reason: asked for one
    ("upkeep.resolve", "POST", "/upkeep/reports/999999/resolve", _signed_in(404, allowed=STAFF)),
    # Open data: public to everyone, the same answer whoever asks (organisational records only).
    ("api.assets", "GET", "/api/v1/assets", _everyone(200)),
    ("api.assets", "GET", "/api/v1/assets?page=0", _everyone(400)),
    ("api.asset", "GET", f"/api/v1/assets/{NO_SUCH_UUID}", _everyone(404)),
    ("api.areas", "GET", "/api/v1/areas", _everyone(200)),
    ("api.area", "GET", "/api/v1/areas/W06000015", _everyone(200)),
    ("api.wards", "GET", "/api/v1/wards?authority=W06000015", _everyone(200)),
    ("api.ward", "GET", "/api/v1/wards/W05999999", _everyone(404)),
    ("api.themes", "GET", "/api/v1/themes", _everyone(200)),
    ("api.ward_strengths", "GET", "/api/v1/strengths/wards", _everyone(200)),
    ("api.authority_strengths", "GET", "/api/v1/strengths/authorities", _everyone(200)),
    ("api_docs.openapi_json", "GET", "/api/v1/openapi.json", _everyone(200)),
    ("api_docs.docs", "GET", "/api/v1/docs", _everyone(200)),
    ("open_data.index", "GET", "/open-data/", _everyone(200)),
    ("open_data.assets_geojson", "GET", "/open-data/assets.geojson", _everyone(200)),
    ("open_data.assets_csv", "GET", "/open-data/assets.csv", _everyone(200)),
    ("open_data.assets_csv_metadata", "GET", "/open-data/assets.csv-metadata.json", _everyone(200)),
    ("openreferral.index", "GET", "/openreferral/", _everyone(200)),
    ("openreferral.services", "GET", "/openreferral/services", _everyone(200)),
    ("openreferral.service", "GET", f"/openreferral/services/{NO_SUCH_UUID}", _everyone(404)),
    ("openreferral.service_at_locations", "GET", "/openreferral/service_at_locations", _everyone(200)),
    ("openreferral.service_at_location", "GET", f"/openreferral/service_at_locations/{NO_SUCH_UUID}", _everyone(404)),
    ("openreferral.organizations", "GET", "/openreferral/organizations", _everyone(200)),
    ("openreferral.organization", "GET", f"/openreferral/organizations/{NO_SUCH_UUID}", _everyone(404)),
    ("openreferral.taxonomies", "GET", "/openreferral/taxonomies", _everyone(200)),
    ("openreferral.taxonomy", "GET", f"/openreferral/taxonomies/{NO_SUCH_UUID}", _everyone(404)),
    ("openreferral.taxonomy_terms", "GET", "/openreferral/taxonomy_terms", _everyone(200)),
    ("openreferral.taxonomy_term", "GET", f"/openreferral/taxonomy_terms/{NO_SUCH_UUID}", _everyone(404)),
    ("workshops.index", "GET", "/workshops/", _signed_in(200, allowed=STAFF)),
    ("workshops.create", "GET", "/workshops/new", _signed_in(200, allowed=STAFF)),
    ("workshops.create", "POST", "/workshops/new", _signed_in(200, allowed=STAFF)),  # nothing given: told so
    ("workshops.console", "GET", "/workshops/{workshop}", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("workshops.console", "GET", "/workshops/999999", _signed_in(404, denied=404)),
    ("workshops.change_state", "POST", "/workshops/{workshop}/state", _signed_in(302, allowed=CARDIFF_STAFF)),
    (
        "workshops.accept",
        "POST",
        "/workshops/{workshop}/contributions/999999/accept",
        _signed_in(404, allowed=CARDIFF_STAFF),
    ),
    (
        "workshops.hide",
        "POST",
        "/workshops/{workshop}/contributions/999999/hide",
        _signed_in(404, allowed=CARDIFF_STAFF),
    ),
    ("workshops.screen", "GET", "/workshops/{workshop}/screen", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("workshops.screen_data", "GET", "/workshops/{workshop}/screen.json", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("workshops.export", "GET", "/workshops/{workshop}/export.csv", _signed_in(200, allowed=CARDIFF_STAFF)),
    (
        "workshops.export_geojson",
        "GET",
        "/workshops/{workshop}/export.geojson",
        _signed_in(200, allowed=CARDIFF_STAFF),
    ),
    ("workshops.paper_form", "GET", "/workshops/{workshop}/sheet", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("workshops.print_pack", "GET", "/workshops/{workshop}/print", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("workshops.print_pack", "GET", "/workshops/{workshop}/print?paper=a3", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("workshops.paper_sheet", "GET", "/workshops/{workshop}/paper", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("workshops.paper_sheet", "POST", "/workshops/{workshop}/paper", _signed_in(200, allowed=CARDIFF_STAFF)),
    ("workshops.paper_capture", "GET", "/workshops/{workshop}/paper/999999", _signed_in(404, allowed=CARDIFF_STAFF)),
    (
        "workshops.paper_contribute",
        "POST",
        "/workshops/{workshop}/paper/999999/place",
        _signed_in(404, allowed=CARDIFF_STAFF),
    ),
    # Participants need no account: the join pages are everyone's, and capture is bound to the joined session.
    ("workshops.join_start", "GET", "/join", _everyone(200)),
    ("workshops.join_start", "GET", "/join?code=NOSUCH", _everyone(200)),  # told no workshop has that code
    ("workshops.join", "GET", "/join/" + MATRIX_JOIN_CODE, _everyone(200)),
    ("workshops.join", "POST", "/join/" + MATRIX_JOIN_CODE, _everyone(200)),  # no answers: asked for them
    ("workshops.join", "GET", "/join/NOSUCH", _everyone(404)),
    ("workshops.capture", "GET", f"/join/{MATRIX_JOIN_CODE}/add", _everyone(302)),  # not joined: to the join page
    ("workshops.contribute", "POST", f"/join/{MATRIX_JOIN_CODE}/add/place", _everyone(302)),
    ("workshops.contribute", "POST", f"/join/{MATRIX_JOIN_CODE}/add/nonsense", _everyone(404)),
    # The link form's search box: published records only (people never), so anyone may ask.
    ("workshops.link_ends", "GET", f"/join/{MATRIX_JOIN_CODE}/ends?relation=meets_at&side=to&q=hall", _everyone(200)),
    ("workshops.link_ends", "GET", "/join/NOSUCH/ends", _everyone(200)),  # an empty list
    ("auth.logout", "POST", "/auth/logout", _everyone(302)),  # last: it ends the session
]


def _url(template: str, world: World) -> str:
    return template.format(token=world.token, **world.ids)


def _client_as(app: Flask, role: str, cast: Cast) -> FlaskClient:
    client = app.test_client()
    if role != "anonymous":
        login(client, getattr(cast, role))
    return client


def test_every_route_is_in_the_matrix(app: Flask) -> None:
    covered = {endpoint for endpoint, *_ in MATRIX}
    routes = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert routes - covered == set(), "add the new routes to MATRIX"


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(app: Flask, world: World, role: str) -> None:
    client = _client_as(app, role, world.cast)
    failures = []
    for endpoint, method, template, expected in MATRIX:
        url = _url(template, world)
        data = {"status": "published", "version": "1"} if method == "POST" else None
        response = client.open(url, method=method, data=data)
        if response.status_code != expected[role]:
            failures.append(f"{method} {url} ({endpoint}): {response.status_code}, expected {expected[role]}")
        if role == "anonymous" and expected[role] == LOGIN and endpoint not in REDIRECT_ELSEWHERE:
            assert "/auth/login" in response.headers["Location"]
    assert failures == []


def test_post_only_routes_refuse_get(client: FlaskClient) -> None:
    assert client.get("/auth/logout").status_code == 405


def test_unpublished_asset_is_not_leaked_in_directory(client: FlaskClient, world: World, app: Flask) -> None:
    with app.app_context():
        pending = db.session.get(factories.Asset, world.ids["pending"])
        assert pending is not None
        name = pending.name_en
    assert name not in client.get("/assets/").get_data(as_text=True)
