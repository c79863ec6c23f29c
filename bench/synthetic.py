"""A synthetic community at the design scale, written straight into a (temporary) database.

100,000 people, 50,000 assets, 5,000 associations, 20,000 skills and 500,000 links by default
(``scale`` shrinks every count). Shapes follow real communities: most people join groups in their
own ward, skill popularity is heavy-tailed (the top skills are held by thousands) and one group has
5,000 members. Seeded, so every run builds the same data. Core inserts: no ORM, no audit rows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from itertools import accumulate

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from abcd.extensions import db

LAS = ("W06000015", "W06000022", "W06000014")
VISIBILITY_MIX = ["public"] * 3 + ["members"] * 5 + ["officers"] + ["private"]
ASSET_KINDS = ["place"] * 5 + ["institution"] * 2 + ["economy"] * 2 + ["culture"]
BATCH = 20_000


@dataclass(frozen=True)
class Design:
    people: int = 100_000
    assets: int = 50_000
    associations: int = 5_000
    skills: int = 20_000
    links: int = 500_000
    wards: int = 73

    def scaled(self, factor: float) -> Design:
        return Design(*(max(10, int(v * factor)) for v in vars(self).values()))


def _insert(connection: Connection, table: str, rows: list[dict[str, object]]) -> None:
    """Insert in batches; every row gets every key (a batch's statement is compiled from its first row)."""
    target = db.metadata.tables[table]
    keys = {key for row in rows for key in row}
    for start in range(0, len(rows), BATCH):
        batch = [{key: row.get(key) for key in keys} for row in rows[start : start + BATCH]]
        connection.execute(sa.insert(target), batch)


def generate(connection: Connection, design: Design, seed: int = 2026) -> dict[str, int]:
    """Fill an empty, migrated database. Returns row counts."""
    rng = random.Random(seed)
    now = datetime(2026, 1, 1)
    wards = [f"W0599{n:04d}" for n in range(design.wards)]
    ward_la = {code: LAS[i % 3] for i, code in enumerate(wards)}
    _insert(connection, "ward", [
        {"code": c, "la_code": ward_la[c], "name_en": f"Ward {i}", "name_cy": f"Ward {i}",
         "centroid_lat": 51.40 + (i % 9) * 0.03, "centroid_lon": -3.35 + (i // 9) * 0.05}
        for i, c in enumerate(wards)
    ])  # fmt: skip
    _insert(connection, "theme", [
        {"theme_id": i + 1, "slug": f"theme-{i}", "name_en": f"Theme {i}", "name_cy": f"Thema {i}"} for i in range(14)
    ])  # fmt: skip
    _insert(connection, "skill", [
        {"skill_id": i + 1, "name_en": f"Skill {i}", "name_cy": f"Sgil {i}", "gift_type": "hands", "status": "accepted"}
        for i in range(design.skills)
    ])  # fmt: skip
    people = []
    for i in range(design.people):
        ward = rng.choice(wards)
        people.append({
            "person_id": i + 1, "display_name": f"Person {i}", "display_name_visibility": rng.choice(VISIBILITY_MIX),
            "ward_code": ward, "ward_visibility": rng.choice(VISIBILITY_MIX), "entered_by": "self",
            "withdrawn_at": now if rng.random() < 0.01 else None, "accepts_messages": False,
            "created_at": now, "updated_at": now, "version": 1,
        })  # fmt: skip
    _insert(connection, "person", people)
    _insert(connection, "consent_record", [
        {"person_id": p["person_id"], "purpose": "profile", "lawful_basis": "consent", "wording": "Synthetic.",
         "entered_by": "self", "given_at": now} for p in people if rng.random() < 0.6
    ])  # fmt: skip
    total_assets = design.assets + design.associations
    assets, by_ward = [], {w: [] for w in wards}
    for i in range(total_assets):
        kind = "association" if i < design.associations else rng.choice(ASSET_KINDS)
        ward = rng.choice(wards)
        by_ward[ward].append(i + 1)
        assets.append({
            "asset_id": i + 1, "kind": kind, "name_en": f"{kind.title()} {i}", "status": "published",
            "ward_code": ward, "la_code": ward_la[ward],
            "latitude": 51.40 + rng.random() * 0.25, "longitude": -3.35 + rng.random() * 0.45,
            "created_at": now, "updated_at": now, "version": 1,
        })  # fmt: skip
    _insert(connection, "asset", assets)
    _insert(connection, "asset_theme", [
        {"asset_id": a["asset_id"], "theme_id": t} for a in assets for t in rng.sample(range(1, 15), rng.choice((1, 2)))
    ])  # fmt: skip
    links = _links(rng, design, people, assets, by_ward)
    _insert(connection, "person_skill", links.pop("person_skill"))
    _insert(connection, "link", links.pop("link"))
    venues = [a["asset_id"] for a in assets if a["kind"] in ("place", "institution")][: max(10, design.assets // 25)]
    categories = ["space", "equipment", "time", "expertise"]
    offers = []
    for venue in venues:
        offers.append({"asset_id": venue, "direction": "offers", "category": rng.choice(categories)})
        offers.append({"asset_id": venue, "direction": "seeks", "category": "skill",
                       "skill_id": rng.randint(1, min(200, design.skills))})  # fmt: skip
        offers.append({"asset_id": venue, "direction": "seeks", "category": "audience", "theme_id": rng.randint(1, 14)})
    _insert(connection, "venue_offer", offers)
    counts = {"people": len(people), "assets": total_assets, "skills": design.skills, "venue offers": len(offers)}
    counts["links"] = design.links
    return counts


def _links(
    rng: random.Random, design: Design, people: list[dict], assets: list[dict], by_ward: dict[str, list[int]]
) -> dict[str, list[dict[str, object]]]:
    """Links split as in a real directory: skills 40%, memberships 40%, the rest between people and places."""
    skill_weights = list(accumulate(1 / (rank + 1) for rank in range(design.skills)))
    n_skills, n_members = int(design.links * 0.4), int(design.links * 0.4)
    person_skill, seen = [], set()
    while len(person_skill) < n_skills:
        pid = rng.randint(1, design.people)
        sid = rng.choices(range(1, design.skills + 1), cum_weights=skill_weights)[0]
        mode = "offered" if rng.random() < 0.7 else "wanted"
        if (pid, sid, mode) not in seen:
            seen.add((pid, sid, mode))
            person_skill.append({"person_id": pid, "skill_id": sid, "mode": mode, "can_teach": False,
                                 "visibility": rng.choice(VISIBILITY_MIX)})  # fmt: skip
    associations = [a for a in assets if a["kind"] == "association"]
    local = {w: [a["asset_id"] for a in associations if a["ward_code"] == w] for w in by_ward}
    big_group = associations[0]["asset_id"]
    links: list[dict[str, object]] = []

    def link(kind: str, **ends: object) -> None:
        links.append({"link_type": kind, "visibility": rng.choice(VISIBILITY_MIX), "created_at": datetime(2026, 1, 1),
                      **ends})  # fmt: skip

    for pid in rng.sample(range(1, design.people + 1), min(5000, design.people)):
        link("member_of", source_person_id=pid, target_asset_id=big_group)  # the one very large group
    while len(links) < n_members:
        person = people[rng.randrange(design.people)]
        choices = local.get(person["ward_code"]) if rng.random() < 0.8 else None
        target = rng.choice(choices) if choices else rng.choice(associations)["asset_id"]
        link("member_of", source_person_id=person["person_id"], target_asset_id=target)
    places = [a for a in assets if a["kind"] != "association"]
    for group in associations:
        nearby = by_ward[group["ward_code"]]
        link("meets_at", source_asset_id=group["asset_id"], target_asset_id=rng.choice(nearby))
    while len(links) < design.links - len(person_skill):
        roll = rng.random()
        if roll < 0.55:
            link("uses", source_person_id=rng.randint(1, design.people), target_asset_id=rng.choice(places)["asset_id"])
        elif roll < 0.8:
            a, b = rng.sample(places, 2)
            link("partners_with", source_asset_id=a["asset_id"], target_asset_id=b["asset_id"])
        else:
            skill = rng.choices(range(1, design.skills + 1), cum_weights=skill_weights)[0]
            link("offers", source_asset_id=rng.choice(assets)["asset_id"], target_skill_id=skill)
    for row in links:
        if row.get("source_person_id") is None:
            row["visibility"] = "public"  # links between assets are public
    return {"person_skill": person_skill, "link": links}


def markdown_report(title: str, scale: float, design: Design, rows: list[tuple[str, str, str]]) -> str:
    """A benchmark's Markdown report: its title, the scale, and one table row per measure."""
    lines = [f"## {title}", "", f"Scale {scale:g}: {design}", "", "| measure | result | goal |", "|---|---|---|"]
    lines += [f"| {what} | {result} | {goal} |" for what, result, goal in rows]
    return "\n".join(lines)
