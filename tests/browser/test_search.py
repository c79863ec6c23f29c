"""Search by place in Chromium: a postcode typed in the box, and "Near me" from the browser's own location
(granted and set by the test), list assets nearest first with their distance, in English and Welsh."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.search.conftest import CF24_4AB, searchable  # noqa: F401 -- a fixture

pytestmark = pytest.mark.usefixtures("geodata", "searchable")


def result_names(page: Page) -> list[str]:
    return [name.strip() for name in page.locator(".result h2").all_inner_texts()]


@pytest.mark.parametrize(
    ("lang", "search", "apply", "nearest", "away"),
    [
        ("en", "Search", "Apply filters", "Nearest first from CF24 4AB.", "10 m away"),
        ("cy", "Chwilio", "Defnyddio'r hidlwyr", "Agosaf yn gyntaf o CF24 4AB.", "10 m i ffwrdd"),
    ],
)
def test_a_postcode_lists_assets_nearest_first(
    page: Page, lang: str, search: str, apply: str, nearest: str, away: str
) -> None:
    page.goto(f"/assets/?lang={lang}")
    page.get_by_label(search, exact=True).fill("cf24 4ab")
    page.get_by_role("button", name=apply).click()
    expect(page.locator("#place-notice")).to_have_text(nearest)
    first = page.locator(".result").first
    expect(first).to_contain_text("Côr Meibion Cathays" if lang == "cy" else "Cathays Male Voice Choir")
    expect(first.locator(".distance")).to_have_text(away)
    assert result_names(page)[-1].startswith("Cowbridge Town Hall")
    assert_accessible(page)


@pytest.mark.parametrize(
    ("lang", "button", "within", "nearest"),
    [
        ("en", "Near me", "Within", "Nearest first from your location."),
        ("cy", "Yn agos ataf", "O fewn", "Agosaf yn gyntaf o’ch lleoliad chi."),
    ],
)
def test_near_me_uses_the_browsers_location_only_when_asked(
    page: Page, live_server: str, lang: str, button: str, within: str, nearest: str
) -> None:
    page.context.grant_permissions(["geolocation"], origin=live_server)
    page.context.set_geolocation({"latitude": CF24_4AB[0], "longitude": CF24_4AB[1]})
    page.goto(f"/assets/?lang={lang}")
    expect(page.locator("#place-notice")).to_have_count(0)  # nothing asked for on arrival
    page.get_by_label(within).select_option("1")
    page.get_by_role("button", name=button).click()
    expect(page.locator("#place-notice")).to_contain_text(nearest)
    assert f"lat={CF24_4AB[0]:.5f}" in page.url
    names = result_names(page)
    assert len(names) == 3  # within 1 km: the choir, the Co-op and the garden
    assert names[0] in ("Cathays Male Voice Choir", "Côr Meibion Cathays")
    expect(page.locator(".result .distance").first).to_contain_text("10 m")
    assert_accessible(page)
