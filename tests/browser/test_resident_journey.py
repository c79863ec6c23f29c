"""A resident, in English and in Welsh: adds gifts, joins a group, hides a skill, downloads and erases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import Page, expect

from abcd.assets.models import AssetKind
from abcd.auth.models import User
from abcd.extensions import db
from abcd.people.models import Person
from tests import factories
from tests.browser.conftest import assert_accessible

NAME = "Journey Jac"


@pytest.fixture
def setting(app: Flask) -> dict[str, int]:
    with app.app_context():
        user = factories.make_user(email="journey@example.org")
        skill = factories.make_skill("Gardening", "Garddio")
        group = factories.make_asset(name_en="Journey Choir", name_cy="Côr y Daith", kind=AssetKind.ASSOCIATION)
        ids = {"user": user.user_id, "skill": skill.skill_id, "group": group.asset_id}
        db.session.remove()
    return ids


def said(app: Flask, language: str, text: str) -> str:
    """What the app says in ``language``, so one journey checks both languages' wording."""
    with app.test_request_context(), force_locale(language):
        return gettext(text)


def _main_button(page: Page, form_action: str) -> None:
    page.locator(f'main form[action*="{form_action}"] button[type=submit]').first.click()


def _public_listing(app: Flask) -> str:
    return app.test_client().get("/people/skills?q=garden").get_data(as_text=True)


@pytest.mark.parametrize("language", ["en", "cy"])
def test_resident_journey(page: Page, app: Flask, setting: dict[str, int], language: str) -> None:
    page.goto(f"/auth/login?lang={language}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("#email").fill("journey@example.org")
    page.locator("#password").fill(factories.PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.goto("/people/me")  # the language is remembered from here on
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_have_text(said(app, language, "My profile"))
    assert_accessible(page)
    page.locator("#display_name").fill(NAME)
    page.locator("#display_name_visibility").select_option("public")
    page.locator("#ward_code").select_option(factories.CATHAYS)
    page.locator("#consent").check()
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".flash")).to_contain_text(
        said(app, language, "Your profile was created. Now add your gifts and skills.")
    )

    page.locator("#skill_id").select_option(str(setting["skill"]))
    page.locator("#visibility").select_option("public")
    page.locator("#can_teach").check()
    page.get_by_role("button", name=said(app, language, "Add"), exact=True).click()
    expect(page.locator("table")).to_contain_text("Garddio" if language == "cy" else "Gardening")
    assert_accessible(page)
    assert NAME in _public_listing(app)

    page.goto(f"/groups/{setting['group']}")
    page.locator("#visibility").select_option("public")
    _main_button(page, "/join")
    expect(page.locator(".flash")).to_be_visible()
    expect(page.locator("main")).to_contain_text(NAME)
    assert_accessible(page)

    page.goto("/people/me/skills")
    page.locator("main table select").select_option("private")
    _main_button(page, "/visibility")
    expect(page.locator(".flash")).to_contain_text(said(app, language, "Who can see this skill was changed."))
    assert NAME not in _public_listing(app)  # hidden from everyone else at once

    page.goto("/people/me/data")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.locator('a[href*="data.json"]').click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["profile"][0]["display_name"] == NAME
    assert data["skills"][0]["visibility"] == "private"

    page.goto("/people/me/erase")
    assert_accessible(page)
    page.locator("#confirm_text").fill("DILEU" if language == "cy" else "ERASE")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".flash")).to_contain_text(
        said(app, language, "Your account and everything about you have been erased.")
    )
    with app.app_context():
        assert db.session.get(User, setting["user"]) is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Person).where(Person.display_name == NAME)) == 0
