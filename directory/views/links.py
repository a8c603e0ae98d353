"""Links to a resource's pages, safe for any id."""

from __future__ import annotations

import re

from flask import (
    url_for,
)

URL_SAFE_ID = re.compile(r"[A-Za-z0-9_.~-]+\Z")  # what url_for writes into a path unchanged


def resource_url(endpoint: str, resource_id: str) -> str:
    """The page of a resource at this endpoint."""
    return url_for(endpoint, resource_id=resource_id)


def public_url(resource_id: str) -> str:
    """The public page of a resource."""
    return resource_url("public.resource", resource_id)
