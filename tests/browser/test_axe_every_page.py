"""axe-core on every HTML page the access matrix knows, for each role, in English and in Welsh."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import axe_check, describe_violations, sign_in
from tests.conftest import World
from tests.test_access_matrix import MATRIX, ROLES, _url

DOWNLOADS = (".json", ".zip", ".csv", ".geojson")


def html_pages(role: str) -> list[tuple[str, str]]:
    """(endpoint, url template) of every GET page this role may open."""
    return [
        (endpoint, template)
        for endpoint, method, template, expected in MATRIX
        if method == "GET" and expected[role] == 200 and not template.endswith(DOWNLOADS)
    ]


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe(page: Page, world: World, role: str, language: str) -> None:
    if role != "anonymous":
        sign_in(page, getattr(world.cast, role))
    failures = []
    for endpoint, template in html_pages(role):
        url = _url(template, world)
        response = page.goto(f"{url}{'&' if '?' in url else '?'}lang={language}")
        assert response is not None
        if "text/html" not in response.headers.get("content-type", ""):
            continue  # plain-text health check
        assert f'lang="{language}"' in page.content()
        violations = axe_check(page)
        if violations:
            failures.append(f"{endpoint} ({url}):\n{describe_violations(violations)}")
    assert failures == [], "\n".join(failures)
