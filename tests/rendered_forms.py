"""Submitting a page's form in tests the way a browser does: only the controls the page rendered, as rendered.

    page = client.get("/assets/new")
    response = submit(client, page, action="/assets/new", fill={"name_en": "Hall", "kind": "place"}, button="Save")

A `fill` key naming a field the page did not render, or a choice it did not offer, raises `FormError`: a test
can never post what the signed-in role cannot see.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit, urlunsplit

from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

Page = TestResponse | str  # a response from the test client, or HTML with its URL given separately
FillValue = str | int | float | bool | Sequence[str | int]

# Inputs a user types into, and which a browser submits with their value attribute as it stands.
TYPED_INPUTS = frozenset(
    {"text", "email", "url", "number", "hidden", "search", "tel", "date", "password", "time", "datetime-local",
     "month", "week", "color", "range"}
)  # fmt: skip
KNOWN_INPUTS = TYPED_INPUTS | {"checkbox", "radio", "file", "submit", "image", "button", "reset"}
NOT_FIELDS = frozenset({"submit", "image", "button", "reset"})  # buttons: sent only when clicked, if at all


class FormError(AssertionError):
    """The test asked for a form, field, choice or button that the page did not render."""


@dataclass
class Option:
    value: str
    text: str
    selected: bool
    disabled: bool


@dataclass
class Control:
    """One form-associated element: an input, textarea, select or button."""

    name: str
    kind: str  # an input's type, or "textarea", "select", "submit" (any submit button)
    value: str = ""
    checked: bool = False
    disabled: bool = False
    multiple: bool = False
    size: int = 0
    options: list[Option] = field(default_factory=list)
    text: str = ""  # a button's label
    formaction: str | None = None
    formmethod: str | None = None

    def submitted_values(self) -> list[str]:
        """What a browser sends for this control when the form is submitted (buttons aside)."""
        if self.disabled or not self.name:
            return []
        if self.kind in ("checkbox", "radio"):
            return [self.value] if self.checked else []
        if self.kind == "select":
            return [option.value for option in self._selected() if not option.disabled]
        return [self.value] if self.kind in TYPED_INPUTS or self.kind == "textarea" else []

    def _selected(self) -> list[Option]:
        chosen = [option for option in self.options if option.selected]
        if self.multiple:
            return chosen
        if chosen:
            return chosen[-1:]  # with several marked selected, a single select keeps the last
        enabled = [option for option in self.options if not option.disabled]
        return enabled[:1] if self.size <= 1 else []  # a drop-down shows its first option; a list box nothing


@dataclass
class RenderedForm:
    form_id: str | None
    action: str  # resolved against the page's URL
    method: str
    controls: list[Control] = field(default_factory=list)

    @property
    def names(self) -> set[str]:
        """Every field the form renders (buttons aside), submitted or not."""
        return {c.name for c in self.controls if c.name and c.kind not in NOT_FIELDS}

    @property
    def buttons(self) -> list[Control]:
        return [c for c in self.controls if c.kind == "submit"]

    def describe(self) -> str:
        labels = ", ".join(repr(b.text) for b in self.buttons)
        return f"<form id={self.form_id!r} action={self.action!r} method={self.method!r} buttons=[{labels}]>"


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class _Fieldset:
    disabled: bool
    legends: int = 0
    in_first_legend: bool = False


_TEXT_IS_VALUE = "\0"  # an option without a value attribute submits its text


class _FormParser(HTMLParser):
    """Collects forms and the controls that belong to each, by nesting or by the `form=` attribute."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)  # entities in text and attributes arrive unescaped
        self.page_url = page_url
        self.forms: list[RenderedForm] = []
        self.owners: list[tuple[Control, str | int | None]] = []  # a form's id, its index in forms, or none
        self.open_form: int | None = None
        self.fieldsets: list[_Fieldset] = []
        self.select: Control | None = None
        self.optgroup_disabled = False
        self.reading: Control | Option | None = None  # the element whose text is being collected
        self.buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        name = a.get("name", "")
        if tag == "form" and self.open_form is None:  # browsers ignore a form nested in another
            action = urldefrag(urljoin(self.page_url, a.get("action", "")))[0]
            self.forms.append(RenderedForm(a.get("id"), action, a.get("method", "").lower() or "get"))
            self.open_form = len(self.forms) - 1
        elif tag == "fieldset":
            self.fieldsets.append(_Fieldset(disabled="disabled" in a))
        elif tag == "legend" and self.fieldsets:
            self.fieldsets[-1].legends += 1
            self.fieldsets[-1].in_first_legend = self.fieldsets[-1].legends == 1
        elif tag == "input":
            kind = a.get("type", "").lower()
            kind = kind if kind in KNOWN_INPUTS else "text"  # as browsers treat a type they do not know
            value = a.get("value", "on" if kind in ("checkbox", "radio") else "")
            self._own(Control(name, kind, value, checked="checked" in a, text=value), a)
        elif tag == "button" and (a.get("type", "").lower() or "submit") == "submit":
            self._read(self._own(Control(name, "submit", a.get("value", "")), a))
        elif tag == "textarea":
            self._read(self._own(Control(name, "textarea"), a))
        elif tag == "select":
            self.select = self._own(Control(name, "select", multiple="multiple" in a, size=int(a.get("size") or 0)), a)
        elif tag == "optgroup":
            self._finish_reading()
            self.optgroup_disabled = "disabled" in a
        elif tag == "option" and self.select is not None:
            disabled = "disabled" in a or self.optgroup_disabled
            option = Option(a.get("value", _TEXT_IS_VALUE), "", "selected" in a, disabled)
            self.select.options.append(option)
            self._read(option)  # an option's end tag may be left out: the next one starts here

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.open_form = None
        elif tag == "fieldset" and self.fieldsets:
            self.fieldsets.pop()
        elif tag == "legend" and self.fieldsets:
            self.fieldsets[-1].in_first_legend = False
        elif tag in ("button", "textarea", "option", "select", "optgroup"):
            self._finish_reading()
            if tag == "select":
                self.select = None
            elif tag == "optgroup":
                self.optgroup_disabled = False

    def handle_data(self, data: str) -> None:
        if self.reading is not None:
            self.buffer.append(data)

    def _own(self, control: Control, a: Mapping[str, str]) -> Control:
        # A disabled fieldset disables everything in it except what is inside its first legend.
        in_disabled_fieldset = any(f.disabled and not f.in_first_legend for f in self.fieldsets)
        control.disabled = "disabled" in a or in_disabled_fieldset
        control.formaction = urljoin(self.page_url, a["formaction"]) if "formaction" in a else None
        control.formmethod = a.get("formmethod")
        self.owners.append((control, a.get("form", self.open_form)))
        return control

    def _read(self, element: Control | Option) -> None:
        self._finish_reading()
        self.reading, self.buffer = element, []

    def _finish_reading(self) -> None:
        element, text = self.reading, "".join(self.buffer)
        self.reading = None
        if isinstance(element, Option):
            element.text = _collapse(text)
            if element.value == _TEXT_IS_VALUE:
                element.value = element.text
        elif isinstance(element, Control) and element.kind == "textarea":
            # browsers drop one newline just after <textarea>; WTForms writes it as "\r\n"
            element.value = re.sub(r"\A(\r\n|\r|\n)", "", text)
        elif isinstance(element, Control):
            element.text = _collapse(text)

    def forms_with_controls(self) -> list[RenderedForm]:
        self._finish_reading()
        by_id = {form.form_id: form for form in self.forms if form.form_id}
        for control, owner in self.owners:
            form = self.forms[owner] if isinstance(owner, int) else by_id.get(owner) if owner else None
            if form is not None:  # a form= naming no form on the page leaves the control with none
                form.controls.append(control)
        return self.forms


def _read(page: Page, url: str | None) -> tuple[str, str]:
    """The page's HTML and its absolute URL, against which its forms' actions resolve."""
    if isinstance(page, str):
        return page, urljoin("http://localhost/", url or "/")
    if page.status_code != 200:
        raise FormError(f"The page {page.request.url} answered {page.status_code}, not a form to fill in")
    return page.get_data(as_text=True), page.request.url


def rendered_forms(page: Page, url: str | None = None) -> list[RenderedForm]:
    """Every form on the page, each with its controls in document order."""
    html, page_url = _read(page, url)
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    return parser.forms_with_controls()


def rendered_form(
    page: Page, *, form: str | None = None, action: str | None = None, button: str | None = None,
    url: str | None = None,
) -> RenderedForm:  # fmt: skip
    """The one form picked by id ("#asset-form"), its action and/or a submit button's label.

    `action` picks the forms whose action is that path (with its query, if any); failing any, those whose action
    URL contains it: "/people/me" is the profile form, not also "/people/me/withdraw".
    """
    forms = rendered_forms(page, url)
    candidates = [
        candidate
        for candidate in forms
        if (form is None or candidate.form_id == form.removeprefix("#"))
        and (button is None or _button(candidate, button, required=False) is not None)
    ]
    if action is not None:
        exact = [c for c in candidates if urlunsplit(("", "", *urlsplit(c.action)[2:4], "")) == action]
        candidates = exact or [c for c in candidates if action in c.action]
    if len(candidates) != 1:
        found = "\n  ".join(f.describe() for f in forms) or "no forms"
        wanted = f"form={form!r} action={action!r} button={button!r}"
        problem = "No form matches" if not candidates else "More than one form matches"
        where = (url or "/") if isinstance(page, str) else page.request.url
        raise FormError(f"{problem} {wanted} on {where}; the page renders:\n  {found}")
    return candidates[0]


def rendered_fields(
    page: Page, *, form: str | None = None, action: str | None = None, button: str | None = None,
    url: str | None = None,
) -> dict[str, list[str]]:  # fmt: skip
    """What a browser would send for the picked form, untouched, as name -> values (the default button included)."""
    chosen = rendered_form(page, form=form, action=action, button=button, url=url)
    fields: dict[str, list[str]] = {}
    for name, value in _pairs(chosen, _clicked(chosen, button)):
        fields.setdefault(name, []).append(value)
    return fields


def submit(
    client: FlaskClient,
    page: Page,
    *,
    form: str | None = None,
    action: str | None = None,
    button: str | None = None,
    fill: Mapping[str, FillValue] | None = None,
    forge: Mapping[str, str | Sequence[str]] | None = None,
    files: Mapping[str, tuple[bytes, str]] | None = None,
    url: str | None = None,
    follow_redirects: bool = False,
) -> TestResponse:
    """Fill in and submit a form from `page` (a response, or HTML with its `url`) and return the response.

    `forge` sends any value for a rendered field, as a hostile client could (bad-input tests): the field must
    still be on the page, but not the choice. `files` attaches (content, file name) to rendered file inputs
    (the form must be multipart). Raises FormError when the form, a field named in `fill`, `forge` or `files`,
    one of the choices in `fill`, or the button is not rendered.
    """
    method, target, pairs, chosen = filled(page, form=form, action=action, button=button, fill=fill, url=url)
    for name, forged in (forge or {}).items():
        if name not in chosen.names:
            raise FormError(f"The page does not render a field {name!r} to forge; it has {sorted(chosen.names)}")
        values = [forged] if isinstance(forged, str) else list(forged)
        pairs = [pair for pair in pairs if pair[0] != name] + [(name, value) for value in values]
    parts = urlsplit(target)
    if method == "post":
        path = urlunsplit(("", "", parts.path, parts.query, ""))
        data = MultiDict(pairs)
        for name, (content, file_name) in (files or {}).items():
            if not any(c.name == name and c.kind == "file" for c in chosen.controls):
                raise FormError(f"The page does not render a file field {name!r} in {chosen.describe()}")
            data.add(name, (io.BytesIO(content), file_name))
        return client.post(path, data=data, follow_redirects=follow_redirects)
    return client.get(urlunsplit(("", "", parts.path, urlencode(pairs), "")), follow_redirects=follow_redirects)


def filled(
    page: Page, *, form: str | None = None, action: str | None = None, button: str | None = None,
    fill: Mapping[str, FillValue] | None = None, url: str | None = None,
) -> tuple[str, str, list[tuple[str, str]], RenderedForm]:  # fmt: skip
    """What a browser sends when the form is filled in and its button pressed: (method, target URL, name-value
    pairs, the form). For any HTTP client; `submit` sends it through Flask's test client."""
    chosen = copy.deepcopy(rendered_form(page, form=form, action=action, button=button, url=url))
    for name, value in (fill or {}).items():
        _fill(chosen, name, value)
    clicked = _clicked(chosen, button)
    target = clicked.formaction if clicked and clicked.formaction else chosen.action
    method = (clicked.formmethod if clicked and clicked.formmethod else chosen.method).lower()
    return method, target, _pairs(chosen, clicked), chosen


def _button(form: RenderedForm, label: str, *, required: bool = True) -> Control | None:
    for candidate in form.buttons:
        if label in (candidate.text, candidate.value):
            return candidate
    if required:
        raise FormError(f"No button {label!r} in {form.describe()}")
    return None


def _clicked(form: RenderedForm, label: str | None) -> Control | None:
    """The button pressed: the one named, or the form's default (first) button, as pressing Enter does."""
    clicked = _button(form, label) if label is not None else next(iter(form.buttons), None)
    if clicked is not None and clicked.disabled:
        raise FormError(f"The button {clicked.text!r} is disabled in {form.describe()}")
    return clicked


def _pairs(form: RenderedForm, clicked: Control | None) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for control in form.controls:
        if control is clicked and control.name:
            pairs.append((control.name, control.value))
        pairs.extend((control.name, value) for value in control.submitted_values())
    return pairs


def _fill(form: RenderedForm, name: str, value: FillValue) -> None:
    controls = [c for c in form.controls if c.name == name and c.kind not in NOT_FIELDS]
    if not controls:
        raise FormError(f"The page does not render a field {name!r}; {form.describe()} has {sorted(form.names)}")
    if any(c.disabled for c in controls):
        raise FormError(f"The field {name!r} is disabled")
    kinds = {c.kind for c in controls}
    if kinds == {"checkbox"}:
        _tick(controls, name, value)
    elif kinds == {"radio"} or (kinds == {"select"} and len(controls) == 1):
        wanted = _texts(name, value)
        if len(wanted) != 1 and not controls[0].multiple:
            raise FormError(f"The field {name!r} takes one value, not {wanted!r}")
        _choose(controls if kinds == {"radio"} else [o for o in controls[0].options if not o.disabled], name, wanted)
    elif kinds <= TYPED_INPUTS | {"textarea"}:
        texts = _texts(name, value)
        if len(texts) != len(controls):
            raise FormError(f"The page renders {len(controls)} field(s) named {name!r}; fill gave {texts!r}")
        for control, text in zip(controls, texts, strict=True):
            control.value = text
    else:
        raise FormError(f"Cannot fill {name!r}: it names controls of kinds {sorted(kinds)}")


def _tick(boxes: list[Control], name: str, value: FillValue) -> None:
    """True/False ticks or clears a lone checkbox; values tick exactly the boxes carrying them."""
    if isinstance(value, bool):
        if len(boxes) != 1:
            raise FormError(f"{len(boxes)} checkboxes are named {name!r}: fill with the values to tick")
        boxes[0].checked = value
        return
    _choose(boxes, name, _texts(name, value))


def _choose(choices: Sequence[Control | Option], name: str, wanted: list[str]) -> None:
    """Tick the boxes or radio, or select the options, carrying the wanted values and no others."""
    offered = [choice.value for choice in choices]
    missing = [value for value in wanted if value not in offered]
    if missing:
        raise FormError(f"The page does not offer {missing!r} for {name!r}; it offers {offered!r}")
    done: set[str] = set()
    for choice in choices:
        on = choice.value in wanted and choice.value not in done  # a repeated value is chosen once
        if isinstance(choice, Option):
            choice.selected = on
        else:
            choice.checked = on
        if on:
            done.add(choice.value)


def _texts(name: str, value: FillValue) -> list[str]:
    """A fill value as the strings a browser sends; True and False only tick or clear a lone checkbox."""
    items = [value] if isinstance(value, str | int | float) else list(value)
    if any(isinstance(item, bool) or not isinstance(item, str | int | float) for item in items):
        raise FormError(f"Fill {name!r} with its value or values, not {value!r}")
    return [str(item) for item in items]
