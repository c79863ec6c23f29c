"""Imports every feature's models so SQLAlchemy and Alembic see the whole schema."""

from abcd.areas.models import DatasetLoad, LocalAuthority, Postcode, Ward
from abcd.assets.models import Asset, Theme, asset_theme
from abcd.audit import listeners  # noqa: F401 -- registers the audit hook
from abcd.audit.models import AuditEntry
from abcd.auth.models import User
from abcd.backup.models import ErasureLog
from abcd.changes.models import ChangeRequest
from abcd.duplicates.models import AssetMerge, AssetRedirect, NotDuplicate
from abcd.imports.models import ImportBatch, ImportMapping
from abcd.links.models import Link
from abcd.managers import privacy as manager_privacy  # noqa: F401 -- registers the erasure and access listeners
from abcd.managers.models import AssetManager
from abcd.network import feed  # noqa: F401 -- registers the change feed hooks
from abcd.network.models import DomainVersion, FeedEntry, GraphMetric, GraphState
from abcd.notices.models import Notice
from abcd.partners.models import VenueOffer
from abcd.people.models import ConsentRecord, ContactMessage, Person, PersonSkill, Skill, SkillSynonym
from abcd.upkeep.models import AssetCheck, OutdatedReport
from abcd.workshops import erasure  # noqa: F401 -- registers the erasure listener
from abcd.workshops.models import Contribution, Participant, Workshop

__all__ = [
    "Asset",
    "AssetCheck",
    "AssetManager",
    "AssetMerge",
    "AssetRedirect",
    "AuditEntry",
    "ChangeRequest",
    "ConsentRecord",
    "ContactMessage",
    "Contribution",
    "DatasetLoad",
    "DomainVersion",
    "ErasureLog",
    "FeedEntry",
    "GraphMetric",
    "GraphState",
    "ImportBatch",
    "ImportMapping",
    "Link",
    "LocalAuthority",
    "NotDuplicate",
    "Notice",
    "OutdatedReport",
    "Participant",
    "Person",
    "PersonSkill",
    "Postcode",
    "Skill",
    "SkillSynonym",
    "Theme",
    "User",
    "VenueOffer",
    "Ward",
    "Workshop",
    "asset_theme",
]
