"""Property-based fuzzing of the open API from its own OpenAPI document (schemathesis): whatever the
parameters, no server error, and every answer matches what the document says (status, type, schema).

Driven with Hypothesis directly: schemathesis' pytest plugin does not load under pytest 9."""

from __future__ import annotations

from typing import Any

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.open_data import OpenData

EXAMPLES = 25  # per operation; 2 cores shared


def test_the_api_honours_its_own_document(app: Flask, open_data: OpenData) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: Any) -> None:
            # A well-formed but unknown postcode or a reversed box is 400 by design: the document cannot
            # say which postcodes exist, so "schema-valid input must be accepted" is not asked.
            # Its WSGI transport reads bodies as sent and does not undo gzip (browsers and HTTP libraries do).
            case.call_and_validate(headers={"Accept-Encoding": "identity"}, excluded_checks=[positive_data_acceptance])

        check()
