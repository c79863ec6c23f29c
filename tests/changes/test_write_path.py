"""The one write path: who changes what now, who proposes, and what officers alone may change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask

from abcd.assets.models import Asset, AssetKind, AssetStatus, SpecialCategory
from abcd.assets.services import AssetInput, EditConflictError
from abcd.audit.models import AuditEntry
from abcd.auth.models import Role, User
from abcd.changes import services as changes
from abcd.changes.models import ChangeKind, ChangeRequest, ChangeStatus, Channel
from abcd.changes.services import ChangeError, WriteContext
from abcd.extensions import db
from abcd.notices.models import Notice
from tests import factories
from tests.factories import CARDIFF, NEWPORT

POINT = {"latitude": 51.4791, "longitude": -3.1781}  # Cathays, Cardiff (or Cardiff when no wards are loaded)


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    with app.test_request_context():
        db.session.info["actor_id"] = None
        yield
        db.session.remove()


def _input(**fields: object) -> AssetInput:
    values: dict[str, object] = {"kind": AssetKind.PLACE, "name_en": "Cathays Community Garden", **POINT}
    values.update(fields)
    return AssetInput(**values)  # type: ignore[arg-type]


def _group(officer: User, name: str) -> Asset:
    """A published association placed the way the write path places it (ward included when loaded)."""
    data = _input(kind=AssetKind.ASSOCIATION, name_en=name, status=AssetStatus.PUBLISHED)
    return changes.submit_new_asset(data, WriteContext(officer))


def _users() -> dict[str, User]:
    return {
        "resident": factories.make_user(Role.RESIDENT, locale="cy"),
        "officer": factories.make_user(Role.OFFICER, CARDIFF),
        "newport": factories.make_user(Role.OFFICER, NEWPORT),
    }


@pytest.mark.usefixtures("ctx")
def test_resident_suggestion_waits_then_publishes_only_the_approved_fields() -> None:
    users = _users()
    asset = changes.submit_new_asset(
        _input(contact_name="Ffion", website="https://garden.example", status=AssetStatus.PUBLISHED),
        WriteContext(users["resident"]),
    )
    assert asset.status is AssetStatus.PENDING  # a resident cannot publish, whatever they send
    (change,) = changes.pending_changes_for(asset)
    assert change.kind is ChangeKind.NEW
    assert change.la_code == CARDIFF
    assert "status" not in change.proposed

    with pytest.raises(ChangeError) as refused:
        changes.approve(change, ["name_en", "kind", "location"], WriteContext(users["newport"]))
    assert refused.value.code == "not_allowed"
    with pytest.raises(ChangeError) as incomplete:
        changes.approve(change, ["contact_name"], WriteContext(users["officer"]))
    assert incomplete.value.code == "required_item"

    changes.approve(change, ["name_en", "kind", "location", "contact_name"], WriteContext(users["officer"]))
    assert asset.status is AssetStatus.PUBLISHED
    assert asset.contact_name == "Ffion"
    assert asset.website is None  # not approved, so not published
    assert change.status is ChangeStatus.PARTLY_APPROVED
    notice = db.session.scalar(sa.select(Notice).where(Notice.user_id == users["resident"].user_id))
    assert notice is not None
    assert "Cathays Community Garden" in notice.subject
    assert notice.subject.startswith("Derbyniwyd rhan")  # in the resident's own language


@pytest.mark.usefixtures("ctx")
def test_rejection_archives_the_suggestion_and_tells_the_submitter_why() -> None:
    users = _users()
    asset = changes.submit_new_asset(_input(), WriteContext(users["resident"]))
    (change,) = changes.pending_changes_for(asset)
    with pytest.raises(ChangeError) as no_reason:
        changes.reject(change, "   ", WriteContext(users["officer"]))
    assert no_reason.value.code == "reason_needed"
    changes.reject(change, "Mae hwn eisoes yn y cyfeiriadur.", WriteContext(users["officer"]))
    assert asset.status is AssetStatus.ARCHIVED  # demoted, never deleted
    notice = db.session.scalar(sa.select(Notice).where(Notice.user_id == users["resident"].user_id))
    assert notice is not None
    assert "Mae hwn eisoes yn y cyfeiriadur." in notice.body
    with pytest.raises(ChangeError) as decided:
        changes.approve(change, None, WriteContext(users["officer"]))
    assert decided.value.code == "not_pending"


@pytest.mark.usefixtures("ctx")
def test_organiser_proposal_leaves_the_public_record_alone_until_approved() -> None:
    users = _users()
    group = _group(users["officer"], "Splott Choir")
    data = _input(kind=AssetKind.ASSOCIATION, name_en="Splott Community Choir", description_en="We sing.")
    change = changes.submit_asset_edit(group, data, group.version, WriteContext(users["resident"]))
    assert change is not None
    assert group.name_en == "Splott Choir"
    assert set(change.proposed) == {"name_en", "description_en"}
    changes.approve(change, ["description_en"], WriteContext(users["officer"]))
    assert group.description_en == "We sing."
    assert group.name_en == "Splott Choir"
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.entity_id == group.asset_id).order_by(AuditEntry.audit_id.desc())
    ).first()
    assert entry is not None
    assert entry.channel == Channel.FORM.value
    assert entry.channel_ref == f"change:{change.change_id}"


@pytest.mark.usefixtures("ctx")
@pytest.mark.parametrize(
    ("fields", "refused"),
    [
        ({"kind": AssetKind.PLACE}, ["kind"]),
        ({"special_category": SpecialCategory.SEXUALITY}, ["special_category"]),
        ({"status": AssetStatus.ARCHIVED}, None),  # status is dropped from a proposal, never applied
    ],
)
def test_officers_fields_are_refused_from_anyone_else(fields: dict[str, object], refused: list[str] | None) -> None:
    users = _users()
    group = _group(users["officer"], "Quiet Group")
    data = _input(**{"kind": AssetKind.ASSOCIATION, "name_en": "Quiet Group", "description_en": "Changed", **fields})
    if refused is None:
        change = changes.submit_asset_edit(group, data, group.version, WriteContext(users["resident"]))
        assert change is not None
        assert "status" not in change.proposed
        return
    with pytest.raises(ChangeError) as error:
        changes.submit_asset_edit(group, data, group.version, WriteContext(users["resident"]))
    assert error.value.code == "officer_field"
    assert error.value.details["fields"] == refused
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ChangeRequest)) == 0


@pytest.mark.usefixtures("ctx", "geodata")
def test_nobody_but_an_officer_moves_a_record_to_another_authority() -> None:
    users = _users()
    group = _group(users["officer"], "Moving Group")
    newport = _input(kind=AssetKind.ASSOCIATION, name_en="Moving Group", latitude=51.5880, longitude=-2.9980)
    with pytest.raises(ChangeError) as error:
        changes.submit_asset_edit(group, newport, group.version, WriteContext(users["resident"]))
    assert error.value.code == "outside_authority"
    assert error.value.details["la_code"] == NEWPORT
    with pytest.raises(ChangeError):
        changes.submit_asset_edit(group, newport, group.version, WriteContext(users["officer"]))
    assert group.la_code == CARDIFF


@pytest.mark.usefixtures("ctx")
def test_a_stale_proposal_is_a_conflict_and_a_second_one_supersedes_the_first() -> None:
    users = _users()
    group = _group(users["officer"], "Choir")
    base = group.version
    first = changes.submit_asset_edit(
        group, _input(kind=AssetKind.ASSOCIATION, name_en="Choir 1"), base, WriteContext(users["resident"])
    )
    second = changes.submit_asset_edit(
        group, _input(kind=AssetKind.ASSOCIATION, name_en="Choir 2"), base, WriteContext(users["resident"])
    )
    assert first is not None
    assert second is not None
    assert first.status is ChangeStatus.SUPERSEDED
    assert [c.change_id for c in changes.pending_changes_for(group)] == [second.change_id]
    changes.apply_values(group, {"contact_name": "Officer's edit"}, WriteContext(users["officer"]))
    with pytest.raises(EditConflictError):
        changes.submit_asset_edit(
            group, _input(kind=AssetKind.ASSOCIATION, name_en="Choir 3"), base, WriteContext(users["resident"])
        )


@pytest.mark.usefixtures("ctx")
def test_rules_hold_for_every_channel_not_only_forms() -> None:
    users = _users()
    bad = _input(name_en=" ", website="javascript:alert(1)", contact_phone="call me", latitude=float("nan"))
    with pytest.raises(ChangeError) as error:
        changes.submit_new_asset(bad, WriteContext(users["officer"], Channel.API))
    fields = {violation.field for violation in error.value.details["violations"]}
    assert fields == {"name_en", "website", "contact_phone", "latitude"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Asset)) == 0


@pytest.mark.usefixtures("ctx")
def test_a_second_suggestion_keeps_what_the_first_proposed() -> None:
    users = _users()
    group = _group(users["officer"], "Two Step Choir")
    first = _input(kind=AssetKind.ASSOCIATION, name_en="Two Step Choir", description_en="We sing on Mondays.")
    changes.submit_asset_edit(group, first, group.version, WriteContext(users["resident"]))
    second = _input(kind=AssetKind.ASSOCIATION, name_en="Two Step Choir", contact_phone="029 2000 0000")
    change = changes.submit_asset_edit(group, second, group.version, WriteContext(users["resident"]))
    assert change is not None
    assert change.proposed["description_en"] == "We sing on Mondays."
    assert change.proposed["contact_phone"] == "029 2000 0000"


@pytest.mark.usefixtures("ctx")
def test_a_suggestion_an_officer_already_settled_cannot_be_decided_again() -> None:
    users = _users()
    asset = changes.submit_new_asset(_input(), WriteContext(users["resident"]))
    (change,) = changes.pending_changes_for(asset)
    changes.apply_values(asset, {"status": AssetStatus.ARCHIVED.value}, WriteContext(users["officer"]))
    with pytest.raises(ChangeError) as settled:
        changes.approve(change, None, WriteContext(users["officer"]))
    assert settled.value.code == "not_pending"
    assert asset.status is AssetStatus.ARCHIVED


def test_digits_that_are_not_ascii_are_refused_not_a_500(app: Flask, people: factories.Cast) -> None:
    from tests.conftest import login

    client = app.test_client()
    login(client, people.officer_cardiff)
    assert client.get("/review/?age=²").status_code == 200
    assert client.post("/review/approve", data={"change_id": ["²", "9" * 23]}).status_code in (200, 302)
