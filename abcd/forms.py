"""The base form every form uses: trims text and rejects control characters with a clear message.

PostgreSQL refuses NUL bytes outright, so they must be caught here, as a form error, before any
query runs.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import ValidationError

from abcd.text import has_forbidden_characters


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _none_if_blank(value: Any) -> Any:
    return value or None


class NoControlCharacters:
    def __call__(self, _form: FlaskForm, field: Field) -> None:
        if isinstance(field.data, str) and has_forbidden_characters(field.data):
            raise ValidationError(_l("Remove the invisible control characters from this text."))


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            if issubclass(unbound_field.field_class, StringField | TextAreaField):
                options["filters"] = (_strip, *options.get("filters", ()))
                unbound_field.kwargs["validators"] = [
                    NoControlCharacters(),
                    *unbound_field.kwargs.get("validators", []),
                ]
            return unbound_field.bind(form=form, **options)

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) for the error summary at the top of a form; a problem with the
        form as a whole has no field id or label."""
        whole = [("", "", str(message)) for message in self.form_errors]
        return whole + [
            (field.id, str(field.label.text), str(message))
            for field in self
            for message in field.errors
            if field.type != "CSRFTokenField"
        ]


optional_text = _none_if_blank
