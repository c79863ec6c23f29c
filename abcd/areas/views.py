"""Areas: the local authorities and wards, with their names in both languages."""

from __future__ import annotations

from flask import Blueprint, render_template

from abcd.areas.services import local_authorities
from abcd.pagecache import shared_page
from abcd.security import public

bp = Blueprint("areas", __name__, url_prefix="/areas")


@bp.route("/")
@public
@shared_page
def index() -> str:
    return render_template("areas/index.html", authorities=local_authorities())
