"""What the projector shows, as plain JSON: at the public audience only, whatever the facilitator may see."""

from __future__ import annotations

from typing import Any

from abcd.i18n import current_language
from abcd.workshops import moderation, services
from abcd.workshops.labels import KIND_LABELS, PHASE_LABELS, STATE_LABELS
from abcd.workshops.linking import link_parts
from abcd.workshops.models import ContributionKind, Workshop
from abcd.workshops.screen_graph import area_view


def _text(kind: ContributionKind, values: dict[str, Any], by: str | None = None) -> str:
    if kind is ContributionKind.PLACE:
        return str(values.get("name") or "")
    if kind is ContributionKind.GIFT:
        return str(values.get("skill") or "")
    if kind is ContributionKind.LINK:
        return " — ".join(link_parts(values, by))
    return str(values.get("text") or "")


def screen_payload(workshop: Workshop) -> dict[str, Any]:
    """The session's version (bumped by every acceptance, hiding, state and phase change) and its items."""
    return {
        "version": workshop.screen_version,
        "state": workshop.state.value,
        "state_label": str(STATE_LABELS[workshop.state]),
        "phase_label": str(PHASE_LABELS[workshop.phase]),
        "code": workshop.join_code,
        "waiting": moderation.counts(workshop)["waiting"],
        "gaps": moderation.gaps(workshop),
        "timer_left": services.timer_seconds_left(workshop),
        "items": [
            {"id": item.contribution_id, "kind": str(KIND_LABELS[item.kind]),
             "text": _text(item.kind, item.values, item.by),
             "by": item.by}
            for item in moderation.screen_items(workshop)
        ],
        "area": area_view(workshop, current_language()),
    }  # fmt: skip
