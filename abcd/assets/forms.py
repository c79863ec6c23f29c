"""Forms for recording and curating assets."""

from __future__ import annotations

import enum
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
from wtforms.validators import DataRequired, InputRequired, Optional

from abcd.assets import rules
from abcd.assets.labels import KIND_LABELS, MEMBERSHIP_LABELS, SPECIAL_CATEGORY_LABELS, STATUS_LABELS
from abcd.assets.models import Asset, AssetKind, AssetStatus, Membership, SpecialCategory
from abcd.assets.services import AssetInput
from abcd.forms import BaseForm, optional_text
from abcd.text import whole_number

# Details of a published record that only its authority's officers change (status is removed too).
OFFICER_ONLY_DETAILS = ("kind", "membership", "special_category")


def _choices(labels: dict[Any, Any], blank: Any = None) -> list[tuple[str, Any]]:
    options = [(member.value, label) for member, label in labels.items()]
    return [("", blank), *options] if blank is not None else options


class AssetForm(BaseForm):
    """One form for every role; ``for_editor`` removes the fields a role may not change, so a page never
    renders (nor requires) a field its user cannot see. The rules themselves live in abcd.assets.rules."""

    kind = SelectField(_l("Kind of asset"), choices=_choices(KIND_LABELS), validators=[InputRequired()])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(_l("Enter the name in English."))])
    name_cy = StringField(_l("Name in Welsh"), filters=[optional_text])
    description_en = TextAreaField(_l("Description in English"), filters=[optional_text])
    description_cy = TextAreaField(_l("Description in Welsh"), filters=[optional_text])
    themes = SelectMultipleField(_l("Themes"), coerce=int, validate_choice=True)
    address = StringField(_l("Address"), filters=[optional_text])
    postcode = StringField(
        _l("Postcode"),
        filters=[optional_text],
        description=_l("We use the postcode to find the ward and local authority."),
    )
    latitude = FloatField(
        _l("Latitude"), validators=[Optional()], description=_l("Only if there is no postcode, for example 51.4816.")
    )
    longitude = FloatField(
        _l("Longitude"), validators=[Optional()], description=_l("Only if there is no postcode, for example -3.1791.")
    )
    contact_name = StringField(_l("Contact name"), filters=[optional_text])
    contact_email = EmailField(_l("Contact email"), filters=[optional_text])
    contact_phone = StringField(_l("Contact phone"), filters=[optional_text])
    website = URLField(_l("Website"), filters=[optional_text])
    accessibility_info = TextAreaField(
        _l("Accessibility"),
        filters=[optional_text],
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

    _record: Asset | None = None

    @classmethod
    def for_editor(cls, curates: bool, record: Asset | None = None, **kwargs: Any) -> AssetForm:
        """The form as ``record``'s editor may use it: officers who curate it see every field; a resident
        suggesting a record proposes its kind and membership but not its status; an organiser editing a
        published group changes its details only (status, kind, membership and category are officers')."""
        form = cls(**kwargs)
        form._record = record
        if curates and record is not None and record.status is AssetStatus.PENDING:
            # Saving a suggestion as shown keeps it waiting: the queue decides it, not a default choice.
            form.status.choices = [
                (AssetStatus.PENDING.value, STATUS_LABELS[AssetStatus.PENDING]),
                *form.status.choices,
            ]
        if not curates:
            del form.status
            if record is not None and record.status is not AssetStatus.PENDING:
                for name in OFFICER_ONLY_DETAILS:
                    delattr(form, name)
        return form

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if any(name in self and self[name].errors for name in ("kind", "status", "membership", "special_category")):
            return False  # the rules read the input these choices make
        for violation in rules.check(self.to_input()):
            target = getattr(self, violation.field, None) if violation.field in self else None
            if target is None:
                self.form_errors.append(violation.message)
            elif violation.message not in target.errors:
                target.errors = [*target.errors, violation.message]
            valid = False
        return valid

    def _kept(self, name: str, default: Any = None) -> Any:
        """A field's submitted value, or the record's own for a field this role was not shown."""
        if name in self:
            return self[name].data
        value = getattr(self._record, name, None) if self._record is not None else None
        return value.value if isinstance(value, enum.Enum) else (value if value is not None else default)

    def to_input(self) -> AssetInput:
        membership, category, status = self._kept("membership"), self._kept("special_category"), self._kept("status")
        return AssetInput(
            kind=AssetKind(self._kept("kind")),
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
            membership=Membership(membership) if membership else None,
            special_category=SpecialCategory(category) if category else None,
            theme_ids=list(self.themes.data or []),
            status=AssetStatus(status or AssetStatus.DRAFT),
        )

    def expected_version(self) -> int | None:
        raw = self.version.data
        return whole_number(raw)


class StatusForm(BaseForm):
    status = SelectField(choices=[(s.value, STATUS_LABELS[s]) for s in AssetStatus], validators=[InputRequired()])
    version = IntegerField(validators=[InputRequired()])
