"""The fields of a page's form as a browser would post them (until tests/rendered_forms.py lands here).

Only what the page rendered: checked boxes and radios, selected options, typed and hidden inputs.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from werkzeug.datastructures import MultiDict


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.radios: list[list[tuple[str, str]]] = []  # every radio offered, checked or not
        self.names: list[set[str]] = []  # every control rendered, even one that posts nothing
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: str | None = None
        self._first_option: str | None = None
        self._selected_any = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._in_form = True
            self.forms.append([])
            self.radios.append([])
            self.names.append(set())
            return
        if not self._in_form:
            return
        fields = self.forms[-1]
        name = a.get("name", "")
        if name:
            self.names[-1].add(name)
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "radio":
                self.radios[-1].append((name, a.get("value", "on")))
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "reset", "file"):
                fields.append((name, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = name
            fields.append((name, ""))
        elif tag == "select":
            self._select, self._first_option, self._selected_any = name, None, "multiple" in a
        elif tag == "option" and self._select:
            value = a.get("value")
            self._option = value
            if self._first_option is None:
                self._first_option = value if value is not None else ""
            if "selected" in a:
                fields.append((self._select, value or ""))
                self._selected_any = True

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, text = self.forms[-1][-1]
            self.forms[-1][-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self.forms[-1][-1]
            self.forms[-1][-1] = (name, text.removeprefix("\r").removeprefix("\n"))
            self._textarea = None
        elif tag == "select" and self._select:
            if not self._selected_any and self._first_option is not None:
                self.forms[-1].append((self._select, self._first_option))
            self._select = None


class PageForm(MultiDict[str, str]):
    """A form's fields as a browser posts them, knowing every control and radio the page rendered."""

    rendered: set[str]
    radios: set[tuple[str, str]]


def page_form(html: str, marker: str = "version") -> tuple[PageForm, set[tuple[str, str]]]:
    """The form holding an input named ``marker``: its fields as posted, and every radio it offers."""
    reader = _FormReader()
    reader.feed(html)
    for fields, radios, names in zip(reader.forms, reader.radios, reader.names, strict=True):
        if marker in names:
            form = PageForm(fields)
            form.rendered, form.radios = names, set(radios)
            return form, form.radios
    raise AssertionError(f"no form with a {marker!r} field on the page")


def filled(fields: PageForm, radios: set[tuple[str, str]], **values: Any) -> MultiDict[str, str]:
    """Type into fields the page rendered, or pick one of its radios; anything else is a test error."""
    names = fields.rendered
    posted = MultiDict(fields)
    for name, value in values.items():
        assert name in names, f"the page has no field {name!r}"
        if any(radio == name for radio, _ in radios):
            assert (name, value) in radios, f"the page offers no {value!r} for {name!r}"
        if isinstance(value, list):
            posted.setlist(name, [str(v) for v in value])
        else:
            posted[name] = str(value)
    return posted
