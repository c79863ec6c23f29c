"""Which typed links may join which ends, and how each reads from the end it is made from. Pure.

An end is a person or an asset of one kind. A ``Relation`` is a link type seen from one end: from a
place, "Hosts" is a group's MEETS_AT seen from the place it meets at, and "Has stories" is a story's
TELLS_OF. The "Link to…" form offers the relations valid for the end it starts from, and every path
that makes a link (forms, approved proposals) checks its ends here.

Memberships (member of, organises) are not made here: joining goes through the group's page, which
handles invitations and explicit consent. Skills offered and sought go through the partner finder.
"""

from __future__ import annotations

from dataclasses import dataclass

from abcd.assets.models import AssetKind
from abcd.links.labels import phrase
from abcd.links.models import LinkType

PERSON = "person"
ASSET_KINDS = frozenset(kind.value for kind in AssetKind)
RUNNERS = frozenset({AssetKind.ASSOCIATION.value, AssetKind.INSTITUTION.value})
PLACES = frozenset({AssetKind.PLACE.value})


@dataclass(frozen=True)
class LinkRule:
    """A link type and the kinds of end it may join (``source`` kinds -> ``target`` kinds)."""

    link_type: LinkType
    sources: frozenset[str]
    targets: frozenset[str]
    symmetric: bool = False  # reads the same both ways; one link whichever end it was made from


RULES: dict[LinkType, LinkRule] = {
    rule.link_type: rule
    for rule in (
        LinkRule(LinkType.HELPS, frozenset({PERSON}), ASSET_KINDS),
        LinkRule(LinkType.PARTNERS_WITH, ASSET_KINDS, ASSET_KINDS, symmetric=True),
        LinkRule(LinkType.RUNS, RUNNERS, ASSET_KINDS),
        LinkRule(LinkType.MEETS_AT, frozenset({AssetKind.ASSOCIATION.value}), PLACES),
        LinkRule(LinkType.USES, frozenset({PERSON, AssetKind.ASSOCIATION.value}), PLACES),
        LinkRule(LinkType.TELLS_OF, frozenset({AssetKind.CULTURE.value}), PLACES),
    )
}


@dataclass(frozen=True)
class Relation:
    """A link type seen from one end. ``forward``: that end is the link's source."""

    link_type: LinkType
    forward: bool

    @property
    def key(self) -> str:
        """A stable form value: ``runs>`` (this end runs the other), ``runs<`` (run by the other)."""
        return f"{self.link_type.value}{'>' if self.forward else '<'}"

    @classmethod
    def parse(cls, key: str | None) -> Relation | None:
        if not key or key[-1:] not in "<>" or key[:-1] not in RULES:
            return None
        return cls(LinkType(key[:-1]), key[-1] == ">")

    @property
    def rule(self) -> LinkRule:
        return RULES[self.link_type]

    @property
    def label(self) -> str:
        return phrase(self.link_type, self.forward)

    def here(self) -> frozenset[str]:
        """The kinds this end may be."""
        return self.rule.sources if self.forward else self.rule.targets

    def there(self) -> frozenset[str]:
        """The kinds the other end may be."""
        return self.rule.targets if self.forward else self.rule.sources


def relations_from(kind: str) -> list[Relation]:
    """The relations a link may have from an end of ``kind`` (``person`` or an asset kind), in a fixed order."""
    found = []
    for rule in RULES.values():
        if kind in rule.sources:
            found.append(Relation(rule.link_type, True))
        if kind in rule.targets and not rule.symmetric:
            found.append(Relation(rule.link_type, False))
    return found


def allowed(link_type: LinkType, source_kind: str, target_kind: str) -> bool:
    """May a link of this type run from an end of ``source_kind`` to one of ``target_kind``?"""
    rule = RULES.get(link_type)
    if rule is None:
        return False
    if source_kind in rule.sources and target_kind in rule.targets:
        return True
    return rule.symmetric and target_kind in rule.sources and source_kind in rule.targets
