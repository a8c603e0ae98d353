"""The directory's search interface: one narrow API, two backends (whoosh, PostgreSQL)."""

# Callers use `get_search()` then `search(query, filters, sort, page)`; writes reach the whoosh
# index from the change feed (directory/feed.py) before a search, nudged after commit by
# `sync.py`, and through `reindex`.

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from flask import Flask, current_app
from sqlalchemy import Engine

from core.db import get_engine
from directory.fading import fade_after_days
from directory.models.base import minutes

Sort = Literal["relevance", "distance", "name", "updated"]
EXTENSION_KEY = "commonground.search"
PER_PAGE = 20
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class SearchFilters:
    """Every filter a search can apply; empty values mean 'no filter'."""

    interests: tuple[str, ...] = ()  # any of these interest codes (synonyms already resolved)
    access: tuple[str, ...] = ()  # all of these access codes
    settings: tuple[str, ...] = ()  # any of these settings
    languages: tuple[str, ...] = ()  # any of these spoken languages (ISO 639 codes)
    categories: tuple[str, ...] = ()  # any of these source taxonomy terms (source_term ids)
    statuses: tuple[str, ...] = ("active",)  # any of these statuses; () for all
    free_only: bool = False  # free for everyone
    max_cost_pence: int | None = None  # per session, after concession if receives_benefits
    receives_benefits: bool = False
    days: tuple[str, ...] = ()  # mo..su: a session on any of these days
    time_from: str | None = None  # with days (or alone): a session inside [from, to]
    time_to: str | None = None
    # The window is a part of the day ("mornings"): a session that starts in it fits, as people
    # mean it (a 10:00-13:00 class is a morning class); typed times are free time, held whole.
    starts_in_window: bool = False
    near: tuple[float, float] | None = None  # (lat, lon)
    radius_km: float | None = None  # with near; online resources always pass
    public_only: bool = False  # only confirmed, public resources (the public pages)
    review_states: tuple[str, ...] = ()  # any of these review states; () for all
    only_ids: frozenset[str] | None = None  # only these resources (a set SQL chose); None: any

    def fits(self, day: str, start: int, end: int) -> bool:
        """Whether a session (its day, start and end in minutes) meets the days and time window."""
        if self.days and day not in self.days:
            return False
        low = minutes(self.time_from) if self.time_from else None
        high = minutes(self.time_to) if self.time_to else None
        late = high is not None and (start >= high if self.starts_in_window else end > high)
        return not (low is not None and start < low) and not late


@dataclass
class SearchResult:
    """One page of ids in rank order, with the total and what helps refine the search."""

    ids: list[str]
    total: int
    page: int = 1
    per_page: int = PER_PAGE
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # facet -> value -> count
    suggestions: list[str] = field(default_factory=list)  # "did you mean" queries
    snippets: dict[str, str] = field(default_factory=dict)  # id -> highlighted HTML-escaped text
    distances_km: dict[str, float] = field(default_factory=dict)  # id -> km when near is set
    matched_terms: dict[str, list[str]] = field(default_factory=dict)  # id -> why it matched
    capped: bool = False  # more matched than were ranked: total and facets cover the top ones
    relaxed: bool = False  # no entry had every word, so entries with any of them are shown
    topic: str = ""  # or, when some words name an interest, entries with those words only
    said_first: bool = False  # by distance: entries saying the words first, then related ones

    @property
    def corrected(self) -> str:
        """The corrected query the results were found for ('' when the words were searched)."""
        return self.suggestions[0] if self.suggestions and self.total else ""

    @property
    def pages(self) -> int:
        """How many pages there are."""
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class Ask:
    """What one search asks for besides its words."""

    filters: SearchFilters
    sort: Sort
    page: int
    per_page: int
    snippets: bool
    facets: bool
    fade_after: int | None  # days before an entry's ranking starts to fade (None: never)
    now: datetime  # naive UTC, as the database keeps times

    @property
    def offset(self) -> int:
        """How many matches come before the page."""
        return (self.page - 1) * self.per_page


class SearchBackend(ABC):
    """What every search backend provides: `search` reads the request, `find` answers it."""

    name: str

    def __init__(self, app: Flask) -> None:
        self.app = app

    @property
    def engine(self) -> Engine:
        """The app's database engine."""
        return get_engine(self.app)

    @abstractmethod
    def index(self, ids: Iterable[str]) -> None:
        """Bring the index up to date with these resources, written or deleted."""

    @abstractmethod
    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the whole index from the database; returns how many were indexed."""

    @abstractmethod
    def is_current(self) -> bool:
        """Tell whether the index agrees with the database."""

    @abstractmethod
    def find(self, query: str, ask: Ask) -> SearchResult:
        """One page of the resources the words and the filters find."""

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        sort: Sort = "relevance",
        page: int = 1,
        per_page: int = PER_PAGE,
        *,
        snippets: bool = True,
        facets: bool = True,
    ) -> SearchResult:
        """Find resources; page is 1-based; snippets=False or facets=False leave those empty."""
        page, per_page = max(1, int(page)), max(1, min(int(per_page), MAX_PER_PAGE))
        f, fade_after = filters or SearchFilters(), fade_after_days(self.app)
        now = datetime.now(UTC).replace(tzinfo=None)
        return self.find(query, Ask(f, sort, page, per_page, snippets, facets, fade_after, now))


def get_search(app: Flask | None = None) -> SearchBackend:
    """The search backend of the given or current app."""
    backend: SearchBackend = (app or current_app).extensions[EXTENSION_KEY]
    return backend
