"""The folium elements of our maps. Pure, no Flask.

Every behaviour lives in our own script files (static/js/maps/*.js), served by the app like Leaflet; an element
here only links the files it needs and calls one function of the ``abcdMaps`` namespace with its options, which
reach JavaScript through Jinja's ``tojson`` (it escapes ``<``, ``>``, ``&`` and quotes). folium still builds the
map itself (``L.map``, tiles, ids), and the page's script stays a file, so the CSP needs no inline script.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template


class LinkedFiles(JSCSSMixin):
    """Adds script and stylesheet links to the page header, from URLs the app serves itself.

    The lists are set per instance from the app's own URLs: folium's shared class lists (which point
    at public CDNs) are never read or changed.
    """

    _template = Template("")

    def __init__(self, js: list[tuple[str, str]], css: list[tuple[str, str]] | None = None) -> None:
        super().__init__()
        self._name = "LinkedFiles"
        self.default_js = js
        self.default_css = css or []


class ModuleCall(LinkedFiles):
    """``var <name> = abcdMaps.<function>(map, options, refs);`` after linking the script files that define it.

    ``refs`` hands other elements' results to the function by key (the layer switcher's layers).
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
var {{ this.get_name() }} = abcdMaps.{{ this.function }}({{ this._parent.get_name() }}, {{ this.options|tojson }}, {
{%- for key, element in this.refs.items() %}{{ key|tojson }}: {{ element.get_name() }}
{{- ", " if not loop.last }}{% endfor -%}
});
{% endmacro %}"""
    )

    def __init__(
        self,
        function: str,
        options: Mapping[str, Any],
        js: list[tuple[str, str]],
        css: list[tuple[str, str]] | None = None,
        refs: Mapping[str, MacroElement] | None = None,
    ) -> None:
        if not re.fullmatch(r"[a-z][A-Za-z]*", function):
            raise ValueError(f"not a function of abcdMaps: {function!r}")
        super().__init__(js, css)
        self._name = function[0].upper() + function[1:]
        self.function = function
        self.options = dict(options)
        self.refs = dict(refs or {})
