"""Small folium elements for our maps: self-hosted files, translated controls, the first view, a marker,
the form's location picker. Pure, no Flask. Strings Leaflet treats as HTML (layer names) arrive escaped.
"""

from __future__ import annotations

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

    def __init__(self, js: list[tuple[str, str]], css: list[tuple[str, str]]) -> None:
        super().__init__()
        self._name = "LinkedFiles"
        self.default_js = js
        self.default_css = css


class ZoomControl(MacroElement):
    """Leaflet's zoom buttons with titles in the reader's language."""

    _template = Template(
        """{% macro script(this, kwargs) %}
L.control.zoom({position: "topleft", zoomInTitle: {{ this.zoom_in|tojson }},
  zoomOutTitle: {{ this.zoom_out|tojson }}}).addTo({{ this._parent.get_name() }});
{% endmacro %}"""
    )

    def __init__(self, zoom_in: str, zoom_out: str) -> None:
        super().__init__()
        self._name = "ZoomControl"
        self.zoom_in, self.zoom_out = zoom_in, zoom_out


class FitView(MacroElement):
    """The first view: these bounds, at once. folium's fit_bounds animates from its own start, and a layer
    that loads on ``moveend`` would then fetch twice and close any popup opened in the meantime."""

    _template = Template(
        """{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {animate: false});
{% endmacro %}"""
    )

    def __init__(self, bounds: list[list[float]]) -> None:
        super().__init__()
        self._name = "FitView"
        self.bounds = bounds


class LayerSwitcher(MacroElement):
    """Tick boxes that show or hide each layer; the names carry the symbols, so it doubles as a key.

    Folded behind a button, so it never covers a popup; the page's own legend is always visible."""

    _template = Template(
        """{% macro script(this, kwargs) %}
(function (map) {
  var control = L.control.layers(null, {
{%- for label_html, element, kind in this.overlays %}
    {{ label_html|tojson }}: {{ element.get_name() }}{% if kind %}.groups[{{ kind|tojson }}]{% endif %},
{%- endfor %}
  }, {collapsed: true, position: "topright"}).addTo(map);
  var toggle = control.getContainer().querySelector(".leaflet-control-layers-toggle");
  if (toggle) {  // Leaflet's own name for the button is English only
    toggle.title = {{ this.title|tojson }};
    toggle.setAttribute("aria-label", {{ this.title|tojson }});
  }
})({{ this._parent.get_name() }});
{% endmacro %}"""
    )

    def __init__(self, overlays: list[tuple[str, MacroElement, str | None]], title: str) -> None:
        super().__init__()
        self._name = "LayerSwitcher"
        self.overlays = overlays
        self.title = title


class PointMarker(MacroElement):
    """One asset's place on its own page: its kind's symbol, not clickable."""

    _template = Template(
        """{% macro script(this, kwargs) %}
L.marker({{ this.location|tojson }}, {interactive: false, keyboard: false,
  icon: L.divIcon({className: "abcd-marker abcd-marker-large", html: {{ this.svg|tojson }}, iconSize: [30, 30]})
}).addTo({{ this._parent.get_name() }});
{% endmacro %}"""
    )

    def __init__(self, location: tuple[float, float], svg: str) -> None:
        super().__init__()
        self._name = "PointMarker"
        self.location = list(location)
        self.svg = svg


class LocationPicker(MacroElement):
    """Click to place: moves a marker and tells the page (event ``abcd:picked`` on the map's element).

    The page answers with ``abcd:place`` (e.g. after a postcode lookup) to move the marker there.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
(function (map, options) {
  var container = map.getContainer(), marker = null;
  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); return; }
    marker = L.marker(latlng, {interactive: false, keyboard: false,
      icon: L.divIcon({className: "abcd-marker abcd-marker-large", html: options.svg, iconSize: [30, 30]})}).addTo(map);
  }
  function view() {
    if (options.start) { map.setView(options.start, options.zoom); } else { map.fitBounds(options.bounds); }
  }
  if (options.start) { place(options.start); }
  container.addEventListener("abcd:shown", function () { map.invalidateSize(); view(); });  // it starts hidden
  map.on("click", function (event) {
    place(event.latlng);
    container.dispatchEvent(new CustomEvent("abcd:picked", {bubbles: true,
      detail: {lat: event.latlng.lat, lng: event.latlng.lng}}));
  });
  container.addEventListener("abcd:place", function (event) {
    var latlng = L.latLng(event.detail.lat, event.detail.lng);
    place(latlng);
    map.setView(latlng, Math.max(map.getZoom(), options.zoom));
  });
})({{ this._parent.get_name() }}, {{ this.options|tojson }});
{% endmacro %}"""
    )

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__()
        self._name = "LocationPicker"
        self.options = options
