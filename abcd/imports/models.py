"""Import batches (who brought which file in, how it was mapped, what it did) and mappings saved per source."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column

from abcd.extensions import Model
from abcd.models_base import NEVER_REUSE_IDS, created_at_column, enum_column, updated_at_column


class BatchStatus(enum.StrEnum):
    UPLOADED = "uploaded"  # read, mapped and previewed as often as wanted; nothing written
    QUEUED = "queued"  # confirmed; a background job will write it
    RUNNING = "running"
    COMMITTED = "committed"
    REFUSED = "refused"  # all or nothing, and some rows could not be imported: nothing was written
    FAILED = "failed"
    UNDONE = "undone"


class ImportMode(enum.StrEnum):
    ALL_OR_NOTHING = "all"
    VALID_ONLY = "valid"


class ImportMapping(Model):
    """How one source's sheets map to our fields, so the same source needs no mapping next time."""

    __tablename__ = "import_mapping"

    mapping_id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(sa.String(60), unique=True)
    columns: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)  # {sheet column: field}
    constants: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)  # {field: value for every row}
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = updated_at_column()


class ImportBatch(Model):
    """One uploaded file: kept until it is imported (and after, as the batch's evidence)."""

    __tablename__ = "import_batch"
    __table_args__ = NEVER_REUSE_IDS

    batch_id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.user_id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()
    file_name: Mapped[str] = mapped_column(sa.String(255))
    file_hash: Mapped[str] = mapped_column(sa.String(64))  # SHA-256 of the bytes as uploaded
    content: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary))
    source: Mapped[str | None] = mapped_column(sa.String(60))
    columns: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    constants: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[BatchStatus] = mapped_column(enum_column(BatchStatus), default=BatchStatus.UPLOADED, index=True)
    mode: Mapped[ImportMode | None] = mapped_column(enum_column(ImportMode))
    include_duplicates: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    # {label: rows} as last previewed, then as written; "created"/"updated"/"held" once committed.
    counts: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    rows_total: Mapped[int] = mapped_column(sa.Integer, default=0)
    rows_done: Mapped[int] = mapped_column(sa.Integer, default=0)  # progress of a background import
    committed_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    undone_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    undone_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.user_id", ondelete="SET NULL"))
    message: Mapped[str | None] = mapped_column(sa.Text)  # why a background import failed, for the officer

    def __repr__(self) -> str:
        return f"<ImportBatch {self.batch_id} {self.status}>"
