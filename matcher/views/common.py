"""What the people pages and the people API share: team scoping, audit, the form, the match."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from flask import abort
from flask_login import current_user
from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from core import audit
from core.auth import team_id, user_id
from core.db import get_session
from core.times import utcnow
from directory import clock, vocabulary
from directory.models import DAYS, normalise_postcode
from directory.models.base import check_day
from directory.validation import messages
from matcher import change, connections, explain, facts, followups, gaps, notes, rank, ranked
from matcher import free_times as noted
from matcher.features import get_features
from matcher.gaps import BUDGET_STEPS, KM_STEPS
from matcher.models import Goal, GoalStep, Person, PersonCreate, StepStatus
from matcher.models.connections import STOP_LABELS
from matcher.people import get_person, matching_profile
from matcher.profile import Profile, from_person, parse_age_band

INTEREST_FIELDS = {
    "interests": "Enjoys now",
    "past_interests": "Used to enjoy",
    "want_to_try": "Wants to try",
    "skills_to_share": "Could share",
}
NOTE_KIND_FIELD = {
    "interest": "interests",
    "past": "past_interests",
    "want": "want_to_try",
    "skill": "skills_to_share",
}
FACT_LABEL = facts.label
# "Not interested" ticks in the interest list (one interest code a box, or several from one
# suggestion of the notes, space-separated), and whole parts of the list at once.
NOT_INTERESTED = "not_interested"
NOT_INTERESTED_GROUP = "not_interested_group"
INTEREST_GROUPS = tuple(
    dict.fromkeys(t.group for t in vocabulary.TERMS[vocabulary.INTEREST].values())
)
TRAVEL_MODES = ("walk", "bus", "train", "cycle", "car", "wheelchair", "community transport")
AGE_BANDS = ("under 18", "18-25", "26-35", "36-50", "51-65", "over 65")
PREFERENCES = {
    "avoid_mental_health_settings": "Would rather avoid mental-health service settings",
    "prefer_peer_support_first": "Would like peer support first",
    "prefer_quiet": "Prefers quiet places",
    "prefer_small_groups": "Prefers small groups",
}
FLAGS = ("receives_benefits", "needs_company_first_time", "women_only", *PREFERENCES)
# Access terms a person may need of a venue or group, and the groups for who they are that they
# may prefer (women-only is its own field, `women_only`).
ACCESS_NEEDS = tuple(c for c in vocabulary.ACCESS_CODES if c not in vocabulary.GROUP_FOR)
AUDIENCES = tuple(c for c in vocabulary.ACCESS_CODES if c in vocabulary.GROUP_FOR - {"women-only"})
MORE = 20  # suggestions shown when the practitioner asks for more than the first 10
BLANK_TIMES = 2  # empty free-time rows offered below the filled ones
MAX_GOALS = 20
MAX_STEPS = 20
MAX_GOAL_CHARS = 300  # a goal's title or one step (matcher.models.goals)
_MONEY = re.compile(r"^£?\s*(\d{1,4})(?:\.(\d{1,2}))?$")
_KM = re.compile(r"^(\d{1,5}(?:\.\d{1,2})?)\s*(km)?$")


def person_or_404(person_id: int) -> Person:
    """A person of the signed-in user's team; any other person is simply not found."""
    team = team_id()
    found = get_person(get_session(), team, person_id) if team is not None else None
    if found is None:
        abort(404, "There is no such person in your team.")
    return found


def log(action: str, person_id: int | None) -> None:
    """One audit row: who did what to which person (ids only, never what was typed)."""
    user = current_user._get_current_object()  # one look-up, not one per attribute
    audit.record(action, "person", person_id or "", user_id(user), team_id(user))


# --- The profile form ---------------------------------------------------------------------


@dataclass
class GoalIn:
    """A goal as typed: its title and its steps with their status."""

    title: str
    steps: list[tuple[str, str]]


def pence(text: str) -> int | None:
    """A weekly budget typed as '3', '£2.50' or 'nothing', in pence; ValueError if unreadable."""
    text = text.strip().lower()
    if not text:
        return None
    if text in {"free", "nothing", "none", "0"}:
        return 0
    match = _MONEY.match(text)
    if not match:
        raise ValueError("Enter pounds per week, for example 5 or 2.50")
    return int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))


def kilometres(text: str) -> float | None:
    """A distance typed as '3' or '2.5 km'; ValueError if unreadable."""
    text = text.strip().lower()
    if not text:
        return None
    match = _KM.match(text)
    if not match or float(match.group(1)) <= 0:
        below = text.startswith("-") or bool(match)
        raise ValueError(
            "Enter a distance above 0 km, for example 3 or 1.5"
            if below
            else "Enter a distance in kilometres, for example 3 or 1.5"
        )
    return float(match.group(1))  # the person's own limit (at most 200 km) says how far


def _goals(form: Any, errors: dict[str, str]) -> list[GoalIn]:
    """Goals and steps from indexed fields (goal-0-title, goal-0-step-text, ...)."""
    out: list[GoalIn] = []
    for i in range(MAX_GOALS):
        title = form.get(f"goal-{i}-title")
        if title is None:
            continue
        texts = form.getlist(f"goal-{i}-step-text")[:MAX_STEPS]
        statuses = form.getlist(f"goal-{i}-step-status")
        steps = []
        shown = 0  # the step's place on the page, which lists only the steps with words
        for k, text in enumerate(texts):
            status = statuses[k] if k < len(statuses) else StepStatus.TODO.value
            if status not in {s.value for s in StepStatus}:
                status = StepStatus.TODO.value
            if len(text.strip()) > MAX_GOAL_CHARS:
                errors[f"goal-{i}-step-{shown}-text"] = (
                    f"Step {shown + 1}: keep it under {MAX_GOAL_CHARS} characters "
                    f"(it has {len(text.strip())})"
                )
            if text.strip():
                steps.append((text.strip(), status))
            shown += bool(text)
        title = title.strip()
        if not title and steps:
            errors[f"goal-{i}-title"] = "Give the goal a title, or clear its steps"
        if len(title) > MAX_GOAL_CHARS:
            errors[f"goal-{i}-title"] = f"Keep the goal under {MAX_GOAL_CHARS} characters"
        if title:
            out.append(GoalIn(title, steps))
    return out


def _free_times(form: Any, errors: dict[str, str]) -> list[dict[str, str]]:
    """Free-time windows from parallel day/from/to fields; wholly empty rows are skipped."""
    out = []
    rows = zip(form.getlist("ft_day"), form.getlist("ft_from"), form.getlist("ft_to"), strict=False)
    for i, (day, start, end) in enumerate(rows):
        if not (day or start.strip() or end.strip()):
            continue
        try:
            code = check_day(day)
        except ValueError:
            errors[f"ft-day-{i}"] = "Choose the day for this free time"
            continue
        try:
            reading = clock.read_times(start, end, f"ft-from-{i}", f"ft-to-{i}")
        except clock.EndBeforeStart as exc:  # a night shift's free time
            errors[exc.field] = (
                f"{exc.message}. For a time past midnight, add two rows: this day to 23:59, and "
                "the next day from 00:00"
            )
            continue
        except clock.TimeError as exc:
            errors[exc.field] = exc.message
            continue
        first, last = reading.start, reading.end
        out.append({"day": code, "from": first, "to": last})
    return out


FREE_FROM_NOTES = "free_from_notes"  # a ticked free time suggested by the notes
TRAVEL_FROM_NOTES = "travel_from_notes"  # a ticked travel limit suggested by the notes


def with_ticked_travel(form: Any) -> Any:
    """The form with a ticked travel limit from the notes as its distance, when none is typed."""
    ticked = form.get(TRAVEL_FROM_NOTES, "").strip()
    if not ticked or form.get("max_km", "").strip():
        return form  # what the practitioner typed stands
    filled = MultiDict(form.items(multi=True))
    filled["max_km"] = ticked
    return filled


def ticked_free_times(form: Any) -> list[dict[str, str]]:
    """The free times ticked among the notes' suggestions, to add to those typed."""
    return [w for value in form.getlist(FREE_FROM_NOTES) for w in noted.windows_of(value)]


def typed_free_times(form: Any) -> list[dict[str, str]]:
    """The free-time rows that read, leaving out any with a problem."""
    return _free_times(form, {})


def _field_for(path: str) -> str:
    """The form field a model validation error belongs to."""
    head = path.split(".")[0]
    return {
        "postcode": "where",
        "place": "where",
        "latitude": "where",
        "longitude": "where",
        "budget_pence": "budget",
        "max_km": "max_km",
        "free_times": "ft-day-0",
        "avoid_resource_ids": "avoid",
        "accepted_facts": NOT_INTERESTED,
        "": "label",
    }.get(head, head)


def _read_numbers(form: Any, data: dict[str, Any], errors: dict[str, str]) -> None:
    """Age, where they live (a postcode, or a place kept as typed), budget and distance."""
    age = form.get("age", "").strip()
    if age:
        if not (age.isascii() and age.isdigit() and len(age) <= 3) or not 0 < int(age) <= 120:
            errors["age"] = "Enter the age as a whole number of years, for example 34"
        else:
            data["age"] = int(age)
    where = form.get("where", "").strip()
    try:
        data["postcode"] = normalise_postcode(where) if where else ""
    except ValueError:
        data["postcode"], data["place"] = "", where[:120]
    for name, parse, field in (("budget_pence", pence, "budget"), ("max_km", kilometres, "max_km")):
        try:
            data[name] = parse(form.get(field, ""))
        except ValueError as exc:
            errors[field] = str(exc)


def parse_form(form: Any) -> tuple[PersonCreate | None, list[GoalIn], dict[str, str]]:
    """A profile form as a validated person and goals, or the errors by field id."""
    errors: dict[str, str] = {}
    data: dict[str, Any] = {
        "label": form.get("label", "").strip(),
        "reference": form.get("reference", "").strip(),
        "age_band": form.get("age_band", "") if form.get("age_band", "") in AGE_BANDS else "",
        "gender": form.get("gender", "").strip(),
        "notes": form.get("notes", "").strip(),
    }
    if not data["label"]:
        errors["label"] = "Enter a label, such as initials or a first name"
    _read_numbers(form, data, errors)
    band = parse_age_band(data["age_band"])
    if band and data.get("age") is not None and not band[0] <= data["age"] <= band[1]:
        errors["age_band"] = (
            f"Age {data['age']} is not in the band {data['age_band']}: correct one, or leave the "
            "band blank (the age is enough)"
        )
    accepted: MultiDict[str, str] = MultiDict(
        [(v.split(":", 1)[0], v.split(":", 1)[1]) for v in form.getlist("accept") if ":" in v]
    )
    for name in INTEREST_FIELDS:
        chosen = [*form.getlist(name), *accepted.getlist(name)]
        data[name] = [
            c for c in dict.fromkeys(chosen) if vocabulary.is_term(vocabulary.INTEREST, c)
        ]
    # One column keeps both; matcher.profile reads each for what it is.
    data["access_needs"] = [
        *(c for c in dict.fromkeys(form.getlist("access_needs")) if c in ACCESS_NEEDS),
        *(c for c in dict.fromkeys(form.getlist("audiences")) if c in AUDIENCES),
    ]
    data["accepted_facts"] = [
        *(c for c in form.getlist("accepted_facts") if c in facts.KNOWN and not _not_keen(c)),
        *map(facts.not_interested, _not_interested(form, data, errors)),
    ]
    data["travel_modes"] = [m for m in form.getlist("travel_modes") if m in TRAVEL_MODES]
    data["avoid_resource_ids"] = [r[:64] for r in form.getlist("avoid") if r.strip()]
    for flag in FLAGS:
        data[flag] = bool(form.get(flag))
    data["free_times"] = noted.merged(_free_times(form, errors), ticked_free_times(form))
    goals = _goals(form, errors)
    try:
        person = PersonCreate(**data)
    except ValidationError as exc:  # checked even after other problems, to list them all at once
        words = _form_words(exc)
        for path, message in messages(exc).items():
            field = _field_for(path)
            errors.setdefault(field, words.get(field, message))
        return None, goals, errors
    return (None, goals, errors) if errors else (person, goals, {})


def _not_keen(code: str) -> bool:
    """Whether a fact code says they are not interested in something."""
    return code.startswith(facts.NOT_INTERESTED + ":")


def not_interested_ticked(form: Any) -> list[str]:
    """The codes ticked as not interested, by box, by suggestion or by part of the list, once."""
    codes = [v for raw in form.getlist(NOT_INTERESTED) for v in raw.split()]
    codes += [c.partition(":")[2] for c in form.getlist("accepted_facts") if _not_keen(c)]
    theirs = {c for name in INTEREST_FIELDS for c in form.getlist(name)}
    theirs |= {v.partition(":")[2] for v in form.getlist("accept")}  # ticked from the notes
    for group in form.getlist(NOT_INTERESTED_GROUP):
        codes += [c for c in notes.group_codes(group) if c not in theirs]
    return list(dict.fromkeys(codes))


def _not_interested(form: Any, data: dict[str, Any], errors: dict[str, str]) -> list[str]:
    """The interest codes ticked as not interested; a problem with them goes in `errors`."""
    codes = not_interested_ticked(form)
    parts = [g for g in form.getlist(NOT_INTERESTED_GROUP) if g not in INTEREST_GROUPS]
    unknown = [c for c in codes if not vocabulary.is_term(vocabulary.INTEREST, c)] + parts
    theirs = {c for name in INTEREST_FIELDS for c in data[name]}
    both = [c for c in codes if c in theirs]
    if unknown:
        errors[NOT_INTERESTED] = (
            f"Not interested: {', '.join(map(repr, unknown))} is not in the list of interests. "
            "Tick “Not interested” beside an interest in the list"
        )
    elif both:
        names = ", ".join(vocabulary.label(vocabulary.INTEREST, c) for c in both)
        errors[NOT_INTERESTED] = (
            f"{names}: ticked both as something they enjoy, used to enjoy, want to try or could "
            "share and as not interested. Untick one"
        )
    return [c for c in codes if vocabulary.is_term(vocabulary.INTEREST, c) and c not in theirs]


@dataclass(frozen=True)
class Offer:
    """A box for a fact suggested by the notes: its field, its value and its words."""

    name: str
    value: str
    label: str
    phrase: str


def fact_offers(found: list[facts.Fact]) -> list[Offer]:
    """Suggested facts as boxes: what one phrase says they are not interested in is one box."""
    out: list[Offer] = []
    said: dict[str, list[str]] = {}
    for fact in found:
        kind, _, key = fact.code.partition(":")
        if _not_keen(fact.code):
            said.setdefault(fact.phrase, []).append(key)
        elif kind == "access" and key in ACCESS_NEEDS:
            # ticked, it is the access need's own box: a rule, not a preference
            need = vocabulary.said(vocabulary.ACCESS, key)
            out.append(Offer("access_needs", key, f"Access need: {need}", fact.phrase))
        else:
            out.append(Offer("accepted_facts", fact.code, fact.label, fact.phrase))
    for phrase, codes in said.items():
        names = [vocabulary.label(vocabulary.INTEREST, c) for c in codes]
        group = next((g for g in INTEREST_GROUPS if set(codes) <= set(notes.group_codes(g))), "")
        what = f"{group.lower()} ({', '.join(names)})" if len(codes) > 1 and group else ""
        words = f"Not interested in: {what or ', '.join(names)}"
        out.append(Offer(NOT_INTERESTED, " ".join(codes), words, phrase))
    return out


def kept_facts(form: Any) -> list[str]:
    """Accepted facts listed on their own (online-only and not interested have their boxes)."""
    return [c for c in form.getlist("accepted_facts") if c != "online-only" and not _not_keen(c)]


# The form's own names for its fields, as its labels ask for them.
FORM_LABELS = {
    "label": "Label",
    "reference": "Your reference",
    "age": "Age",
    "gender": "Gender",
    "where": "Home postcode or place",
    "budget": "Budget",
    "max_km": "Furthest they can travel",
    "notes": "Notes",
}


def field_id(form: Any, name: str, index: int) -> str:
    """The id of the input a form value came from (the index-th value of that name)."""
    if step := re.fullmatch(r"goal-(\d+)-step-text", name):
        # the page lists only the steps with words, so a step's id counts those before it
        before = sum(1 for text in form.getlist(name)[:index] if text)
        return f"goal-{step.group(1)}-step-{before}-text"
    if name in ("ft_day", "ft_from", "ft_to"):
        return f"{name.replace('_', '-')}-{index}"
    return name


def _in_form_units(field: str, limit: float) -> str:
    """A model's limit as the form asks for it: the budget in pounds, the distance in km."""
    if field == "budget":
        pounds = limit / 100
        return f"£{pounds:,.0f}" if pounds == int(pounds) else f"£{pounds:,.2f}"
    if field == "max_km":
        return f"{limit:g} km"
    return f"{limit:g}"


def _form_words(exc: ValidationError) -> dict[str, str]:
    """Messages for too long and too large in the form's own words and units, by field id."""
    out: dict[str, str] = {}
    for err in exc.errors():
        field = _field_for(str(err["loc"][0]) if err["loc"] else "")
        label, ctx = FORM_LABELS.get(field), err.get("ctx") or {}
        if label is None or field in out:
            continue
        if err["type"] == "string_too_long":
            out[field] = f"{label}: at most {ctx['max_length']:,} characters"
        elif err["type"] in ("less_than_equal", "less_than") and ctx.get("le") is not None:
            out[field] = f"{label}: at most {_in_form_units(field, float(ctx['le']))}"
    return out


def audience_labels(person: Person) -> list[str]:
    """The groups for who they are that the person prefers, in words."""
    codes = [c for c in person.access_needs if c in vocabulary.GROUP_FOR]
    if person.women_only and "women-only" not in codes:
        codes.insert(0, "women-only")
    return [vocabulary.label(vocabulary.ACCESS, c) for c in codes]


def form_of(person: Person) -> MultiDict[str, str]:
    """A stored person as the form's fields, for the edit page."""
    pairs: list[tuple[str, str]] = [
        ("label", person.label),
        ("reference", person.reference),
        ("age", "" if person.age is None else str(person.age)),
        ("age_band", person.age_band),
        ("gender", person.gender),
        ("where", person.postcode or person.place),
        ("budget", "" if person.budget_pence is None else f"{person.budget_pence / 100:.2f}"),
        ("max_km", "" if person.max_km is None else f"{person.max_km:g}"),
        ("notes", person.notes),
    ]
    for name in INTEREST_FIELDS:
        pairs += [(name, c) for c in getattr(person, name)]
    for code in person.access_needs:
        if code == "women-only":  # stored through the API: the form's own box says it
            pairs.append(("women_only", "1"))
        else:
            pairs.append(("audiences" if code in AUDIENCES else "access_needs", code))
    pairs += [
        (NOT_INTERESTED, c.partition(":")[2]) if _not_keen(c) else ("accepted_facts", c)
        for c in person.accepted_facts
    ]
    pairs += [("travel_modes", m) for m in person.travel_modes]
    pairs += [("avoid", r) for r in person.avoid_resource_ids]
    pairs += [(flag, "1") for flag in FLAGS if getattr(person, flag)]
    for w in person.free_times:
        pairs += [("ft_day", w["day"]), ("ft_from", w["from"]), ("ft_to", w["to"])]
    for i, goal in enumerate(person.goals):
        pairs.append((f"goal-{i}-title", goal.title))
        for step in goal.steps:
            pairs += [(f"goal-{i}-step-text", step.text), (f"goal-{i}-step-status", step.status)]
    return MultiDict(pairs)


def set_goals(person: Person, goals: list[GoalIn]) -> None:
    """Make the person's goals and steps match what was typed, keeping rows that did not change."""
    kept: list[Goal] = []
    # New goals and steps get their foreign keys from the relationship when flushed.
    for i, typed in enumerate(goals):
        goal = person.goals[i] if i < len(person.goals) else Goal(title=typed.title)  # type: ignore[call-arg]
        goal.title = typed.title
        steps: list[GoalStep] = []
        for k, (text, status) in enumerate(typed.steps):
            step = goal.steps[k] if k < len(goal.steps) else GoalStep(text=text)  # type: ignore[call-arg]
            if (step.text, step.status) != (text, status):
                step.text, step.status = text, StepStatus(status)
                step.updated_at = utcnow()
            step.position = k
            steps.append(step)
        goal.steps = steps
        kept.append(goal)
    person.goals = kept


def free_time_rows(form: Any) -> list[tuple[str, str, str]]:
    """The filled free-time rows plus a few empty ones (a few more each time more are asked)."""
    posted = list(
        zip(form.getlist("ft_day"), form.getlist("ft_from"), form.getlist("ft_to"), strict=False)
    )
    rows = [r for r in posted if any(v.strip() for v in r)]
    blank = BLANK_TIMES + (len(posted) - len(rows) if form.get("action") == "more" else 0)
    typed = typed_free_times(form)
    # Ticked from the notes: shown as rows once the form comes back (to fix a problem, or more rows)
    rows += [
        (w["day"], w["from"], w["to"])
        for w in noted.merged(typed, ticked_free_times(form))[len(typed) :]
    ]
    return rows + [("", "", "")] * blank


def goal_rows(form: Any) -> list[tuple[int, str, list[tuple[str, str]]]]:
    """Typed goals (index, title, steps) plus one empty goal to fill in."""
    out = []
    for i in range(MAX_GOALS):
        title = form.get(f"goal-{i}-title")
        if title is None:
            continue
        texts = form.getlist(f"goal-{i}-step-text")
        statuses = form.getlist(f"goal-{i}-step-status")
        steps = [
            (t, statuses[k] if k < len(statuses) else "todo") for k, t in enumerate(texts) if t
        ]
        if title.strip() or steps:
            out.append((i, title, [*steps, ("", "todo")]))
    next_index = max([i for i, _, _ in out], default=-1) + 1
    if next_index < MAX_GOALS:
        out.append((next_index, "", [("", "todo"), ("", "todo")]))
    return out


# --- Matching ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Relax:
    """Rules loosened on the spot: extra budget (pounds), extra distance (km), any time."""

    budget: int = 0
    km: int = 0
    any_time: bool = False
    more: bool = False  # show up to MORE suggestions, not 10 (no rule loosened)

    @classmethod
    def of(cls, args: Any) -> Relax:
        """Read from query arguments; unknown values count as no change."""
        if not args:
            return cls()

        def pick(name: str, allowed: tuple[int, ...]) -> int:
            value = str(args.get(name, "0"))
            return (
                int(value)
                if value.isascii() and value.isdigit() and len(value) < 10 and int(value) in allowed
                else 0
            )

        any_time = str(args.get("any_time", "")).lower() in {"1", "true", "on", "yes"}
        more = str(args.get("more", "")) == "1"
        return cls(pick("budget", BUDGET_STEPS), pick("km", KM_STEPS), any_time, more)

    def args(self, **changes: Any) -> dict[str, int]:
        """The query arguments that ask for this, with some changed (only the ones set)."""
        values = {"budget": self.budget, "km": self.km, "any_time": int(self.any_time)}
        values |= {"more": int(self.more), **changes}
        return {k: v for k, v in values.items() if v}

    @property
    def active(self) -> bool:
        """Whether anything is loosened."""
        return bool(self.budget or self.km or self.any_time)


def relaxed(profile: Profile, how: Relax) -> Profile:
    """The profile with its budget, distance or free times loosened."""
    changes: dict[str, Any] = {}
    if how.budget and profile.budget_pence is not None:
        changes["budget_pence"] = profile.budget_pence + how.budget * 100
    if how.km and profile.max_km is not None:
        changes["max_km"] = profile.max_km + how.km
    if how.any_time:
        changes["free_times"] = ()
    return replace(profile, **changes) if changes else profile


def loosening(need: gaps.Loosen | None, how: Relax) -> Relax | None:
    """The smallest loosening on offer that lets the option in, on top of what is loosened now."""
    if need is None:
        return None
    km: int | None = how.km
    if need.extra_km:
        km = next((k for k in KM_STEPS if k >= how.km + need.extra_km), None)
    budget: int | None = how.budget
    if need.extra_pence:
        budget = next(
            (b for b in BUDGET_STEPS if b * 100 >= how.budget * 100 + need.extra_pence), None
        )
    if km is None or budget is None:
        return None
    return Relax(budget, km, how.any_time or need.any_time, how.more)


def loosen_words(person: Person, now: Relax, then: Relax) -> str:
    """'Search up to 4 km', 'allow up to £5 a week', 'ignore their free times'."""
    parts = []
    if then.km != now.km and person.max_km is not None:
        parts.append(f"search up to {person.max_km + then.km:g} km")
    if then.budget != now.budget and person.budget_pence is not None:
        parts.append(f"allow up to {explain.money(person.budget_pence + then.budget * 100)} a week")
    if then.any_time and not now.any_time:
        parts.append("ignore their free times")
    return " and ".join(parts).capitalize()


def gap_rows(person: Person, result: rank.Result, how: Relax) -> list[GapRow]:
    """Each interest with nothing suggested, why, and a one-click loosening where there is one."""
    rows = []
    for gap in result.gaps:
        then = loosening(gap.loosen, how)
        if then is None or then == how:
            rows.append(GapRow(gap, None, ""))
            continue
        # The option it names may fit yet rank below the first 10: the longer list shows it.
        named = bool(gap.loosen and gap.loosen.lets_in)
        args = replace(then, more=how.more or named).args()
        rows.append(GapRow(gap, args, loosen_words(person, how, then)))
    return rows


@dataclass(frozen=True)
class GapRow:
    """One line of 'why nothing fits': the gap, and the query that loosens its rule."""

    gap: gaps.Gap
    args: dict[str, int] | None
    words: str


def run_match(person: Person, how: Relax) -> rank.Result:
    """Rank the directory for this person, with any rules loosened."""
    limit = MORE if how.more else 10
    return ranked.memo.rank(relaxed(from_person(person), how), get_features(get_session()), limit)


def match_or_404(person_id: int, how: Relax) -> rank.Result:
    """Rank the directory for a person of the signed-in user's team; anyone else is not found."""
    team = team_id()
    session = get_session()
    found = matching_profile(session, team, person_id) if team is not None else None
    if found is None:
        abort(404, "There is no such person in your team.")
    profile, version = found
    return ranked.memo.rank(relaxed(profile, how), get_features(session, version))


def day_choices() -> list[str]:
    """Day codes in week order."""
    return list(DAYS)


def typed_day(text: str) -> date | None:
    """A date typed as YYYY-MM-DD (what a date input sends); blank means today."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise connections.NotAllowed("Enter the date as day, month and year.") from None


def person_context(person: Person) -> dict[str, object]:
    """What the person's page and outcomes page show about follow-ups and change."""
    session = get_session()
    today = date.today()
    return {
        "due": followups.open_follow_ups(session, person.team_id, person_id=person.id),
        "series": change.person_series(session, person),
        "reminders": change.person_reminders(session, person, today),
        "network": change.network_over_time(session, person, today),
        "STOPS": STOP_LABELS,
        "today": today,
        "chart": {"w": change.CHART_W, "h": change.CHART_H, "pad": change.PAD, "left": change.LEFT},
    }
