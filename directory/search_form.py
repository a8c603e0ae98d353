"""Read the search page's query string into SearchFilters, with a clear message per bad field."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, cast
from urllib.parse import urlencode

from sqlmodel import Session, col, func, select
from werkzeug.datastructures import MultiDict

from core.times import local_time, utcnow
from directory import clock, geo, vocabulary
from directory.hsds import languages
from directory.models import SourceTerm
from directory.models.base import DAYS, check_day, minutes, normalise_postcode
from directory.search import SearchFilters, Sort
from directory.search.common import plan_query, words
from directory.understand import (
    LOW_COST_LABEL,
    LOW_COST_POUNDS,
    MAX_COST_POUNDS,
    MAX_RADIUS_KM,
    PARTS_OF_DAY,
    WEEKEND,
    Understood,
    days_in_words,
    names_near_me,
    said_from_today,
    time_in_words,
    understand,
    unread_amounts,
)
from directory.urgent import urgent

log = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
RADIUS_CHOICES = ("1", "2", "5", "10", "25")
SORTS: dict[str, str] = {"relevance": "Best match", "distance": "Nearest first", "name": "Name"}
MAX_PAGE = 500
# Every argument the form reads; any of them present means the person searched.
KEYS = (
    "q",
    "interest",
    "access",
    "setting",
    "language",
    "category",
    "free",
    "max_cost",
    "benefits",
    "day",
    "from",
    "to",
    "near",
    "radius",
    "sort",
    "page",
    "exact",
)
# Filters set once (a request's chip replaces the box's value); the others can repeat.
SINGLE = ("free", "max_cost", "day", "from", "to", "near")
# Words the day argument also takes: "day=weekend" is Saturday or Sunday.
DAY_ALIASES = {"weekend": WEEKEND, "weekends": WEEKEND}


@dataclass(frozen=True)
class Place:
    """Where a distance search starts."""

    name: str
    latitude: float
    longitude: float
    district_instead: str = ""  # the district that stood in for an unknown full postcode


@dataclass
class SearchForm:
    """The search form as typed, its errors and, when valid, the filters it means."""

    q: str = ""
    interests: list[str] = field(default_factory=list)
    access: list[str] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)  # ISO 639 codes
    languages_typed: str = ""  # the language box as typed, kept when it is refused
    categories: list[str] = field(default_factory=list)  # source taxonomy term ids
    category_names: list[str] = field(default_factory=list)  # their names, as chosen
    categories_typed: str = ""  # the category box as typed, kept when it is refused
    category_choices: list[str] = field(default_factory=list)  # the sources' category names
    free_only: bool = False
    max_cost: str = ""
    receives_benefits: bool = False
    days: list[str] = field(default_factory=list)  # day codes, in week order
    time_from: str = ""
    time_to: str = ""
    near: str = ""
    radius: str = ""
    sort: str = "relevance"
    page: int = 1
    submitted: bool = False
    place: Place | None = None
    errors: dict[str, str] = field(default_factory=dict)  # field id -> message
    notices: list[str] = field(default_factory=list)  # problems fixed for them, to mention
    filters: SearchFilters = field(default_factory=SearchFilters)

    asked: str = ""  # the request as typed, when the search box read filters from it
    read: str = ""  # the words the box left to search after reading it: not read again
    near_likely: str = ""  # the known place most like a place not found ("Armley" for "armly")
    # Other times of day the request named, each needing its own search: the time searched,
    # and each other in words with the arguments of the search for it instead.
    other_time: tuple[str, list[tuple[str, dict[str, Any]]]] | None = None
    low_cost_said: bool = False  # the price limit is the low-cost band "cheap" stood for

    @property
    def near_me_unplaced(self) -> bool:
        """Whether the typed request asked for somewhere near them without naming a place."""
        return not self.near and names_near_me(self.asked or self.q)

    @property
    def urgent(self) -> bool:
        """Whether the words typed may mean someone needs help now (directory/urgent.py)."""
        return urgent(f"{self.asked} {self.q}")

    @property
    def wordless(self) -> bool:
        """Whether the search box holds no word to search for, only marks ("%", "🎨")."""
        return bool(self.q) and not words(self.q)

    @property
    def online_anywhere(self) -> bool:
        """Whether online entries are found wherever they are: a radius limits only the others."""
        return not self.settings or "online" in self.settings

    @property
    def language_names(self) -> str:
        """The spoken languages asked for, as the box shows them ('Spanish, Polish')."""
        return ", ".join(languages.name_of(code) for code in self.languages)

    exact: bool = False  # search the typed words as they are

    @property
    def day_choice(self) -> str:
        """The day box's value: a day's code, 'weekend', or the days joined by commas."""
        if tuple(self.days) == WEEKEND:
            return "weekend"
        return ",".join(self.days)

    @property
    def days_label(self) -> str:
        """The days asked for in words ('weekends', 'Monday or Friday')."""
        return days_in_words(self.days)

    @property
    def has_filters(self) -> bool:
        """Tell whether any filter beyond the search words is set."""
        return bool(
            self.interests
            or self.access
            or self.settings
            or self.languages
            or self.categories
            or self.free_only
            or self.max_cost
            or self.days
            or self.time_from
            or self.time_to
            or self.near
        )

    def args(self, **changes: Any) -> dict[str, Any]:
        """The query-string arguments that repeat this search, with some changed."""
        values: dict[str, Any] = {
            "q": self.q,
            "interest": list(self.interests),
            "access": list(self.access),
            "setting": list(self.settings),
            "language": self.language_names,
            "category": list(self.category_names),
            "free": "1" if self.free_only else "",
            "max_cost": self.max_cost,
            "benefits": "1" if self.receives_benefits else "",
            "day": list(self.days),
            "from": self.time_from,
            "to": self.time_to,
            "near": self.near,
            "radius": self.radius if self.near else "",
            "sort": "" if self.sort == "relevance" else self.sort,
            "page": "" if self.page == 1 else str(self.page),
            "exact": "1" if self.exact else "",
        }
        values.update(changes)
        # Words already read stay unread on every link that keeps them (a page, a chip, a facet).
        # (and so do the read words a chip leaves: "armley mind yoga" less yoga is still read)
        left = "q" in changes and set(words(values["q"])) <= set(words(self.read))
        values["read"] = values["q"] if self.read and (values["q"] == self.read or left) else ""
        # Keep "q" even when empty so the link still counts as a search.
        return {k: v for k, v in values.items() if v or k == "q"}


def _codes(args: MultiDict[str, str], key: str, scheme: str, what: str) -> tuple[list[str], str]:
    """The known codes given for one checkbox group, and a message naming any unknown ones."""
    # A partner's embed may write a value as it reads on the page: "Walking", "Step-free access".
    given = [v.strip() for v in args.getlist(key) if v.strip()]
    named = {v: vocabulary.code_named(scheme, v) for v in given}
    known = list(dict.fromkeys(c for c in named.values() if c))
    unknown = [v for v, c in named.items() if c is None]
    if unknown:
        shown = ", ".join(f"'{c[:40]}'" for c in unknown[:3])
        return known, f"Choose {what} from the list: {shown} is not one we know"
    return known, ""


_LIST = re.compile(r",|/|\bor\b|\band\b", re.IGNORECASE)  # "Spanish, or Polish and Urdu"


def _languages(args: MultiDict[str, str]) -> tuple[list[str], str]:
    """The spoken languages asked for, as ISO 639 codes (a code or an English name each)."""
    found: list[str] = []
    unknown: list[str] = []
    given_all = [part for value in args.getlist("language")[:10] for part in _LIST.split(value)]
    for given in given_all[:10]:
        said = given.strip().lower()[:40]
        code = said if said in languages.CODES else languages.NAMES.get(said)
        if code and code not in found:
            found.append(code)
        elif not code and said:
            unknown.append(given.strip()[:40])
    if unknown:
        return found, f"We do not know the language {', '.join(unknown)}: use a name or code"
    return found, ""


MAX_CATEGORIES = 10
MAX_CATEGORY_CHOICES = 2000


def _categories(args: MultiDict[str, str], session: Session) -> tuple[list[str], list[str], str]:
    """The source categories asked for: the ids they name, the names found, and a message."""
    # Each a term's id or name, ';' between several; the message names any unknown one.
    given = [p.strip()[:200] for v in args.getlist("category") for p in v.split(";") if p.strip()]
    given = list(dict.fromkeys(given))[:MAX_CATEGORIES]
    if not given:
        return [], [], ""
    lowered = [g.lower() for g in given]
    rows = session.exec(
        select(SourceTerm.id, SourceTerm.name).where(
            col(SourceTerm.id).in_(given) | func.lower(SourceTerm.name).in_(lowered)
        )
    ).all()
    ids, names, unknown = [], [], []
    for said in given:
        found = [(i, n) for i, n in rows if i == said or n.lower() == said.lower()]
        if not found:
            unknown.append(said[:40])
        ids += [i for i, _ in found if i not in ids]
        names.append(found[0][1] if found else said)
    if unknown:
        return (
            ids,
            names,
            f"We do not know the category {', '.join(unknown)}: choose one from the list",
        )
    return ids, names, ""


def category_choices(session: Session) -> list[str]:
    """The names of the imported sources' own categories, for the category box."""
    names = select(SourceTerm.name).distinct().order_by(SourceTerm.name)
    return [n for n in session.exec(names.limit(MAX_CATEGORY_CHOICES)).all() if n]


def _cost_pence(text: str) -> tuple[int | None, str]:
    """A maximum cost typed in pounds ('3', '£2.50') as pence, or a message."""
    cleaned = text.strip().lstrip("£").strip()
    if not cleaned:
        return None, ""
    if not re.fullmatch(r"-?\d*\.?\d*", cleaned):  # Decimal would also take "1e3" or "Infinity"
        return None, "Enter the most to pay per session in pounds, for example 3 or 2.50"
    try:
        pounds = Decimal(cleaned)
    except InvalidOperation:
        return None, "Enter the most to pay per session in pounds, for example 3 or 2.50"
    if not pounds.is_finite() or pounds < 0 or pounds > MAX_COST_POUNDS:
        return None, f"The most to pay per session must be between £0 and £{MAX_COST_POUNDS}"
    if pounds != pounds.quantize(Decimal("0.01")):
        return None, "Enter the most to pay per session in pounds and pence, for example 2.50"
    return int(pounds * 100), ""


def _time(text: str, what: str) -> tuple[str | None, str]:
    """A time as HH:MM ('10am', '14:30', 'half seven' read as people write them), or a message."""
    if not text.strip():
        return None, ""
    try:
        return clock.read_time(text), ""
    except clock.TimeError:
        return None, f"Enter the {what} time as a time of day, for example 9.30am or 14:00"


def _radius(text: str) -> tuple[float | None, str]:
    """A radius in km, or a message."""
    if not text.strip():
        return None, ""
    try:
        value = float(text)
    except ValueError:
        return None, "Choose how far they can travel from the list"
    if not 0 < value <= MAX_RADIUS_KM:
        return None, f"How far they can travel must be between 0 and {MAX_RADIUS_KM:g} km"
    return value, ""


def _page(text: str) -> tuple[int, str]:
    """A 1-based page number, or a message."""
    # Stripped once: str.strip() takes control characters ('0\x1f') that int() refuses.
    text = text.strip()
    if not text:
        return 1, ""
    # isdecimal and isascii: '²' and '٣' count as digits to isdigit but int() refuses them.
    if not (text.isascii() and text.isdecimal()) or not 1 <= int(text) <= MAX_PAGE:
        return 1, f"The page must be a whole number from 1 to {MAX_PAGE}"
    return int(text), ""


def _unknown_place(session: Session, text: str) -> str:
    """What to say when a place is not in the gazetteer: a likely name, or examples."""
    likely = geo.suggest(session, text)
    if likely:
        return f"We could not find '{text}'. Did you mean {likely}?"
    ex = geo.examples(session)
    shown = [f for f in (ex.postcode, ex.district, ex.place) if f]
    such_as = f" such as {' or '.join(shown)}" if shown else ""
    return f"We could not find '{text}': enter a postcode, a postcode district or a place{such_as}"


def locate(session: Session, text: str) -> Place | None:
    """Resolve a postcode or place name through the gazetteer (directory.geo)."""
    found = geo.lookup(session, text)
    if found is None:
        return None
    label = found.label or text.strip()
    return Place(label, found.latitude, found.longitude, geo.district_instead(text, found))


def read_request(args: MultiDict[str, str], session: Session) -> str | None:
    """The query string with the filters its words name set and the other words left to search."""
    # As in "free yoga near LS12"; None when there is nothing to read.
    typed = args.get("q", "").strip()
    if not typed or len(typed) > MAX_QUERY_LENGTH or args.get("exact") == "1":
        return None
    read = args.get("read", "").strip()
    if typed == read:
        return None  # read already: the words left over are searched, not read again
    out = MultiDict([(k, v) for k, v in args.items(multi=True) if k not in ("q", "page")])
    dropped = _drop_interests_of_words_gone(out, read, typed)
    found = understand(typed, lambda name: _place_or_likely(session, name), _today())
    if not (found.filters_beyond_topic or found.fillers or found.unknown_places):
        # A topic alone is the search engine's job (it knows the synonyms).
        return _with_words(out, typed) if dropped else None
    # With no other filter, only the fillers are dropped ("yoga stuff" searches "yoga").
    for key, value in found.args() if found.filters_beyond_topic else []:
        if key in SINGLE:
            # The days of every day chip ("friday or the weekend"); one value for the others.
            kept = [v for k, v in found.args() if k == key] if key == "day" else []
            out.setlist(key, kept or [value])
        elif value not in out.getlist(key):
            out.add(key, value)
    default_sort = out.get("sort", "relevance") in ("", "relevance")  # the form sends its default
    if out.get("near") and default_sort and any(k == "near" for k, _ in found.args()):
        out["sort"] = "distance"  # "cooking near LS12": the nearest first, as asked
    out["q"] = found.leftover
    out["asked"] = typed
    out.poplist("read")
    if found.leftover:
        out["read"] = found.leftover
    return urlencode(list(out.items(multi=True)))


def _drop_interests_of_words_gone(out: MultiDict[str, str], read: str, typed: str) -> bool:
    """Drop the interests the box's earlier words named once those words are gone from the box."""
    # "walking on saturday" set walking and Saturday and left "walking" in the box; typed over
    # with "chess", the walking chip's words are gone and so is it (Saturday's chip stays, seen).
    gone = named_by_words(read) - named_by_words(typed) if read else set()
    chosen = out.getlist("interest")
    out.setlist("interest", [code for code in chosen if code not in gone])
    return len(out.getlist("interest")) < len(chosen)


def _with_words(out: MultiDict[str, str], typed: str) -> str:
    """The query string with the typed words to search, read as no filter."""
    out.poplist("read")
    out.poplist("asked")
    out["q"] = typed
    return urlencode(list(out.items(multi=True)))


def _today() -> int:
    """Today's weekday in the deployment's zone (Monday 0)."""
    return local_time(utcnow()).weekday()


def _place_or_likely(
    session: Session, name: str, respelt: dict[str, str] | None = None
) -> str | None:
    """A known place's name, or the known place most like a mistyped one ("Armly"); `respelt`
    gathers each one found so, with the name typed."""
    label = geo.place_label(session, name)
    if label is None and (label := geo.suggest(session, name)) and respelt is not None:
        respelt.setdefault(label, name)
    return label


def _read_again(form: SearchForm, session: Session) -> None:
    """What the request as typed says beyond its filters: other times, and what it ruled out."""
    respelt: dict[str, str] = {}  # a known place's name: the mistyped name it was found for
    found = understand(form.asked, lambda name: _place_or_likely(session, name, respelt), _today())
    if not _reads_as_this_search(form, found):
        form.asked = ""  # not what the box read this search from: not said back on the page
        return
    _place_respelt(form, found, respelt)
    form.low_cost_said = any(chip.label == LOW_COST_LABEL for chip in found.chips)
    if found.denied:
        said = " and ".join(f"“{words}”" for words in found.denied)
        form.notices.append(
            f"We could not search for {said}: the search cannot leave things out, so the "
            "results may include them."
        )
    if found.unmeasured and not form.place:
        _unmeasured(form, found.unmeasured, session)
    if found.unknown_places and not form.place:
        _unknown_places(form, found.unknown_places, session)
    _places_aside(form, found)
    _other_time(form, found)


def nothing_more_today(form: SearchForm, cards: Sequence[Any]) -> str:
    """Say so when a search for today or tonight shows nothing that still meets today."""
    # "tonight" at 22:20 finds the Monday evening groups, each next meeting a week on.
    said = said_from_today(form.asked, form.days[0], _today()) if len(form.days) == 1 else ""
    if said not in ("today", "tonight") or not cards:
        return ""
    if any(card.next_session.startswith("Today") for card in cards):
        return ""
    return (
        f"Nothing here meets again {said}: these meet on {days_in_words(form.days)}s, and the "
        "next session of each is shown."
    )


def _reads_as_this_search(form: SearchForm, found: Understood) -> bool:
    """Whether the request as typed reads as this search: the words left and the filters set."""
    # The page says it back ("We read ... as"): text in the address that the box did not read
    # as this search would be shown on the directory's own page as if it had.
    if found.leftover.split() != form.q.split():
        return False
    held = form.args()
    for key, value in found.args() if found.filters_beyond_topic else []:
        kept = held.get(key, "")
        if value not in (kept if isinstance(kept, list) else [kept]):
            return False
    return True


def _place_respelt(form: SearchForm, found: Understood, respelt: dict[str, str]) -> None:
    """Say that a place typed with a slip ("armly") was read as the known place most like it."""
    near = [dict(chip.args).get("near") for chip in found.chips]
    typed = respelt.get(form.place.name) if form.place else None
    if form.place and typed and form.place.name in near:
        form.notices.append(
            f"We know no place called “{typed}”, so these are the results near "
            f"{form.place.name}. Give another place under “Where” in the filters if that is wrong."
        )


def _places_aside(form: SearchForm, found: Understood) -> None:
    """Say which place is searched when the request named others ("near Armley or Bramley")."""
    if form.place is None:
        return
    here = form.place.name.lower()
    others = [dict(c.args)["near"] for c in found.places_aside]
    others = [name for name in dict.fromkeys(others) if name.lower() != here]
    if others:
        one = "it" if len(others) == 1 else "one"
        form.notices.append(
            f"Only one place can be searched at once: showing results near {form.place.name}. "
            f"To search near {' or '.join(others)} instead, give {one} under “Where” in the "
            "filters."
        )


def _amounts_unread(form: SearchForm) -> None:
    """Say that an amount searched as a word ("3.50") was read as no price, and how to ask."""
    amounts = [] if form.exact or "q" in form.errors else unread_amounts(form.q)
    amounts = list(dict.fromkeys(amounts))
    if not amounts:
        return
    said, first = " and ".join(f"“{amount}”" for amount in amounts), amounts[0]
    try:
        clock.read_time(f"{first}pm")
        time = f"; for a time, type “{first}pm”"
    except clock.TimeError:
        time = ""  # "12.99" is no time of day
    form.notices.append(
        f"We searched for {said} as words, not as a price: for what costs at most £{first}, "
        f"type “under £{first}”{time}."
    )


def _unmeasured(form: SearchForm, said: list[str], session: Session) -> None:
    """Say that how far a request named ("within 2 miles") needs a place to measure from."""
    ex = geo.examples(session)
    place = ex.district or ex.place
    tie = "from" if said[0].lower().endswith("away") else "of"  # "a mile away from LS1"
    such_as = f", as in “{said[0]} {tie} {place}”" if place else ""
    form.notices.append(
        f"We could not search for {' and '.join(f'“{words}”' for words in said)}: a distance "
        "needs a place to measure from. Give a postcode or a place under “Where” in the "
        f"filters, or type one after it{such_as}."
    )


def _unknown_places(form: SearchForm, names: list[str], session: Session) -> None:
    """Say that a place named after "near" is not one we know, so nothing is searched near it."""
    ex = geo.examples(session)
    such_as = f", such as {ex.district or ex.place}" if ex.district or ex.place else ""
    form.notices.append(
        f"We do not know a place called “{names[0]}”, so these results are from anywhere: we "
        f"searched for it as a word. Give a postcode or a place under “Where” in the filters"
        f"{such_as}."
    )


def _other_time(form: SearchForm, found: Understood) -> None:
    """Offer each other time of day a request named ("...and saturday morning") as a search."""
    if not found.others or form.errors:
        return
    args = found.args()
    days = [d for d in DAYS if ("day", d) in args]
    start, end = dict(args).get("from", ""), dict(args).get("to", "")
    if (days, start, end) != (form.days, form.time_from, form.time_to):
        return  # not the search the request was read as: the person has changed it
    offers = []
    for other in found.others:
        instead = form.args(
            day=[v for k, v in other.args if k == "day"],
            page="",
            **{k: dict(other.args).get(k, "") for k in ("from", "to")},
        )
        offers.append((other.label, instead))
    form.other_time = (time_in_words(days, start, end), offers)


def named_by_words(q: str) -> set[str]:
    """The interests the search words name ("knit" crafts), matched by tag or by the words."""
    # Such an interest is no filter beside the words: an entry saying "knit and natter" that no
    # one has tagged yet is found by its name.
    return plan_query(q).codes if q else set()


def _without_interest(form: SearchForm, code: str) -> str:
    """The search words less those that name an interest (its chip removes them too)."""
    groups = plan_query(form.q).groups
    return " ".join(" ".join(g.words) for g in groups if code not in g.codes)


def _list_chips(form: SearchForm) -> list[tuple[str, dict[str, Any]]]:
    """A chip for each chosen interest, access need, setting, language and category."""
    lists: list[tuple[str, list[str], Any]] = [
        ("interest", form.interests, lambda c: vocabulary.label(vocabulary.INTEREST, c).lower()),
        ("access", form.access, lambda c: vocabulary.label(vocabulary.ACCESS, c)),
        ("setting", form.settings, lambda c: vocabulary.label(vocabulary.SETTING, c)),
        ("language", form.languages, lambda c: f"in {languages.name_of(c)}"),
        ("category", form.category_names, lambda n: f"category: {n}"),
    ]
    # Categories are listed as typed: one refused is no filter in force, and its field says why.
    refused = {"category"} if "category-0" in form.errors else set()
    named = named_by_words(form.q)
    out = []
    for arg, chosen, said in lists:
        for value in chosen if arg not in refused else []:
            without: dict[str, Any] = {arg: [v for v in chosen if v != value]}
            if arg == "interest" and value in named:
                without["q"] = _without_interest(form, value)
            out.append((said(value), form.args(**without)))
    return out


PART_CHIPS = frozenset(f"{part}s" for part in PARTS_OF_DAY)  # "mornings": a day's part, named


def chips(form: SearchForm) -> list[tuple[str, dict[str, Any]]]:
    """Each filter in force, in words, with the arguments of the search without it."""
    found = _list_chips(form)
    if form.free_only:
        found.append(("free", form.args(free="")))
    bad = form.errors  # a value refused is not a filter in force: its field says what is wrong
    if form.max_cost and "max_cost" not in bad:
        most = form.max_cost.lstrip("£").strip()
        said = "free" if Decimal(most) == 0 else f"up to £{most}"  # at most: £3 itself is in
        if most == LOW_COST_POUNDS and form.low_cost_said:
            said = LOW_COST_LABEL  # "cheap" named no price: the chip says the one used
        if form.receives_benefits and said != "free":
            said += " with a concession"  # the concession price is the one compared
        found.append((said, form.args(max_cost="")))
    if form.place:
        reach = f"within {form.radius} km of" if form.radius and "radius" not in bad else "near"
        online = ", or online" if reach != "near" and form.online_anywhere else ""
        found.append((f"{reach} {form.place.name}{online}", form.args(near="", radius="", sort="")))
    window = ""
    if (form.time_from or form.time_to) and not {"from", "to"} & bad.keys():
        f = form.filters  # the times as read ("half seven" is 19:30)
        window = time_in_words((), f.time_from or "", f.time_to or "")
    # A day said from today ("tomorrow") is searched as its weekday, and said as both.
    relative = said_from_today(form.asked, form.days[0], _today()) if len(form.days) == 1 else ""
    also = f" ({relative})" if relative else ""
    if form.days and window in PART_CHIPS:  # as it was asked: "Saturday mornings", one chip
        said = days_in_words(form.days, window.removesuffix("s"))
        found.append((said + also, form.args(day=[], **{"from": "", "to": ""})))
        return found
    if form.days:
        found.append((days_in_words(form.days) + also, form.args(day=[])))
    if window:
        found.append((window, form.args(**{"from": "", "to": ""})))
    return found


def loosen(
    form: SearchForm, session: Session, count: Callable[[SearchForm], int]
) -> list[tuple[str, dict[str, Any], int]]:
    """For a search that found nothing: each filter in force, the search without it, its count."""
    # Each filter with its words, the search's arguments without it, and how many that finds (only
    # those that find something).
    dropped = chips(form)
    if form.q and dropped:
        dropped.append((f"the words “{form.q}”", form.args(q="")))
    out = []
    for label, args in dropped:
        wider = parse_search(MultiDict(_pairs(args)), session)
        found = 0 if wider.errors else count(wider)
        if found:
            out.append((label, args, found))
    return out


def _pairs(args: dict[str, Any]) -> list[tuple[str, str]]:
    """Query-string arguments (a value may be a list) as key, value pairs."""
    return [
        (key, str(v))
        for key, value in args.items()
        for v in (value if isinstance(value, list) else [value])
    ]


def parse_search(args: MultiDict[str, str], session: Session) -> SearchForm:
    """Read the query string into a SearchForm; errors are keyed by the field's id."""
    form = SearchForm(submitted=any(key in args for key in KEYS))
    form.q = args.get("q", "").strip()
    form.asked = args.get("asked", "").strip()[:MAX_QUERY_LENGTH]
    form.read = args.get("read", "").strip()[:MAX_QUERY_LENGTH]
    form.exact = args.get("exact", "") == "1"
    if len(form.q) > MAX_QUERY_LENGTH:
        form.errors["q"] = f"Search words must be {MAX_QUERY_LENGTH} characters or fewer"
    _read_choices(form, args)
    _read_categories(form, args, session)
    max_pence = _read_cost(form, args)
    time_from, time_to = _read_times(form, args)
    radius = _read_place(form, args, session)
    _read_order(form, args)
    if not form.errors:
        form.filters = SearchFilters(
            interests=tuple(c for c in form.interests if c not in named_by_words(form.q)),
            access=tuple(form.access),
            settings=tuple(form.settings),
            languages=tuple(form.languages),
            categories=tuple(form.categories),
            free_only=form.free_only,
            max_cost_pence=max_pence,
            receives_benefits=form.receives_benefits,
            days=tuple(form.days),
            time_from=time_from,
            time_to=time_to,
            starts_in_window=(time_from, time_to) in PARTS_OF_DAY.values(),
            near=(form.place.latitude, form.place.longitude) if form.place else None,
            radius_km=radius if form.place else None,
        )
    if form.asked:
        _read_again(form, session)
    _amounts_unread(form)
    if form.wordless:
        shown = clock.shown(form.q)
        fits = " that fits the filters" if form.has_filters else ""
        form.notices.append(f"{shown} has no words to search for, so every entry{fits} is shown.")
    return form


def _read_choices(form: SearchForm, args: MultiDict[str, str]) -> None:
    """The checkbox groups: interests, access needs, settings and spoken languages."""
    groups = (
        ("interest", vocabulary.INTEREST, "interests"),
        ("access", vocabulary.ACCESS, "access needs"),
        ("setting", vocabulary.SETTING, "settings"),
    )
    found = []
    for key, scheme, what in groups:
        codes, message = _codes(args, key, scheme, what)
        found.append(codes)
        if message:
            form.errors[f"{key}-0"] = message
    form.interests, form.access, form.settings = found
    form.languages, message = _languages(args)
    form.languages_typed = ", ".join(v.strip() for v in args.getlist("language")[:10])[:100]
    if message:
        form.errors["language-0"] = message


def _read_categories(form: SearchForm, args: MultiDict[str, str], session: Session) -> None:
    """The source categories asked for, and the ones there are to choose from."""
    form.categories, form.category_names, message = _categories(args, session)
    form.categories_typed = "; ".join(v.strip() for v in args.getlist("category"))[:200]
    if message:
        form.errors["category-0"] = message
    form.category_choices = category_choices(session)


def _read_cost(form: SearchForm, args: MultiDict[str, str]) -> int | None:
    """Free, the most a session may cost (in pence) and whether benefits bring a concession."""
    form.free_only = args.get("free", "") not in ("", "0")
    form.receives_benefits = args.get("benefits", "") not in ("", "0")
    form.max_cost = args.get("max_cost", "").strip()[:20]
    max_pence, message = _cost_pence(form.max_cost)
    if message:
        form.errors["max_cost"] = message
    return max_pence


def _read_days(form: SearchForm, args: MultiDict[str, str]) -> None:
    """The days asked for: each "day" argument a day's code or name, "weekend", or several."""
    # Several of these joined by commas: a session on any of them will do.
    given = [p.strip() for v in args.getlist("day")[:7] for p in v.split(",") if p.strip()]
    found: set[str] = set()
    for said in given[:7]:
        try:
            found.update(DAY_ALIASES.get(said.lower()) or (check_day(said),))
        except ValueError:
            form.errors["day"] = "Choose a day of the week from the list"
            return
    form.days = [d for d in DAYS if d in found]


def _read_times(form: SearchForm, args: MultiDict[str, str]) -> tuple[str | None, str | None]:
    """The days and the time window, checked (earliest, latest)."""
    errors = form.errors
    _read_days(form, args)
    form.time_from = args.get("from", "").strip()[:10]
    form.time_to = args.get("to", "").strip()[:10]
    time_from, message = _time(form.time_from, "earliest")
    if message:
        errors["from"] = message
    time_to, message = _time(form.time_to, "latest")
    if message:
        errors["to"] = message
    if time_from and time_to and minutes(time_to) <= minutes(time_from):
        errors["to"] = f"The latest time must be after the earliest time ({time_from})"
    return time_from, time_to


def _read_place(form: SearchForm, args: MultiDict[str, str], session: Session) -> float | None:
    """Where the search starts and how far it reaches (the radius in km, if given)."""
    form.near = args.get("near", "").strip()[:100]
    form.radius = args.get("radius", "").strip()[:10]
    radius, message = _radius(form.radius)
    if message:
        form.errors["radius"] = message
    if form.near:
        try:
            form.place = locate(session, form.near)
        except Exception:
            # An online geocoder may be down; say so rather than fail the page.
            log.exception("place lookup failed")
            form.errors["near"] = "We could not look up places just now; try a full postcode"
        else:
            if form.place is None:
                form.near_likely = geo.suggest(session, form.near) or ""
                form.errors["near"] = _unknown_place(session, form.near)
            elif form.place.district_instead:
                postcode = normalise_postcode(form.near)
                form.notices.append(
                    f"We could not find the postcode {postcode}; showing results near "
                    f"{form.place.district_instead}."
                )
    elif radius is not None:
        form.notices.append("No place was given to measure the distance from, so it is not used.")
    return radius


def _read_order(form: SearchForm, args: MultiDict[str, str]) -> None:
    """The sort order and the page."""
    sort = args.get("sort", "").strip() or "relevance"
    form.sort = sort if sort in SORTS else "relevance"
    if sort not in SORTS:
        form.errors["sort"] = "Choose how to sort the results from the list"
    elif sort == "distance" and not form.near:
        form.errors["near"] = "Enter a postcode or place to sort the results by distance"
    form.page, message = _page(args.get("page", ""))
    if message:
        # Only links set the page, so show page 1 and say why rather than refuse the search.
        form.notices.append(f"{message}; showing page 1.")


def sort_value(form: SearchForm) -> Sort:
    """The form's sort as the search interface's type."""
    return cast(Sort, form.sort)


__all__ = [
    "DAYS", "RADIUS_CHOICES", "SORTS", "Place", "SearchForm", "chips", "locate", "parse_search",
    "read_request",
]  # fmt: skip
