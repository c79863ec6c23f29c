"""Forms for recording and curating assets."""

from __future__ import annotations

import math
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp

from abcd.assets.labels import KIND_LABELS, MEMBERSHIP_LABELS, SPECIAL_CATEGORY_LABELS, STATUS_LABELS
from abcd.assets.models import AssetKind, AssetStatus, Membership, SpecialCategory
from abcd.assets.services import AssetInput
from abcd.forms import BaseForm, optional_text

LONG_TEXT = 5000


def _choices(labels: dict[Any, Any], blank: Any = None) -> list[tuple[str, Any]]:
    options = [(member.value, label) for member, label in labels.items()]
    return [("", blank), *options] if blank is not None else options


class AssetForm(BaseForm):
    kind = SelectField(_l("Kind of asset"), choices=_choices(KIND_LABELS), validators=[InputRequired()])
    name_en = StringField(
        _l("Name in English"), validators=[DataRequired(_l("Enter the name in English.")), Length(max=200)]
    )
    name_cy = StringField(_l("Name in Welsh"), filters=[optional_text], validators=[Optional(), Length(max=200)])
    description_en = TextAreaField(
        _l("Description in English"), filters=[optional_text], validators=[Optional(), Length(max=LONG_TEXT)]
    )
    description_cy = TextAreaField(
        _l("Description in Welsh"), filters=[optional_text], validators=[Optional(), Length(max=LONG_TEXT)]
    )
    themes = SelectMultipleField(_l("Themes"), coerce=int, validate_choice=True)
    address = StringField(_l("Address"), filters=[optional_text], validators=[Optional(), Length(max=300)])
    postcode = StringField(
        _l("Postcode"),
        filters=[optional_text],
        validators=[Optional(), Length(max=10)],
        description=_l("We use the postcode to find the ward and local authority."),
    )
    latitude = FloatField(
        _l("Latitude"),
        validators=[Optional(), NumberRange(min=-90, max=90, message=_l("Latitude is a number between -90 and 90."))],
        description=_l("Only if there is no postcode, for example 51.4816."),
    )
    longitude = FloatField(
        _l("Longitude"),
        validators=[
            Optional(),
            NumberRange(min=-180, max=180, message=_l("Longitude is a number between -180 and 180.")),
        ],
        description=_l("Only if there is no postcode, for example -3.1791."),
    )
    contact_name = StringField(_l("Contact name"), filters=[optional_text], validators=[Optional(), Length(max=100)])
    contact_email = EmailField(
        _l("Contact email"),
        filters=[optional_text],
        validators=[Optional(), Length(max=254), Email(_l("Enter an email address like name@example.org."))],
    )
    contact_phone = StringField(
        _l("Contact phone"),
        filters=[optional_text],
        validators=[
            Optional(),
            Length(max=40),
            Regexp(r"^[0-9 +()\-]+$", message=_l("Use only digits, spaces and + ( ) -.")),
        ],
    )
    website = URLField(
        _l("Website"),
        filters=[optional_text],
        validators=[
            Optional(),
            Length(max=300),
            Regexp(r"^https?://[^\s/$.?#][^\s]*$", message=_l("Enter a web address starting with https://.")),
        ],
    )
    accessibility_info = TextAreaField(
        _l("Accessibility"),
        filters=[optional_text],
        validators=[Optional(), Length(max=LONG_TEXT)],
        description=_l("Step-free access, hearing loop, accessible toilet, quiet space…"),
    )
    membership = SelectField(_l("Membership"), choices=_choices(MEMBERSHIP_LABELS, blank=_l("Not an association")))
    special_category = SelectField(
        _l("Membership reveals"),
        choices=_choices(SPECIAL_CATEGORY_LABELS, blank=_l("Nothing sensitive")),
        description=_l(
            "If belonging to this group shows someone's religion, health, sexuality, politics or union membership."
        ),
    )
    status = SelectField(
        _l("Status"),
        choices=_choices(
            {s: STATUS_LABELS[s] for s in (AssetStatus.DRAFT, AssetStatus.PUBLISHED, AssetStatus.ARCHIVED)}
        ),
    )
    version = HiddenField()

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for coordinate in (self.latitude, self.longitude):
            if coordinate.data is not None and not math.isfinite(coordinate.data):
                coordinate.errors = [*coordinate.errors, _l("Enter an ordinary number, for example 51.48.")]
                valid = False
        has_point = self.latitude.data is not None and self.longitude.data is not None
        if not self.postcode.data and not has_point and not self.postcode.errors:
            self.postcode.errors = [*self.postcode.errors, _l("Enter a postcode, or a latitude and longitude.")]
            return False
        return valid

    def to_input(self) -> AssetInput:
        return AssetInput(
            kind=AssetKind(self.kind.data),
            name_en=self.name_en.data or "",
            name_cy=self.name_cy.data,
            description_en=self.description_en.data,
            description_cy=self.description_cy.data,
            address=self.address.data,
            postcode=self.postcode.data,
            latitude=self.latitude.data,
            longitude=self.longitude.data,
            contact_name=self.contact_name.data,
            contact_email=self.contact_email.data,
            contact_phone=self.contact_phone.data,
            website=self.website.data,
            accessibility_info=self.accessibility_info.data,
            membership=Membership(self.membership.data) if self.membership.data else None,
            special_category=SpecialCategory(self.special_category.data) if self.special_category.data else None,
            theme_ids=list(self.themes.data or []),
            status=AssetStatus(self.status.data or AssetStatus.DRAFT),
        )

    def expected_version(self) -> int | None:
        raw = self.version.data
        return int(raw) if isinstance(raw, str) and raw.isdigit() else None


class StatusForm(BaseForm):
    status = SelectField(choices=[(s.value, STATUS_LABELS[s]) for s in AssetStatus], validators=[InputRequired()])
    version = IntegerField(validators=[InputRequired()])
