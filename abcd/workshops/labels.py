"""Words for workshops' states, phases, languages and kinds of contribution, in the reader's language."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from abcd.workshops.models import ContributionKind, ContributionStatus, WorkshopPhase, WorkshopState

STATE_LABELS: dict[WorkshopState, Any] = {
    WorkshopState.PLANNED: _l("Planned"),
    WorkshopState.OPEN: _l("Open"),
    WorkshopState.PAUSED: _l("Paused"),
    WorkshopState.CLOSED: _l("Closed"),
}
PHASE_LABELS: dict[WorkshopPhase, Any] = {
    WorkshopPhase.PLACES: _l("Map our place"),
    WorkshopPhase.GIFTS: _l("Our gifts"),
    WorkshopPhase.CONNECTIONS: _l("Connections"),
    WorkshopPhase.NEXT: _l("What next"),
}
KIND_LABELS: dict[ContributionKind, Any] = {
    ContributionKind.PLACE: _l("Place or group"),
    ContributionKind.GIFT: _l("Gift or skill"),
    ContributionKind.LINK: _l("Link"),
    ContributionKind.STORY: _l("Story"),
}
STATUS_LABELS: dict[ContributionStatus, Any] = {
    ContributionStatus.WAITING: _l("Waiting"),
    ContributionStatus.ACCEPTED: _l("Accepted"),
    ContributionStatus.HIDDEN: _l("Hidden"),
}
LANGUAGE_LABELS: dict[str, Any] = {"en cy": _l("English and Welsh"), "cy": _l("Welsh"), "en": _l("English")}
