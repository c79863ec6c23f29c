"""Without the open data the app still runs: three built-in authorities, no wards, a clear message."""

from collections.abc import Iterator
from pathlib import Path

import flask_migrate
import pytest
from flask import Flask

from abcd import create_app
from abcd.areas.services import LocationError, locate_point
from tests.conftest import dispose, test_config


@pytest.fixture
def bare_app(tmp_path: Path) -> Iterator[Flask]:
    app = create_app(test_config(f"sqlite:///{tmp_path / 'bare.sqlite3'}", GEODATA_DIR=""))
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    dispose(app)


def test_bootstrap_without_data_keeps_the_three_authorities(bare_app: Flask) -> None:
    result = bare_app.test_cli_runner().invoke(args=["abcd", "bootstrap"])
    assert result.exit_code == 0, result.output
    assert "No geography folder found" in result.output
    html = bare_app.test_client().get("/areas/").get_data(as_text=True)
    for name in ("Cardiff", "Newport", "Vale of Glamorgan"):
        assert name in html
    assert "Ward boundaries have not been loaded." in html


def test_point_lookup_without_boundaries_says_why(bare_app: Flask) -> None:
    with bare_app.app_context(), pytest.raises(LocationError) as error:
        locate_point(51.48, -3.18)
    assert error.value.code == "no_boundaries"
