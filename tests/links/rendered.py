"""A small parser for forms as a page renders them, until tests/rendered_forms.py lands in main.

``form_fields(html, action_part)`` returns the form's action and the values the browser would send
unchanged (hidden and text inputs, the checked radio, selected options or the first one); tests then
only change what a person would change, choosing among what the page offers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser


@dataclass
class RenderedForm:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    options: dict[str, list[str]] = field(default_factory=dict)  # radios and selects: the values offered

    def choose(self, name: str, value: str) -> dict[str, str]:
        assert value in self.options.get(name, []), f"{value!r} is not offered for {name}: {self.options.get(name)}"
        return {**self.fields, name: value}


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[RenderedForm] = []
        self._select: str | None = None
        self._select_chosen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: unescape(v or "") for k, v in attrs}
        if tag == "form":
            self.forms.append(RenderedForm(a.get("action", ""), a.get("method", "get").lower()))
        if not self.forms:
            return
        form = self.forms[-1]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                form.options.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form.fields[name] = a.get("value", "on")
            elif kind not in ("submit", "button"):
                form.fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self._select, self._select_chosen = name, False
            form.options[name] = []
        elif tag == "option" and self._select:
            value = a.get("value", "")
            form.options[self._select].append(value)
            if "selected" in a or (not self._select_chosen and self._select not in form.fields):
                form.fields[self._select] = value
                self._select_chosen = self._select_chosen or "selected" in a

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def form_fields(html: str, action_part: str, method: str = "post") -> RenderedForm:
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if action_part in form.action and form.method == method:
            return form
    raise AssertionError(f"no {method} form with action containing {action_part!r}")
