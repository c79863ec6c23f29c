"""Residents' profiles, their gifts and skills, and the consent that lets them be listed."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from abcd.extensions import Model
from abcd.models_base import NEVER_REUSE_IDS, Visibility, created_at_column, enum_column, updated_at_column


class GiftType(enum.StrEnum):
    HEAD = "head"  # knowledge
    HEART = "heart"  # passions
    HANDS = "hands"  # practical skills


class SkillMode(enum.StrEnum):
    OFFERED = "offered"
    WANTED = "wanted"


class SkillStatus(enum.StrEnum):
    ACCEPTED = "accepted"
    PROPOSED = "proposed"
    REJECTED = "rejected"


class EnteredBy(enum.StrEnum):
    SELF = "self"
    OFFICER = "officer"
    WORKSHOP = "workshop"


class LawfulBasis(enum.StrEnum):
    CONSENT = "consent"
    PUBLIC_TASK = "public_task"
    EXPLICIT_CONSENT = "explicit_consent"  # Art. 9(2)(a), for special-category links


class Person(Model):
    __tablename__ = "person"
    __table_args__ = NEVER_REUSE_IDS
    __audited__ = True

    person_id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="CASCADE"), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(100))
    display_name_visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.PRIVATE)
    # A person is only ever placed at their ward, never at a point.
    ward_code: Mapped[str | None] = mapped_column(sa.ForeignKey("ward.code", ondelete="SET NULL"), index=True)
    ward_visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.PRIVATE)
    languages: Mapped[str | None] = mapped_column(sa.String(200))
    entered_by: Mapped[EnteredBy] = mapped_column(enum_column(EnteredBy), default=EnteredBy.SELF)
    confirmed_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    confirm_token_hash: Mapped[str | None] = mapped_column(sa.String(128))
    confirm_token_expires_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    # A lasting personal link for someone without an account: change, download, withdraw or erase.
    manage_token_hash: Mapped[str | None] = mapped_column(sa.String(128))
    # Only for someone an officer recorded and who gave an address: where their links and reminders go.
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_locale: Mapped[str] = mapped_column(sa.String(5), default="en", server_default="en")
    # Set when the person withdraws consent to be listed: nobody else sees them from then on.
    withdrawn_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    accepts_messages: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 -- SQLAlchemy's declarative hook


class Skill(Model):
    """One term of the shared bilingual vocabulary of gifts and skills."""

    __tablename__ = "skill"
    __table_args__ = NEVER_REUSE_IDS

    skill_id: Mapped[int] = mapped_column(primary_key=True)
    name_en: Mapped[str] = mapped_column(sa.String(100), unique=True)
    name_cy: Mapped[str | None] = mapped_column(sa.String(100))
    gift_type: Mapped[GiftType] = mapped_column(enum_column(GiftType))
    status: Mapped[SkillStatus] = mapped_column(enum_column(SkillStatus), default=SkillStatus.ACCEPTED)
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("skill.skill_id", ondelete="SET NULL"))
    proposed_by_person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("person.person_id", ondelete="SET NULL"))


class SkillSynonym(Model):
    __tablename__ = "skill_synonym"
    __table_args__ = (sa.UniqueConstraint("skill_id", "term", name="uq_skill_synonym_term"),)

    skill_synonym_id: Mapped[int] = mapped_column(primary_key=True)
    skill_id: Mapped[int] = mapped_column(sa.ForeignKey("skill.skill_id", ondelete="CASCADE"), index=True)
    term: Mapped[str] = mapped_column(sa.String(100), index=True)  # lower-cased
    locale: Mapped[str] = mapped_column(sa.String(5), default="en")


class PersonSkill(Model):
    __tablename__ = "person_skill"
    __audited__ = True
    __table_args__ = (
        sa.UniqueConstraint("person_id", "skill_id", "mode", name="uq_person_skill_mode"),
        NEVER_REUSE_IDS,
    )

    person_skill_id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.person_id", ondelete="CASCADE"), index=True)
    skill_id: Mapped[int] = mapped_column(sa.ForeignKey("skill.skill_id", ondelete="CASCADE"), index=True)
    mode: Mapped[SkillMode] = mapped_column(enum_column(SkillMode))
    can_teach: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.PRIVATE)


class ConsentRecord(Model):
    """Who agreed to what, on which lawful basis, in which words, when; and when it ends."""

    __tablename__ = "consent_record"
    __table_args__ = NEVER_REUSE_IDS

    consent_id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.person_id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(60))  # e.g. "profile", "special_category_link"
    lawful_basis: Mapped[LawfulBasis] = mapped_column(enum_column(LawfulBasis))
    wording: Mapped[str] = mapped_column(sa.Text)
    entered_by: Mapped[EnteredBy] = mapped_column(enum_column(EnteredBy))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    link_id: Mapped[int | None] = mapped_column(sa.ForeignKey("link.link_id", ondelete="CASCADE"))
    given_at: Mapped[datetime] = created_at_column()
    reconfirm_by: Mapped[datetime | None] = mapped_column(sa.DateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(sa.DateTime)  # re-confirmation reminder sent
    withdrawn_at: Mapped[datetime | None] = mapped_column(sa.DateTime)


class ContactMessage(Model):
    """A message relayed by the app, so a resident can be contacted without revealing their email."""

    __tablename__ = "contact_message"
    __table_args__ = NEVER_REUSE_IDS

    contact_message_id: Mapped[int] = mapped_column(primary_key=True)
    sender_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.user_id", ondelete="CASCADE"), index=True
    )
    recipient_person_id: Mapped[int] = mapped_column(sa.ForeignKey("person.person_id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    sent_at: Mapped[datetime] = created_at_column()
    read_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
