"""What a public page may show about one resource."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import (
    current_app,
)

from directory.models import DAYS, Resource, ResourcePublic
from directory.resources import to_public
from directory.wording import (
    checked_text,
    cost_text,
    distance_text,
    join_text,
    next_session_text,
    session_text,
)


@dataclass
class PublicEntry:
    """What a public page may show about one resource."""

    info: ResourcePublic
    organisation: str = ""
    cost: str = ""
    next_session: str = ""
    sessions: list[str] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    confirmed: str = ""  # 'Last checked 3 weeks ago' or 'Not checked since March 2025'
    stale: bool = False
    join: str = ""
    distance: str = ""


def stale_after_days() -> int:
    """Days after which an entry counts as not checked recently."""
    return int(current_app.config["STALE_AFTER_DAYS"])


def entry(
    resource: Resource,
    organisation: str = "",
    distance_km: float | None = None,
    dated: bool = False,
) -> PublicEntry:
    """The public view of a resource, with its times, places and costs in words."""
    # Dated, for paper: a sheet read another day says dates, not "Tomorrow" or "3 weeks ago".
    ordered = sorted(resource.sessions, key=lambda s: (DAYS.index(s.day), s.start))
    places = [
        {
            "name": loc.name,
            "address": loc.address,
            "postcode": loc.postcode,
            "lat": loc.latitude,
            "lon": loc.longitude,
        }
        for loc in resource.locations
    ]
    return PublicEntry(
        info=to_public(resource),
        organisation=organisation,
        cost=cost_text(resource),
        next_session=next_session_text(resource, dated),
        sessions=[session_text(s) for s in ordered],
        places=places,
        confirmed=checked_text(
            resource.last_confirmed_at,
            stale_after_days(),
            how=resource.last_confirmed_how,
            dated=dated,
        ),
        stale=resource.is_stale(stale_after_days()),
        join=join_text(resource.how_to_join, resource.join_details),
        distance=distance_text(distance_km),
    )
