"""The skills vocabulary as search sees it: names in both languages and synonyms, folded.

The tables are named here as plain SQL tables rather than through abcd.people's models: open data
(abcd.api) searches assets with these synonyms and must never import the people package. The vocabulary
is shared terms, never anyone's data. Read per search (a few hundred short rows), never cached in a global.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from abcd.extensions import db
from abcd.search.terms import name_words, words

_SKILL = sa.table("skill", sa.column("skill_id"), sa.column("name_en"), sa.column("name_cy"), sa.column("status"))
_SYNONYM = sa.table("skill_synonym", sa.column("skill_id"), sa.column("term"))
_ACCEPTED = "accepted"  # abcd.people.models.SkillStatus.ACCEPTED, as stored


@dataclass(frozen=True)
class Entry:
    skill_id: int
    names: tuple[tuple[str, ...], ...]  # the English and Welsh names, folded into words
    forms: tuple[tuple[str, ...], ...]  # names and synonyms: everything that finds this skill


def vocabulary() -> list[Entry]:
    """Every accepted skill with its names and synonyms."""
    skills = db.session.execute(
        sa.select(_SKILL.c.skill_id, _SKILL.c.name_en, _SKILL.c.name_cy).where(_SKILL.c.status == _ACCEPTED)
    ).all()
    synonyms: dict[int, list[tuple[str, ...]]] = {}
    for skill_id, term in db.session.execute(sa.select(_SYNONYM.c.skill_id, _SYNONYM.c.term)):
        synonyms.setdefault(skill_id, []).append(name_words(term or ""))
    entries = []
    for skill_id, name_en, name_cy in skills:
        names = tuple(name for name in (name_words(name_en or ""), name_words(name_cy or "")) if name)
        forms = tuple(dict.fromkeys((*names, *(form for form in synonyms.get(skill_id, []) if form))))
        entries.append(Entry(skill_id, names, forms))
    return entries


def synonym_map(entries: list[Entry]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """{folded word or phrase: the skill names it stands for}: "guitar" -> (("music",), ("cerddoriaeth",))."""
    found: dict[str, dict[tuple[str, ...], None]] = {}
    for entry in entries:
        for form in entry.forms:
            found.setdefault(" ".join(form), {}).update(dict.fromkeys(entry.names))
    return {key: tuple(names) for key, names in found.items()}


def _finds(query: tuple[str, ...], form: tuple[str, ...]) -> bool:
    """Every typed word starts a word of ``form``, in any order: "cym" finds "Cymraeg", "help comp" finds
    "Computer help"."""
    return all(any(word.startswith(typed) for word in form) for typed in query)


def matching_skill_ids(text: str) -> list[int]:
    """Accepted skills that ``text`` finds by word prefix, case and accents aside, through either name or a
    synonym: "guitar" finds Music, "cerdd" Cerddoriaeth, "gitar" the synonym "gitâr". Empty for no words."""
    query = words(text)
    if not query:
        return []
    return [entry.skill_id for entry in vocabulary() if any(_finds(query, form) for form in entry.forms)]
