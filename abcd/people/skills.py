"""The shared bilingual vocabulary of gifts and skills, found through synonyms in both languages."""

from __future__ import annotations

import sqlalchemy as sa

from abcd.extensions import db
from abcd.links.models import Link
from abcd.people.models import GiftType, PersonSkill, Skill, SkillStatus, SkillSynonym
from abcd.search.vocabulary import matching_skill_ids as vocabulary_matches
from abcd.text import clean_query


def matching_skill_ids(term: str) -> list[int]:
    """Accepted skills that ``term`` finds, by the site's one search (abcd.search): every word the start of
    a word in either name or a synonym, case and accents aside.

    "guitar" finds Music through its synonym; "Cymraeg" finds Welsh language by its Welsh name.
    """
    return vocabulary_matches(term)


def find_skills(term: str) -> list[Skill]:
    if not clean_query(term):
        return []
    ids = matching_skill_ids(term)
    return list(db.session.scalars(sa.select(Skill).where(Skill.skill_id.in_(ids)).order_by(Skill.name_en)))


def accepted_skills() -> list[Skill]:
    query = sa.select(Skill).where(Skill.status == SkillStatus.ACCEPTED).order_by(Skill.gift_type, Skill.name_en)
    return list(db.session.scalars(query))


def proposed_skills() -> list[Skill]:
    return list(db.session.scalars(sa.select(Skill).where(Skill.status == SkillStatus.PROPOSED)))


class SkillError(ValueError):
    """A vocabulary change that cannot be made; ``code`` says why: exists, same, not_proposed."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _proposal(skill: Skill) -> Skill:
    # Review decides on residents' suggestions only: an accepted skill is shared vocabulary that
    # residents in every council hold, and is never removed or merged away through the review queue.
    if skill.status is not SkillStatus.PROPOSED:
        raise SkillError("not_proposed")
    return skill


def propose_skill(name_en: str, name_cy: str | None, gift_type: GiftType, person_id: int) -> Skill:
    """A resident's new term, waiting for an officer. Raises SkillError("exists") for a known name."""
    existing = db.session.scalar(sa.select(Skill).where(sa.func.lower(Skill.name_en) == name_en.lower()))
    if existing is not None:
        raise SkillError("exists")
    skill = Skill(
        name_en=name_en, name_cy=name_cy, gift_type=gift_type, status=SkillStatus.PROPOSED,
        proposed_by_person_id=person_id,
    )  # fmt: skip
    db.session.add(skill)
    db.session.flush()
    return skill


def accept_skill(skill: Skill) -> None:
    """Raises SkillError("not_proposed") unless the skill is a proposal."""
    _proposal(skill).status = SkillStatus.ACCEPTED
    for term in {skill.name_en.lower(), (skill.name_cy or "").lower()} - {""}:
        db.session.add(SkillSynonym(skill_id=skill.skill_id, term=term))
    db.session.flush()


def reject_skill(skill: Skill) -> None:
    """A rejected proposal is removed, and so are the profile entries and links that used it: each one
    deleted as a record, so the audit log keeps who removed which resident's entry.
    Raises SkillError("not_proposed") unless the skill is a proposal."""
    _proposal(skill)
    for holding in db.session.scalars(sa.select(PersonSkill).where(PersonSkill.skill_id == skill.skill_id)):
        db.session.delete(holding)
    for link in db.session.scalars(sa.select(Link).where(Link.target_skill_id == skill.skill_id)):
        db.session.delete(link)
    db.session.flush()
    db.session.delete(skill)
    db.session.flush()


def merge_skill(skill: Skill, into: Skill) -> None:
    """Fold a proposed term into an existing skill: holders and links move over (audited), the name
    becomes a synonym. Raises SkillError("not_proposed") unless ``skill`` is a proposal, and
    SkillError("same") for a skill merged into itself or into anything but an accepted skill."""
    _proposal(skill)
    if into.skill_id == skill.skill_id or into.status is not SkillStatus.ACCEPTED:
        raise SkillError("same")
    holders = db.session.scalars(sa.select(PersonSkill).where(PersonSkill.skill_id == skill.skill_id)).all()
    taken = {
        (ps.person_id, ps.mode)
        for ps in db.session.scalars(sa.select(PersonSkill).where(PersonSkill.skill_id == into.skill_id))
    }
    for holding in holders:
        if (holding.person_id, holding.mode) in taken:
            db.session.delete(holding)
        else:
            holding.skill_id = into.skill_id
    for link in db.session.scalars(sa.select(Link).where(Link.target_skill_id == skill.skill_id)):
        link.target_skill_id = into.skill_id
    db.session.add(SkillSynonym(skill_id=into.skill_id, term=skill.name_en.lower()))
    db.session.flush()
    db.session.delete(skill)
    db.session.flush()
