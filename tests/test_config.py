"""Configuration comes from ABCD_* variables read inside create_app, and production refuses unsafe defaults."""

import pytest

from abcd import create_app
from abcd.config import ConfigError, check_production_safety, load_config, normalise_database_url


def test_environment_overrides_defaults_with_types() -> None:
    settings = load_config({"ABCD_PAGE_SIZE": "5", "ABCD_SESSION_COOKIE_SECURE": "true", "ABCD_TILE_URL": ""})
    assert settings["PAGE_SIZE"] == 5
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["TILE_URL"] == ""


def test_malformed_number_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="ABCD_PAGE_SIZE"):
        load_config({"ABCD_PAGE_SIZE": "twenty"})


def test_database_url_from_hosting_platform_uses_psycopg3() -> None:
    settings = load_config({"DATABASE_URL": "postgres://u:p@db/abcd"})
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/abcd"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


REAL_MAIL = {"ABCD_MAIL_SENDER": "smtp", "ABCD_PUBLIC_URL": "https://strengths.example.gov.uk"}


def test_production_refuses_default_secret_key() -> None:
    with pytest.raises(ConfigError, match="secret key"):
        create_app({"ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_with_real_secret_forces_secure_cookies() -> None:
    settings = load_config({"ABCD_ENV": "production", "ABCD_SECRET_KEY": "x" * 40, **REAL_MAIL})
    check_production_safety(settings)
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["REMEMBER_COOKIE_SECURE"] is True
