"""The Welsh catalogue is complete: every string extracted from the code has a Welsh translation."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from flask.testing import FlaskClient

TRANSLATIONS = Path(__file__).resolve().parent.parent / "abcd" / "translations"


def test_welsh_catalogue_has_no_empty_or_fuzzy_entries() -> None:
    with (TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale="cy")
    gaps = [
        message.id
        for message in catalogue
        if message.id
        and (message.fuzzy or not (all(message.string) if isinstance(message.string, tuple) else message.string))
    ]
    assert gaps == []
    assert catalogue.num_plurals == 6


def test_welsh_catalogue_covers_every_string_in_the_code(tmp_path: Path) -> None:
    """Extract afresh, so a string added to code or templates without a translation fails here."""
    pybabel = Path(sys.executable).parent / "pybabel"
    pot = tmp_path / "messages.pot"
    subprocess.run(  # noqa: S603 -- fixed arguments, our own virtualenv's pybabel
        [
            *(str(pybabel), "-q", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext"),
            *("--ignore-dirs", ".* __pycache__", "-o", str(pot), "."),
        ],
        cwd=TRANSLATIONS.parent.parent,
        check=True,
    )
    with pot.open("rb") as handle:
        template = read_po(handle)
    with (TRANSLATIONS / "cy" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        welsh = read_po(handle, locale="cy")
    missing = [m.id for m in template if m.id and m.id not in welsh]
    assert missing == []


def test_home_page_reads_in_welsh(client: FlaskClient) -> None:
    html = client.get("/?lang=cy").get_data(as_text=True)
    assert "Cyfeiriadur" in html
    assert "Directory" not in html
