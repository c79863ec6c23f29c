"""The people blueprint, shared by its two view modules (one's own profile, and everyone else)."""

from flask import Blueprint

bp = Blueprint("people", __name__, url_prefix="/people")
