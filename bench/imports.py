"""The import benchmark: preview and commit of a 10,000-row sheet (at scale 1) through the wizard's services
and the governed write path, against a bare bulk insert of the same rows in the same run.

Goals at the design scale: preview ≤ 10 s, commit ≤ 30 s, commit ≤ 5 times the bare bulk insert.
Always a throwaway SQLite database, with the geography loaded when the open data is present.
"""

from __future__ import annotations

import csv
import io
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from abcd.areas.models import Postcode
from abcd.assets.models import Asset
from abcd.auth.models import Role, User
from abcd.extensions import db
from abcd.imports import services
from abcd.imports.models import ImportMode
from abcd.imports.preview import Label
from abcd.models_base import utcnow
from bench.maps import default_geodata, make_bench_app
from bench.synthetic import Design, markdown_report

DESIGN_ROWS = 10_000
GOALS = {"preview": 10.0, "commit": 30.0, "ratio": 5.0}


def _sheet(rows: int, postcodes: list[str]) -> bytes:
    rng = random.Random(2026)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "Name", "Kind", "Postcode", "Email"])
    for i in range(rows):
        writer.writerow([f"b-{i}", f"Bench venue {i}", rng.choice(["place", "library", "hall"]),
                         rng.choice(postcodes), f"venue{i}@example.org"])  # fmt: skip
    return out.getvalue().encode()


def _bare_insert(values: list[dict[str, Any]], actor_id: int) -> float:
    """The same rows straight into the table in one executemany, then removed again."""
    now = utcnow()
    rows = [{**{k: v for k, v in row.items() if k != "themes"}, "version": 1, "created_at": now, "updated_at": now,
             "created_by_id": actor_id, "source_ref": f"bare:{i}"} for i, row in enumerate(values)]  # fmt: skip
    started = time.perf_counter()
    with db.engine.begin() as connection:
        connection.execute(Asset.__table__.insert(), rows)
    elapsed = time.perf_counter() - started
    with db.engine.begin() as connection:
        connection.execute(sa.delete(Asset.__table__).where(Asset.source_ref.like("bare:%")))
    return elapsed


def measure(scale: float, geodata: Path | None) -> tuple[int, dict[str, float], dict[str, int]]:
    rows = max(10, int(DESIGN_ROWS * scale))
    with tempfile.TemporaryDirectory(prefix="abcd-bench-imports-") as folder:
        app = make_bench_app(Path(folder), geodata)
        with app.test_request_context():
            postcodes = list(db.session.scalars(sa.select(Postcode.postcode).where(Postcode.in_area).limit(2000)))
            if not postcodes:
                raise SystemExit("The import benchmark needs the postcode data (ABCD_GEODATA_DIR).")
            admin = User(
                email="bench@example.org",
                password_hash="-",  # noqa: S106 -- no password: cannot sign in
                display_name="Bench",
                role=Role.ADMIN,
            )
            db.session.add(admin)
            db.session.commit()
            db.session.info["actor_id"] = admin.user_id
            content = _sheet(rows, postcodes)
            started = time.perf_counter()
            batch, _sheet_read = services.start_batch(content, "bench.csv", admin, source="bench")
            preview = services.preview_batch(batch, admin)
            preview_s = time.perf_counter() - started
            db.session.commit()
            bare_s = _bare_insert([r.values for r in preview.rows if r.label is Label.NEW], admin.user_id)
            started = time.perf_counter()
            preview = services.preview_batch(batch, admin)  # confirming re-validates: part of the commit's cost
            outcome = services.commit_preview(batch, preview, admin, ImportMode.VALID_ONLY)
            db.session.commit()
            commit_s = time.perf_counter() - started
            counts = outcome.counts()
            db.session.remove()
            db.engine.dispose()
    return rows, {"preview": preview_s, "commit": commit_s, "bare": bare_s}, counts


def run(scale: float = 1.0) -> str:
    rows, seconds, counts = measure(scale, default_geodata())
    ratio = seconds["commit"] / seconds["bare"] if seconds["bare"] else float("inf")
    factor = rows / DESIGN_ROWS
    table = [
        ("rows in the sheet", f"{rows:,} ({counts['created']:,} created, {counts['held']:,} held)", f"{DESIGN_ROWS:,}"),
        ("preview (read, map, validate, label)", f"{seconds['preview']:.2f} s", f"≤ {GOALS['preview'] * factor:g} s"),
        ("commit (re-validate and write, audited)", f"{seconds['commit']:.2f} s", f"≤ {GOALS['commit'] * factor:g} s"),
        ("bare bulk insert of the same rows", f"{seconds['bare']:.3f} s", "—"),
        ("commit ÷ bare insert", f"{ratio:.1f}×", f"≤ {GOALS['ratio']:g}×"),
    ]
    return markdown_report("Spreadsheet import", scale, Design().scaled(scale), table)
