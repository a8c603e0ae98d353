"""The team report: gaps, barriers, resources most used, bridging share (counts, never names)."""

from __future__ import annotations

import csv
import io
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from markupsafe import Markup
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from directory import vocabulary
from directory.models import Resource
from matcher.connections import NOT_STARTED_FROM
from matcher.consent import peer_version
from matcher.constraints import RULES, Checks, check, distances_km, time_fits
from matcher.features import INTEREST_INDEX, Features, directory_version, get_features
from matcher.models import Connection, ConnectionEvent, Person, Tie
from matcher.models.connections import STOP_LABELS, Stage, TieKind
from matcher.network import BRIDGING_COLOUR, bar_chart
from matcher.profile import Profile, from_person

SECTIONS = ("gaps", "barriers", "used", "bridging")
TOP = 15
USED = (Stage.TRIED, Stage.ATTENDING)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Section:
    """One part of the report: a table, and which columns the bar chart draws."""

    name: str
    title: str
    desc: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str | int, ...], ...]
    value_column: int = 1
    unit: str = ""
    # What the page's table shows when it differs from the CSV (counts in words, fewer columns).
    page_headers: tuple[str, ...] = ()
    page_rows: tuple[tuple[str | int, ...], ...] = ()

    def chart(self) -> Markup:
        """The section as an SVG bar chart."""
        rows = [(str(r[0]), float(r[self.value_column])) for r in self.rows]
        colour = BRIDGING_COLOUR if self.name == "bridging" else "#0072B2"
        return bar_chart(rows, self.title, self.desc, f"chart-{self.name}", self.unit, colour)


# --- Pure counting -------------------------------------------------------------------------


# Why nothing fits: the one rule that rules out the options that come closest (one rule from
# fitting). Several columns can count the same person; "several" when every option breaks two.
GAP_REASONS = {
    "distance": "Too far",
    "time": "Wrong days or times",
    "cost": "Costs too much",
    "other": "Access or other needs",
    "several": "More than one reason",
    "none": "Nothing offers it",
}
_OTHER_RULES = tuple(r for r in RULES if r not in ("status", "distance", "time", "cost"))


def _ruled_out(profile: Profile, f: Features, checks: Checks, offers: np.ndarray) -> set[str]:
    """Why the active resources in `offers` do not fit: the reasons of those one rule away."""
    # check() measures distance and time only where the cheap rules pass; measure them here for
    # every option, so "too far" and "wrong days" are counted wherever they are the one reason.
    if profile.max_km is not None and profile.has_location:
        dist = distances_km(profile, f, offers)
        too_far = offers & ~f.online & (dist > profile.max_km)
    else:
        too_far = np.zeros(f.size, dtype=bool)
    wrong_time = offers & ~time_fits(profile, f, offers)
    broken = {"distance": too_far, "time": wrong_time, "cost": checks.broken["cost"] & offers}
    broken["other"] = np.zeros(f.size, dtype=bool)
    count = too_far.astype(np.int8) + wrong_time + broken["cost"]
    for rule in _OTHER_RULES:
        hit = checks.broken[rule] & offers
        broken["other"] |= hit
        count += hit
    one_away = offers & (count == 1)
    return {reason for reason, mask in broken.items() if (mask & one_away).any()} or {"several"}


def gap_counts(profiles: Iterable[Profile], f: Features) -> dict[str, Counter[str]]:
    """For each interest with nothing that fits someone who has it: how many people, by reason."""
    # Counter keys: "people", and each reason in GAP_REASONS.
    out: dict[str, Counter[str]] = {}
    for profile in profiles:
        wanted = [c for c in dict.fromkeys((*profile.interests, *profile.want_to_try))]
        wanted = [c for c in wanted if c in INTEREST_INDEX]
        if not wanted:
            continue
        checks = check(profile, f)
        for code in wanted:
            offers = f.interests[INTEREST_INDEX[code]] & f.active
            if (offers & checks.feasible).any():
                continue
            row = out.setdefault(code, Counter())
            row["people"] += 1
            for reason in _ruled_out(profile, f, checks, offers) if offers.any() else {"none"}:
                row[reason] += 1
    return out


def barrier_counts(stops: Iterable[tuple[str, str]]) -> list[tuple[str, int, int, int]]:
    """(reason, never started, stopped, total) from (reason, stage before stopping) pairs."""
    not_started: Counter[str] = Counter()
    stopped: Counter[str] = Counter()
    for reason, previous in stops:
        (not_started if previous in NOT_STARTED_FROM else stopped)[reason] += 1
    rows = [
        (reason, not_started[reason], stopped[reason], not_started[reason] + stopped[reason])
        for reason in STOP_LABELS
        if not_started[reason] + stopped[reason]
    ]
    return sorted(rows, key=lambda r: -r[3])


def usage_counts(reached: Iterable[tuple[str, str, bool]]) -> list[tuple[str, int, int]]:
    """(resource, people who tried or attended it, attending now), most used first."""
    # Input: (resource name, current stage, whether it ever reached tried or attending), one per
    # person and resource.
    used: Counter[str] = Counter()
    now: Counter[str] = Counter()
    for name, stage, ever in reached:
        if ever:
            used[name] += 1
        if stage == Stage.ATTENDING:
            now[name] += 1
    return sorted(((n, used[n], now[n]) for n in used), key=lambda r: (-r[1], -r[2], r[0]))


def bridging_counts(kinds: Iterable[str]) -> tuple[int, int, int]:
    """(bridging, bonding, bridging share as a whole percent) of current ties."""
    counted = Counter(kinds)
    bridging, bonding = counted[TieKind.BRIDGING], counted[TieKind.BONDING]
    total = bridging + bonding
    return bridging, bonding, round(100 * bridging / total) if total else 0


# --- Sections ------------------------------------------------------------------------------


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _joined(names: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _leaders(rows: Sequence[tuple[str | int, ...]], column: int) -> tuple[list[str], int]:
    """The names sharing the highest value in a column (ties stay ties), and that value."""
    top = max(int(r[column]) for r in rows)
    return [str(r[0]) for r in rows if int(r[column]) == top], top


def gaps_section(counts: dict[str, Counter[str]]) -> Section:
    """Interests with nothing that fits the people who have them, and why."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1]["people"], kv[0]))[:TOP]
    rows: tuple[tuple[str | int, ...], ...] = tuple(
        (vocabulary.label(vocabulary.INTEREST, code), n["people"], *(n[r] for r in GAP_REASONS))
        for code, n in ordered
    )
    many = len(counts)
    desc = (
        f"For {_count(many, 'interest', 'interests')}, nothing in the directory fits the people "
        f"who have {'it' if many == 1 else 'them'}. The reasons are what rules out the options "
        "that come closest; one person can have more than one."
        if counts
        else "Every recorded interest has at least one option that fits the people who have it."
    )
    return Section(
        "gaps",
        "Interests with nothing that fits the people who have them",
        desc,
        ("Interest", "People", *GAP_REASONS.values()),
        rows,
        page_headers=("Interest", "People", "Why nothing fits"),
        page_rows=tuple((r[0], r[1], _why(r[2:])) for r in rows),
    )


def _why(counts: Sequence[str | int]) -> str:
    """The reasons with their numbers of people: 'Too far (2); wrong days or times (1)'."""
    parts = [f"{reason} ({n})" for reason, n in zip(GAP_REASONS.values(), counts, strict=True) if n]
    return "; ".join(parts).capitalize() if parts else ""


def barriers_section(rows: list[tuple[str, int, int, int]]) -> Section:
    """Barriers most often cited for stopping or not starting."""
    labelled = tuple((STOP_LABELS[r], a, b, t) for r, a, b, t in rows)
    desc = "No one has stopped yet."
    if labelled:
        names, top = _leaders(labelled, 3)
        times = _count(top, "time", "times") + (" each" if len(names) > 1 else "")
        desc = f"Most often cited: {_joined([n.lower() for n in names])} ({times})."
    return Section(
        "barriers",
        "Why people stopped or did not start",
        desc,
        ("Reason", "Did not start", "Stopped", "Total"),
        labelled,
        value_column=3,
    )


def used_section(rows: list[tuple[str, int, int]]) -> Section:
    """Resources most used."""
    top = tuple(rows[:TOP])
    desc = "No one has tried one yet."
    if top:
        names, most = _leaders(rows, 1)
        people = _count(most, "person", "people") + (" each" if len(names) > 1 else "")
        desc = f"Most used: {_joined(names)} ({people})."
    return Section(
        "used",
        "Resources most used",
        desc,
        ("Resource", "People who tried or attended", "Attending now"),
        top,
    )


def bridging_section(bridging: int, bonding: int, share: int) -> Section:
    """Share of ties outside services."""
    return Section(
        "bridging",
        "Ties in the community (bridging) and within services (bonding)",
        f"{share}% of current ties are in the community ({bridging} of {bridging + bonding}).",
        ("Where they met", "Current ties", "Share (%)"),
        (
            ("In the community (bridging)", bridging, share),
            ("Within services (bonding)", bonding, 100 - share if bridging + bonding else 0),
        ),
    )


# --- Loading a team's report ---------------------------------------------------------------


_cache: dict[tuple[str, int], tuple[tuple[Any, ...], dict[str, Section]]] = {}
_lock = threading.Lock()


def fingerprint(session: Session, team_id: int) -> tuple[Any, ...]:
    """What the team's report is computed from, in a few cheap counts: any change moves it."""
    # The directory version covers resources; the peer version moves on any ORM change to a person;
    # counts, newest ids and times of the team's people, log and ties cover the rest (including rows
    # changed or deleted outside the ORM).
    people = session.exec(
        select(func.count(), func.max(Person.id), func.max(Person.updated_at)).where(
            Person.team_id == team_id
        )
    ).one()
    log = session.exec(
        select(func.count(), func.max(ConnectionEvent.id), func.max(Connection.updated_at))
        .join(Connection, col(Connection.id) == ConnectionEvent.connection_id)
        .join(Person, col(Person.id) == Connection.person_id)
        .where(Person.team_id == team_id)
    ).one()
    ties = session.exec(
        select(func.count(), func.max(Tie.id), func.max(Tie.updated_at))
        .join(Person, col(Person.id) == Tie.person_id)
        .where(Person.team_id == team_id)
    ).one()
    versions = (directory_version(session), peer_version(session))
    return (*versions, *people, *log, *ties)


def team_report(session: Session, team_id: int) -> dict[str, Section]:
    """One team's report, computed again only when something it counts has changed."""
    bind = session.get_bind()
    key = (str(bind.url) if isinstance(bind, Engine) else str(bind.engine.url), team_id)
    seen = fingerprint(session, team_id)
    cached = _cache.get(key)
    if cached is not None and cached[0] == seen:
        return cached[1]
    sections = compute_report(session, team_id)
    with _lock:
        _cache[key] = (seen, sections)
    return sections


def clear_cache() -> None:
    """Forget every cached report (benchmarks measuring the uncached cost)."""
    _cache.clear()


def compute_report(session: Session, team_id: int) -> dict[str, Section]:
    """Every section of one team's report, from its people, log and ties."""
    people = session.exec(select(Person).where(Person.team_id == team_id)).all()
    gaps = gap_counts((from_person(p) for p in people), get_features(session))
    stops = session.exec(
        select(ConnectionEvent.reason, ConnectionEvent.previous)
        .join(Connection, col(Connection.id) == ConnectionEvent.connection_id)
        .join(Person, col(Person.id) == Connection.person_id)
        .where(Person.team_id == team_id, ConnectionEvent.stage == Stage.STOPPED)
    ).all()
    conns = session.exec(
        select(Connection.id, Resource.name, Connection.stage)
        .join(Resource, col(Resource.id) == Connection.resource_id)
        .join(Person, col(Person.id) == Connection.person_id)
        .where(Person.team_id == team_id)
    ).all()
    reached = set(
        session.exec(
            select(ConnectionEvent.connection_id)
            .join(Connection, col(Connection.id) == ConnectionEvent.connection_id)
            .join(Person, col(Person.id) == Connection.person_id)
            .where(Person.team_id == team_id, col(ConnectionEvent.stage).in_(USED))
        ).all()
    )
    kinds = session.exec(
        select(Tie.kind)
        .join(Person, col(Person.id) == Tie.person_id)
        .where(Person.team_id == team_id, col(Tie.ended_on).is_(None))
    ).all()
    sections = (
        gaps_section(gaps),
        barriers_section(barrier_counts(stops)),
        used_section(usage_counts((name, stage, cid in reached) for cid, name, stage in conns)),
        bridging_section(*bridging_counts(kinds)),
    )
    return {s.name: s for s in sections}


# --- CSV -----------------------------------------------------------------------------------


def safe_cell(value: str | int) -> str | int:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[str | int]]) -> str:
    """Rows as CSV text with a header row, every cell formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return out.getvalue()
