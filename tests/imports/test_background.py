"""A file over the background threshold is imported by a job (the in-process runner, for real), with its
progress on the batch page."""

from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask

from abcd.assets.models import Asset
from abcd.extensions import db
from abcd.imports.models import BatchStatus, ImportBatch
from tests.conftest import login
from tests.factories import CARDIFF, Cast
from tests.imports.conftest import venues_csv
from tests.imports.test_wizard import check_rows, upload
from tests.rendered_forms import submit


def test_large_file_is_imported_in_the_background(
    make_app: Callable[..., Flask], people: Cast, venues: list[dict[str, str]]
) -> None:
    app = make_app(JOBS_BACKEND="thread", IMPORT_BACKGROUND_ROWS=3)
    client = app.test_client()
    share = [row for row in venues if row["lad_code"] == CARDIFF][:6]
    login(client, people.officer_cardiff)
    preview = check_rows(client, upload(client, venues_csv(share), source="real_facilities"))
    assert "it will be imported in the background" in preview.get_data(as_text=True)
    queued = submit(client, preview, form="confirm-form", follow_redirects=True).get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="3">' in queued or "Imported" in queued
    deadline = time.monotonic() + 30
    with app.app_context():
        while time.monotonic() < deadline:
            db.session.remove()
            batch = db.session.scalar(sa.select(ImportBatch))
            if batch is not None and batch.status not in (BatchStatus.QUEUED, BatchStatus.RUNNING):
                break
            time.sleep(0.2)
        assert batch is not None
        assert batch.status is BatchStatus.COMMITTED, batch.message
        assert batch.counts["created"] == 6
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Asset)) == 6
        db.session.remove()
    done = client.get(f"/imports/{batch.batch_id}").get_data(as_text=True)
    assert "New records: 6" in done
