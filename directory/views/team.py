"""The practitioner's search page and resource pages."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from directory.db import get_session
from directory.models import Resource

bp = Blueprint("team", __name__)


@bp.get("/")
def home() -> str:
    """The practitioner's start page."""
    return render_template("directory/home.html")


@bp.get("/resources/<resource_id>")
def resource(resource_id: str) -> str:
    """One resource in full."""
    found = get_session().get(Resource, resource_id)
    if found is None:
        abort(404, "That resource is not in the directory.")
    return render_template("directory/resource.html", resource=found)
