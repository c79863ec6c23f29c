"""Data-subject rights: everything held about a person (access, portability) and erasure."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from blinker import Namespace

from abcd.assets.models import Asset
from abcd.audit.listeners import plain
from abcd.audit.models import AuditEntry
from abcd.auth.models import User
from abcd.backup.erasures import record_erasure
from abcd.changes.models import ChangeRequest
from abcd.csv_output import write_csv
from abcd.extensions import db
from abcd.links.models import Link
from abcd.notices.models import Notice
from abcd.people.models import ConsentRecord, ContactMessage, Person, PersonSkill, Skill

# What each section's rows hold: a model's columns (less what is never shown), or named extras.
SKIPPED = {"account": ("password_hash",), "profile": ("confirm_token_hash", "manage_token_hash")}
SECTION_MODELS: dict[str, Any] = {
    "account": User, "messages_sent": ContactMessage, "suggestions": ChangeRequest, "notices": Notice,
    "profile": Person, "skills": PersonSkill, "links": Link, "consents": ConsentRecord,
    "messages_received": ContactMessage,
}  # fmt: skip
EXTRA_COLUMNS = {
    "assets_created": ["asset_id", "name_en", "status"],
    "skills": ["skill_en", "skill_cy"],
    "manager_requests": [
        "manager_id", "asset_id", "user_id", "la_code", "status", "shown_name", "role", "contact", "visibility",
        "requested_at", "decided_by_id", "decided_at", "reason", "ended_at",
    ],
}  # fmt: skip
# Features built on people that hold more about a user (abcd.managers) answer this with {section: rows}, so
# "everything held" stays complete without people importing them. Their sections' columns are listed above.
data_held_elsewhere = Namespace().signal("data-held-elsewhere")


@dataclass(frozen=True)
class HeldElsewhere:
    """A section of someone's data held by a feature that builds on people (workshops, ...). The feature
    registers it, so people never import the features that build on them. ``rows_for`` returns the rows
    about a person, as plain data; ``fields`` gives the page a label and a reader per column
    (``(label, show(value, lookups))``, as ``data_labels.FIELDS``) where the shared ones do not fit."""

    name: str
    title: Any
    columns: list[str]
    rows_for: Callable[[Person], list[dict[str, Any]]]
    fields: dict[str, tuple[Any, Callable[[Any, Any], Any]]] = field(default_factory=dict)


HELD_ELSEWHERE: dict[str, HeldElsewhere] = {}  # filled once at import by the features; keyed by name


def register_held_elsewhere(section: HeldElsewhere) -> None:
    """Add a section to every access and portability export (idempotent: registered again, replaced)."""
    HELD_ELSEWHERE[section.name] = section


def section_columns(name: str) -> list[str]:
    """The columns of one section, known even when it has no rows (an empty CSV still has its header)."""
    if name in HELD_ELSEWHERE:
        return list(HELD_ELSEWHERE[name].columns)
    model = SECTION_MODELS.get(name)
    skip = SKIPPED.get(name, ())
    own = [c.key for c in sa.inspect(model).column_attrs if c.key not in skip] if model is not None else []
    return own + EXTRA_COLUMNS.get(name, [])


def _row(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        column.key: plain(getattr(obj, column.key))
        for column in sa.inspect(obj).mapper.column_attrs
        if column.key not in skip
    }


def data_held(user: User) -> dict[str, list[dict[str, Any]]]:
    """Every row about this user and their profile, as plain data, section by section."""
    person = db.session.scalar(sa.select(Person).where(Person.user_id == user.user_id))
    sections: dict[str, list[dict[str, Any]]] = {
        "account": [_row(user, skip=SKIPPED["account"])],
        "messages_sent": [
            _row(m)
            for m in db.session.scalars(sa.select(ContactMessage).where(ContactMessage.sender_user_id == user.user_id))
        ],
        "assets_created": [
            {"asset_id": a.asset_id, "name_en": a.name_en, "name_cy": a.name_cy, "status": plain(a.status)}
            for a in db.session.scalars(sa.select(Asset).where(Asset.created_by_id == user.user_id))
        ],
        "suggestions": [
            _row(c)
            for c in db.session.scalars(sa.select(ChangeRequest).where(ChangeRequest.submitted_by_id == user.user_id))
        ],
        "notices": [_row(n) for n in db.session.scalars(sa.select(Notice).where(Notice.user_id == user.user_id))],
    }
    for _receiver, held in data_held_elsewhere.send(user):
        sections |= held
    if person is None:
        return sections
    skills = db.session.execute(
        sa.select(PersonSkill, Skill).join(Skill).where(PersonSkill.person_id == person.person_id)
    ).tuples()
    links = db.session.scalars(
        sa.select(Link).where(
            sa.or_(Link.source_person_id == person.person_id, Link.target_person_id == person.person_id)
        )
    )
    sections |= {
        "profile": [_row(person, skip=SKIPPED["profile"])],
        "skills": [
            {**_row(holding), "skill_en": skill.name_en, "skill_cy": skill.name_cy} for holding, skill in skills
        ],
        "links": [_row(link) for link in links],
        "consents": [
            _row(c)
            for c in db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.person_id == person.person_id))
        ],
        "messages_received": [
            _row(m)
            for m in db.session.scalars(
                sa.select(ContactMessage).where(ContactMessage.recipient_person_id == person.person_id)
            )
        ],
    }
    sections |= {name: held.rows_for(person) for name, held in HELD_ELSEWHERE.items()}
    return sections


def as_json(sections: dict[str, list[dict[str, Any]]]) -> str:
    return json.dumps(sections, ensure_ascii=False, indent=2, sort_keys=True)


def as_zip(sections: dict[str, list[dict[str, Any]]]) -> bytes:
    """A portable archive: data.json plus one CSV per section, each with its header row."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", as_json(sections))
        for name, rows in sections.items():
            columns = section_columns(name)
            archive.writestr(f"{name}.csv", write_csv(columns, ([row.get(c) for c in columns] for row in rows)))
    return buffer.getvalue()


def erase(user: User) -> None:
    """Remove the person and every trace: profile, skills, links, consents, messages, account.

    Audit entries keep the event (what kind of record, when) but lose who and what: their actor is
    cleared by the foreign key and the changed values about this person are blanked.
    """
    person = db.session.scalar(sa.select(Person).where(Person.user_id == user.user_id))
    record_erasure(person_id=person.person_id if person is not None else None, user_id=user.user_id)
    traced = _delete_person(person) if person is not None else []
    db.session.execute(sa.delete(ContactMessage).where(ContactMessage.sender_user_id == user.user_id))
    db.session.delete(user)
    db.session.flush()
    _blank_audit(traced)
    db.session.execute(sa.update(AuditEntry).where(AuditEntry.actor_id == user.user_id).values(actor_id=None))


def erase_person(person: Person) -> None:
    """Erase someone without an account (recorded by an officer): their listing and every trace of it."""
    record_erasure(person_id=person.person_id)
    traced = _delete_person(person)
    db.session.flush()
    _blank_audit(traced)


def _delete_person(person: Person) -> list[tuple[str, int]]:
    """Delete the profile (cascading to skills, links, consents, messages received); the audit trail to blank."""
    traced: list[tuple[str, int]] = [("person", person.person_id)]
    traced += [
        ("person_skill", i)
        for i in db.session.scalars(
            sa.select(PersonSkill.person_skill_id).where(PersonSkill.person_id == person.person_id)
        )
    ]
    traced += [
        ("link", i)
        for i in db.session.scalars(
            sa.select(Link.link_id).where(
                sa.or_(Link.source_person_id == person.person_id, Link.target_person_id == person.person_id)
            )
        )
    ]
    db.session.delete(person)  # cascades: skills, links, consents, messages received
    return traced


def _blank_audit(traced: list[tuple[str, int]]) -> None:
    for entity_type, entity_id in traced:
        db.session.execute(
            sa.update(AuditEntry)
            .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == entity_id)
            .values(changes={}, actor_id=None)
        )
