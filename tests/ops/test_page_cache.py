"""The whole-page cache for visitors who are not signed in: kept pages are served again with the headers a
fresh one has, a write shows at once (in this process and in another sharing Redis), and nothing personal,
signed-in, flashed or carrying a form token is ever kept or handed to someone else."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from flask import Flask, flash, make_response, render_template_string
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from abcd.extensions import db
from abcd.links.models import LinkType
from abcd.managers.models import AssetManager, ClaimStatus
from abcd.models_base import Visibility
from abcd.pagecache import shared_page
from abcd.pagecache.hooks import PageCache, page_cache
from abcd.security import public
from tests import factories
from tests.conftest import REPO
from tests.factories import PASSWORD, Cast
from tests.network.builders import MEMBERS, join, make_person
from tests.rendered_forms import rendered_form, submit

GZIP = {"Accept-Encoding": "gzip", "Accept-Language": "en-GB"}
PER_ANSWER = {"X-Request-ID", "Date", "Set-Cookie"}


@pytest.fixture
def cached(make_app: Callable[..., Flask]) -> Flask:
    """An app with the page cache in this process and real form tokens, as in production."""
    return make_app(PAGE_CACHE=True, WTF_CSRF_ENABLED=True)


@pytest.fixture
def hall(app: Flask) -> int:
    with app.app_context():
        asset = factories.make_asset(name_en="Splott Community Hall", name_cy="Neuadd Gymunedol Sblot")
        asset_id = asset.asset_id
        db.session.remove()
    return asset_id


def _cache(app: Flask) -> PageCache:
    found = page_cache(app)
    assert found is not None
    return found


def _sign_in(client: FlaskClient, email: str) -> None:
    page = client.get("/auth/login")
    response = submit(client, page, action="/auth/login", button="Sign in", fill={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def _rename(client: FlaskClient, asset_id: int, name: str) -> None:
    """An officer renames the asset through the edit form as it is rendered (with its form token)."""
    page = client.get(f"/assets/{asset_id}/edit")
    assert page.status_code == 200
    response = submit(client, page, action=f"/assets/{asset_id}/edit", button="Save", fill={"name_en": name})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def _headers(response: TestResponse | requests.Response) -> dict[str, str]:
    return {name: value for name, value in response.headers.items() if name not in PER_ANSWER}


def test_an_anonymous_asset_page_is_kept_and_served_again_with_the_same_headers(cached: Flask, hall: int) -> None:
    fresh = cached.test_client().get(f"/assets/{hall}", headers=GZIP)
    assert fresh.status_code == 200
    assert _cache(cached).counts == {"hit": 0, "miss": 1, "kept": 1}
    assert "Set-Cookie" not in fresh.headers  # a first-time visitor gets no session (and no form token)
    again = cached.test_client().get(f"/assets/{hall}", headers=GZIP)
    assert _cache(cached).counts == {"hit": 1, "miss": 1, "kept": 1}
    assert again.get_data() == fresh.get_data()
    assert "Splott Community Hall" in gzip.decompress(again.get_data()).decode()
    assert _headers(again) == _headers(fresh)
    assert again.headers["Content-Encoding"] == "gzip"
    assert again.headers["Content-Security-Policy"] == fresh.headers["Content-Security-Policy"]
    assert set(again.vary) >= {"Cookie", "Accept-Language", "Accept-Encoding"}
    assert again.headers["X-Request-ID"]
    assert again.headers["X-Request-ID"] != fresh.headers["X-Request-ID"]
    plain = cached.test_client().get(f"/assets/{hall}", headers={"Accept-Language": "en-GB"})
    assert "Content-Encoding" not in plain.headers
    assert "Splott Community Hall" in plain.get_data(as_text=True)
    assert _cache(cached).counts["hit"] == 2


def test_each_language_and_query_is_its_own_page(cached: Flask, hall: int) -> None:
    client = cached.test_client()
    english = client.get(f"/assets/{hall}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    welsh = client.get(f"/assets/{hall}", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert 'lang="en"' in english
    assert "Splott Community Hall" in english
    assert 'lang="cy"' in welsh
    assert "Neuadd Gymunedol Sblot" in welsh
    chosen = cached.test_client().get(f"/assets/{hall}?lang=cy", headers={"Accept-Language": "en"})
    assert "Neuadd Gymunedol Sblot" in chosen.get_data(as_text=True)
    assert chosen.headers["Set-Cookie"].startswith("lang=cy")  # the choice is remembered, hit or not
    assert client.get(f"/assets/{hall}", headers={"Accept-Language": "cy"}).get_data(as_text=True) == welsh
    # Same parameters in another order: the same page.
    first = client.get("/assets/?kind=place&q=hall").get_data(as_text=True)
    hits = _cache(cached).counts["hit"]
    assert client.get("/assets/?q=hall&kind=place").get_data(as_text=True) == first
    assert _cache(cached).counts["hit"] == hits + 1


def test_an_officers_edit_shows_to_anonymous_readers_at_once(cached: Flask, hall: int, people: Cast) -> None:
    reader = cached.test_client()
    assert "Splott Community Hall" in reader.get(f"/assets/{hall}").get_data(as_text=True)
    assert "Splott Community Hall" in reader.get("/assets/").get_data(as_text=True)
    officer = cached.test_client()
    _sign_in(officer, people.officer_cardiff)
    _rename(officer, hall, "Splott Hall and Garden")
    page = reader.get(f"/assets/{hall}").get_data(as_text=True)
    assert "Splott Hall and Garden" in page
    assert "Splott Community Hall" not in page
    assert "Splott Hall and Garden" in reader.get("/assets/").get_data(as_text=True)


def test_members_only_people_never_reach_the_anonymous_page(cached: Flask, hall: int, people: Cast) -> None:
    with cached.app_context():
        join(make_person("Gwen Members-Only"), hall, visibility=MEMBERS, link_type=LinkType.HELPS)
        db.session.remove()
    anonymous = cached.test_client()
    for _ in range(2):
        assert "Gwen Members-Only" not in anonymous.get(f"/assets/{hall}").get_data(as_text=True)
    assert _cache(cached).counts["hit"] == 1
    member = cached.test_client()
    _sign_in(member, people.resident)
    hits = _cache(cached).counts
    seen = member.get(f"/assets/{hall}")
    assert "Gwen Members-Only" in seen.get_data(as_text=True)
    assert seen.headers["Cache-Control"] == "private, no-store"
    assert _cache(cached).counts == hits  # neither looked up nor kept
    assert "Gwen Members-Only" not in cached.test_client().get(f"/assets/{hall}").get_data(as_text=True)


def test_a_flashed_message_is_shown_to_its_visitor_only(cached: Flask, hall: int) -> None:
    visitor = cached.test_client()
    visitor.get(f"/assets/{hall}")  # kept
    with visitor.session_transaction() as session:
        session["_flashes"] = [("info", "Thanks for your report")]
    assert "Thanks for your report" in visitor.get(f"/assets/{hall}").get_data(as_text=True)
    assert "Thanks for your report" not in cached.test_client().get(f"/assets/{hall}").get_data(as_text=True)
    assert _cache(cached).counts["hit"] == 1


def test_pages_with_a_form_token_a_cookie_a_flash_or_an_error_are_never_kept(make_app: Callable[..., Flask]) -> None:
    app = make_app(PAGE_CACHE=True, WTF_CSRF_ENABLED=True)

    @public
    @shared_page
    def token_page() -> str:
        return render_template_string("<!doctype html><title>t</title><p>{{ csrf_token() }}</p>")

    @public
    @shared_page
    def cookie_page() -> object:
        response = make_response("<!doctype html><title>c</title><p>cookie</p>")
        response.set_cookie("seen", "1")
        return response

    @public
    @shared_page
    def flash_page() -> str:
        flash("Saved")
        return "<!doctype html><title>f</title><p>flashed</p>"

    @public
    @shared_page
    def missing_page() -> tuple[str, int]:
        return "<!doctype html><title>m</title><p>gone</p>", 404

    for view in (token_page, cookie_page, flash_page, missing_page):
        app.add_url_rule(f"/test-{view.__name__}", view.__name__, view)
    for view in ("token_page", "cookie_page", "flash_page", "missing_page"):
        for _ in range(2):
            app.test_client().get(f"/test-{view}")
    assert _cache(app).counts == {"hit": 0, "miss": 8, "kept": 0}
    first, second = (re.search(r"<p>([^<]+)</p>", app.test_client().get("/test-token_page").get_data(as_text=True))
                     for _ in range(2))  # fmt: skip
    assert first
    assert second
    assert first.group(1) != second.group(1)


def test_hits_and_misses_are_counted_in_the_metrics(cached: Flask, hall: int) -> None:
    def count(result: str) -> float:
        text = cached.test_client().get("/metrics").get_data(as_text=True)
        pattern = rf'^abcd_page_cache_lookups_total\{{result="{result}",route="/assets/<int:asset_id>"\}} (\S+)$'
        found = re.search(pattern, text, re.MULTILINE)
        return float(found.group(1)) if found else 0.0

    hits, misses = count("hit"), count("miss")
    client = cached.test_client()
    client.get(f"/assets/{hall}")
    client.get(f"/assets/{hall}")
    client.get(f"/assets/{hall}")
    assert count("miss") == misses + 1
    assert count("hit") == hits + 2


def test_a_redis_that_is_down_leaves_pages_kept_in_the_process(make_app: Callable[..., Flask], hall: int,
                                                                tmp_path: Path) -> None:  # fmt: skip
    app = make_app(PAGE_CACHE=True, REDIS_URL=f"unix://{tmp_path / 'nothing.sock'}", GRAPH_WAKEUP=False,
                   JOBS_BACKEND="off")  # fmt: skip
    client = app.test_client()
    assert [client.get(f"/assets/{hall}").status_code for _ in range(2)] == [200, 200]
    assert _cache(app).counts == {"hit": 1, "miss": 1, "kept": 1}


@pytest.fixture
def second(app: Flask, database_url: str, redis_url: str) -> Iterator[str]:
    process = subprocess.Popen(  # noqa: S603 -- our own interpreter and module
        [sys.executable, "-m", "tests.ops.page_cache_process", database_url, redis_url],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    with process.stdout:
        try:
            yield f"http://127.0.0.1:{int(process.stdout.readline())}"
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_two_processes_share_pages_on_redis_and_see_each_others_writes(
    make_app: Callable[..., Flask], hall: int, people: Cast, redis_url: str, second: str
) -> None:
    here = make_app(PAGE_CACHE=True, WTF_CSRF_ENABLED=True, REDIS_URL=redis_url, GRAPH_WAKEUP=False)
    with requests.Session() as there:
        fresh = there.get(f"{second}/assets/{hall}", timeout=30)
        assert "Splott Community Hall" in fresh.text
        kept = here.test_client().get(f"/assets/{hall}", base_url=second)  # the same site, asked of this process
        assert _cache(here).counts == {"hit": 1, "miss": 0, "kept": 0}  # kept by the other one
        assert kept.get_data(as_text=True) == fresh.text
        officer = here.test_client()
        _sign_in(officer, people.officer_cardiff)
        assert rendered_form(officer.get(f"/assets/{hall}/edit"), action=f"/assets/{hall}/edit")
        _rename(officer, hall, "Splott Hall and Garden")
        after = there.get(f"{second}/assets/{hall}", timeout=30).text
        assert "Splott Hall and Garden" in after
        assert "Splott Community Hall" not in after


SHARED = ["/", "/assets/", "/assets/?kind=place", "/areas/", "/maps/strengths", "/people/skills"]


@pytest.mark.parametrize("path", SHARED)
def test_every_shared_page_is_kept_for_anonymous_readers(cached: Flask, hall: int, path: str) -> None:
    first = cached.test_client().get(path)
    assert first.status_code == 200
    assert "Set-Cookie" not in first.headers
    again = cached.test_client().get(path)
    assert _cache(cached).counts == {"hit": 1, "miss": 1, "kept": 1}
    assert again.get_data() == first.get_data()


def test_a_manager_hidden_from_the_public_leaves_the_kept_page_at_once(cached: Flask, hall: int, people: Cast) -> None:
    """Who manages a record is not in the graph, but is on the page: its writes still move the feed's head."""
    with cached.app_context():
        manager = AssetManager(
            asset_id=hall, user_id=people.ids["resident"], la_code=factories.CARDIFF, status=ClaimStatus.APPROVED,
            shown_name="Rhian the Caretaker", role="Caretaker", contact="01234 567890", visibility=Visibility.PUBLIC,
        )  # fmt: skip
        db.session.add(manager)
        db.session.commit()
        manager_id = manager.manager_id
        db.session.remove()
    reader = cached.test_client()
    assert "Rhian the Caretaker" in reader.get(f"/assets/{hall}").get_data(as_text=True)
    assert "Rhian the Caretaker" in reader.get(f"/assets/{hall}").get_data(as_text=True)
    assert _cache(cached).counts["hit"] == 1
    with cached.app_context():
        found = db.session.get(AssetManager, manager_id)
        assert found is not None
        found.visibility = Visibility.MEMBERS
        db.session.commit()
        db.session.remove()
    assert "Rhian the Caretaker" not in reader.get(f"/assets/{hall}").get_data(as_text=True)
