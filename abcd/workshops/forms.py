"""Forms for running a workshop (facilitators) and taking part in one (participants, no account)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from abcd.assets.labels import KIND_LABELS
from abcd.forms import BaseForm, optional_text
from abcd.models_base import Visibility
from abcd.people.labels import GIFT_LABELS, MODE_LABELS, VISIBILITY_LABELS, choices
from abcd.workshops.labels import LANGUAGE_LABELS
from abcd.workshops.linking import RELATIONS, is_person_relation

KEEP_AUDIENCES = [(v.value, VISIBILITY_LABELS[v]) for v in (Visibility.PUBLIC, Visibility.MEMBERS, Visibility.OFFICERS)]


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class WorkshopForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the workshop a title.")), Length(max=200)])
    held_on = DateField(_l("Date"), validators=[InputRequired(_l("Give the date, for example 2027-03-14."))])
    la_code = SelectField(_l("Local authority"), validators=[DataRequired()])
    place_asset_id = SelectField(_l("Where (a venue in the directory)"), coerce=_int_or_none, validate_choice=False)
    ward_codes = SelectMultipleField(_l("Wards in focus"), validate_choice=False)
    theme_ids = SelectMultipleField(_l("Themes"), coerce=int, validate_choice=False)
    languages = SelectField(_l("Languages"), choices=list(LANGUAGE_LABELS.items()))
    co_facilitator_ids = SelectMultipleField(_l("Co-facilitators"), coerce=int, validate_choice=False)


class JoinCodeForm(BaseForm):
    class Meta:
        csrf = False  # a GET form that only opens the session's page

    code = StringField(
        _l("Workshop code"), description=_l("The six letters and numbers on the screen."),
        validators=[DataRequired(_l("Enter the code shown on the screen.")), Length(max=12)],
    )  # fmt: skip


class JoinForm(BaseForm):
    age = RadioField(
        _l("How old are you?"),
        choices=[("13plus", _l("13 or older")), ("under13", _l("Under 13"))],
        validators=[InputRequired(_l("Say whether you are 13 or older."))],
    )
    display_name = StringField(
        _l("Your name (optional)"), description=_l("Leave it blank to take part anonymously."),
        filters=[optional_text], validators=[Optional(), Length(max=100)],
    )  # fmt: skip
    keep = RadioField(
        _l("May we keep what you share after today?"),
        choices=[("yes", _l("Yes, it may be kept")), ("no", _l("No, only for today's session"))],
        description=_l(
            "If you say no, your name is not kept or shown anywhere, and your gifts, links and stories are "
            "forgotten when the workshop closes. Places and groups you name are community information: the "
            "facilitator may add them to the directory."
        ),
        validators=[InputRequired(_l("Say whether what you share may be kept."))],
    )
    audience = RadioField(
        _l("If it is kept, who may see it?"), choices=KEEP_AUDIENCES, default=Visibility.OFFICERS.value
    )


class SheetForm(JoinForm):
    """A paper capture sheet, keyed in by a facilitator: the same questions the sheet asked its author."""

    sheet_ref = StringField(
        _l("Sheet reference"),
        description=_l("Written on the sheet, for example its number, so it can be found again."),
        validators=[DataRequired(_l("Give the sheet's reference.")), Length(max=60)],
    )  # fmt: skip


class PlaceForm(BaseForm):
    name = StringField(
        _l("Name of the place or group"), validators=[DataRequired(_l("Give its name.")), Length(max=200)]
    )
    asset_kind = SelectField(_l("What kind is it?"), choices=choices(KIND_LABELS))
    postcode = StringField(_l("Postcode (if you know it)"), filters=[optional_text], validators=[Length(max=10)])


class GiftForm(BaseForm):
    skill = StringField(
        _l("Gift or skill"), validators=[DataRequired(_l("Say what the gift or skill is.")), Length(max=100)]
    )
    gift_type = RadioField(_l("Head, heart or hands?"), choices=choices(GIFT_LABELS), default="hands")
    mode = RadioField(_l("Offered or wanted"), choices=choices(MODE_LABELS), default="offered")


class LinkForm(BaseForm):
    """Each end is a record picked from search results (``*_key``, set by the page's script or by choosing
    among the matches the server found) or typed by name and resolved on the server."""

    relation = SelectField(
        _l("How they are connected"), choices=[(key, r.label) for key, r in RELATIONS.items()],
        validators=[InputRequired(_l("Say how they are connected."))],
    )  # fmt: skip
    from_name = StringField(
        _l("This group, place or story"), description=_l("Not needed for “I help at” and “I use”."),
        filters=[optional_text], validators=[Length(max=200)],
    )  # fmt: skip
    from_key = HiddenField(filters=[optional_text], validators=[Length(max=40)])
    to_name = StringField(
        _l("That place or group"), validators=[DataRequired(_l("Name the second thing.")), Length(max=200)]
    )
    to_key = HiddenField(filters=[optional_text], validators=[Length(max=40)])

    def validate_from_name(self, field: StringField) -> None:
        if not field.data and not is_person_relation(self.relation.data):
            raise ValidationError(_l("Name the first thing."))


class StoryForm(BaseForm):
    text = TextAreaField(_l("Your story"), validators=[DataRequired(_l("Write your story.")), Length(max=1000)])


class AcceptForm(BaseForm):
    """The facilitator may correct the name, postcode or text before accepting."""

    name = StringField(_l("Name"), filters=[optional_text], validators=[Length(max=200)])
    postcode = StringField(_l("Postcode"), filters=[optional_text], validators=[Length(max=10)])
    skill = StringField(_l("Gift or skill"), filters=[optional_text], validators=[Length(max=100)])
    text = TextAreaField(_l("Story"), filters=[optional_text], validators=[Length(max=1000)])
    # A place the directory already holds: the record it is (a duplicate hint), instead of a new record.
    same_as = StringField(filters=[optional_text], validators=[Length(max=12)])

    def same_as_id(self) -> int | None:
        return _int_or_none(self.same_as.data)
