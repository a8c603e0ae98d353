"""SQL for PostgreSQL search: a query plan and filters as one statement over resource_search.

The table, its triggers and search_refresh()/search_rebuild() are made by migration 0016 (its
places, and their index with the words, by 0023); here only the statements that read it, and the
vocabulary its text is built from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import Text

from directory import vocabulary
from directory.changes import record_everything
from directory.fading import STRENGTH
from directory.geo import EARTH_RADIUS_KM
from directory.models.base import minutes
from directory.search import Ask, SearchFilters, Sort
from directory.search.common import LANGUAGE_NAMES, Group, QueryPlan, postcode_keys

# The point asked about, and a row's distance from it in km through its nearest place: PostGIS's
# sphere (radius 6,371,008.8 m) scaled to ours (geo.EARTH_RADIUS_KM), as whoosh measures.
HERE = "CAST(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) AS geography)"
SPHERE_M = 6371008.7714
KM = f"ST_Distance(r.places, {HERE}, false) * {EARTH_RADIUS_KM / SPHERE_M}"
WORD_MAX = 100  # longer "words" cannot be lexemes; they match nothing
TEXT_ARRAY = ARRAY(Text)


def _named(scheme: str, t: vocabulary.Term) -> tuple[str, ...]:
    """The phrases a term is known by in its tagged resources' text."""
    code = (t.code,) if scheme == vocabulary.INTEREST else ()
    return (*code, t.name, *t.synonyms)


def vocabulary_rows() -> list[dict[str, str]]:
    """What search_term holds: each term's name and synonyms, and each language's names."""
    # An interest's code too, as a query names an interest by any of these.
    rows = [
        {"scheme": scheme, "code": t.code, "words": " ".join(_named(scheme, t))}
        for scheme in (vocabulary.INTEREST, vocabulary.ACCESS, vocabulary.SETTING)
        for t in vocabulary.TERMS[scheme].values()
    ]
    return rows + [
        {"scheme": "language", "code": code, "words": names}
        for code, names in LANGUAGE_NAMES.items()
    ]


def fill_vocabulary(conn: Connection) -> bool:
    """Bring search_term in line with the code's vocabulary; tell whether anything changed."""
    rows = vocabulary_rows()
    held = {
        (s, c): w for s, c, w in conn.execute(text("SELECT scheme, code, words FROM search_term"))
    }
    wanted = {(r["scheme"], r["code"]): r["words"] for r in rows}
    if held == wanted:
        return False
    conn.execute(text("DELETE FROM search_term"))
    conn.execute(text("INSERT INTO search_term VALUES (:scheme, :code, :words)"), rows)
    return True


def start_up(conn: Connection) -> bool:
    """Fill the vocabulary at app start; when it changed, rebuild the table; tell whether it did."""
    # The rebuild says so in the change feed, all in the caller's transaction (one process at a
    # time). Does nothing until migration 0017 (the change feed) has run.
    if conn.execute(text("SELECT to_regclass('directory_change')")).scalar() is None:
        return False
    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('commonground.search'))"))
    if not fill_vocabulary(conn):
        return False
    conn.execute(text("SELECT search_rebuild()"))
    record_everything(conn)
    return True


@dataclass
class Statement:
    """SQL text with its parameters, built up clause by clause."""

    sql: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    types: dict[str, Any] = field(default_factory=dict)

    def bind(self, name: str, value: Any, array: bool = False) -> str:
        """Hold a parameter and return its placeholder."""
        self.params[name] = value
        if array:
            self.types[name] = TEXT_ARRAY
        return f":{name}"

    def query(self) -> Any:
        """The SQL as an executable text clause with typed parameters."""
        return text(self.sql).bindparams(*(bindparam(k, type_=t) for k, t in self.types.items()))


def _tsquery(words: tuple[str, ...] | list[str], joiner: str) -> str:
    """to_tsquery input of plain words (letters and digits only: nothing to escape)."""
    return f" {joiner} ".join(w for w in words if len(w) <= WORD_MAX)


def group_terms(st: Statement, plan: QueryPlan) -> tuple[list[str], list[str]]:
    """Per group: the condition it matches on and its text rank."""
    # A group naming an interest needs no condition on the codes: a tagged resource's text holds
    # every phrase that names its interests (vocabulary_rows), so matching the text is matching
    # the interest.
    matches, ranks = [], []
    for i, g in enumerate(plan.groups):
        words = (g.corrected,) if g.corrected else g.words
        found = f"r.tsv @@ to_tsquery('english', {st.bind(f'q{i}', _tsquery(words, '&'))})"
        rank = f"ts_rank(r.tsv, to_tsquery('english', {st.bind(f'o{i}', _tsquery(words, '|'))}))"
        ranks.append(f"CASE WHEN {found} THEN {rank} ELSE 0 END")
        matches.append(found)
    return matches, ranks


# Filters given as lists: (SearchFilters attribute, the condition on its bound array).
LISTS = (
    ("statuses", "r.status = ANY({})"),
    ("interests", "r.interests && {}"),
    ("access", "r.access @> {}"),
    ("settings", "r.setting = ANY({})"),
    ("review_states", "r.review_state = ANY({})"),
    ("languages", "r.id IN (SELECT l.resource_id FROM resource_language l WHERE l.code = ANY({}))"),
    ("categories", "r.id IN (SELECT t.resource_id FROM resource_term t WHERE t.term_id = ANY({}))"),
)


def filter_terms(st: Statement, f: SearchFilters) -> list[str]:
    """Every filter as a condition on resource_search r."""
    out = ["r.listed"] if f.public_only else []
    for name, condition in LISTS:
        if values := list(getattr(f, name)):
            out.append(condition.format(st.bind(name, values, True)))
    if f.free_only:
        out.append("r.standard_pence = 0")
    if f.max_cost_pence is not None:
        cost = "r.standard_pence"
        if f.receives_benefits:
            cost = "least(r.standard_pence, coalesce(r.concession_pence, r.standard_pence))"
        out.append(f"{cost} <= {st.bind('max_cost', int(f.max_cost_pence))}")
    if f.days or f.time_from or f.time_to:
        out.append(_session_term(st, f))
    if f.only_ids is not None:
        out.append(f"r.id = ANY({st.bind('only_ids', sorted(f.only_ids), True)})")
    return out


def _clock(value: str) -> str:
    """An HH:MM time, checked (a bad one raises ValueError, as it always has)."""
    total = minutes(value)
    return f"{total // 60:02d}:{total % 60:02d}"


def _session_term(st: Statement, f: SearchFilters) -> str:
    """A session on one of the days in the time window (or starting in it, for a part of the
    day); a resource with no fixed sessions passes."""
    fits = ["true"]
    if f.days:
        fits.append(f"split_part(s, ' ', 1) = ANY({st.bind('day', list(f.days), True)})")
    if f.time_from:
        start = f"CAST({st.bind('t_from', _clock(f.time_from))} AS time)"
        fits.append(f"CAST(split_part(s, ' ', 2) AS time) >= {start}")
    if f.time_to:
        end = f"CAST({st.bind('t_to', _clock(f.time_to))} AS time)"
        starts = f"CAST(split_part(s, ' ', 2) AS time) < {end}"
        # With no end known ('day HH:MM '), the session fits when it starts inside the window.
        ends = f"CAST(split_part(s, ' ', 3) AS time) <= {end}"
        held = f"CASE WHEN split_part(s, ' ', 3) = '' THEN {starts} ELSE {ends} END"
        fits.append(starts if f.starts_in_window else held)
    inside = f"SELECT 1 FROM unnest(r.sessions) AS s WHERE {' AND '.join(fits)}"  # noqa: S608
    found = f"(r.sessions = '{{}}' OR EXISTS ({inside}))"
    if not f.days:
        return found
    # Implied by the above, but through an index (migration 0018): combined with the words'
    # index, only the rows meeting on the days (or on no fixed day) are read to check times.
    days = st.bind("days", [*f.days, "any"], True)
    return f"r.days && {days} AND {found}"


def fade_term(st: Statement, after_days: int | None, now: datetime) -> str:
    """The share of its score an entry keeps as its last confirmation ages (fading.fade)."""
    if not after_days:
        return "1.0"
    after = st.bind("fade_after", float(after_days))
    age = f"extract(epoch FROM ({st.bind('now', now)} - r.seen_at)) / 86400.0"
    return f"1.0 / (1.0 + {STRENGTH} * greatest({age} - {after}, 0) / greatest({after}, 1))"


def order_by(sort: Sort, has_groups: bool, near: bool) -> str:
    """The page order (ties by name, then id, so pages follow on from each other)."""
    if sort == "distance" and near:
        # Entries whose own words match (not only their tags' vocabulary) first, each nearest first:
        # "choir near Leeds" shows the choirs before other singing groups that are nearer.
        return ("own DESC, " if has_groups else "") + "dist NULLS LAST, score DESC, name_key, id"
    if sort == "updated":
        return "updated_at DESC, name_key, id"
    if sort == "name" or not (has_groups or near):
        return "name_key, id"
    if not has_groups:
        return "dist NULLS LAST, name_key, id"
    return "score DESC, name_key, id"


def by_distance(sort: Sort, plan: QueryPlan, f: SearchFilters) -> bool:
    """Whether the page is ordered by distance (read nearest first through the place index)."""
    return f.near is not None and "dist" in order_by(sort, bool(plan.groups), True)


def single_words(plan: QueryPlan) -> bool:
    """Whether every group of the query is one word."""
    return all(len(_words([g])) == 1 for g in plan.groups)


def _words(groups: list[Group]) -> list[str]:
    """Every word of these groups (corrected where it was)."""
    return [w for g in groups for w in ((g.corrected,) if g.corrected else g.words)]


FACETS = """,
    (SELECT coalesce(json_object_agg(v, n), '{}') FROM
        (SELECT unnest(interests) AS v, count(*) AS n FROM m GROUP BY 1) AS x),
    (SELECT coalesce(json_object_agg(v, n), '{}') FROM
        (SELECT unnest(access) AS v, count(*) AS n FROM m GROUP BY 1) AS x),
    (SELECT coalesce(json_object_agg(v, n), '{}') FROM
        (SELECT setting AS v, count(*) AS n FROM m GROUP BY 1) AS x),
    (SELECT count(*) FROM m WHERE standard_pence = 0)"""
POOL = 1000  # more matches than this: the page, facets and total come from the first POOL


def pool_size(ask: Ask) -> int:
    """How many rows to read in the pool order: one more than are counted."""
    return max(POOL, ask.offset + ask.per_page) + 1


@dataclass(frozen=True)
class Ranking:
    """How text matches are read: whether every group is needed, the broad words, rows and pool."""

    every: bool = True
    broad: frozenset[str] = frozenset()  # see WORD_SHARES
    gather: bool = False  # nearest first: gather the matches, not read rows in PostGIS's order
    pool: str = ":pool"  # the pool size it reads
    score: str = "0"
    own: str = "false"  # whether the row's own words match, not only its tags' vocabulary


def reach(st: Statement, f: SearchFilters, indexed: bool = True) -> str:
    """Whether the row has a place within the radius: through the places' index, or measured."""
    if not indexed:
        return f"{KM} <= {st.bind('radius_km', f.radius_km)}"
    metres = st.bind("radius_m", (f.radius_km or 0) * SPHERE_M / EARTH_RADIUS_KM)
    return f"ST_DWithin(r.places, {HERE}, {metres}, false)"


def near_terms(st: Statement, f: SearchFilters) -> tuple[str, str]:
    """Each row's nearest place in km: the radius's condition and the distance shown."""
    # Online resources have no place and always pass the radius; no distance is shown beyond it.
    if f.radius_km is None:
        return "true", KM
    within = reach(st, f)
    return f"(r.setting = 'online' OR {within})", f"CASE WHEN {within} THEN {KM} END"


def nearest_pool(
    st: Statement, plan: QueryPlan, f: SearchFilters, how: Ranking, cols: str, where: list[str]
) -> str:
    """The pool by distance: rows nearest first by their nearest place, then the rest by name."""
    # Read through the places and words' GiST index in PostGIS's order (`<->`), the words
    # checked in the index; or, when the matches are few (see WORD_SHARES), gathered through
    # the words' GIN index and sorted. That GiST index holds the words stripped (migration
    # 0023), so that only a condition on strip(tsv) reads them there: its signatures gather a
    # word's matches many times slower than GIN, which the planner does not foresee.
    found = " AND ".join(where) or "true"
    placed, unplaced = "r.places IS NOT NULL", "r.places IS NULL"
    words = said(plan, how.every)
    if words and not how.gather:
        placed += f" AND strip(r.tsv) @@ to_tsquery('english', {st.bind('said', words)})"
    if f.radius_km is not None:
        # Gathered, the radius is measured per match: as a condition on the places' index, the
        # planner would AND its box's bitmap (tens of thousands of rows) with the words'.
        within = reach(st, f, indexed=not how.gather)
        placed += f" AND {within}"
        unplaced = f"r.setting = 'online' AND (r.places IS NULL OR NOT {within})"
    return f"""SELECT * FROM (
        (SELECT {cols}, {KM} AS dist FROM resource_search r
         WHERE {placed} AND {found} ORDER BY r.places <-> {HERE} LIMIT :pool)
        UNION ALL
        (SELECT {cols}, NULL::float8 AS dist FROM resource_search r
         WHERE {unplaced} AND {found} ORDER BY r.name_key, r.id LIMIT :pool)
    ) AS u LIMIT :pool"""  # noqa: S608 - constant fragments and bound parameters only


def ranked_pool(st: Statement, plan: QueryPlan, how: Ranking, cols: str, where: list[str]) -> str:
    """The pool by text rank of the telling words (RUM's ordered scan), then broad-word matches."""
    # Broad-word matches come only when fewer, and any group will do: most recently updated first.
    # Broad words (in most rows of a large directory) do not order the pool: RUM would rank every
    # one of their matches to order rows that they barely tell apart.
    telling = [g for g in plan.groups if not set(_words([g])) <= how.broad]
    source, pool = "resource_search r", how.pool
    recent = "ORDER BY r.updated_at DESC, r.name_key, r.id"
    if not telling:
        return f"SELECT {cols} FROM {source} WHERE {' AND '.join(where)} {recent} LIMIT {pool}"  # noqa: S608
    query = f"to_tsquery('english', {st.bind('telling', _tsquery(_words(telling), '|'))})"
    # Needing every group already needs the telling words; said twice, the planner would
    # count its share of rows twice and guess too few to read them in RUM's order.
    said = how.every or (single_words(plan) and len(telling) == len(plan.groups))
    found = where if said else [*where, f"r.tsv @@ {query}"]
    ranked = f"SELECT {cols} FROM {source} WHERE {' AND '.join(found)} ORDER BY r.tsv <=> {query} LIMIT {pool}"  # noqa: S608, E501
    if how.every or len(telling) == len(plan.groups):
        return ranked
    rest = " AND ".join([*where, f"NOT r.tsv @@ {query}"])
    return f"""SELECT * FROM (
        ({ranked})
        UNION ALL
        (SELECT {cols} FROM {source} WHERE {rest} {recent} LIMIT {pool})
    ) AS u LIMIT {pool}"""  # noqa: S608 - constant fragments and bound parameters only


def said(plan: QueryPlan, every: bool, weights: str = "") -> str:
    """The groups as one tsquery text: each group's words, and every group or any."""
    groups = [_tsquery([f"{w}{weights}" for w in _words([g])], "&") for g in plan.groups]
    return (" & " if every else " | ").join(f"({g})" for g in groups if g)


def own_words(st: Statement, plan: QueryPlan, every: bool) -> str:
    """Whether the row's own text (name A, description and places C) holds the groups' words."""
    # Its tags' vocabulary is weight B (migration 0016): "lunch club" names a socialising
    # interest, so every socialising entry matches it; only some say "lunch club" themselves.
    own = said(plan, every, ":AC")
    return f"r.tsv @@ to_tsquery('english', {st.bind('own', own)})" if own else "false"


def strict_statement(plan: QueryPlan, f: SearchFilters) -> Statement:
    """Whether any usable resource matches every group (else any group will do)."""
    st = Statement()
    matches, _ = group_terms(st, plan)
    if f.statuses:
        matches.append(f"r.status = ANY({st.bind('statuses', list(f.statuses), True)})")
    where = " AND ".join(matches)
    st.sql = f"SELECT EXISTS (SELECT 1 FROM resource_search r WHERE {where})"  # noqa: S608
    return st


COLUMNS = "r.id, r.name_key, r.updated_at, r.interests, r.access, r.setting, r.standard_pence"


def pool_statement(st: Statement, plan: QueryPlan, ask: Ask, how: Ranking, where: list[str]) -> str:
    """The first rows of the page order that pass (one more than counted), read through an index."""
    # The index: places nearest first, RUM's text rank, name or updated.
    f = ask.filters
    pool = st.bind("pool", pool_size(ask))
    cols = f"{COLUMNS}, {how.score} AS score, {how.own} AS own"
    if f.near is not None:  # the point near_terms and nearest_pool read
        st.bind("lat", f.near[0])
        st.bind("lon", f.near[1])
    if by_distance(ask.sort, plan, f):
        return nearest_pool(st, plan, f, how, cols, where)
    dist = "NULL::float8"
    if f.near is not None:
        within, dist = near_terms(st, f)
        where = [*where, within]
    cols += f", {dist} AS dist"
    order = order_by(ask.sort, bool(plan.groups), False)
    if order.startswith("score"):
        return ranked_pool(st, plan, replace(how, pool=pool), cols, where)
    order = "r." + order.replace(", ", ", r.")
    found = " AND ".join(where) or "true"
    return f"SELECT {cols} FROM resource_search r WHERE {found} ORDER BY {order} LIMIT {pool}"  # noqa: S608, E501


POSTCODE_BONUS = 10  # above any text rank: a service at the postcode asked for ranks first
# A place's postcode keys as common.place_codes makes them (whole without spaces or hyphens,
# and its first part), of its UK postcode and of its postal_code as an import gave it.
AT_POSTCODE = (
    "SELECT 1 FROM resource_location l, unnest(ARRAY[l.postcode, l.postal_code]) AS c(code) "
    "WHERE l.resource_id = r.id AND c.code <> '' AND ("
    "regexp_replace(lower(c.code), '[^[:alnum:]]+', '', 'g') = ANY({keys}) OR "
    "lower(substring(c.code FROM '[[:alnum:]]+')) = ANY({keys}))"
)


def postcode_bonus(st: Statement, plan: QueryPlan) -> str:
    """A score bonus for rows with a place at a postcode the query names ('' when none)."""
    keys = sorted({k for found in postcode_keys(plan).values() for k in found})
    if not keys:
        return ""
    at = AT_POSTCODE.format(keys=st.bind("postcodes", keys, True))
    return f" + {POSTCODE_BONUS} * (EXISTS ({at}))::int"


# ts_headline's marks: characters no description holds (any are taken out first), made <mark>
# tags in the escaped excerpt (postgres_backend.marked).
MARK, UNMARK = "\ue000", "\ue001"
HEADLINE = f"StartSel={MARK}, StopSel={UNMARK}, MaxWords=30, MinWords=15, ShortWord=2"


def headline(st: Statement, plan: QueryPlan) -> str:
    """PostgreSQL's excerpt of a row's description around the query's words, marked."""
    # Escaped before PostgreSQL reads it: its parser takes anything like <b> for a tag and drops it.
    marks = st.bind("marks", MARK + UNMARK)
    text = f"translate(coalesce(d.description, ''), {marks}, '')"
    for n, (char, entity) in enumerate((("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))):
        text = f"replace({text}, {st.bind(f'raw{n}', char)}, {st.bind(f'escaped{n}', entity)})"
    shown = f"to_tsquery('english', {st.bind('shown', _tsquery(_words(plan.groups), '|'))})"
    options = st.bind("headline", HEADLINE)
    # '…' where the excerpt cuts the text short (words before or after it).
    return f"""(SELECT CASE WHEN a.at > 1 AND left(b.body, a.at - 1) ~ '\\w' THEN '… ' ELSE '' END
        || h.shown || CASE WHEN a.at > 0 AND substr(b.body, a.at + length(h.plain)) ~ '\\w'
        THEN ' …' ELSE '' END
        FROM (SELECT {text} AS body FROM resource d WHERE d.id = p.id) AS b,
        LATERAL (SELECT x.s AS shown, translate(x.s, {marks}, '') AS plain
                 FROM ts_headline('english', b.body, {shown}, {options}) AS x(s)) AS h,
        LATERAL (SELECT strpos(b.body, h.plain) AS at) AS a)"""  # noqa: S608


def search_statement(plan: QueryPlan, ask: Ask, how: Ranking = Ranking()) -> Statement:
    """One statement: how many match (up to the pool), one page and the facets."""
    # The page's columns: id, km, interests, description.
    st, f = Statement(), ask.filters
    matches, ranks = group_terms(st, plan)
    where = filter_terms(st, f)
    if matches and not how.every and single_words(plan):
        # Any of single words is one OR'ed query: RUM reads it in its order, counted once.
        where.append(
            f"r.tsv @@ to_tsquery('english', {st.bind('any', _tsquery(_words(plan.groups), '|'))})"
        )
    elif matches:
        where.append(f"({(' AND ' if how.every else ' OR ').join(matches)})")
    bonus = ""
    if plan.codes:
        bonus = f" + 0.5 * (r.interests && {st.bind('codes', sorted(plan.codes), True)})::int"
    bonus += postcode_bonus(st, plan)
    score = f"({' + '.join(ranks) or '0'}{bonus}) * {fade_term(st, ask.fade_after, ask.now)}"
    described = headline(st, plan) if ask.snippets and plan.groups else "''"
    tiers = "own" in order_by(ask.sort, bool(plan.groups), f.near is not None)
    how = replace(how, score=score, own=own_words(st, plan, how.every) if tiers else "false")
    st.sql = f"""
    WITH m AS MATERIALIZED ({pool_statement(st, plan, ask, how, where)})
    SELECT (SELECT count(*) FROM m), (SELECT count(*) FROM m WHERE own),
        (SELECT coalesce(json_agg(json_build_array(p.id, p.dist, p.interests, {described})), '[]')
         FROM (SELECT * FROM m ORDER BY {order_by(ask.sort, bool(plan.groups), f.near is not None)}
               LIMIT {st.bind("limit", ask.per_page)} OFFSET {st.bind("offset", ask.offset)}) AS p)
        {FACETS if ask.facets else ""}
    """  # noqa: S608 - constant fragments and bound parameters only
    return st


# Query words whose lexeme is in at least BROAD_SHARE of the search rows and in BROAD_ROWS rows
# or more, by PostgreSQL's own statistics of the tsvector column (kept by ANALYZE, autovacuum's
# included): such a word tells little of what is wanted, and RUM would rank every one of its
# matches (77k at 100k resources, 40-60 ms) to order rows it barely tells apart. A smaller
# directory never has broad words: ranking every match is cheap there.
BROAD_SHARE = 0.3
BROAD_ROWS = 20 * POOL
# Nearest first, reading rows in PostGIS's order finds the pool sooner than gathering the
# matches when the matches are common: in order, about POOL / share entries of the places and
# words' index are read; gathered, share * rows matches, each GATHER_COST times dearer (read
# from the table, measured and sorted), so the two cost alike at a share of
# sqrt(POOL / (GATHER_COST * rows)), 4.5% at 100k. At 100k (the pool's statement alone, warm,
# median of 5 points): 'walk' (14% of rows) 11 ms in order, 46 gathered; 'dog' (3.6%) 19 in
# order, 14 gathered.
GATHER_COST = 5
WORD_SHARES = text(
    """
    SELECT w.word, c.f, (SELECT reltuples FROM pg_class WHERE oid = 'resource_search'::regclass)
    FROM unnest(CAST(:words AS text[])) AS w(word),
        pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS c(e, f)
    WHERE s.schemaname = current_schema() AND s.tablename = 'resource_search'
      AND s.attname = 'tsv' AND c.e = ANY(tsvector_to_array(to_tsvector('english', w.word)))
    """
)


def word_shares(conn: Connection, plan: QueryPlan) -> tuple[dict[str, float], float]:
    """Each query word's share of the search rows where the statistics know it, and the rows."""
    asked = sorted(set(_words(plan.groups)))
    found = list(conn.execute(WORD_SHARES, {"words": asked})) if asked else []
    rows = float(found[0][2]) if found else 0.0
    return {str(w): float(f) for w, f, _ in found}, rows


def broad_words(shares: dict[str, float], rows: float) -> frozenset[str]:
    """The query's words that match most of a large directory (see BROAD_SHARE)."""
    return frozenset(w for w, f in shares.items() if f >= BROAD_SHARE and f * rows >= BROAD_ROWS)


def gathers(plan: QueryPlan, shares: dict[str, float], rows: float, every: bool) -> bool:
    """Nearest first, whether the matches are few enough to gather (see WORD_SHARES)."""
    # Words taken as independent: every group needed, the product of the groups' shares; any
    # will do, one less the product of their misses. A word the statistics omit is rare.
    groups = [math.prod(shares.get(w, 0.0) for w in _words([g])) for g in plan.groups]
    share = math.prod(groups) if every else 1 - math.prod(1 - g for g in groups)
    return rows <= 0 or share < math.sqrt(POOL / (GATHER_COST * rows))


# Whether a word matches anything (planned for the word: a broad one is found in the first rows
# read in turn, a rare one through the index, which gathers all its matches first).
MATCHES = text(
    "SELECT numnode(plainto_tsquery('english', :word)) = 0 OR EXISTS ("
    " SELECT 1 FROM resource_search r WHERE r.tsv @@ plainto_tsquery('english', :word))"
)
# Indexed words close in spelling to words that match nothing (trigrams first; the caller then
# keeps those within one or two edits).
CLOSE_WORDS = text(
    """
    SELECT w.word, c.word
    FROM unnest(CAST(:words AS text[])) AS w(word)
    CROSS JOIN LATERAL (
        SELECT s.word FROM search_word s WHERE s.word % w.word
        ORDER BY s.word <-> w.word, s.word LIMIT 20
    ) AS c
    """
)
# Those of the words with two neighbouring letters swapped (common.swaps) that are indexed words.
SWAPPED_WORDS = text(
    """
    SELECT v.typed, v.swapped
    FROM unnest(CAST(:typed AS text[]), CAST(:swapped AS text[]))
        WITH ORDINALITY AS v(typed, swapped, n)
    WHERE EXISTS (SELECT 1 FROM search_word s WHERE s.word = v.swapped)
    ORDER BY v.n
    """
)
# RUM sorts every match of a broad word (77k at 100k resources) to rank them: in memory, not
# spilled to disk at the default 4 MB, it takes half the time. JIT compiling costs more than
# any search statement runs (600 ms for a plan whose estimate a planner setting inflated). The
# driver prepares a statement run often, and PostgreSQL then plans it once for any parameters:
# blind to which words are asked, that generic plan gathers every match of a broad word (2 ms
# planned for the words, 100 ms generic). Per search transaction only.
SEARCH_SETTINGS = text(
    "SELECT set_config('work_mem', '32MB', true), set_config('jit', 'off', true),"
    " set_config('plan_cache_mode', 'force_custom_plan', true),"
    " set_config('max_parallel_workers_per_gather', '0', true)"
)
# Near a place, read rows in the pool's order (PostGIS's nearest first, or RUM's rank) and stop
# when the pool is full, rather than gather every match and sort them, which the planner
# prefers as it guesses too few (a place name is in more rows than it guesses), and, nearest
# first with no radius, sorting too. Not so when the matches are few (`gathers`): gathered
# through the words' GIN index, not read in PostGIS's order checking each row
# (postgres_backend.near_plan).
NEAR_PLAN = text("SELECT set_config('enable_bitmapscan', 'off', true)")
DISTANCE_PLAN = text("SELECT set_config('enable_sort', 'off', true)")
GATHER_PLAN = text("SELECT set_config('enable_indexscan', 'off', true)")
TRIGRAM_THRESHOLD = text("SET LOCAL pg_trgm.similarity_threshold = 0.2")
# Whether every resource has its search row.
EVERY_ROW = text("SELECT (SELECT count(*) FROM resource) = (SELECT count(*) FROM resource_search)")
