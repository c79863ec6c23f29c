"""Making a network view readable: nodes with no link in the view folded into one "not yet connected"
group (a ring of hundreds of lone dots says nothing), and communities named after their best connected
members rather than by number. Pure functions of the view; the words go through Flask-Babel.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

UNCONNECTED = "group:unconnected"  # the one node standing for every unconnected node of a view
NAMED_AFTER = 2  # members a community is named after


@dataclass(frozen=True)
class Member:
    """What naming a community needs to know of one member in the view."""

    label: str
    links: int  # links in the view
    score: float  # connector score
    person: bool  # people are named only when a community has too few places and groups


def fold_isolated(
    nodes: Iterable[str], edges: Iterable[tuple[str, str, Any]], keep: str | None = None
) -> tuple[list[str], list[str]]:
    """The nodes split into (linked in the view, unconnected), each in the given order. ``keep`` (the
    focus) always counts as linked: it is the view's centre even when nothing links to it."""
    linked = {end for u, v, _links in edges for end in (u, v)}
    connected: list[str] = []
    isolated: list[str] = []
    for key in nodes:
        (connected if key in linked or key == keep else isolated).append(key)
    return connected, isolated


def _rank(member: Member) -> tuple[bool, float, int, str]:
    return (member.person, -member.score, -member.links, member.label.casefold())


def community_name(labels: list[str]) -> str:
    """'Community around A and B' from the names of its leading members (in reading order)."""
    if len(labels) >= NAMED_AFTER:
        return _("Community around %(first)s and %(second)s", first=labels[0], second=labels[1])
    if labels:
        return _("Community around %(name)s", name=labels[0])
    return _("Community")


def community_names(members: Mapping[int, Iterable[Member]]) -> dict[int, str]:
    """Each community's name, after its best connected members: places and groups before people, then
    the highest connector score, then the most links in the view, then the name (so it is stable). The
    strengths tables rank a community's leaders the same way."""
    names = {}
    for number, group in members.items():
        ranked = sorted(group, key=_rank)
        labels: list[str] = []
        for member in ranked:
            if member.label not in labels:
                labels.append(member.label)
            if len(labels) == NAMED_AFTER:
                break
        names[number] = community_name(labels)
    return names


def links_in_view(edges: Iterable[tuple[str, str, Any]]) -> dict[str, int]:
    """How many links each node has in the view."""
    count: dict[str, int] = defaultdict(int)
    for u, v, _links in edges:
        count[u] += 1
        count[v] += 1
    return count
