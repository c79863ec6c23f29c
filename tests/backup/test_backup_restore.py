"""Backup and restore of the whole database on the real engine: nobody erased comes back, nothing else moves."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from abcd.audit.models import AuditEntry
from abcd.auth.models import Role
from abcd.backup.models import ErasureLog
from abcd.backup.services import tables
from abcd.extensions import db
from abcd.links.models import Link, LinkType
from abcd.models_base import Visibility
from abcd.network import live
from abcd.network.models import GRAPH_STATE_TABLE
from abcd.people import privacy
from abcd.people.consent import give_profile_consent
from abcd.people.models import Person
from tests import factories
from tests.factories import CARDIFF

# Derived bookkeeping a restore must change (so every process rebuilds), and the audit trail, compared apart.
BOOKKEEPING = {"graph_state", "domain_version", "change_feed", "graph_metric", "audit_entry"}
AT = {name: index for index, name in enumerate(AuditEntry.__table__.columns.keys())}  # audit column positions


def _dump() -> dict[str, list[tuple[Any, ...]]]:
    db.session.remove()
    with db.engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in connection.execute(sa.select(table).order_by(*table.primary_key))]
            for table in tables()
        }


def _world() -> dict[str, int]:
    """Two residents with profiles, skills, a group membership and consent; assets, themes and an officer."""
    factories.make_user(Role.OFFICER, CARDIFF, email="officer@example.org")
    theme = factories.make_theme()
    group = factories.make_asset(name_en="Backup Choir", kind=factories.AssetKind.ASSOCIATION)
    hall = factories.make_asset(name_en="Backup Hall")
    hall.themes = [theme]
    skill = factories.make_skill("Singing")
    ids: dict[str, int] = {"group": group.asset_id, "hall": hall.asset_id}
    for name in ("forgotten", "kept"):
        user = factories.make_user(email=f"{name}@example.org", display_name=name.title())
        person = factories.make_person(Visibility.PUBLIC, skills=[skill], user_id=user.user_id, display_name=name)
        give_profile_consent(person, user.user_id)
        db.session.add(
            Link(link_type=LinkType.MEMBER_OF, source_person_id=person.person_id, target_asset_id=group.asset_id,
                 visibility=Visibility.PUBLIC)
        )  # fmt: skip
        ids[f"{name}_user"], ids[f"{name}_person"] = user.user_id, person.person_id
    db.session.add(Link(link_type=LinkType.MEETS_AT, source_asset_id=group.asset_id, target_asset_id=hall.asset_id))
    db.session.commit()
    return ids


def _restore(app: Flask, path: Path, *extra: str) -> Any:
    return app.test_cli_runner().invoke(args=["abcd", "restore", str(path), "--yes", *extra])


def _audit_without_ids(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Audit rows as events: (action, entity_type, entity_id, actor_id, changes), no id, time or channel."""
    return sorted((r[AT["action"]], r[AT["entity_type"]], r[AT["entity_id"]], r[AT["actor_id"]],
                   json.dumps(r[AT["changes"]], sort_keys=True)) for r in rows)  # fmt: skip


def test_backup_then_erase_then_restore_keeps_the_person_erased_and_every_other_row(app: Flask, tmp_path: Path) -> None:
    with app.test_request_context():
        ids = _world()
        epoch_before = db.session.scalar(sa.select(GRAPH_STATE_TABLE.c.epoch))
    backup = tmp_path / "abcd.backup"
    result = app.test_cli_runner().invoke(args=["abcd", "backup", str(backup)])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output

    with app.app_context():
        before = _dump()
        user = db.session.get(factories.User, ids["forgotten_user"])
        assert user is not None
        privacy.erase(user)
        db.session.commit()
        erased = _dump()
        assert [(e.user_id, e.person_id) for e in db.session.scalars(sa.select(ErasureLog))] == [
            (ids["forgotten_user"], ids["forgotten_person"])
        ]

    result = _restore(app, backup)
    assert result.exit_code == 0, result.output
    assert "erased again 1" in result.output

    with app.app_context():
        restored = _dump()
        assert db.session.get(Person, ids["forgotten_person"]) is None
        assert db.session.get(factories.User, ids["forgotten_user"]) is None
        assert db.session.get(Person, ids["kept_person"]) is not None
        # Every process rebuilds its graph: the feed starts a new epoch.
        assert db.session.scalar(sa.select(GRAPH_STATE_TABLE.c.epoch)) not in (None, epoch_before)
    assert len(before["person"]) == 2
    assert len(restored["person"]) == 1
    for name in before:
        if name not in BOOKKEEPING:
            assert restored[name] == erased[name], f"table {name} differs after the restore"
    # The audit trail: what the backup held, as blanked as after the erasure; then the erasure's own events.
    backed_up = {row[0] for row in before["audit_entry"]}
    assert [r for r in restored["audit_entry"] if r[0] in backed_up] == [
        r for r in erased["audit_entry"] if r[0] in backed_up
    ]
    later_erased = [r for r in erased["audit_entry"] if r[0] not in backed_up]
    later_restored = [
        r for r in restored["audit_entry"] if r[0] not in backed_up and r[AT["entity_type"]] != "database"
    ]
    assert later_erased, "the erasure left its (blanked) events"
    assert _audit_without_ids(later_restored) == _audit_without_ids(later_erased)
    assert [r[AT["action"]] for r in restored["audit_entry"] if r[AT["entity_type"]] == "database"] == ["restore"]
    # Nothing about the forgotten person is left in any audit entry.
    for row in restored["audit_entry"]:
        assert "forgotten" not in json.dumps(row[AT["changes"]]).lower()


def test_ids_handed_out_after_the_backup_are_never_reused(app: Flask, tmp_path: Path) -> None:
    with app.app_context():
        factories.make_asset(name_en="Before")
    backup = tmp_path / "ids.backup"
    assert app.test_cli_runner().invoke(args=["abcd", "backup", str(backup)]).exit_code == 0
    with app.app_context():
        later = factories.make_asset(name_en="After").asset_id
    assert _restore(app, backup).exit_code == 0
    with app.app_context():
        assert db.session.get(factories.Asset, later) is None
        assert factories.make_asset(name_en="Newest").asset_id > later


def _rewrite(source: Path, target: Path, change: dict[str, bytes]) -> None:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            copy.writestr(item.filename, change.get(item.filename, original.read(item.filename)))


@pytest.fixture
def backed_up(app: Flask, tmp_path: Path) -> Path:
    with app.app_context():
        factories.make_asset(name_en="Original Hall")
    path = tmp_path / "good.backup"
    assert app.test_cli_runner().invoke(args=["abcd", "backup", str(path)]).exit_code == 0
    with app.app_context():
        factories.make_asset(name_en="Made After The Backup")
    return path


def _names(app: Flask) -> list[str]:
    with app.app_context():
        return sorted(db.session.scalars(sa.select(factories.Asset.name_en)))


def test_a_tampered_file_is_refused_and_nothing_changes(app: Flask, backed_up: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(backed_up) as archive:
        rows = archive.read("tables/asset.jsonl")
    tampered = tmp_path / "tampered.backup"
    _rewrite(backed_up, tampered, {"tables/asset.jsonl": rows.replace(b"Original Hall", b"Forged Hall!!")})
    result = _restore(app, tampered)
    assert result.exit_code != 0
    assert "Nothing was restored" in result.output
    assert "table asset in the backup does not match its SHA-256 checksum" in result.output
    assert _names(app) == ["Made After The Backup", "Original Hall"]


def test_a_backup_of_another_schema_revision_is_refused(app: Flask, backed_up: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(backed_up) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    manifest["alembic_revision"] = "0123456789ab"
    body = json.dumps(manifest).encode()
    other = tmp_path / "other.backup"
    _rewrite(backed_up, other, {"manifest.json": body, "manifest.sha256": hashlib.sha256(body).hexdigest().encode()})
    result = _restore(app, other)
    assert result.exit_code != 0
    assert "schema revision 0123456789ab" in result.output
    assert _names(app) == ["Made After The Backup", "Original Hall"]


def test_a_file_that_is_not_a_backup_is_refused(app: Flask, tmp_path: Path) -> None:
    junk = tmp_path / "junk.backup"
    junk.write_text("not a zip")
    result = _restore(app, junk)
    assert result.exit_code != 0
    assert "not a readable backup file" in result.output


def test_backup_refuses_to_overwrite_a_file(app: Flask, backed_up: Path) -> None:
    result = app.test_cli_runner().invoke(args=["abcd", "backup", str(backed_up)])
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_every_process_rebuilds_its_graph_after_a_restore(app: Flask, tmp_path: Path) -> None:
    """A process holding the graph from before the restore (and even from the backup's own moment) rebuilds:
    the restored database starts the feed on a new epoch, and the erased person is not in the graph."""
    with app.test_request_context():
        ids = _world()
    backup = tmp_path / "graph.backup"
    assert app.test_cli_runner().invoke(args=["abcd", "backup", str(backup)]).exit_code == 0
    with app.app_context():
        assert f"person:{ids['forgotten_person']}" in live.current_graph().graph  # held by this process
    with app.app_context():
        user = db.session.get(factories.User, ids["forgotten_user"])
        assert user is not None
        privacy.erase(user)
        db.session.commit()
    assert _restore(app, backup).exit_code == 0
    with app.app_context():
        graph = live.current_graph().graph
        assert f"person:{ids['forgotten_person']}" not in graph
        assert f"person:{ids['kept_person']}" in graph
    assert "the feed was restarted" in live.events(app)[-1]
