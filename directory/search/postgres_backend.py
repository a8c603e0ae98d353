"""PostgreSQL search: one statement per search over resource_search, which triggers keep.

Matching, ranking, filters, facets, paging and typo correction all run in PostgreSQL (see
sql.py); the process holds nothing of the directory, so every node shares one engine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from flask import Flask
from sqlalchemy import Connection, TextClause, text

from directory import vocabulary
from directory.search import Ask, SearchBackend, SearchFilters, SearchResult
from directory.search.common import (
    INTEREST_CODES,
    Hit,
    QueryPlan,
    add_hit,
    any_of,
    closest,
    correctable,
    english,
    new_result,
    plan_query,
    swaps,
    topics,
    with_corrections,
)
from directory.search.sql import (
    CLOSE_WORDS,
    DISTANCE_PLAN,
    EVERY_ROW,
    GATHER_PLAN,
    MARK,
    MATCHES,
    NEAR_PLAN,
    SEARCH_SETTINGS,
    SWAPPED_WORDS,
    TRIGRAM_THRESHOLD,
    UNMARK,
    Ranking,
    broad_words,
    by_distance,
    fill_vocabulary,
    gathers,
    pool_size,
    search_statement,
    start_up,
    strict_statement,
    word_shares,
)

LOG = logging.getLogger(__name__)

KNOWN = {"interests": set(INTEREST_CODES), "access": set(vocabulary.ACCESS_CODES)}


def corrections(conn: Connection, plan: QueryPlan) -> dict[str, str]:
    """Likely spellings of single words that match nothing, from the indexed words."""
    asked = sorted({g.words[0] for g in plan.groups if correctable(g)})
    unknown = [w for w in asked if not conn.execute(MATCHES, {"word": w}).scalar()]
    unknown = [w for w in unknown if not english(w)]
    if not unknown:
        return {}
    conn.execute(TRIGRAM_THRESHOLD)
    close: dict[str, list[str]] = {}
    for word, candidate in conn.execute(CLOSE_WORDS, {"words": unknown}):
        close.setdefault(str(word), []).append(str(candidate))
    pairs = [(w, s) for w in unknown for s in swaps(w)]
    swapped = {"typed": [w for w, _ in pairs], "swapped": [s for _, s in pairs]}
    for word, candidate in conn.execute(SWAPPED_WORDS, swapped):
        close.setdefault(str(word), []).append(str(candidate))
    fixes = {w: closest(w, found) for w, found in close.items()}
    return {w: fix for w, fix in fixes.items() if fix}


def marked(excerpt: str) -> str:
    """ts_headline's excerpt (of escaped text: sql.headline) with its marks made <mark> tags."""
    return excerpt.replace(MARK, "<mark>").replace(UNMARK, "</mark>")


class PostgresBackend(SearchBackend):
    """Full-text search in PostgreSQL: the resource_search table of migration 0016."""

    name = "postgres"

    def __init__(self, app: Flask) -> None:
        super().__init__(app)
        with self.engine.begin() as conn:
            if start_up(conn):
                LOG.info("search vocabulary changed: search table rebuilt")

    def index(self, ids: Iterable[str]) -> None:
        """Nothing to do: the database rewrote these rows in the writing transaction."""

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the table in one transaction (searches see the old rows until it commits)."""
        with self.engine.begin() as conn:
            fill_vocabulary(conn)
            count = int(conn.execute(text("SELECT search_rebuild()")).scalar() or 0)
        with self.engine.connect() as conn:
            conn.execute(
                text("ANALYZE resource_search, search_word, resource_location, resource_session")
            )
            conn.commit()
        if progress:
            progress(count, count)
        return count

    def is_current(self) -> bool:
        """Tell whether every resource has its row (triggers keep them so)."""
        with self.engine.connect() as conn:
            return bool(conn.execute(EVERY_ROW).scalar())

    def find(self, query: str, ask: Ask) -> SearchResult:
        """One statement's page, after looking for corrections and whether a row has every group."""
        plan, f = plan_query(query), ask.filters
        with self.engine.connect() as conn:
            conn.execute(SEARCH_SETTINGS)
            plan = with_corrections(plan, corrections(conn, plan))
            every, topic = True, ""
            if len(plan.groups) > 1:  # nothing matches every group: the topic, or any group
                strict = strict_statement(plan, f)
                every = bool(conn.execute(strict.query(), strict.params).scalar())
            kept = None if every else topics(plan)
            if kept is not None:
                strict = strict_statement(kept, f)
                if conn.execute(strict.query(), strict.params).scalar():
                    plan, every, topic = kept, True, kept.searched()
            plan = plan if every else any_of(plan)
            shares, rows = word_shares(conn, plan)
            gather = bool(plan.groups) and gathers(plan, shares, rows, every)
            st = search_statement(plan, ask, Ranking(every, broad_words(shares, rows), gather))
            for setting in near_plan(f, by_distance(ask.sort, plan, f), gather):
                conn.execute(setting)
            row = conn.execute(st.query(), st.params).one()
            conn.rollback()
        total, pool = int(row[0]), pool_size(ask)
        result = new_result(plan, ask)
        result.total, result.capped = min(total, pool - 1), total >= pool
        result.relaxed = not every and total > 0
        result.topic = topic if total else ""
        result.said_first = 0 < int(row[1]) < total
        for rid, km, interests, excerpt in row[2]:
            add_hit(result, plan, Hit(rid, km, frozenset(interests), marked(excerpt)), ask.snippets)
        if ask.facets:
            result.facets = {
                "interests": {k: int(v) for k, v in row[3].items() if k in KNOWN["interests"]},
                "access": {k: int(v) for k, v in row[4].items() if k in KNOWN["access"]},
                "settings": dict(sorted((k, int(v)) for k, v in row[5].items())),
                "cost": {"free": int(row[6])},
            }
        return result


def near_plan(f: SearchFilters, nearest: bool, gather: bool) -> list[TextClause]:
    """The planner settings a search near a point runs with (see sql.NEAR_PLAN)."""
    if f.near is None:
        return []
    if not nearest:
        return [NEAR_PLAN]
    if gather:
        return [GATHER_PLAN]
    # Within a radius, online entries with no place in it come after the placed ones, sorted.
    return [NEAR_PLAN, DISTANCE_PLAN] if f.radius_km is None else [NEAR_PLAN]
