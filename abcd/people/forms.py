"""Forms for residents' profiles, skills, consent, contact and erasure."""

from __future__ import annotations

from typing import TypeVar

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from abcd.forms import BaseForm, optional_text
from abcd.models_base import Visibility
from abcd.people.labels import GIFT_LABELS, MODE_LABELS, OFFICERS_MEANING, VISIBILITY_LABELS, choices
from abcd.people.models import GiftType, SkillMode
from abcd.people.services import ProfileInput, SkillInput

AUDIENCE = choices(VISIBILITY_LABELS)
F = TypeVar("F", bound=BaseForm)


class ProfileForm(BaseForm):
    display_name = StringField(
        _l("Your name"), validators=[DataRequired(_l("Enter the name you want others to see.")), Length(max=100)]
    )
    display_name_visibility = SelectField(_l("Who can see your name"), choices=AUDIENCE, description=OFFICERS_MEANING)
    ward_code = SelectField(
        _l("Your ward"),
        validators=[Optional()],
        description=_l("We never ask for your address. You appear on maps only at ward level."),
    )
    ward_visibility = SelectField(_l("Who can see your ward"), choices=AUDIENCE)
    languages = StringField(
        _l("Languages you speak"), filters=[optional_text], validators=[Optional(), Length(max=200)]
    )
    accepts_messages = BooleanField(_l("Let signed-in members send me messages through this site"))
    consent = BooleanField(_l("I agree"))
    version = HiddenField()

    def to_input(self) -> ProfileInput:
        return ProfileInput(
            display_name=self.display_name.data or "",
            display_name_visibility=Visibility(self.display_name_visibility.data),
            ward_code=self.ward_code.data or None,
            ward_visibility=Visibility(self.ward_visibility.data),
            languages=self.languages.data,
            accepts_messages=bool(self.accepts_messages.data),
        )


class SkillForm(BaseForm):
    skill_id = SelectField(_l("Skill or gift"), coerce=int, validators=[InputRequired(_l("Choose a skill."))])
    mode = SelectField(_l("Offered or wanted"), choices=choices(MODE_LABELS))
    can_teach = BooleanField(_l("I could teach this"))
    visibility = SelectField(_l("Who can see this"), choices=AUDIENCE, description=OFFICERS_MEANING)

    def to_input(self) -> SkillInput:
        return SkillInput(
            skill_id=int(self.skill_id.data or 0),
            mode=SkillMode(self.mode.data),
            can_teach=bool(self.can_teach.data),
            visibility=Visibility(self.visibility.data),
        )


class SkillVisibilityForm(BaseForm):
    visibility = SelectField(_l("Who can see this"), choices=AUDIENCE, description=OFFICERS_MEANING)


class ProposeSkillForm(BaseForm):
    name_en = StringField(
        _l("New skill in English"), validators=[DataRequired(_l("Enter the skill's name.")), Length(max=100)]
    )
    name_cy = StringField(_l("New skill in Welsh"), filters=[optional_text], validators=[Optional(), Length(max=100)])
    gift_type = SelectField(_l("Kind of gift"), choices=choices(GIFT_LABELS), default=GiftType.HANDS.value)


class SkillReviewForm(BaseForm):
    decision = SelectField(
        _l("Decision"),
        choices=[("accept", _l("Accept")), ("merge", _l("Merge into an existing skill")), ("reject", _l("Reject"))],
    )
    merge_into = SelectField(_l("Existing skill"), coerce=int, validate_choice=False, validators=[Optional()])


class ContactForm(BaseForm):
    body = TextAreaField(
        _l("Your message"),
        validators=[DataRequired(_l("Write a message.")), Length(max=2000)],
        description=_l("Your name will be shown. Your email address and theirs stay private."),
    )


class ConfirmForm(BaseForm):
    """Confirming a listing an officer recorded; an audience field per recorded item is added per person
    (``with_audiences``)."""

    over_13 = BooleanField(
        _l("I am 13 or older"),
        validators=[DataRequired(_l("You must be 13 or older to confirm this yourself."))],
        description=_l("Children under 13 cannot give consent themselves: a parent or carer can ask the officer "
                       "to remove the record."),
    )  # fmt: skip
    consent = BooleanField(_l("I agree"), validators=[DataRequired(_l("Tick the box to confirm."))])


class AudiencesForm(BaseForm):
    """Changing who sees each item, from one's manage link."""


def with_audiences(form_class: type[F], fields: list[tuple[str, str, Visibility]]) -> F:
    """``form_class`` plus one "who can see this" choice per (field name, label, preselected audience)."""
    extended = type(form_class.__name__, (form_class,), {})
    for name, label, preselected in fields:
        setattr(extended, name, SelectField(label, choices=AUDIENCE, default=preselected.value))
    return extended()


def chosen_audiences(form: BaseForm, names: list[str]) -> dict[str, Visibility]:
    return {name: Visibility(form[name].data) for name in names}


class EraseForm(BaseForm):
    confirm_text = StringField(
        _l("Type ERASE to confirm"), validators=[DataRequired(_l("Type ERASE to confirm.")), Length(max=20)]
    )


class WithdrawForm(BaseForm):
    """An empty form: one button, protected by CSRF."""


class RecordPersonForm(ProfileForm):
    """An officer records someone; they stay officers-only until they confirm by their own link."""

    association = SelectField(_l("Member of (optional)"), coerce=int, validate_choice=True, validators=[Optional()])
    workshop = BooleanField(_l("Recorded at a workshop"))
    contact_email = EmailField(
        _l("Their email address (optional)"),
        filters=[optional_text],
        validators=[Optional(), Length(max=254), Email(_l("Enter an email address like name@example.org."),
                                                        check_deliverability=False)],
        description=_l("If they give one, we email them their personal link and, later, reminders."),
    )  # fmt: skip
    contact_locale = SelectField(_l("Language for their emails"), choices=[("en", "English"), ("cy", "Cymraeg")])
