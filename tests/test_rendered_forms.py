"""The rendered-forms helper sends what a browser would send, and refuses what the page did not render."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, jsonify, request
from flask.testing import FlaskClient

from tests.rendered_forms import FillValue, FormError, rendered_fields, rendered_form, submit

PAGE = """
<form method="post" action="../../save?next=list" id="edit">
  <input type="hidden" name="csrf_token" value="tok&amp;en">
  <input name="name" value="Caf&eacute; &amp; Bar">
  <input type="email" name="email">
  <input type="number" name="size" value="12">
  <input name="nothing-named-me" disabled value="x">
  <input value="no name">
  <textarea name="about">
Line one &lt;b&gt;</textarea>
  <select name="kind"><option value="place">Place</option><option value="group" selected>Group</option></select>
  <select name="ward"><option value="w1">Adamsdown</option><option value="w2">Cathays</option></select>
  <select name="themes" multiple size="4"><option value="1">Arts</option><option value="2">Food</option></select>
  <select name="tags" multiple><option selected>Old</option><option value="n" selected disabled>New</option></select>
  <input type="checkbox" name="consent" value="y">
  <input type="checkbox" name="public" checked>
  <input type="radio" name="audience" value="members" checked>
  <input type="radio" name="audience" value="public">
  <input name="locked" value="kept out" disabled>
  <fieldset disabled><legend><input name="in_legend" value="sent"></legend><input name="fenced" value="no"></fieldset>
  <button type="button" name="helper">Not a submit</button>
  <button name="action" value="save">Save</button>
  <button name="action" value="preview">  Preview
    page </button>
</form>
<input name="outside" value="not in any form">
<input name="attached" value="joined by id" form="edit">
<form method="get" action="/search" id="find"><input name="q" value="hall"><button>Search</button></form>
"""


def test_a_browser_sends_rendered_values_unescaped_and_only_successful_controls() -> None:
    assert rendered_fields(PAGE, form="#edit") == {
        "csrf_token": ["tok&en"],
        "name": ["Café & Bar"],
        "email": [""],
        "size": ["12"],
        "about": ["Line one <b>"],
        "kind": ["group"],  # the selected option
        "ward": ["w1"],  # a drop-down with nothing selected sends its first option
        "tags": ["Old"],  # an option without a value sends its text; a disabled one is not sent
        "public": ["on"],  # a checked box without a value sends "on"; the unticked "consent" is left out
        "audience": ["members"],
        "in_legend": ["sent"],  # a disabled fieldset spares its first legend
        "action": ["save"],  # the default (first) submit button
        "attached": ["joined by id"],  # the form= attribute attaches a control from elsewhere on the page
    }


def test_a_textarea_drops_the_one_line_break_after_its_start_tag_as_browsers_do() -> None:
    page = '<form action="/a"><textarea name="a">\r\nkept\n</textarea><textarea name="b">\n\nkept</textarea></form>'
    assert rendered_fields(page) == {"a": ["kept\n"], "b": ["\nkept"]}  # WTForms writes "\r\n"; only one goes


def test_the_form_knows_every_field_it_renders_sent_or_not() -> None:
    names = rendered_form(PAGE, action="/save").names
    assert {"consent", "themes", "locked", "fenced", "attached"} <= names
    assert not {"outside", "helper", "q"} & names


@pytest.mark.parametrize(
    ("pick", "problem"),
    [({}, "More than one form matches"), ({"form": "#nope"}, "No form matches"), ({"button": "Go"}, "No form")],
)
def test_picking_a_form_that_is_not_there_or_not_one_says_what_is(pick: dict[str, str], problem: str) -> None:
    with pytest.raises(FormError, match=problem) as raised:
        rendered_form(PAGE, **pick)
    assert "<form id='find' action='http://localhost/search'" in str(raised.value)


def test_a_form_is_picked_by_id_action_or_button_label() -> None:
    assert rendered_form(PAGE, button="Search").form_id == "find"
    assert rendered_form(PAGE, button="Preview page").form_id == "edit"  # labels compare with spaces collapsed
    assert rendered_form(PAGE, action="/search").form_id == "find"
    assert rendered_form(PAGE, action="/save?next=list").form_id == "edit"


def test_an_action_that_is_a_form_path_is_not_confused_with_longer_ones() -> None:
    html = '<form action="/people/me/withdraw"></form><form action="/people/me" id="profile"></form>'
    assert rendered_form(html, action="/people/me").form_id == "profile"
    with pytest.raises(FormError, match="More than one form"):
        rendered_form(html, action="/people")


@pytest.fixture
def echo() -> FlaskClient:
    """A page serving PAGE and an endpoint that answers with what it was sent."""
    site = Flask(__name__)

    @site.get("/things/1/edit")
    def page() -> str:
        return PAGE

    @site.route("/save", methods=["GET", "POST"])
    @site.route("/search", methods=["GET", "POST"])
    def answer() -> Any:
        return jsonify(method=request.method, path=request.path, args=request.args, form=request.form.to_dict(False))

    return site.test_client()


def test_submit_posts_to_the_action_resolved_from_the_page_with_the_clicked_button(echo: FlaskClient) -> None:
    page = echo.get("/things/1/edit")
    fill: dict[str, FillValue] = {
        "name": "Hall",
        "size": 3,
        "consent": True,
        "themes": ["1", "2"],
        "audience": "public",
        "kind": "place",
    }
    sent = submit(echo, page, form="#edit", button="Preview page", fill=fill).get_json()
    assert sent["method"] == "POST"
    assert sent["path"] == "/save"
    assert sent["args"] == {"next": "list"}
    form = sent["form"]
    assert form["name"] == ["Hall"]
    assert form["size"] == ["3"]
    assert form["consent"] == ["y"]
    assert form["themes"] == ["1", "2"]
    assert form["audience"] == ["public"]
    assert form["kind"] == ["place"]
    assert form["action"] == ["preview"]
    assert form["csrf_token"] == ["tok&en"]  # rendered, so sent, even where tests switch CSRF off


def test_submit_clears_boxes_and_sends_a_get_form_as_its_query(echo: FlaskClient) -> None:
    page = echo.get("/things/1/edit")
    assert "public" not in submit(echo, page, form="#edit", fill={"public": False}).get_json()["form"]
    found = submit(echo, page, button="Search", fill={"q": "choir"}).get_json()
    assert (found["method"], found["path"], found["args"]) == ("GET", "/search", {"q": "choir"})


@pytest.mark.parametrize(
    ("fill", "problem"),
    [
        ({"status": "published"}, "does not render a field 'status'"),  # the point: nothing the page hides
        ({"outside": "x"}, "does not render a field 'outside'"),
        ({"kind": "secret"}, r"does not offer \['secret'\] for 'kind'"),
        ({"audience": "everyone"}, "does not offer"),
        ({"consent": "yes"}, "does not offer"),
        ({"tags": ["n"]}, "does not offer"),  # a disabled option cannot be chosen
        ({"kind": ["place", "group"]}, "takes one value"),
        ({"locked": "changed"}, "is disabled"),
        ({"fenced": "changed"}, "is disabled"),
        ({"name": True}, "not True"),
        ({"action": "save"}, "does not render a field 'action'"),  # buttons are chosen with button=
    ],
)
def test_fill_refuses_what_the_page_does_not_render_or_offer(
    echo: FlaskClient, fill: dict[str, Any], problem: str
) -> None:
    with pytest.raises(FormError, match=problem):
        submit(echo, echo.get("/things/1/edit"), form="#edit", fill=fill)


def test_submit_refuses_a_page_that_is_not_a_form_to_fill(echo: FlaskClient) -> None:
    with pytest.raises(FormError, match="answered 404"):
        submit(echo, echo.get("/missing"), form="#edit")


def test_html_without_a_response_is_resolved_against_the_given_url(echo: FlaskClient) -> None:
    sent = submit(echo, '<form method="post" action="save"><input name="a" value="1"></form>', url="/x").get_json()
    assert (sent["path"], sent["form"]) == ("/save", {"a": ["1"]})


def test_forge_sends_any_value_but_only_for_a_field_the_page_renders(echo: FlaskClient) -> None:
    page = echo.get("/things/1/edit")
    sent = submit(echo, page, form="#edit", forge={"kind": "castle", "themes": ["1", "99"]}).get_json()["form"]
    assert (sent["kind"], sent["themes"]) == (["castle"], ["1", "99"])
    with pytest.raises(FormError, match="does not render a field 'status' to forge"):
        submit(echo, page, form="#edit", forge={"status": "published"})
