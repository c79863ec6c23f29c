"""Forms for what a venue offers and looks for, and for an association looking for a venue."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from abcd.forms import BaseForm, optional_text
from abcd.partners.labels import CATEGORY_LABELS, DIRECTION_LABELS
from abcd.partners.matching import RESOURCE_CATEGORIES
from abcd.partners.models import OfferCategory, OfferDirection
from abcd.partners.services import OfferInput, find_skill


class OfferForm(BaseForm):
    direction = SelectField(
        _l("Offers or looking for"),
        choices=[(d.value, label) for d, label in DIRECTION_LABELS.items()],
        validators=[InputRequired()],
    )
    category = SelectField(
        _l("What kind of thing"),
        choices=[(c.value, label) for c, label in CATEGORY_LABELS.items()],
        validators=[InputRequired()],
    )
    description_en = TextAreaField(
        _l("Description in English"),
        description=_l("For example: a rehearsal room for 30 people on weekday evenings."),
        filters=[optional_text],
        validators=[Optional(), Length(max=500)],
    )
    description_cy = TextAreaField(
        _l("Description in Welsh"), filters=[optional_text], validators=[Optional(), Length(max=500)]
    )
    skill = StringField(
        _l("Skill"),
        description=_l("The name of a skill, in English or Welsh, such as Music or Cerddoriaeth."),
        filters=[optional_text],
        validators=[Optional(), Length(max=100)],
    )
    theme = SelectField(_l("Theme or audience"), coerce=int, validate_choice=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.skill_id: int | None = None

    def validate_skill(self, field: StringField) -> None:
        skill = find_skill(field.data)
        if skill is None:
            raise ValidationError(_l("There is no skill called that yet. Check the spelling or try another word."))
        self.skill_id = skill.skill_id

    def validate(self, extra_validators: Any = None) -> bool:
        """Rules across fields (the Optional() fields stop their own checks when left empty)."""
        valid = super().validate(extra_validators)
        if self.category.data == OfferCategory.SKILL.value and not self.skill.data:
            self.skill.errors = [*self.skill.errors, _l("Enter the skill.")]
            valid = False
        if not (self.description_en.data or self.description_cy.data or self.skill.data or self.theme.data):
            self.description_en.errors = [*self.description_en.errors, _l("Describe it, or choose a skill or a theme.")]
            valid = False
        return valid

    def to_input(self) -> OfferInput:
        return OfferInput(
            direction=OfferDirection(self.direction.data),
            category=OfferCategory(self.category.data),
            description_en=self.description_en.data,
            description_cy=self.description_cy.data,
            skill_id=self.skill_id,
            theme_id=self.theme.data or None,
        )


class NeedsForm(BaseForm):
    """GET form: what an association needs from a venue."""

    class Meta:
        csrf = False  # a search, not a change

    needs = SelectMultipleField(
        _l("What do you need?"),
        choices=[(c, CATEGORY_LABELS[OfferCategory(c)]) for c in RESOURCE_CATEGORIES],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
        validators=[Optional()],
    )
    theme = SelectField(_l("For what theme or audience"), coerce=int, validate_choice=False)


DISTANCES = (1, 2, 5, 10, 25)
KINDS = ("association", "person", "venue")


class PartnerFilterForm(BaseForm):
    """GET form: which partners to list (the choices of ``authority`` are filled by the view)."""

    class Meta:
        csrf = False  # a search, not a change

    distance = SelectField(_l("Distance from the venue"), default="", validate_choice=True)
    authority = SelectField(_l("Local authority"), default="", validate_choice=True)
    kind = SelectField(
        _l("Kind"),
        choices=[
            ("", _l("Any kind")), ("association", _l("Associations")), ("person", _l("People")),
            ("venue", _l("Other venues")),
        ],
        default="",
        validate_choice=True,
    )  # fmt: skip
    q = StringField(_l("Name contains"), filters=[optional_text], validators=[Optional(), Length(max=100)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.distance.choices = [("", _l("Any distance"))] + [
            (str(km), _l("Within %(num)d km", num=km)) for km in DISTANCES
        ]
