"""Change over time: a person's scores and network, and a team's paired change, connections
per quarter, settings attended and follow-up completion (counts only, small groups hidden)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from directory.models import Resource, Setting
from matcher import outcomes
from matcher.followups import team_settings
from matcher.models import Connection, ConnectionEvent, FollowUp, OutcomeScore, Person, Tie
from matcher.models.connections import Stage, TieKind
from matcher.models.outcomes import TeamOutcomeSettings
from matcher.network import MONTHS_SHOWN, month_ends
from matcher.outcomes import Change, Measure, Part, Reminder

USED = (Stage.TRIED, Stage.ATTENDING)
SETTING_LABELS = {
    Setting.COMMUNITY: "In the community",
    Setting.MENTAL_HEALTH_SERVICE: "Mental-health service settings",
    Setting.ONLINE: "Online or by phone",
}
CHART_W, CHART_H, PAD, LEFT = 320, 120, 24, 44  # LEFT: room for the range labels


def team_measures(settings: TeamOutcomeSettings, recorded: set[str] | None = None) -> list[Measure]:
    """The measures the team uses, its own measure, and any other with scores recorded."""
    codes = [c for c in outcomes.MEASURES if c in settings.measures or c in (recorded or set())]
    found = [outcomes.MEASURES[c] for c in codes]
    own = outcomes.own_measure(settings.own_name, settings.own_low, settings.own_high)
    return [*found, own] if own else found


# --- One person -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """A score placed on a small chart."""

    day: date
    value: float
    x: float
    y: float


@dataclass(frozen=True)
class Series:
    """One part of one measure over time, for a person."""

    measure: Measure
    part: Part
    points: tuple[Point, ...]

    @property
    def change(self) -> float | None:
        """Latest minus first, when there are two or more scores."""
        if len(self.points) < 2:
            return None
        return self.points[-1].value - self.points[0].value


def place(rows: list[tuple[date, float]], low: float, high: float) -> tuple[Point, ...]:
    """Scores as points on a CHART_W x CHART_H chart: x by date, y by the part's range (pure)."""
    if not rows:
        return ()
    first, last = rows[0][0], rows[-1][0]
    span = max(1, (last - first).days)
    width, height = CHART_W - LEFT - PAD, CHART_H - 2 * PAD
    out = []
    for day, value in rows:
        x = LEFT + (width * (day - first).days / span if last > first else width / 2)
        y = PAD + height * (1 - (value - low) / ((high - low) or 1))
        out.append(Point(day, value, round(x, 1), round(y, 1)))
    return tuple(out)


def person_series(session: Session, person: Person) -> list[Series]:
    """Each measure part with scores for this person, oldest score first."""
    scores = session.exec(
        select(OutcomeScore)
        .where(OutcomeScore.person_id == person.id)
        .order_by(col(OutcomeScore.taken_on), col(OutcomeScore.id))
    ).all()
    settings = team_settings(session, person.team_id)
    measures = {m.code: m for m in team_measures(settings, {s.measure for s in scores})}
    grouped: dict[tuple[str, str], list[tuple[date, float]]] = defaultdict(list)
    for s in scores:
        grouped[(s.measure, s.part)].append((s.taken_on, s.value))
    out = []
    for measure in measures.values():
        for part in measure.parts:
            rows = grouped.get((measure.code, part.code))
            if rows:
                out.append(Series(measure, part, place(rows, part.low, part.high)))
    return out


def recorded(series: list[Series]) -> list[tuple[Measure, date, str]]:
    """Each measure taken on each day, with its scores in words, newest first."""
    found: dict[tuple[str, date], tuple[Measure, list[str]]] = {}
    for s in series:
        for p in s.points:
            entry = found.setdefault((s.measure.code, p.day), (s.measure, []))
            entry[1].append(f"{s.part.label.lower()} {p.value:g}")
    rows = [(m, day, ", ".join(words)) for (_, day), (m, words) in found.items()]
    return sorted(rows, key=lambda r: r[1], reverse=True)


def _reminders(
    measures: list[Measure], months: list[int], taken: dict[str, set[date]], today: date
) -> list[Reminder]:
    found = [outcomes.next_reminder(m, taken.get(m.code, set()), months, today) for m in measures]
    return sorted((r for r in found if r is not None), key=lambda r: r.due_on)


def person_reminders(session: Session, person: Person, today: date) -> list[Reminder]:
    """The next score each of the team's measures asks for, soonest first."""
    taken: dict[str, set[date]] = defaultdict(set)
    for measure, day in session.exec(
        select(OutcomeScore.measure, col(OutcomeScore.taken_on)).where(
            OutcomeScore.person_id == person.id
        )
    ).all():
        taken[measure].add(day)
    settings = team_settings(session, person.team_id)
    return _reminders(team_measures(settings), settings.schedule_months, taken, today)


def team_reminders(
    session: Session, team_id: int, today: date
) -> list[tuple[int, str, list[Reminder]]]:
    """The team's people with a measure due by today: (id, label, what is due)."""
    taken: dict[int, dict[str, set[date]]] = defaultdict(lambda: defaultdict(set))
    scores = OutcomeScore.__table__.c  # type: ignore[attr-defined]
    for pid, measure, day in session.execute(
        sa_select(scores.person_id, scores.measure, scores.taken_on)
        .join(Person, col(Person.id) == scores.person_id)
        .where(col(Person.team_id) == team_id)
    ).all():
        taken[pid][measure].add(day)
    settings = team_settings(session, team_id)
    measures, months = team_measures(settings), settings.schedule_months
    out = []
    people = session.exec(
        select(Person.id, Person.label)
        .where(Person.team_id == team_id)
        .order_by(col(Person.label), col(Person.id))
    ).all()
    for number, label in people:
        key = int(number or 0)
        due = [r for r in _reminders(measures, months, taken[key], today) if r.due_on <= today]
        if due:
            out.append((key, label, due))
    return out


@dataclass(frozen=True)
class NetworkCount:
    """The network at the end of a month: ties by kind and community activities attended."""

    day: date
    bonding: int
    bridging: int
    community: int


def network_over_time(
    session: Session, person: Person, today: date, months: int = MONTHS_SHOWN
) -> list[NetworkCount]:
    """Ties current at each recent month's end, and community activities attended by then."""
    ties = session.exec(select(Tie).where(Tie.person_id == person.id)).all()
    first_used = session.exec(
        select(func.min(ConnectionEvent.happened_on))
        .join(Connection, col(Connection.id) == ConnectionEvent.connection_id)
        .join(Resource, col(Resource.id) == Connection.resource_id)
        .where(
            Connection.person_id == person.id,
            col(ConnectionEvent.stage).in_(USED),
            Resource.setting == Setting.COMMUNITY,
        )
        .group_by(col(Connection.id))
    ).all()
    out = []
    for end in month_ends(today, months):
        live = [t for t in ties if t.started_on <= end and (t.ended_on is None or t.ended_on > end)]
        bridging = sum(t.kind == TieKind.BRIDGING for t in live)
        community = sum(d is not None and d <= end for d in first_used)
        out.append(NetworkCount(end, len(live) - bridging, bridging, community))
    return out


# --- A team ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    """Paired change from baseline for one measure part across a team."""

    measure: Measure
    part: Part
    people: int
    change: Change | None  # None when the group is too small to show

    @property
    def label(self) -> str:
        """The measure and part in words."""
        return (
            self.measure.name
            if self.part.code == "total"
            else (f"{self.measure.name}: {self.part.label}")
        )

    @property
    def people_shown(self) -> str:
        """The number of people, or "fewer than 5"."""
        return outcomes.count_or_fewer(self.people)


def team_change(session: Session, team_id: int) -> list[ChangeRow]:
    """Per measure part with any scores: people with two or more, and their paired change."""
    scores = OutcomeScore.__table__.c  # type: ignore[attr-defined]
    rows = session.execute(
        sa_select(scores.person_id, scores.measure, scores.part, scores.taken_on, scores.value)
        .join(Person, col(Person.id) == scores.person_id)
        .where(col(Person.team_id) == team_id)
    ).all()
    grouped: dict[tuple[str, str], list[tuple[int, date, float]]] = defaultdict(list)
    for pid, measure, part, day, value in rows:
        grouped[(measure, part)].append((pid, day, value))
    settings = team_settings(session, team_id)
    out = []
    for measure in team_measures(settings, {m for m, _ in grouped}):
        for part in measure.parts:
            diffs = list(
                outcomes.baseline_to_latest(grouped.get((measure.code, part.code), [])).values()
            )
            if not diffs and (measure.code, part.code) not in grouped:
                continue
            shown = None if outcomes.suppressed(len(diffs)) else outcomes.paired_change(diffs)
            out.append(ChangeRow(measure, part, len(diffs), shown))
    return out


@dataclass(frozen=True)
class ForestRow:
    """A change row placed on the team chart: dot at the mean, line across the interval."""

    row: ChangeRow
    mean_x: float
    low_x: float
    high_x: float


def forest(rows: list[ChangeRow], width: float = 300) -> tuple[list[ForestRow], float, float]:
    """Shown rows on a chart symmetric about no change; also zero's x and the scale's reach."""
    shown = [r for r in rows if r.change is not None]
    reach = max((max(abs(r.change.low), abs(r.change.high)) for r in shown if r.change), default=1)
    reach = reach or 1

    def x(v: float) -> float:
        return round(width / 2 + (width / 2) * v / reach, 1)

    placed = [
        ForestRow(r, x(r.change.mean), x(r.change.low), x(r.change.high)) for r in shown if r.change
    ]
    return placed, width / 2, reach


def quarters(today: date, count: int = 4) -> list[tuple[date, date, str]]:
    """The last `count` calendar quarters (this one last, up to today) as (start, end, label)."""
    out = []
    year, q = today.year, (today.month - 1) // 3
    for _ in range(count):
        start = date(year, 3 * q + 1, 1)
        end = min(today, outcomes.add_months(start, 3) - timedelta(days=1))
        out.append((start, end, f"{start:%b}–{end:%b %Y}"))
        year, q = (year - 1, 3) if q == 0 else (year, q - 1)
    return out[::-1]


@dataclass(frozen=True)
class QuarterRow:
    """Connections made in a quarter (first time tried or attending), per person supported."""

    label: str
    people: int
    made: int

    @property
    def per_person(self) -> str:
        """Connections made per person, or "fewer than 5" people to show it for."""
        if outcomes.suppressed(self.people):
            return outcomes.FEWER + " people"
        return f"{self.made / self.people:.2f}"


def connections_per_quarter(session: Session, team_id: int, today: date) -> list[QuarterRow]:
    """For each recent quarter: people supported by its end and connections first made in it."""
    joined = session.exec(select(Person.created_at).where(Person.team_id == team_id)).all()
    firsts = session.exec(
        select(func.min(ConnectionEvent.happened_on))
        .join(Connection, col(Connection.id) == ConnectionEvent.connection_id)
        .join(Person, col(Person.id) == Connection.person_id)
        .where(Person.team_id == team_id, col(ConnectionEvent.stage).in_(USED))
        .group_by(col(Connection.id))
    ).all()
    out = []
    for start, end, label in quarters(today):
        people = sum(c.date() <= end for c in joined)
        made = sum(d is not None and start <= d <= end for d in firsts)
        out.append(QuarterRow(label, people, made if not outcomes.suppressed(people) else 0))
    return out


@dataclass(frozen=True)
class Share:
    """Attended activities by setting: how many, and the share of all attended."""

    label: str
    count: int
    percent: int


def setting_share(session: Session, team_id: int) -> tuple[int, list[Share]]:
    """People who have attended anything, and attended activities by setting (hidden below 5)."""
    rows = session.exec(
        select(Connection.person_id, Resource.setting)
        .join(Resource, col(Resource.id) == Connection.resource_id)
        .join(Person, col(Person.id) == Connection.person_id)
        .join(ConnectionEvent, col(ConnectionEvent.connection_id) == Connection.id)
        .where(Person.team_id == team_id, col(ConnectionEvent.stage).in_(USED))
        .distinct()
    ).all()
    people = len({pid for pid, _ in rows})
    if outcomes.suppressed(people):
        return people, []
    counted = Counter(str(setting) for _, setting in rows)
    total = sum(counted.values())
    return people, [
        Share(label, counted[code], round(100 * counted[code] / total))
        for code, label in SETTING_LABELS.items()
    ]


@dataclass(frozen=True)
class Completion:
    """Follow-ups that have fallen due: how many were answered, and how many are overdue."""

    people: int
    due: int
    answered: int
    overdue: int

    @property
    def percent(self) -> int:
        """Share of fallen-due follow-ups answered."""
        return round(100 * self.answered / self.due) if self.due else 0

    @property
    def hidden(self) -> bool:
        """Whether too few people are involved to show it."""
        return outcomes.suppressed(self.people)


def follow_up_completion(session: Session, team_id: int, today: date) -> Completion:
    """Follow-ups due by today: answered, and still open past their day (overdue)."""
    rows = session.exec(
        select(FollowUp.person_id, FollowUp.answer, col(FollowUp.due_on))
        .join(Person, col(Person.id) == FollowUp.person_id)
        .where(Person.team_id == team_id, col(FollowUp.due_on) <= today)
    ).all()
    answered = sum(bool(a) for _, a, _ in rows)
    overdue = sum(not a and d < today for _, a, d in rows)
    return Completion(len({p for p, _, _ in rows}), len(rows), answered, overdue)
