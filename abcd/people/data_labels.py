"""How "Everything we hold about you" reads: a label per field, names for ids and codes, UK dates and
enum values as words, in the reader's language. The downloads keep the plain data of ``privacy.data_held``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from abcd.assets.labels import FIELD_LABELS as ASSET_FIELD_LABELS
from abcd.assets.labels import KIND_LABELS, STATUS_LABELS
from abcd.assets.models import Asset, AssetKind, AssetStatus
from abcd.auth.labels import ROLE_LABELS
from abcd.auth.models import Role
from abcd.changes.labels import CHANGE_KIND_LABELS, CHANGE_STATUS_LABELS, CHANNEL_LABELS, Names, describe_value
from abcd.changes.labels import load_names as load_change_names
from abcd.changes.models import ChangeKind, ChangeStatus, Channel
from abcd.extensions import db
from abcd.i18n import current_language, day, localised, when
from abcd.links.labels import phrase
from abcd.links.models import REQUESTED, Link, LinkType
from abcd.models_base import Visibility
from abcd.people import privacy, visibility
from abcd.people.labels import BASIS_LABELS, DATA_SECTION_LABELS, ENTERED_BY_LABELS, MODE_LABELS, VISIBILITY_LABELS
from abcd.people.models import EnteredBy, LawfulBasis, Person, Skill, SkillMode

LANGUAGE_LABELS: dict[str, Any] = {"en": _l("English"), "cy": _l("Welsh")}
LINK_ROLE_LABELS: dict[str, Any] = {  # the roles abcd.groups.services gives a membership
    "member": _l("Member"),
    "organiser": _l("Organiser"),
    REQUESTED: _l("Asked to join, waiting for an organiser"),
}
CONSENT_PURPOSE_LABELS: dict[str, Any] = {  # abcd.people.consent and abcd.groups.services purposes
    "profile": _l("Being listed in the directory"),
    "special_category_link": _l("Belonging to a group that reveals sensitive information"),
    "join_request": _l("Showing your name to a group's organisers when you ask to join"),
}


@dataclass(frozen=True)
class Fact:
    """One field of one row as read: its label, its value in words, and the value's language when not the page's."""

    label: str
    text: str
    lang: str | None = None


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    rows: list[list[Fact]]


@dataclass(frozen=True)
class Lookups:
    """Every name the data may point at, looked up once for the page."""

    names: Names  # wards, authorities, account names, workshops
    assets: Mapping[int, Asset]
    skills: Mapping[int, Skill]
    people: Mapping[int, str]  # person names, as far as the reader may see them
    link_assets: Mapping[int, int]  # a link's group or place: what a consent record's link is about
    own_user_id: int | None
    own_person_id: int | None


Show = Callable[[Any, Lookups], "str | tuple[str, str | None]"]


def _enum(enum_type: type[Any], labels: Mapping[Any, Any]) -> Show:
    def show(value: Any, _lookups: Lookups) -> str:
        try:
            return str(labels[enum_type(value)])
        except (ValueError, KeyError):
            return str(value)

    return show


def _words(labels: Mapping[str, Any]) -> Show:
    return lambda value, _lookups: str(labels.get(value, value))


def _moment(value: Any, _lookups: Lookups) -> str:
    return when(datetime.fromisoformat(value))


def _day(value: Any, _lookups: Lookups) -> str:
    return day(datetime.fromisoformat(value))


def _yes_no(value: Any, _lookups: Lookups) -> str:
    return _("Yes") if value else _("No")


def _text(value: Any, _lookups: Lookups) -> str:
    return str(value)


def _named(record: Any, removed: str) -> tuple[str, str | None]:
    """A record's name in the reader's language, with the language of the name when it had to fall back."""
    if record is None:
        return removed, None
    text, fallback = localised(record, "name")
    return str(text or ""), ("en" if current_language() == "cy" else "cy") if fallback else None


def _asset(value: Any, lookups: Lookups) -> tuple[str, str | None]:
    return _named(lookups.assets.get(value), _("a record since removed"))


def _skill(value: Any, lookups: Lookups) -> tuple[str, str | None]:
    return _named(lookups.skills.get(value), _("a skill since removed"))


def _link_asset(value: Any, lookups: Lookups) -> tuple[str, str | None]:
    return _asset(lookups.link_assets.get(value), lookups)


def _person(value: Any, lookups: Lookups) -> str:
    if value == lookups.own_person_id:
        return _("You")
    return lookups.people.get(value, _("a person whose name is not shown"))


def _account(value: Any, lookups: Lookups) -> str:
    if value == lookups.own_user_id:
        return _("You")
    return lookups.names.people.get(value, _("a former user"))


def _described(field: str) -> Show:
    return lambda value, lookups: describe_value(field, value, lookups.names)


def _link_type(value: Any, _lookups: Lookups) -> str:
    try:
        return phrase(LinkType(value), from_source=True)
    except ValueError:
        return str(value)


def _items(value: Any, _lookups: Lookups) -> str:
    return ", ".join(_("Location") if item == "location" else str(ASSET_FIELD_LABELS.get(item, item)) for item in value)


def _proposed(value: Any, lookups: Lookups) -> str:
    """A suggestion's values: each as "label: value", asset fields read as the review pages read them."""
    parts = []
    for field, item in value.items():
        if field in ASSET_FIELD_LABELS:
            parts.append(f"{ASSET_FIELD_LABELS[field]}: {describe_value(field, item, lookups.names)}")
        else:
            label, show = FIELDS.get(field, (field, _text))
            parts.append(f"{label}: {_plain_text(show, item, lookups)}")
    return "; ".join(parts)


def _plain_text(show: Show, value: Any, lookups: Lookups) -> str:
    shown = show(value, lookups)
    return shown[0] if isinstance(shown, tuple) else shown


REFERENCE = (_l("Reference number"), _text)
# A request to manage a record (abcd.managers, which answers ``privacy.data_held_elsewhere``), by its status.
MANAGER_REQUEST_LABELS = {
    "pending": _l("Waiting for an officer"),
    "approved": _l("You manage it"),
    "declined": _l("Not approved"),
    "ended": _l("Ended"),
}
WHO_SEES = (_l("Who can see this"), _enum(Visibility, VISIBILITY_LABELS))

# Each column's label and how its value reads, wherever it appears...
FIELDS: dict[str, tuple[Any, Show]] = {
    "email": (_l("Email address"), _text),
    "display_name": (_l("Name"), _text),
    "role": (_l("Role"), _enum(Role, ROLE_LABELS)),
    "la_code": (_l("Local authority"), _described("la_code")),
    "ward_code": (_l("Ward"), _described("ward_code")),
    "locale": (_l("Language"), _words(LANGUAGE_LABELS)),
    "is_enabled": (_l("Account in use"), _yes_no),
    "created_at": (_l("Created"), _moment),
    "last_login_at": (_l("Last signed in"), _moment),
    "email_verified_at": (_l("Email address confirmed"), _moment),
    "email_notices": (_l("Notices also sent by email"), _yes_no),
    "session_epoch": (_l("Times every session was ended"), _text),
    "sender_user_id": (_l("From"), _account),
    "recipient_person_id": (_l("To"), _person),
    "body": (_l("Message"), _text),
    "sent_at": (_l("Sent"), _moment),
    "read_at": (_l("Read"), _moment),
    "name_en": (_l("Name in English"), _text),
    "name_cy": (_l("Name in Welsh"), _text),
    "asset_id": (_l("Record"), _asset),
    "person_id": (_l("Person"), _person),
    "user_id": (_l("Account"), _account),
    "asset_kind": (_l("Kind of asset"), _enum(AssetKind, KIND_LABELS)),
    "proposed": (_l("What you suggested"), _proposed),
    "base_version": (_l("Version it changes"), _text),
    "channel": (_l("Sent through"), _enum(Channel, CHANNEL_LABELS)),
    "channel_ref": (_l("Sent through (reference)"), _text),
    "submitted_by_id": (_l("Sent by"), _account),
    "submitted_at": (_l("Sent"), _moment),
    "decided_by_id": (_l("Decided by"), _account),
    "decided_at": (_l("Decided"), _moment),
    "approved_fields": (_l("Items accepted"), _items),
    "reason": (_l("Reason"), _text),
    "subject": (_l("Subject"), _text),
    "link_path": (_l("Page it points to"), _text),
    "display_name_visibility": (_l("Who can see your name"), _enum(Visibility, VISIBILITY_LABELS)),
    "ward_visibility": (_l("Who can see your ward"), _enum(Visibility, VISIBILITY_LABELS)),
    "languages": (_l("Languages you speak"), _text),
    "entered_by": (_l("Entered by"), _enum(EnteredBy, ENTERED_BY_LABELS)),
    "confirmed_at": (_l("Confirmed"), _moment),
    "confirm_token_expires_at": (_l("Confirmation link expires"), _moment),
    "contact_email": (_l("Contact email"), _text),
    "contact_locale": (_l("Language for messages to you"), _words(LANGUAGE_LABELS)),
    "withdrawn_at": (_l("Consent withdrawn"), _moment),
    "accepts_messages": (_l("Accepts messages"), _yes_no),
    "updated_at": (_l("Last changed"), _moment),
    "version": (_l("Version"), _text),
    "skill_id": (_l("Skill"), _skill),
    "mode": (_l("Share or learn"), _enum(SkillMode, MODE_LABELS)),
    "can_teach": (_l("I could teach this"), _yes_no),
    "visibility": WHO_SEES,
    "skill_en": (_l("Skill in English"), _text),
    "skill_cy": (_l("Skill in Welsh"), _text),
    "link_type": (_l("Kind of link"), _link_type),
    "source_person_id": (_l("From"), _person),
    "source_asset_id": (_l("From"), _asset),
    "target_person_id": (_l("To"), _person),
    "target_asset_id": (_l("To"), _asset),
    "target_skill_id": (_l("To"), _skill),
    "workshop_id": (_l("Workshop"), _described("workshop_id")),
    "created_by_id": (_l("Created by"), _account),
    "purpose": (_l("What for"), _words(CONSENT_PURPOSE_LABELS)),
    "lawful_basis": (_l("Lawful basis"), _enum(LawfulBasis, BASIS_LABELS)),
    "wording": (_l("What you agreed to"), _text),
    "recorded_by_id": (_l("Recorded by"), _account),
    "link_id": (_l("Group or place"), _link_asset),
    "given_at": (_l("Given"), _moment),
    "reconfirm_by": (_l("To confirm again by"), _day),
    "reminded_at": (_l("Reminder sent"), _moment),
}

# ...except where a section means something else by it.
SECTION_FIELDS: dict[tuple[str, str], tuple[Any, Show]] = {
    ("account", "user_id"): REFERENCE,
    ("messages_sent", "contact_message_id"): REFERENCE,
    ("messages_received", "contact_message_id"): REFERENCE,
    ("assets_created", "asset_id"): REFERENCE,
    ("assets_created", "status"): (_l("Status"), _enum(AssetStatus, STATUS_LABELS)),
    ("suggestions", "change_id"): REFERENCE,
    ("suggestions", "kind"): (_l("What"), _enum(ChangeKind, CHANGE_KIND_LABELS)),
    ("suggestions", "status"): (_l("Outcome"), _enum(ChangeStatus, CHANGE_STATUS_LABELS)),
    ("notices", "notice_id"): REFERENCE,
    ("notices", "created_at"): (_l("Sent"), _moment),
    ("profile", "person_id"): REFERENCE,
    ("profile", "display_name"): (_l("Name shown"), _text),
    ("skills", "person_skill_id"): REFERENCE,
    ("links", "link_id"): REFERENCE,
    ("links", "role"): (_l("Role"), _words(LINK_ROLE_LABELS)),
    ("consents", "consent_id"): REFERENCE,
    ("manager_requests", "manager_id"): REFERENCE,
    ("manager_requests", "status"): (_l("Status"), _words(MANAGER_REQUEST_LABELS)),
    ("manager_requests", "shown_name"): (_l("Name shown"), _text),
    ("manager_requests", "role"): (_l("Your role there"), _text),
    ("manager_requests", "contact"): (_l("How an officer can check with you"), _text),
    ("manager_requests", "requested_at"): (_l("Sent"), _moment),
    ("manager_requests", "ended_at"): (_l("Ended"), _moment),
}

# Always the reader (the rows were chosen by them), so the page leaves them out; the downloads keep them.
ALWAYS_THE_READER = {
    ("messages_sent", "sender_user_id"), ("messages_received", "recipient_person_id"),
    ("suggestions", "submitted_by_id"), ("notices", "user_id"), ("profile", "user_id"),
    ("skills", "person_id"), ("consents", "person_id"), ("manager_requests", "user_id"),
}  # fmt: skip

# A link has one source and one target, each in one of these columns: the empty ones are not worth a line.
LINK_ENDS = {"source_person_id", "source_asset_id", "target_person_id", "target_asset_id", "target_skill_id"}

# The language of a column's values, for the page's ``lang`` attributes.
VALUE_LANGUAGE = {"name_en": "en", "name_cy": "cy", "skill_en": "en", "skill_cy": "cy"}


def field_spec(section: str, column: str) -> tuple[Any, Show] | None:
    """A column's label and reader, or None when the section has no words for it yet."""
    held = privacy.HELD_ELSEWHERE.get(section)
    own = held.fields.get(column) if held is not None else None
    return own or SECTION_FIELDS.get((section, column)) or FIELDS.get(column)


def _fact(section: str, column: str, value: Any, lookups: Lookups) -> Fact:
    label, show = field_spec(section, column) or (column, _text)
    if value is None or value == "" or value == []:
        return Fact(str(label), _("Not set"))
    shown = show(value, lookups)
    text, lang = shown if isinstance(shown, tuple) else (shown, None)
    language = VALUE_LANGUAGE.get(column)
    return Fact(str(label), text, lang or (language if language != current_language() else None))


def _shown(section: str, column: str, value: Any) -> bool:
    return (section, column) not in ALWAYS_THE_READER and not (column in LINK_ENDS and value is None)


def readable(sections: Mapping[str, list[dict[str, Any]]], viewer: visibility.Viewer) -> list[Section]:
    """``privacy.data_held`` as the page reads it, section by section, in the reader's language."""
    lookups = _lookups(sections, viewer)
    return [
        Section(
            name,
            str(DATA_SECTION_LABELS.get(name) or _held_title(name)),
            [
                [_fact(name, column, value, lookups) for column, value in row.items()
                 if _shown(name, column, value)]
                for row in rows
            ],
        )
        for name, rows in sections.items()
    ]  # fmt: skip


def _held_title(name: str) -> str:
    held = privacy.HELD_ELSEWHERE.get(name)
    return str(held.title) if held is not None else name


def _ids(sections: Mapping[str, list[dict[str, Any]]], columns: Iterable[str], skip: set[str]) -> set[int]:
    return {
        value
        for name, rows in sections.items()
        if name not in skip
        for row in rows
        for column in columns
        if isinstance(value := row.get(column), int)
    }


def _lookups(sections: Mapping[str, list[dict[str, Any]]], viewer: visibility.Viewer) -> Lookups:
    link_ids = _ids(sections, ["link_id"], {"links"})
    ends = sa.select(Link.link_id, sa.func.coalesce(Link.target_asset_id, Link.source_asset_id))
    link_assets = {link: asset for link, asset in db.session.execute(ends.where(Link.link_id.in_(link_ids)))}
    asset_ids = _ids(sections, ["asset_id", "source_asset_id", "target_asset_id"], set()) | set(link_assets.values())
    skill_ids = _ids(sections, ["skill_id", "target_skill_id"], set())
    person_ids = _ids(sections, ["person_id", "source_person_id", "target_person_id", "recipient_person_id"], set())
    user_ids = _ids(sections, ["user_id", "sender_user_id", "submitted_by_id", "decided_by_id",
                               "recorded_by_id", "created_by_id"], {"account"})  # fmt: skip
    return Lookups(
        names=load_change_names(user_ids, _ids(sections, ["workshop_id"], set())),
        assets={a.asset_id: a for a in db.session.scalars(sa.select(Asset).where(Asset.asset_id.in_(asset_ids)))},
        skills={s.skill_id: s for s in db.session.scalars(sa.select(Skill).where(Skill.skill_id.in_(skill_ids)))},
        # Other people's names only through the visibility helper, as everywhere else.
        people={
            p.person_id: p.display_name
            for p in db.session.scalars(sa.select(Person).where(Person.person_id.in_(person_ids)))
            if visibility.can_see(viewer, p)
        },
        link_assets={link: asset for link, asset in link_assets.items() if asset is not None},
        own_user_id=viewer.user_id,
        own_person_id=viewer.person_id,
    )
