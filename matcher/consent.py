"""Peer consent, avoid lists, introductions and the peer pool, read from the database.

Every change to people, consent or avoid lists bumps `peer_state.version` in the same
transaction, so a cached pool on any app node is rebuilt as soon as a withdrawal commits.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction
from sqlmodel import Session, col, select

from core import db
from core.models import AuditEvent, Team, User
from core.times import utcnow
from directory.models import ResourceLocation
from directory.models.base import is_postcode_district
from matcher import groups, peers
from matcher.features import get_features
from matcher.models import (
    ConsentScope,
    PeerAvoid,
    PeerConsent,
    PeerConsentBase,
    PeerIntroduction,
    PeerState,
    Person,
)
from matcher.models.consent import EndReason

WATCHED = (Person, PeerConsent, PeerAvoid)
VENUE_KINDS = (
    ("community centre", "Community centre"),
    ("library", "Library"),
    ("church hall", "Church hall"),
    ("hall", "Hall"),
)


class NotSuggested(ValueError):
    """The person asked about is not (or no longer) a suggested peer."""


@event.listens_for(OrmSession, "after_flush")
def _bump_version(session: OrmSession, _ctx: UOWTransaction) -> None:
    """Count a change to people, consent or avoid lists in the flushing transaction."""
    if not any(isinstance(o, WATCHED) for o in (*session.new, *session.dirty, *session.deleted)):
        return
    db.bump_version(session.connection(), PeerState)


def peer_version(session: Session) -> int:
    """The peer change counter (0 before any change)."""
    state = session.get(PeerState, 1, populate_existing=True)
    return state.version if state else 0


# --- Consent ---------------------------------------------------------------------------------


def _audit(session: Session, action: str, person: Person, user_id: int | None) -> None:
    """One audit row in the change's own transaction: it stands exactly when the change does."""
    session.add(
        AuditEvent(
            action=action,
            subject_type="person",
            subject_ref=str(person.id or ""),
            actor_id=user_id,  # None: the system (seeds, command line)
            team_id=person.team_id,
        )
    )


def current_consent(session: Session, person_id: int) -> PeerConsent | None:
    """The person's consent in force, or None."""
    return session.exec(
        select(PeerConsent).where(
            PeerConsent.person_id == person_id, col(PeerConsent.withdrawn_at).is_(None)
        )
    ).first()


def consent_history(session: Session, person_id: int) -> list[PeerConsent]:
    """Every consent recorded for the person, newest first."""
    return list(
        session.exec(
            select(PeerConsent)
            .where(PeerConsent.person_id == person_id)
            .order_by(col(PeerConsent.recorded_at).desc(), col(PeerConsent.id).desc())
        ).all()
    )


def record_consent(
    session: Session, person: Person, choices: PeerConsentBase, user_id: int | None
) -> PeerConsent:
    """Record consent with these choices (audited); any earlier consent ends as changed (kept)."""
    if choices.scope not in {s.value for s in ConsentScope}:
        raise ValueError("scope is 'team' or 'deployment'")
    now = utcnow()
    old = current_consent(session, int(person.id or 0))
    if old is not None:
        old.withdrawn_at, old.withdrawn_by_id = now, user_id
        old.end_reason = EndReason.CHANGED.value
        session.flush()  # free the one-current-consent index before the new row goes in
    consent = PeerConsent(
        **choices.model_dump(), person_id=int(person.id or 0), recorded_by_id=user_id
    )
    consent.recorded_at = now
    session.add(consent)
    _audit(session, "peer_consent.record", person, user_id)
    session.flush()
    return consent


def withdraw_consent(session: Session, person: Person, user_id: int | None) -> bool:
    """End the person's consent now (audited); False if none was in force."""
    old = current_consent(session, int(person.id or 0))
    if old is None:
        return False
    old.withdrawn_at, old.withdrawn_by_id = utcnow(), user_id
    old.end_reason = EndReason.WITHDRAWN.value
    _audit(session, "peer_consent.withdraw", person, user_id)
    session.flush()
    return True


def avoid_peer(session: Session, person: Person, other_id: int, user_id: int | None) -> bool:
    """Never suggest these two people to each other (audited); False if already recorded."""
    pid = int(person.id or 0)
    if other_id == pid or session.get(Person, other_id) is None:
        raise NotSuggested("There is no such person.")
    found = session.exec(
        select(PeerAvoid).where(PeerAvoid.person_id == pid, PeerAvoid.other_id == other_id)
    ).first()
    if found is not None:
        return False
    session.add(PeerAvoid(person_id=pid, other_id=other_id, recorded_by_id=user_id))
    _audit(session, "peer.avoid", person, user_id)
    session.flush()
    return True


# --- The pool ---------------------------------------------------------------------------------


def general_area(person: Person) -> str:
    """The postcode district or place, never the full postcode or an address."""
    if person.postcode:
        district = person.postcode.split()[0]
        return district if is_postcode_district(district) else ""
    return person.place


def to_record(person: Person, consent: PeerConsent, avoid: frozenset[int]) -> peers.PeerRecord:
    """The plain facts peer matching may use about one consenting person."""
    return peers.PeerRecord(
        id=int(person.id or 0),
        team_id=person.team_id,
        label=person.label,
        area=general_area(person),
        latitude=person.latitude,
        longitude=person.longitude,
        max_km=person.max_km,
        gender=person.gender,
        women_only=person.women_only,
        interests=tuple(person.interests),
        want_to_try=tuple(person.want_to_try),
        skills_to_share=tuple(person.skills_to_share),
        free_times=tuple((w["day"], w["from"], w["to"]) for w in person.free_times),
        avoid_ids=avoid,
        budget_pence=person.budget_pence,
        receives_benefits=person.receives_benefits,
        scope=consent.scope,
        seeking=consent.seeking,
        show_label=consent.show_label,
        show_interests=consent.show_interests,
        show_area=consent.show_area,
    )


def load_pool(session: Session, version: int = 0) -> peers.PeerPool:
    """Every person with consent in force, as a peer pool."""
    rows = session.exec(
        select(Person, PeerConsent)
        .join(PeerConsent, col(PeerConsent.person_id) == Person.id)
        .where(col(PeerConsent.withdrawn_at).is_(None))
        .order_by(col(Person.id))
    ).all()
    avoid: dict[int, set[int]] = {}
    for a in session.exec(select(PeerAvoid)).all():
        avoid.setdefault(a.person_id, set()).add(a.other_id)
    return peers.build(
        [to_record(p, c, frozenset(avoid.get(int(p.id or 0), ()))) for p, c in rows], version
    )


_cache: dict[str, peers.PeerPool] = {}
_lock = threading.Lock()


def get_pool(session: Session) -> peers.PeerPool:
    """The pool for this database, rebuilt whenever the peer version moved."""
    bind = session.get_bind()
    key = str(bind.url) if isinstance(bind, Engine) else str(bind.engine.url)
    version = peer_version(session)
    cached = _cache.get(key)
    if cached is not None and cached.version == version and version:
        return cached
    with _lock:
        pool = load_pool(session, version)
        _cache[key] = pool
    return pool


def clear_cache() -> None:
    """Forget every cached pool (tests)."""
    _cache.clear()


def consenting_ids(session: Session, ids: Sequence[int]) -> set[int]:
    """Which of these people have consent in force right now (read fresh)."""
    if not ids:
        return set()
    return set(
        session.exec(
            select(PeerConsent.person_id).where(
                col(PeerConsent.person_id).in_(list(ids)), col(PeerConsent.withdrawn_at).is_(None)
            )
        ).all()
    )


@dataclass(frozen=True)
class Suggestion:
    """A peer as shown to the seeker's practitioner: only what the peer agreed to show."""

    peer: peers.Peer
    name: str
    area: str
    same_team: bool


def suggestions(session: Session, person: Person) -> list[Suggestion]:
    """Up to 10 peers for a person who is seeking, each with reasons (none without consent)."""
    mine = current_consent(session, int(person.id or 0))
    if mine is None or not mine.seeking:
        return []
    pool = get_pool(session)
    found = peers.top_peers(pool, int(person.id or 0))
    # The pool is current for its version; this re-read also covers rows changed outside the ORM.
    still = consenting_ids(session, [p.id for p in found])
    out = []
    for p in found:
        if p.id not in still:
            continue
        record = pool.records[int(np.flatnonzero(pool.ids == p.id)[0])]
        same = record.team_id == person.team_id
        if record.show_label:
            name = record.label
        else:
            name = "Someone your team supports" if same else "Someone another team supports"
        area = record.area if record.show_area else ""
        out.append(Suggestion(p, name, area, same))
    return out


def introduce(session: Session, person: Person, peer_id: int, user_id: int | None) -> int:
    """Record an introduction to a currently suggested peer; returns the peer's team id."""
    match = next((s for s in suggestions(session, person) if s.peer.id == peer_id), None)
    if match is None:
        raise NotSuggested("That person is no longer a suggested peer.")
    if peer_id in introductions_asked(session, int(person.id or 0)):
        raise NotSuggested(
            "An introduction to them is already waiting for their practitioner. Nothing was added."
        )
    session.add(
        PeerIntroduction(
            person_id=int(person.id or 0),
            peer_id=peer_id,
            from_team_id=person.team_id,
            to_team_id=match.peer.team_id,
            recorded_by_id=user_id,
        )
    )
    session.flush()
    return match.peer.team_id


def introductions_asked(session: Session, person_id: int) -> dict[int, datetime]:
    """The peers an introduction for this person waits on (not yet seen), with when it was asked."""
    t = PeerIntroduction
    query = select(t.peer_id, t.created_at).where(
        t.person_id == person_id, col(t.seen_at).is_(None)
    )
    return {peer: at for peer, at in session.exec(query).all()}


@dataclass(frozen=True)
class Note:
    """An introduction another practitioner asked for, shown to the peer's own team."""

    id: int
    peer_id: int
    peer_label: str
    from_team: str
    same_team: bool
    at: Any
    asker: str  # the practitioner who asked ("" if their account is gone)
    person_id: int | None  # the person they support: linked only within the same team
    person_label: str  # their label if the team may see it, else "" (name them as "someone")


def _askers(session: Session, ids: set[int]) -> dict[int, str]:
    """The practitioners' names (staff, not the people supported: no privacy rule hides them)."""
    if not ids:
        return {}
    rows = session.exec(select(User.id, User.display_name).where(col(User.id).in_(ids))).all()
    return {int(i): name for i, name in rows if i is not None}


def _shown_labels(session: Session, ids: set[int]) -> dict[int, str]:
    """The labels of people whose consent in force lets others see their label."""
    if not ids:
        return {}
    rows = session.exec(
        select(Person.id, Person.label)
        .join(PeerConsent, col(PeerConsent.person_id) == Person.id)
        .where(
            col(Person.id).in_(ids),
            col(PeerConsent.withdrawn_at).is_(None),
            col(PeerConsent.show_label).is_(True),
        )
    ).all()
    return {int(i): label for i, label in rows if i is not None}


def team_notes(session: Session, team_id: int) -> list[Note]:
    """Introductions asked of this team's people while both people still consent."""
    rows = session.exec(
        select(PeerIntroduction, Person, Team)
        .join(Person, col(Person.id) == PeerIntroduction.peer_id)
        .join(Team, col(Team.id) == PeerIntroduction.from_team_id)
        .where(PeerIntroduction.to_team_id == team_id)
        .order_by(col(PeerIntroduction.created_at).desc())
    ).all()
    live = consenting_ids(
        session, [i.peer_id for i, _, _ in rows] + [i.person_id for i, _, _ in rows]
    )
    askers = _askers(session, {i.recorded_by_id for i, _, _ in rows if i.recorded_by_id})
    own = {i.person_id for i, _, _ in rows if i.from_team_id == team_id}
    labels = {
        **_shown_labels(session, {i.person_id for i, _, _ in rows} - own),
        **{int(p.id or 0): p.label for p in _people(session, own)},
    }
    return [
        Note(
            int(i.id or 0),
            p.id or 0,
            p.label,
            t.name,
            i.from_team_id == team_id,
            i.created_at,
            askers.get(i.recorded_by_id or 0, ""),
            i.person_id if i.from_team_id == team_id else None,
            labels.get(i.person_id, ""),
        )
        for i, p, t in rows
        if i.peer_id in live and i.person_id in live
    ]


def _people(session: Session, ids: set[int]) -> Sequence[Person]:
    if not ids:
        return []
    return session.exec(select(Person).where(col(Person.id).in_(ids))).all()


def venue_kind(name: str) -> str | None:
    """The kind of venue a place name suggests (community centre, library, ...), if any."""
    lowered = name.lower()
    return next((kind for word, kind in VENUE_KINDS if word in lowered), None)


def venues(session: Session) -> list[groups.Venue]:
    """Places in the directory that could host a group."""
    out = []
    for loc in session.exec(select(ResourceLocation)).all():
        kind = venue_kind(loc.name)
        if kind and loc.latitude is not None and loc.longitude is not None:
            out.append(groups.Venue(loc.latitude, loc.longitude, kind))
    return out


def team_groups(
    session: Session, team_id: int, min_size: int
) -> tuple[list[groups.GroupSuggestion], list[groups.GroupSuggestion]]:
    """New groups within the team, and across teams (deployment consent) including its people."""
    pool = get_pool(session)
    f = get_features(session)
    places = venues(session)
    own = groups.find_groups(pool.take(np.flatnonzero(pool.team == team_id)), f, places, min_size)
    wide = groups.find_groups(pool.take(np.flatnonzero(pool.wide)), f, places, min_size)
    shared = [g for g in wide if g.team_count(team_id) and len({t for _, t in g.members}) > 1]
    return own, shared
