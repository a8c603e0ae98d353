"""Follow-ups: "did they go?" falls due a team-set interval after something is suggested, and
its one-step answer moves the connection log on. Also each team's outcome settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from core import audit
from directory.models import Resource
from matcher import connections
from matcher.connections import NotAllowed
from matcher.models import Answer, FollowUp, FollowUpKind, Person, TeamOutcomeSettings
from matcher.models.connections import STOP_LABELS, Stage, StopReason
from matcher.outcomes import DEFAULT_MEASURES, MEASURES, ScoreError

ANSWER_LABELS: dict[str, str] = {
    Answer.WENT_AGAIN: "Went, and will go again",
    Answer.WENT_ONCE: "Went once",
    Answer.DID_NOT_GO: "Did not go",
    Answer.NOT_YET: "Not yet",
}
MEET_LABELS: dict[str, str] = {
    Answer.WENT_AGAIN: "Met, and will meet again",
    Answer.WENT_ONCE: "Met once",
    Answer.DID_NOT_GO: "Did not meet",
    Answer.NOT_YET: "Not yet",
}
KIND_LABELS: dict[str, str] = {
    FollowUpKind.SHORTLIST: "Shortlisted",
    FollowUpKind.HANDOUT: "On a handout",
    FollowUpKind.INTRODUCTION: "Peer introduction",
}
# The stage each answer moves the connection log to (none for "not yet").
ANSWER_STAGE: dict[str, str] = {
    Answer.WENT_AGAIN: Stage.ATTENDING,
    Answer.WENT_ONCE: Stage.TRIED,
    Answer.DID_NOT_GO: Stage.STOPPED,
}
# A log change that settles open follow-ups about the same resource, as the answer it means.
STAGE_ANSWER: dict[str, str] = {
    Stage.ATTENDING: Answer.WENT_AGAIN,
    Stage.TRIED: Answer.WENT_ONCE,
    Stage.STOPPED: Answer.DID_NOT_GO,
}
MAX_DAYS = 365
MAX_MONTH = 60


# --- Team settings --------------------------------------------------------------------------


def team_settings(session: Session, team_id: int) -> TeamOutcomeSettings:
    """The team's outcome settings, or the defaults (not stored) when it has none yet."""
    found = session.get(TeamOutcomeSettings, team_id)
    if found is not None:
        return found
    return TeamOutcomeSettings(team_id=team_id, measures=list(DEFAULT_MEASURES))


def _whole(field: str, text: str, low: int, high: int, what: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit() and len(text) < 5) or not low <= int(text) <= high:
        raise ScoreError(field, f"{what}: enter a whole number from {low} to {high}.")
    return int(text)


def _months(text: str) -> list[int]:
    parts = [p for p in text.replace(",", " ").split() if p]
    months = [_whole("schedule_months", p, 1, MAX_MONTH, "Reminder months") for p in parts]
    if not months:
        raise ScoreError("schedule_months", "Reminder months: give at least one, such as 3 6 12.")
    return sorted(set(months))


def _bound(field: str, text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ScoreError(field, "Enter a number, or leave it blank.") from None
    if not -1_000_000 <= value <= 1_000_000:
        raise ScoreError(field, "Enter a number between -1,000,000 and 1,000,000.")
    return value


def save_settings(
    session: Session, team_id: int, form: dict[str, str], measures: list[str], actor: int | None
) -> TeamOutcomeSettings:
    """Check and store the team's settings (flushed); ScoreError names the first bad field."""
    days = _whole("followup_days", form.get("followup_days", ""), 1, MAX_DAYS, "Follow-up days")
    months = _months(form.get("schedule_months", ""))
    chosen = [m for m in dict.fromkeys(measures) if m in MEASURES]
    own_name = " ".join(form.get("own_name", "").split())
    if len(own_name) > 60:
        raise ScoreError("own_name", "Keep the measure's name under 60 characters.")
    low, high = (
        _bound("own_low", form.get("own_low", "")),
        _bound("own_high", form.get("own_high", "")),
    )
    if own_name and (low is None or high is None):
        raise ScoreError("own_low", "Give the lowest and highest score of your own measure.")
    if low is not None and high is not None and low >= high:
        raise ScoreError("own_high", "The highest score must be above the lowest.")
    found = session.get(TeamOutcomeSettings, team_id) or TeamOutcomeSettings(team_id=team_id)
    found.followup_days, found.schedule_months, found.measures = days, months, chosen
    found.own_name, found.own_low, found.own_high = own_name, low, high
    found.updated_by_id = actor
    session.add(found)
    session.flush()
    return found


# --- Setting follow-ups ---------------------------------------------------------------------


def _open_for(session: Session, person_id: int, resource_id: str | None) -> FollowUp | None:
    return session.exec(
        select(FollowUp).where(
            FollowUp.person_id == person_id,
            FollowUp.resource_id == resource_id,
            FollowUp.answer == "",
        )
    ).first()


def schedule(
    session: Session,
    person: Person,
    kind: str,
    resource_id: str | None = None,
    actor: int | None = None,
    today: date | None = None,
) -> FollowUp | None:
    """Set a follow-up due after the team's interval (flushed), or None when none is needed."""
    # None when one is already open for that resource or they already attend it.
    today = today or date.today()
    pid = int(person.id or 0)
    if resource_id is not None:
        if _open_for(session, pid, resource_id) is not None:
            return None
        found = connections.get_connection(session, pid, resource_id)
        if found is not None and found.stage == Stage.ATTENDING:
            return None
    days = team_settings(session, person.team_id).followup_days
    row = FollowUp(
        person_id=pid,
        kind=kind,
        resource_id=resource_id,
        set_on=today,
        due_on=today + timedelta(days=days),
        set_by_id=actor,
    )
    session.add(row)
    session.flush()
    return row


# --- Listing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """An open follow-up as the lists show it."""

    follow_up: FollowUp
    person_id: int
    person_label: str
    resource_name: str  # "" for a peer introduction

    @property
    def kind_label(self) -> str:
        """What set it going, in words."""
        return KIND_LABELS.get(self.follow_up.kind, self.follow_up.kind)

    @property
    def answers(self) -> dict[str, str]:
        """The answers offered, worded for an activity or for meeting a peer."""
        return MEET_LABELS if self.follow_up.kind == FollowUpKind.INTRODUCTION else ANSWER_LABELS


def open_follow_ups(
    session: Session,
    team_id: int,
    *,
    person_id: int | None = None,
    set_by: int | None = None,
    due_by: date | None = None,
) -> list[Due]:
    """Open follow-ups of the team's people, soonest due first."""
    # Optionally one person's (person_id), one practitioner's (set_by), or those due by a day
    # (due_by).
    query = (
        select(FollowUp, Person.label, Resource.name)
        .join(Person, col(Person.id) == FollowUp.person_id)
        .outerjoin(Resource, col(Resource.id) == FollowUp.resource_id)
        .where(Person.team_id == team_id, FollowUp.answer == "")
        .order_by(col(FollowUp.due_on), col(FollowUp.id))
    )
    if person_id is not None:
        query = query.where(FollowUp.person_id == person_id)
    if set_by is not None:
        query = query.where(FollowUp.set_by_id == set_by)
    if due_by is not None:
        query = query.where(col(FollowUp.due_on) <= due_by)
    return [
        Due(f, int(f.person_id), label, name or "") for f, label, name in session.exec(query).all()
    ]


# --- Answering ------------------------------------------------------------------------------


def _check_answer(follow: FollowUp, answer: str, reason: str, reason_text: str) -> None:
    if answer not in ANSWER_LABELS:
        raise NotAllowed("Choose what happened.")
    if answer == Answer.DID_NOT_GO:
        if reason not in STOP_LABELS:
            raise NotAllowed("Choose why they did not go.")
        if reason == StopReason.OTHER and not reason_text.strip():
            raise NotAllowed("Say briefly why they did not go, since the reason is 'other'.")
    if len(reason_text) > connections.MAX_REASON_TEXT:
        raise NotAllowed(f"Keep the reason under {connections.MAX_REASON_TEXT} characters.")


def _move_log(
    session: Session, person: Person, follow: FollowUp, answer: str, on: date, actor: int | None
) -> list[str]:
    """Add the log rows the answer means (flushed); the audit actions to write after commit."""
    rid = follow.resource_id
    if rid is None:
        return []
    actions: list[str] = []
    found = connections.get_connection(session, int(person.id or 0), rid)
    if found is None:  # the suggestion itself, dated when the follow-up was set
        _, action = connections.add_stage(
            session, person, rid, Stage.SUGGESTED, min(follow.set_on, on), actor_id=actor
        )
        actions.append(action)
    stage = ANSWER_STAGE.get(answer)
    current = found.stage if found else Stage.SUGGESTED
    if stage is None or stage == current:
        return actions
    if stage == Stage.TRIED and current == Stage.ATTENDING:
        return actions  # already going: "went once" adds nothing
    _, action = connections.add_stage(
        session, person, rid, stage, on, follow.reason, follow.reason_text, actor
    )
    return [*actions, action]


def answer(
    session: Session,
    person: Person,
    follow_up_id: int,
    given: str,
    on: date | None = None,
    reason: str = "",
    reason_text: str = "",
    actor: int | None = None,
) -> FollowUp:
    """Record what happened in one step, move the connection log on, commit and audit."""
    # NotAllowed (nothing written) for another person's or an answered follow-up, a missing reason,
    # or a change the log refuses. "Not yet" sets the next follow-up.
    today = date.today()
    on = on or today
    follow = session.get(FollowUp, follow_up_id)
    if follow is None or follow.person_id != person.id:
        raise NotAllowed("There is no such follow-up for this person.")
    if follow.answer:
        raise NotAllowed("That follow-up has already been answered.")
    _check_answer(follow, given, reason, reason_text)
    if on > today:
        raise NotAllowed("The date is in the future: record what has happened.")
    if given == Answer.DID_NOT_GO:
        follow.reason, follow.reason_text = reason, reason_text.strip()
    actions = _move_log(session, person, follow, given, on, actor)
    follow.answer, follow.happened_on = given, on
    follow.answered_on, follow.answered_by_id = today, actor
    session.flush()
    if given == Answer.NOT_YET:
        schedule(session, person, follow.kind, follow.resource_id, actor, today)
    elif follow.resource_id is not None:
        _close_others(session, person, follow)
    session.commit()
    for action in [*actions, "follow_up.answer"]:
        audit.record(action, "person", int(person.id or 0), actor, person.team_id)
    return follow


def _close_others(session: Session, person: Person, follow: FollowUp) -> None:
    """Other open follow-ups about the same resource are answered by this one."""
    for other in session.exec(
        select(FollowUp).where(
            FollowUp.person_id == person.id,
            FollowUp.resource_id == follow.resource_id,
            FollowUp.answer == "",
            FollowUp.id != follow.id,
        )
    ).all():
        other.answer, other.happened_on = follow.answer, follow.happened_on
        other.answered_on, other.answered_by_id = follow.answered_on, follow.answered_by_id


def settle_from_log(
    session: Session, person: Person, resource_id: str, stage: str, actor: int | None
) -> int:
    """Answer a resource's open follow-ups from the stage logged, and commit; returns how many."""
    # Only tried, attending or stopped answer them.
    given = STAGE_ANSWER.get(stage)
    if given is None:
        return 0
    rows = session.exec(
        select(FollowUp).where(
            FollowUp.person_id == person.id,
            FollowUp.resource_id == resource_id,
            FollowUp.answer == "",
        )
    ).all()
    today = date.today()
    for row in rows:
        row.answer, row.happened_on, row.answered_on, row.answered_by_id = (
            given,
            today,
            today,
            actor,
        )
    session.commit()
    return len(rows)
