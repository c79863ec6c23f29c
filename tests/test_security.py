"""Security by default: headers, CSRF on every form, rate-limited sign-in, safe redirects."""

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import login
from tests.factories import Cast


def test_security_headers_on_every_page(client: FlaskClient) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'self'" in csp
    assert "http" not in csp  # tiles are off in tests: no third-party origin at all
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_csp_allows_only_the_configured_tile_server(make_app: Callable[..., Flask]) -> None:
    tiled = make_app(TILE_URL="https://tiles.example.net/{z}/{x}/{y}.png")
    csp = tiled.test_client().get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://tiles.example.net" in csp
    assert csp.count("https://") == 1


def test_forms_refuse_posts_without_csrf_token(make_app: Callable[..., Flask], people: Cast) -> None:
    protected = make_app(WTF_CSRF_ENABLED=True)
    client = protected.test_client()
    response = client.post("/auth/login", data={"email": people.admin, "password": "whatever"})
    assert response.status_code == 400
    assert "form expired" in response.get_data(as_text=True)


def test_sign_in_is_rate_limited(make_app: Callable[..., Flask], people: Cast) -> None:
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="3 per minute")
    client = limited.test_client()
    statuses = [
        client.post("/auth/login", data={"email": people.admin, "password": "wrong"}).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert "Too many attempts" in client.post("/auth/login", data={}).get_data(as_text=True)


def test_one_apps_rate_limit_never_reaches_another(
    make_app: Callable[..., Flask], client: FlaskClient, people: Cast
) -> None:
    """The limiter extension is shared by every app in the process; the session app, which turns limits
    off, must go on signing people in however many times it is asked, after a limited app has run."""
    limited = make_app(RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="1 per minute").test_client()
    assert [limited.post("/auth/login", data={}).status_code for _ in range(2)] == [200, 429]
    answers = {
        client.post("/auth/login", data={"email": people.admin, "password": "wrong"}).status_code for _ in range(12)
    }
    assert answers == {200}


def test_wrong_password_is_refused_with_a_message(client: FlaskClient, people: Cast) -> None:
    response = client.post("/auth/login", data={"email": people.admin, "password": "not the password"})
    assert response.status_code == 200
    assert "email address or password is not right" in response.get_data(as_text=True)
    assert client.get("/admin/users").status_code == 302


def test_login_never_redirects_off_site(client: FlaskClient, people: Cast) -> None:
    from tests.factories import PASSWORD

    response = client.post(
        "/auth/login?next=//evil.example.com/x", data={"email": people.resident, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_session_cookie_is_http_only(client: FlaskClient, people: Cast) -> None:
    login(client, people.resident)
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_register_creates_a_resident_who_signs_in_with_their_password(client: FlaskClient, app: Flask) -> None:
    response = client.post(
        "/auth/register",
        data={
            "display_name": "Nia",
            "email": "Nia@Example.org",
            "password": "a long enough password",
            "confirm": "a long enough password",
            "over_13": "y",
        },
        follow_redirects=True,
    )
    assert "If that address can be used, we have sent a message to it." in response.get_data(as_text=True)
    login(client, "nia@example.org", "a long enough password")
    assert "Signed in as Nia" in client.get("/").get_data(as_text=True)
    from abcd.auth.services import find_user_by_email

    with app.app_context():
        user = find_user_by_email("nia@example.org")
        assert user is not None
        assert user.role.value == "resident"
        assert user.password_hash.startswith("scrypt:")


def test_under_13s_cannot_register(client: FlaskClient) -> None:
    response = client.post(
        "/auth/register",
        data={"display_name": "Kid", "email": "kid@example.org", "password": "x" * 12, "confirm": "x" * 12},
    )
    assert "13 or older" in response.get_data(as_text=True)
    assert client.get("/assets/new").status_code == 302
