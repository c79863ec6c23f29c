"""Home, the statements (accessibility, Welsh language, privacy), and data sources pages."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, render_template

from abcd.areas.models import DatasetLoad
from abcd.assets.labels import KIND_LABELS
from abcd.assets.models import Asset, AssetKind, AssetStatus
from abcd.extensions import db
from abcd.pagecache import shared_page
from abcd.security import public

bp = Blueprint("main", __name__)


@bp.route("/")
@public
@shared_page
def index() -> str:
    rows = db.session.execute(
        sa.select(Asset.kind, sa.func.count()).where(Asset.status == AssetStatus.PUBLISHED).group_by(Asset.kind)
    )
    counts: dict[AssetKind, int] = {kind: count for kind, count in rows}
    return render_template("main/index.html", counts=counts, kinds=KIND_LABELS)


@bp.route("/about/data")
@public
def data_sources() -> str:
    loads = db.session.scalars(sa.select(DatasetLoad).order_by(DatasetLoad.loaded_at.desc())).all()
    return render_template("main/data_sources.html", loads=loads)


@bp.route("/about/accessibility")
@public
def accessibility_statement() -> str:
    return render_template("main/accessibility.html")


@bp.route("/about/welsh-language")
@public
def welsh_language_statement() -> str:
    return render_template("main/welsh_language.html")


@bp.route("/about/privacy")
@public
def privacy_notice() -> str:
    return render_template("main/privacy.html")
