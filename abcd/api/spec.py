"""The OpenAPI document: flask-smorest builds it from the blueprint's marshmallow schemas.

Its own JSON error handler is not registered: ``abcd.errors`` answers every error, JSON on the API and
the feed, HTML elsewhere, in one shape (``ErrorSchema``) that the document describes.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from flask_smorest import Api

from abcd.api.schemas import ErrorSchema

API_VERSION = "1.0.0"
SPEC_CONFIG: dict[str, Any] = {
    "API_TITLE": "Community Strengths open data",
    "API_VERSION": API_VERSION,
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": None,  # the document and its readable page are served by abcd.api.docs
    "API_SPEC_OPTIONS": {
        "info": {
            "description": (
                "Published community assets (associations, institutions, places, local economy, culture) "
                "in Cardiff, Newport and the Vale of Glamorgan, their areas and themes, and counts per ward "
                "and local authority. Organisational records only: never people or anything about them."
            ),
            "license": {"name": "Open Government Licence v3.0", "identifier": "OGL-UK-3.0"},
        },
    },
}


class OpenApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self) -> None:
        """abcd.errors handles every error (see the module's docstring)."""


def init_app(app: Flask) -> OpenApi:
    """One Api per app (each test app gets its own document), kept in ``app.extensions``."""
    for key, value in SPEC_CONFIG.items():
        app.config.setdefault(key, value)
    return OpenApi(app)


def document() -> dict[str, Any]:
    """The serving app's OpenAPI document."""
    api: OpenApi = current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    return dict(api.spec.to_dict())
