"""The backup file: a zip of one JSON-lines file per table, a manifest, and the manifest's SHA-256.

Pure: no Flask, no database. Each table file's SHA-256 and row count are in the manifest, and the
manifest's own SHA-256 sits beside it, so a changed byte anywhere is found before anything is restored.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

FORMAT = "abcd-backup/1"
MANIFEST = "manifest.json"
MANIFEST_CHECKSUM = "manifest.sha256"


class ArchiveError(ValueError):
    """A file that is not a backup we can trust; ``str()`` says why, for the person restoring."""


@dataclass
class TableEntry:
    name: str
    columns: list[str]
    rows: int = 0
    sha256: str = ""

    @property
    def member(self) -> str:
        return f"tables/{self.name}.jsonl"


@dataclass
class Manifest:
    created_at: str
    alembic_revision: str
    dialect: str
    tables: list[TableEntry] = field(default_factory=list)

    def as_json(self) -> bytes:
        body = {
            "format": FORMAT,
            "created_at": self.created_at,
            "alembic_revision": self.alembic_revision,
            "dialect": self.dialect,
            "tables": [vars(t) for t in self.tables],
        }
        return json.dumps(body, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        try:
            body = json.loads(data)
            if body.get("format") != FORMAT:
                raise ArchiveError(f"Not a backup in the format {FORMAT} (found {body.get('format')!r}).")
            tables = [TableEntry(t["name"], list(t["columns"]), int(t["rows"]), t["sha256"]) for t in body["tables"]]
            return cls(body["created_at"], body["alembic_revision"], body["dialect"], tables)
        except (ValueError, KeyError, TypeError) as error:
            if isinstance(error, ArchiveError):
                raise
            raise ArchiveError(f"The backup's manifest cannot be read ({error}).") from error


def write_archive(path: Path, manifest: Manifest, tables: Iterable[tuple[TableEntry, Iterable[list[Any]]]]) -> None:
    """Write each table's rows (JSON-ready lists in ``entry.columns`` order), then the manifest and its checksum.

    Written to ``path`` with a temporary name first, so a failed backup never leaves a plausible file."""
    partial = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for entry, rows in tables:
            digest = hashlib.sha256()
            with archive.open(entry.member, "w", force_zip64=True) as member:
                for row in rows:
                    line = json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
                    digest.update(line)
                    member.write(line)
                    entry.rows += 1
            entry.sha256 = digest.hexdigest()
            manifest.tables.append(entry)
        body = manifest.as_json()
        archive.writestr(MANIFEST, body)
        archive.writestr(MANIFEST_CHECKSUM, hashlib.sha256(body).hexdigest() + "\n")
    partial.replace(path)


class BackupReader:
    """An opened, verified backup: ``verify()`` checks every checksum before any row is read for restoring."""

    def __init__(self, path: Path) -> None:
        try:
            self.archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as error:
            raise ArchiveError(f"{path} is not a readable backup file ({error}).") from error
        body = self._read(MANIFEST)
        expected = self._read(MANIFEST_CHECKSUM).decode(errors="replace").strip()
        if hashlib.sha256(body).hexdigest() != expected:
            raise ArchiveError("The backup's manifest does not match its SHA-256 checksum: the file was changed.")
        self.manifest = Manifest.from_json(body)

    def _read(self, member: str) -> bytes:
        try:
            return self.archive.read(member)
        except KeyError as error:
            raise ArchiveError(f"The backup has no {member}: it is incomplete or not a backup.") from error
        except (zipfile.BadZipFile, OSError) as error:
            raise ArchiveError(f"The backup is damaged ({error}).") from error

    def _open(self, entry: TableEntry) -> BinaryIO:
        try:
            return self.archive.open(entry.member)  # type: ignore[return-value]
        except KeyError as error:
            raise ArchiveError(f"The backup has no rows file for the table {entry.name}.") from error

    def verify(self) -> None:
        """Raise ArchiveError unless every table file matches its checksum and row count."""
        for entry in self.manifest.tables:
            digest, rows = hashlib.sha256(), 0
            try:
                with self._open(entry) as member:
                    for line in member:
                        digest.update(line)
                        rows += 1
            except (zipfile.BadZipFile, OSError) as error:
                raise ArchiveError(f"The table {entry.name} in the backup is damaged ({error}).") from error
            if digest.hexdigest() != entry.sha256 or rows != entry.rows:
                raise ArchiveError(
                    f"The table {entry.name} in the backup does not match its SHA-256 checksum: the file was changed."
                )

    def rows(self, entry: TableEntry) -> Iterator[list[Any]]:
        with self._open(entry) as member:
            for line in member:
                yield json.loads(line)

    def close(self) -> None:
        self.archive.close()
