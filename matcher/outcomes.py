"""Outcome measures as scores: valid ranges, the reminder schedule, paired change (pure).

Only totals and domain scores are stored, never the questionnaires' items or wording: each
instrument's licence governs its questions (README.md says which a team needs).
"""

from __future__ import annotations

import calendar
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

MIN_GROUP = 5  # fewer people than this in a group: the figure is not shown
FEWER = f"fewer than {MIN_GROUP}"
OWN = "own"
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class Part:
    """A total or a domain score, with the range the instrument's scoring allows."""

    code: str
    label: str
    low: float
    high: float
    decimals: int = 0  # how many decimal places a score may have


@dataclass(frozen=True)
class Measure:
    """An outcome measure and the scores recorded for it."""

    code: str
    name: str
    topic: str
    parts: tuple[Part, ...]

    def part(self, code: str) -> Part | None:
        """One of this measure's parts, by code."""
        return next((p for p in self.parts if p.code == code), None)


def _domains(items: Sequence[tuple[str, str, float]], low: float, decimals: int) -> list[Part]:
    return [Part(code, label, low, high, decimals) for code, label, high in items]


# Ranges from each instrument's published scoring. RG-UK: 27 yes/no items in four domains
# (Webber & Huxley 2007). SCOPE: satisfaction with each life domain on its 7-point scale
# (Huxley et al. 2012), a domain score being the mean of its items. EQ-5D-5L: the index on the
# UK (crosswalk) value set, whose worst state is -0.594; the VAS is 0-100. SWEMWBS may be the
# raw total (7-35) or the metric conversion (7.00-35.00), hence two decimals.
MEASURES: dict[str, Measure] = {
    m.code: m
    for m in (
        Measure("swemwbs", "SWEMWBS", "Mental well-being", (Part("total", "Total", 7, 35, 2),)),
        Measure("wemwbs", "WEMWBS", "Mental well-being", (Part("total", "Total", 14, 70),)),
        Measure(
            "rg_uk",
            "Resource Generator-UK",
            "Access to social capital",
            (
                Part("total", "Total", 0, 27),
                *_domains(
                    (
                        ("domestic", "Domestic resources", 9),
                        ("expert", "Expert advice", 8),
                        ("skills", "Personal skills", 6),
                        ("problems", "Problem solving", 4),
                    ),
                    0,
                    0,
                ),
            ),
        ),
        Measure(
            "scope",
            "SCOPE",
            "Social inclusion",
            tuple(
                _domains(
                    (
                        ("leisure", "Leisure and participation", 7),
                        ("housing", "Housing", 7),
                        ("safety", "Safety", 7),
                        ("work", "Work", 7),
                        ("finance", "Finances", 7),
                        ("education", "Education", 7),
                        ("health", "Health", 7),
                        ("family", "Family and friends", 7),
                    ),
                    1,
                    2,
                )
            ),
        ),
        Measure(
            "eq5d",
            "EQ-5D-5L",
            "Quality of life",
            (Part("index", "Index value", -0.594, 1, 3), Part("vas", "Health today (VAS)", 0, 100)),
        ),
    )
}
DEFAULT_MEASURES = ("swemwbs", "rg_uk", "scope", "eq5d")


def own_measure(name: str, low: float | None, high: float | None) -> Measure | None:
    """The team's own measure, when the team has named it and given its range."""
    if not name.strip() or low is None or high is None:
        return None
    parts = (Part("total", "Score", low, high, 2),)
    return Measure(OWN, name.strip(), "The team's own measure", parts)


class ScoreError(ValueError):
    """A score that cannot be right, with the form field it belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def field_name(measure: Measure, part: Part) -> str:
    """The form field a part's score is typed in."""
    return f"{measure.code}-{part.code}"


def _number(text: str) -> float | None:
    text = text.strip().replace("\u2212", "-")
    if not text or len(text) > 12:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _shown(value: float) -> str:
    return f"{value:g}"


def check_value(measure: Measure, part: Part, text: str) -> float:
    """A typed score as a number inside the part's range, or ScoreError naming the field."""
    field = field_name(measure, part)
    what = f"{measure.name} {part.label.lower()}"
    span = f"from {_shown(part.low)} to {_shown(part.high)}"
    value = _number(text)
    if value is None:
        raise ScoreError(field, f"{what}: enter a number {span}.")
    if not part.low <= value <= part.high:
        raise ScoreError(field, f"{what} must be {span}; {_shown(value)} is not possible.")
    if round(value, part.decimals) != value:
        places = "a whole number" if not part.decimals else f"at most {part.decimals} decimals"
        raise ScoreError(field, f"{what} is {places} {span}.")
    return value


def check_date(field: str, text: str, today: date) -> date:
    """The date a measure was taken: a real day, not in the future, never assumed."""
    if not text.strip():
        raise ScoreError(field, "Enter the date the scores were taken.")
    try:
        taken = date.fromisoformat(text.strip())
    except ValueError:
        raise ScoreError(field, "Enter the date as day, month and year.") from None
    if taken > today:
        raise ScoreError(field, "The date is in the future: record a score once it is taken.")
    if taken < EARLIEST:
        raise ScoreError(field, f"The date is before {EARLIEST.year}: check the year.")
    return taken


def read_scores(measure: Measure, form: dict[str, str]) -> tuple[dict[str, float], dict[str, str]]:
    """Each filled part's score, and every problem by its form field (none filled is one)."""
    scores: dict[str, float] = {}
    errors: dict[str, str] = {}
    for part in measure.parts:
        text = form.get(field_name(measure, part), "")
        try:
            if text.strip():
                scores[part.code] = check_value(measure, part, text)
        except ScoreError as exc:
            errors[exc.field] = exc.message
    if not scores and not errors:
        first = field_name(measure, measure.parts[0])
        errors[first] = f"{measure.name}: enter at least one score."
    return scores, errors


# --- Reminders ------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day some months later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Reminder:
    """The next score a measure's schedule asks for."""

    measure: Measure
    what: str  # "baseline" or "3 months"
    due_on: date


def next_reminder(
    measure: Measure, taken: Iterable[date], months: Sequence[int], today: date
) -> Reminder | None:
    """Baseline first, then one score for each point of the schedule (None when all done)."""
    days = sorted(set(taken))
    if not days:
        return Reminder(measure, "baseline", today)
    later = len(days) - 1
    points = sorted(set(months))
    if later >= len(points):
        return None
    month = points[later]
    return Reminder(measure, f"{month} months", add_months(days[0], month))


# --- Change -------------------------------------------------------------------------------

# Two-sided 95% critical values of Student's t by degrees of freedom; between rows the smaller
# df is used, which errs towards a wider interval.
T95: tuple[tuple[int, float], ...] = (
    (1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571), (6, 2.447), (7, 2.365),
    (8, 2.306), (9, 2.262), (10, 2.228), (11, 2.201), (12, 2.179), (13, 2.160), (14, 2.145),
    (15, 2.131), (16, 2.120), (17, 2.110), (18, 2.101), (19, 2.093), (20, 2.086), (21, 2.080),
    (22, 2.074), (23, 2.069), (24, 2.064), (25, 2.060), (26, 2.056), (27, 2.052), (28, 2.048),
    (29, 2.045), (30, 2.042), (40, 2.021), (50, 2.009), (60, 2.000), (80, 1.990), (100, 1.984),
    (120, 1.980), (1000, 1.962),
)  # fmt: skip


def t95(df: int) -> float:
    """The two-sided 95% critical value of t for df degrees of freedom (df >= 1)."""
    if df < 1:
        raise ValueError("degrees of freedom start at 1")
    return next((t for d, t in reversed(T95) if d <= df), T95[0][1])


@dataclass(frozen=True)
class Change:
    """Mean paired change from baseline with its 95% interval."""

    n: int
    mean: float
    low: float
    high: float


def paired_change(differences: Sequence[float]) -> Change | None:
    """Mean of (latest - baseline) and its t-based 95% interval; None below two people."""
    n = len(differences)
    if n < 2:
        return None
    mean = statistics.fmean(differences)
    half = t95(n - 1) * statistics.stdev(differences) / math.sqrt(n)
    return Change(n, mean, mean - half, mean + half)


def baseline_to_latest(scores: Iterable[tuple[int, date, float]]) -> dict[int, float]:
    """Per person with scores on two or more days: latest minus first (input: id, day, value)."""
    by_person: dict[int, list[tuple[date, float]]] = {}
    for person, day, value in scores:
        by_person.setdefault(person, []).append((day, value))
    out: dict[int, float] = {}
    for person, rows in by_person.items():
        rows.sort(key=lambda r: r[0])
        if rows[-1][0] > rows[0][0]:
            out[person] = rows[-1][1] - rows[0][1]
    return out


def suppressed(people: int) -> bool:
    """Whether a group is too small to show without someone being recognisable."""
    return people < MIN_GROUP


def count_or_fewer(people: int) -> str:
    """A count of people as shown: the number, or "fewer than 5"."""
    return FEWER if suppressed(people) else str(people)
