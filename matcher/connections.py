"""The connection log and ties: stage changes, people met, and team attendance feeding ranking."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from core import audit
from core.times import utcnow
from directory.models import Resource
from matcher.labels import FULL_NAME, TIE_INSTEAD, looks_like_full_name
from matcher.models import Connection, ConnectionEvent, Person, Tie
from matcher.models.connections import (
    CLOSENESS_LABELS,
    HELP_KINDS,
    STAGE_LABELS,
    STOP_LABELS,
    TIE_LABELS,
    Stage,
    StopReason,
)
from matcher.rank import Result

# Where a connection may go next from where it is (None: not yet recorded). Forward steps may
# skip a stage (people sometimes just turn up); a stopped connection may start again.
NEXT: dict[str | None, tuple[str, ...]] = {
    None: (Stage.SUGGESTED, Stage.INTRODUCED, Stage.TRIED, Stage.ATTENDING),
    Stage.SUGGESTED: (Stage.INTRODUCED, Stage.TRIED, Stage.ATTENDING, Stage.STOPPED),
    Stage.INTRODUCED: (Stage.TRIED, Stage.ATTENDING, Stage.STOPPED),
    Stage.TRIED: (Stage.ATTENDING, Stage.STOPPED),
    Stage.ATTENDING: (Stage.STOPPED,),
    Stage.STOPPED: (Stage.INTRODUCED, Stage.TRIED, Stage.ATTENDING),
}
NOT_STARTED_FROM = (Stage.SUGGESTED, Stage.INTRODUCED)  # stopping from here: never started
MAX_LABEL = 40
MAX_REASON_TEXT = 300
# Fewer people than this at a resource are not shown: one name-less "1 person from your team"
# is often enough for a colleague to know who it is.
MIN_SHOWN = 2
STEP_PER_PEOPLE = 3  # a suggestion moves up one place for every this many people (at least 2)
MAX_STEPS_UP = 2  # and never more than two places


class NotAllowed(ValueError):
    """A change the log refuses, with a message for the practitioner."""


# --- Connections ---------------------------------------------------------------------------


def check_transition(
    current: str | None, new: str, reason: str = "", reason_text: str = ""
) -> None:
    """Refuse a stage change the log does not allow, saying why (pure)."""
    if new not in STAGE_LABELS:
        raise NotAllowed(f"'{new}' is not a stage: choose one of {', '.join(STAGE_LABELS)}.")
    if current == new:
        raise NotAllowed(f"It is already recorded as {STAGE_LABELS[new].lower()}.")
    if new not in NEXT[current]:
        if current is None:
            raise NotAllowed("A new connection cannot start as stopped: record how it began.")
        allowed = " or ".join(STAGE_LABELS[s].lower() for s in NEXT[current])
        raise NotAllowed(
            f"A connection that is {STAGE_LABELS[current].lower()} can only become {allowed}."
        )
    if new == Stage.STOPPED:
        if reason not in STOP_LABELS:
            raise NotAllowed("Choose why they stopped (or never started).")
        if reason == StopReason.OTHER and not reason_text.strip():
            raise NotAllowed("Say briefly why they stopped, since the reason is 'other'.")
    if len(reason_text) > MAX_REASON_TEXT:
        raise NotAllowed(f"Keep the reason under {MAX_REASON_TEXT} characters.")


def _check_day(on: date, after: date | None) -> None:
    if on > date.today():
        raise NotAllowed("The date is in the future: record what has happened.")
    if after is not None and on < after:
        raise NotAllowed(f"The date is before the last change ({after:%d %B %Y}).")


def get_connection(session: Session, person_id: int, resource_id: str) -> Connection | None:
    """A person's connection with a resource, if one was recorded."""
    return session.exec(
        select(Connection).where(
            Connection.person_id == person_id, Connection.resource_id == resource_id
        )
    ).first()


def add_stage(
    session: Session,
    person: Person,
    resource_id: str,
    stage: str,
    on: date | None = None,
    reason: str = "",
    reason_text: str = "",
    actor_id: int | None = None,
) -> tuple[Connection, str]:
    """Add a connection's next stage as a dated row (flushed); returns it and the audit action."""
    # Not committed. Raises NotAllowed (nothing added) when the resource is unknown or the change is
    # refused.
    on = on or date.today()
    if session.get(Resource, resource_id) is None:
        raise NotAllowed("That resource is not in the directory.")
    found = get_connection(session, int(person.id or 0), resource_id)
    current = found.stage if found else None
    problems = []  # the stage's and the date's, said together
    try:
        check_transition(current, stage, reason, reason_text)
    except NotAllowed as exc:
        problems.append(str(exc))
    try:
        _check_day(on, found.stage_on if found else None)
    except NotAllowed as exc:
        problems.append(str(exc))
    if problems:
        raise NotAllowed(" ".join(problems))
    if stage != Stage.STOPPED:
        reason, reason_text = "", ""
    if found is None:
        found = Connection(
            person_id=int(person.id or 0), resource_id=resource_id, stage=stage, stage_on=on
        )
        session.add(found)
        session.flush()
    else:
        found.stage, found.stage_on, found.updated_at = stage, on, utcnow()
    session.add(
        ConnectionEvent(
            connection_id=int(found.id or 0),
            stage=stage,
            previous=current or "",
            happened_on=on,
            reason=reason,
            reason_text=reason_text.strip(),
            recorded_by_id=actor_id,
        )
    )
    session.flush()
    return found, "connection.create" if current is None else "connection.stage"


def record_stage(
    session: Session,
    person: Person,
    resource_id: str,
    stage: str,
    on: date | None = None,
    reason: str = "",
    reason_text: str = "",
    actor_id: int | None = None,
) -> Connection:
    """Record a connection's next stage as a dated row, commit it, and audit it (ids only)."""
    # Raises NotAllowed (nothing written) when the resource is unknown or the change is refused.
    found, action = add_stage(
        session, person, resource_id, stage, on, reason, reason_text, actor_id
    )
    session.commit()
    # The audit row goes in after the commit: on SQLite it needs the write lock we held.
    audit.record(action, "person", int(person.id or 0), actor_id, person.team_id)
    return found


@dataclass(frozen=True)
class LogEntry:
    """A connection as the log page shows it: the resource and every dated change."""

    connection: Connection
    resource_name: str
    events: tuple[ConnectionEvent, ...]


def person_log(session: Session, person_id: int) -> list[LogEntry]:
    """A person's connections, most recently changed first, each with its history."""
    rows = session.exec(
        select(Connection, Resource.name)
        .join(Resource, col(Resource.id) == Connection.resource_id)
        .where(Connection.person_id == person_id)
        .order_by(col(Connection.stage_on).desc(), col(Connection.id).desc())
    ).all()
    ids = [int(c.id or 0) for c, _ in rows]
    events: dict[int, list[ConnectionEvent]] = {i: [] for i in ids}
    if ids:
        for e in session.exec(
            select(ConnectionEvent)
            .where(col(ConnectionEvent.connection_id).in_(ids))
            .order_by(col(ConnectionEvent.happened_on), col(ConnectionEvent.id))
        ).all():
            events[e.connection_id].append(e)
    return [LogEntry(c, name, tuple(events[int(c.id or 0)])) for c, name in rows]


# --- Ties ----------------------------------------------------------------------------------


def check_label(label: str) -> str:
    """A tie's label, trimmed, or NotAllowed if it is empty, long, or looks like a full name."""
    label = " ".join(label.split())
    if not label:
        raise NotAllowed("Give the person a label, such as a first name or 'Sam from choir'.")
    if len(label) > MAX_LABEL:
        raise NotAllowed(f"Keep the label under {MAX_LABEL} characters.")
    if looks_like_full_name(label):
        raise NotAllowed(FULL_NAME + TIE_INSTEAD)
    return label


def tie_problems(label: str, kind: str, closeness: str, help_kinds: Iterable[str]) -> list[str]:
    """Every reason a new tie's fields are refused, in the form's order (pure)."""
    problems: list[str] = []
    try:
        check_label(label)
    except NotAllowed as exc:
        problems.append(str(exc))
    if kind not in TIE_LABELS:
        problems.append("Say where they met: within services or in the community.")
    if closeness not in CLOSENESS_LABELS:
        problems.append("Say how close they are: close, regular or occasional.")
    unknown = [k for k in dict.fromkeys(help_kinds) if k not in HELP_KINDS]
    if unknown:
        problems.append(f"Unknown kind of help: {', '.join(unknown)}.")
    return problems


def add_tie(
    session: Session,
    person: Person,
    label: str,
    kind: str,
    closeness: str,
    help_kinds: Iterable[str] = (),
    started_on: date | None = None,
    actor_id: int | None = None,
) -> Tie:
    """Record someone the person has met; commit and audit it. NotAllowed when invalid."""
    kinds = list(dict.fromkeys(help_kinds))
    problems = tie_problems(label, kind, closeness, kinds)
    if problems:
        raise NotAllowed(" ".join(problems))
    label = check_label(label)
    started_on = started_on or date.today()
    _check_day(started_on, None)
    tie = Tie(
        person_id=int(person.id or 0),
        label=label,
        kind=kind,
        closeness=closeness,
        help=kinds,
        started_on=started_on,
        recorded_by_id=actor_id,
    )
    session.add(tie)
    session.commit()
    audit.record("tie.create", "person", int(person.id or 0), actor_id, person.team_id)
    return tie


def end_tie(
    session: Session,
    person: Person,
    tie_id: int,
    ended_on: date | None = None,
    actor_id: int | None = None,
) -> Tie:
    """Record that a tie has ended; commit and audit it. NotAllowed when it cannot."""
    tie = session.get(Tie, tie_id)
    if tie is None or tie.person_id != person.id:
        raise NotAllowed("There is no such tie for this person.")
    if tie.ended_on is not None:
        raise NotAllowed("That tie is already recorded as ended.")
    ended_on = ended_on or date.today()
    _check_day(ended_on, tie.started_on)
    tie.ended_on, tie.updated_at = ended_on, utcnow()
    session.commit()
    audit.record("tie.end", "person", int(person.id or 0), actor_id, person.team_id)
    return tie


def person_ties(session: Session, person_id: int) -> list[Tie]:
    """A person's ties, current ones first, then by when they started."""
    rows = session.exec(
        select(Tie).where(Tie.person_id == person_id).order_by(col(Tie.started_on), col(Tie.id))
    ).all()
    return sorted(rows, key=lambda t: t.ended_on is not None)


# --- Attendance feeding the ranking --------------------------------------------------------


def team_attendance(
    session: Session, team_id: int, exclude_person_id: int | None = None
) -> dict[str, int]:
    """How many of the team's people are attending each resource now (counts only)."""
    query = (
        select(Connection.resource_id, func.count(col(Connection.id)))
        .join(Person, col(Person.id) == Connection.person_id)
        .where(Person.team_id == team_id, Connection.stage == Stage.ATTENDING)
        .group_by(col(Connection.resource_id))
    )
    if exclude_person_id is not None:
        query = query.where(Connection.person_id != exclude_person_id)
    return {rid: int(n) for rid, n in session.exec(query).all()}


def attendance_words(count: int) -> str:
    """'3 people from your team go regularly'."""
    return f"{count} people from your team go regularly"


def prefer_attended(
    result: Result, counts: Mapping[str, int], min_shown: int = MIN_SHOWN
) -> Result:
    """Move suggestions a little up where team members keep attending, and say so (pure)."""
    # Only the order of suggestions that already pass every hard rule changes, by at most
    # MAX_STEPS_UP places; counts below min_shown are ignored and never shown.
    keyed = []
    for position, s in enumerate(result.suggestions):
        n = counts.get(s.resource_id, 0)
        if n >= min_shown:
            steps = min(MAX_STEPS_UP, 1 + (n - min_shown) // STEP_PER_PEOPLE)
            s = replace(s, reasons=(*s.reasons, attendance_words(n)))
        else:
            steps = 0
        keyed.append((position - steps - 0.5 * bool(steps), s))
    ordered = tuple(s for _, s in sorted(keyed, key=lambda k: k[0]))
    return replace(result, suggestions=ordered)


def with_team_attendance(session: Session, person: Person, result: Result) -> Result:
    """The person's matches, preferring resources their team's other people keep attending."""
    counts = team_attendance(session, person.team_id, exclude_person_id=person.id)
    return prefer_attended(result, counts)
