"""The app starts, migrates and serves its home page in both languages."""

from flask.testing import FlaskClient


def test_home_page_in_english(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Community Strengths" in html
