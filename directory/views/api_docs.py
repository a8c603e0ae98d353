"""Serve the OpenAPI document that describes the JSON API."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from werkzeug.wrappers import Response

from core.auth import access
from directory import openapi
from directory.views.caching import cached

bp = Blueprint("api_docs", __name__)


@bp.get("/openapi.json")
@access("public")
def openapi_json() -> Response:
    """The OpenAPI 3.1 document."""
    return cached(jsonify(openapi.document(current_app)))
