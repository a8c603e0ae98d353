"""What the practitioner's results list shows per resource, read with plain Core selects.

Like `public_rows`, but for signed-in team members: every status and review state, with the
"needs checking", "not confirmed since" and "closed" markers. A page of 20 results costs four
small queries instead of loading ORM objects with four relationships each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import BindParameter

from core.times import date_text, local_zone
from directory.models import HowToJoin, Organisation, Resource
from directory.public_rows import (
    Place,
    cheapest,
    next_session_asked,
    read_children,
)
from directory.search import SearchFilters
from directory.wording import card_cost, distance_text, person_cost_words

_R = Resource.__table__.c  # type: ignore[attr-defined]
_O = Organisation.__table__.c  # type: ignore[attr-defined]
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
_RESOURCES = select(
    _R.id,
    _R.name,
    _R.organisation_id,
    _R.setting,
    _R.status,
    _R.review_state,
    _R.flagged_changed,
    _R.flag_reason,
    _R.has_pending,
    _R.last_confirmed_at,
    _R.created_at,
    _R.fees_description,
    _R.how_to_join,
    cheapest("standard").label("standard"),
    cheapest("concession").label("concession"),
).where(_R.id.in_(_IDS))
_ORGANISATIONS = select(_O.id, _O.name).where(_O.id.in_(_IDS))


@dataclass(frozen=True, slots=True)
class TeamCard:
    """A resource's facts as read, before any wording."""

    id: str
    name: str
    organisation_id: str | None
    status: str
    review_state: str
    flag_reason: str | None  # None: not flagged as "might have changed" (team-only words)
    pending: bool  # a change heard by word of mouth waits for confirmation
    seen: datetime  # last confirmed, or else added
    seen_text: str  # seen in words
    standard: int
    concession: int | None
    priced: bool  # a price is recorded (else the cost is the source's words or not known)
    cost: str  # standard and concession prices in words
    setting: str
    referral: bool  # joined only by referral
    access: tuple[str, ...]
    places: tuple[Place, ...]
    sessions: tuple[Any, ...]


class TeamRow(NamedTuple):
    """One result on the practitioner's search page, its facts in words."""

    # A named tuple: a page builds 20, and a tuple is built without a Python call per field.

    id: str
    name: str
    organisation: str
    status: str
    review_state: str
    flag_reason: str | None  # None: not flagged as "might have changed" (team-only words)
    pending: bool  # a change heard by word of mouth waits for confirmation
    stale_since: str  # the date last confirmed (or added) when that is too long ago, else ''
    cost: str
    next_session: str
    next_fits: bool  # it is the next on the days and times searched for, another coming first
    distance: str
    setting: str
    referral: bool  # joined only by referral (a GP, a care coordinator): said on the card
    access: tuple[str, ...]
    places: tuple[Place, ...]


def _read_cards(conn: Connection, ids: list[str]) -> dict[str, TeamCard | None]:
    """The cards of these resources, read with four selects (None for those that are gone)."""
    children = read_children(conn, ids)
    found: dict[str, TeamCard | None] = dict.fromkeys(ids)
    for r in conn.execute(_RESOURCES, {"ids": ids}):
        seen = r.last_confirmed_at or r.created_at
        found[r.id] = TeamCard(
            id=r.id,
            name=r.name,
            organisation_id=r.organisation_id,
            status=r.status,
            review_state=r.review_state,
            flag_reason=(r.flag_reason or "") if r.flagged_changed else None,
            pending=bool(r.has_pending),
            seen=seen,
            seen_text=date_text(seen),
            standard=r.standard or 0,
            concession=r.concession,
            priced=r.standard is not None,
            cost=card_cost(r.standard, r.concession, r.fees_description or ""),
            setting=r.setting,
            referral=r.how_to_join == HowToJoin.REFERRAL.value,
            access=tuple(sorted(children.access[r.id])),
            places=tuple(children.places[r.id]),
            sessions=tuple(children.sessions[r.id]),
        )
    return found


def team_rows(
    conn: Connection,
    ids: list[str],
    now: datetime,
    stale_after_days: int,
    receives_benefits: bool = False,
    distances_km: dict[str, float] | None = None,
    asked: SearchFilters | None = None,
) -> list[TeamRow]:
    """The resources among ids that still exist, in the order given, as result cards."""
    if not ids:
        return []
    read = _read_cards(conn, ids)
    cards = [c for c in (read[i] for i in ids) if c is not None]
    org_ids = sorted({c.organisation_id for c in cards if c.organisation_id})
    organisations = (
        {oid: name for oid, name in conn.execute(_ORGANISATIONS, {"ids": org_ids})}
        if org_ids
        else {}
    )
    local = now.astimezone(local_zone())
    too_old = timedelta(days=stale_after_days)
    distances = distances_km or {}
    after = {c.id: next_session_asked(c.sessions, local, asked) for c in cards}
    return [
        TeamRow(
            id=c.id,
            name=c.name,
            organisation=organisations.get(c.organisation_id or "", "") or "",
            status=c.status,
            review_state=c.review_state,
            flag_reason=c.flag_reason,
            pending=c.pending,
            stale_since=c.seen_text if now - c.seen > too_old else "",
            cost=(
                person_cost_words(c.standard, c.concession, True)
                if receives_benefits and c.priced
                else c.cost
            ),
            next_session=after[c.id][0],
            next_fits=after[c.id][1],
            distance=distance_text(distances.get(c.id)),
            setting=c.setting,
            referral=c.referral,
            access=c.access,
            places=c.places,
        )
        for c in cards
    ]
