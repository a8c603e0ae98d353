"""PostgreSQL: the search table is kept by the database itself (triggers), with its extensions

Revision ID: 0016
Revises: 0013

resource_search becomes one row per resource, written by triggers on every table whose public
text or facts it holds, in the same transaction as the write; search_term holds the vocabulary
and language names its text needs; search_word the words typo correction compares (pg_trgm).
The old table's trigram and updated_us indexes go with it (no query used them); text is ranked
through a RUM index (Debian: postgresql-<version>-rum). Nothing on SQLite.
"""

from collections.abc import Sequence
from typing import Any

from alembic import op

from directory.search.sql import fill_vocabulary

revision: str = "0016"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = """
CREATE TABLE search_term (
    scheme varchar(20) NOT NULL,
    code varchar(200) NOT NULL,
    words text NOT NULL,
    PRIMARY KEY (scheme, code)
);
CREATE TABLE search_word (word text PRIMARY KEY);
CREATE INDEX ix_search_word_trgm ON search_word USING gin (word gin_trgm_ops);
CREATE TABLE resource_search (
    id varchar(64) PRIMARY KEY REFERENCES resource (id) ON DELETE CASCADE,
    tsv tsvector NOT NULL,
    name_key text COLLATE "C" NOT NULL,
    status varchar(20) NOT NULL,
    setting varchar(30) NOT NULL,
    review_state varchar(20) NOT NULL,
    listed boolean NOT NULL,
    updated_at timestamp NOT NULL,
    seen_at timestamp NOT NULL,
    interests text[] NOT NULL,
    access text[] NOT NULL,
    standard_pence integer NOT NULL,
    concession_pence integer,
    sessions text[] NOT NULL  -- 'day HH:MM HH:MM' per session: the day filter reads the row
);
-- RUM (not GIN): its ordered scan ranks by text without reading the table (ORDER BY <=>).
CREATE INDEX ix_resource_search_tsv ON resource_search USING rum (tsv rum_tsvector_ops);
CREATE INDEX ix_resource_search_updated ON resource_search (updated_at DESC, name_key, id);
CREATE INDEX ix_resource_search_interests ON resource_search USING gin (interests);
CREATE INDEX ix_resource_search_name ON resource_search (name_key, id);
CREATE INDEX ix_resource_location_earth ON resource_location
    USING gist (search_earth(latitude, longitude))
    WHERE latitude IS NOT NULL AND longitude IS NOT NULL;
"""

# One statement (re)writes the rows of the given resources: their public text (name A; term
# names and synonyms B; description, organisation, places, languages, source categories C),
# the facts filters and facets read, and any new words for typo correction.
REFRESH = r"""
CREATE FUNCTION search_refresh(ids varchar[]) RETURNS void LANGUAGE sql AS $fn$
DELETE FROM resource_search s
WHERE s.id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM resource r WHERE r.id = s.id);
WITH docs AS (
    SELECT r.id, r.name AS a,
        concat_ws(' ', tags.words, coalesce(kind.words, r.setting)) AS b,
        concat_ws(' ', r.description, o.name, places.words, langs.words, cats.words) AS c,
        r.status, r.setting, r.review_state,
        r.review_state = 'confirmed' AND r.is_public AND r.status = 'active' AS listed,
        r.updated_at, coalesce(r.last_confirmed_at, r.created_at) AS seen_at,
        coalesce(tags.interests, '{}') AS interests, coalesce(tags.access, '{}') AS access,
        coalesce(costs.standard, 0) AS standard, costs.concession,
        coalesce((SELECT array_agg(concat_ws(' ', s.day, s.start, s."end") ORDER BY s.id)
            FROM resource_session s WHERE s.resource_id = r.id), '{}') AS sessions
    FROM resource r
    LEFT JOIN organisation o ON o.id = r.organisation_id
    LEFT JOIN search_term kind ON kind.scheme = 'cg-setting' AND kind.code = r.setting
    LEFT JOIN LATERAL (
        SELECT string_agg(coalesce(v.words, t.code), ' ') AS words,
            array_agg(t.code ORDER BY t.code) FILTER (WHERE t.scheme = 'cg-interest') AS interests,
            array_agg(t.code ORDER BY t.code) FILTER (WHERE t.scheme = 'cg-access') AS access
        FROM resource_tag t LEFT JOIN search_term v ON v.scheme = t.scheme AND v.code = t.code
        WHERE t.resource_id = r.id
    ) tags ON true
    LEFT JOIN LATERAL (
        SELECT string_agg(concat_ws(' ', nullif(l.name, ''), nullif(l.address, ''),
            nullif(l.postcode, ''), nullif(split_part(l.postcode, ' ', 1), '')), ' ') AS words
        FROM resource_location l WHERE l.resource_id = r.id
    ) places ON true
    LEFT JOIN LATERAL (
        SELECT string_agg(concat_ws(' ', g.code, v.words), ' ') AS words
        FROM resource_language g
        LEFT JOIN search_term v ON v.scheme = 'language' AND v.code = g.code
        WHERE g.resource_id = r.id
    ) langs ON true
    LEFT JOIN LATERAL (
        SELECT string_agg(st.name, ' ') AS words
        FROM resource_term rt JOIN source_term st ON st.id = rt.term_id
        WHERE rt.resource_id = r.id
    ) cats ON true
    LEFT JOIN LATERAL (
        SELECT min(c.amount_pence) FILTER (WHERE c.kind <> 'concession') AS standard,
            min(c.amount_pence) FILTER (WHERE c.kind = 'concession') AS concession
        FROM resource_cost c WHERE c.resource_id = r.id
    ) costs ON true
    WHERE r.id = ANY(ids)
), saved AS (
    INSERT INTO resource_search AS s
    SELECT id,
        setweight(to_tsvector('english', a), 'A') || setweight(to_tsvector('english', b), 'B')
            || setweight(to_tsvector('english', c), 'C'),
        lower(a), status, setting, review_state, listed, updated_at, seen_at, interests, access,
        standard, concession, sessions
    FROM docs
    ON CONFLICT (id) DO UPDATE SET tsv = excluded.tsv, name_key = excluded.name_key,
        status = excluded.status, setting = excluded.setting,
        review_state = excluded.review_state, listed = excluded.listed,
        updated_at = excluded.updated_at, seen_at = excluded.seen_at,
        interests = excluded.interests, access = excluded.access,
        standard_pence = excluded.standard_pence, concession_pence = excluded.concession_pence,
        sessions = excluded.sessions
)
INSERT INTO search_word (word)
SELECT DISTINCT w[1] FROM docs, regexp_matches(lower(concat_ws(' ', a, b, c)), '[[:alnum:]]+', 'g') AS w
WHERE length(w[1]) BETWEEN 2 AND 60 AND w[1] !~ '^[0-9]+$'
ORDER BY 1  -- the same order in every transaction: concurrent inserts cannot deadlock
ON CONFLICT DO NOTHING;
$fn$;
CREATE FUNCTION search_rebuild() RETURNS integer LANGUAGE sql AS $fn$
DELETE FROM resource_search;
DELETE FROM search_word;
SELECT search_refresh(array(SELECT id FROM resource));
SELECT count(*)::integer FROM resource_search;
$fn$;
"""

# Which resources a statement touched, by the table's link to them (the transition table).
TOUCHED = {
    "resource": "SELECT id FROM changed",
    "resource_tag": "SELECT resource_id FROM changed",
    "resource_location": "SELECT resource_id FROM changed",
    "resource_language": "SELECT resource_id FROM changed",
    "resource_term": "SELECT resource_id FROM changed",
    "resource_cost": "SELECT resource_id FROM changed",
    "resource_session": "SELECT resource_id FROM changed",
    "organisation": "SELECT r.id FROM resource r JOIN changed c ON r.organisation_id = c.id",
    "source_term": "SELECT rt.resource_id FROM resource_term rt JOIN changed c ON rt.term_id = c.id",
}
EVENTS = {"insert": "NEW", "update": "NEW", "delete": "OLD"}
SKIPPED = {("resource", "delete"), ("organisation", "insert"), ("source_term", "insert")}


def _triggers() -> list[str]:
    """A function per table and a statement trigger per event (transition tables allow one)."""
    out = []
    for table, touched in TOUCHED.items():
        out.append(
            f"""
            CREATE FUNCTION search_touch_{table}() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                PERFORM search_refresh(array(SELECT DISTINCT x FROM ({touched}) AS t(x)));
                RETURN NULL;
            END $fn$
            """
        )
        for event, which in EVENTS.items():
            if (table, event) not in SKIPPED:
                out.append(
                    f"CREATE TRIGGER search_{table}_{event} AFTER {event.upper()} ON {table} "
                    f"REFERENCING {which} TABLE AS changed FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION search_touch_{table}()"
                )
    return out


def earth_function(bind: Any) -> str:
    """`search_earth(lat, lon)`: earthdistance's ll_to_earth with every name schema-qualified.

    Why: ll_to_earth names `earth` and `cube` unqualified, so an index on it breaks wherever
    the search path is narrowed (pg_restore, maintenance), and a restored backup lost the
    index and every table after it.
    """
    schema = bind.exec_driver_sql(
        "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'cube'"
    ).scalar()
    e = f"{schema}.earth()"
    return f"""
CREATE OR REPLACE FUNCTION search_earth(lat float8, lon float8) RETURNS {schema}.earth
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT {schema}.cube({schema}.cube({schema}.cube({e} * cos(radians(lat)) * cos(radians(lon))),
        {e} * cos(radians(lat)) * sin(radians(lon))), {e} * sin(radians(lat)))::{schema}.earth
$$;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for extension in ("pg_trgm", "cube", "earthdistance", "rum"):
        op.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
    op.execute("DROP TABLE IF EXISTS resource_search")
    op.execute(earth_function(op.get_bind()))
    op.execute(TABLES)
    op.execute(REFRESH)
    for statement in _triggers():
        op.execute(statement)
    bind = op.get_bind()
    fill_vocabulary(bind)
    bind.exec_driver_sql("SELECT search_rebuild()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TOUCHED:
        for event in EVENTS:
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{event} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS search_touch_{table}()")
    op.execute("DROP FUNCTION IF EXISTS search_rebuild()")
    op.execute("DROP FUNCTION IF EXISTS search_refresh(varchar[])")
    op.execute("DROP INDEX IF EXISTS ix_resource_location_earth")
    op.execute("DROP FUNCTION IF EXISTS search_earth(float8, float8)")
    op.execute("DROP TABLE IF EXISTS resource_search, search_word, search_term")
    op.execute(
        """
        CREATE TABLE resource_search (
            id varchar(64) PRIMARY KEY,
            tsv tsvector NOT NULL,
            words text NOT NULL DEFAULT '',
            interests text[] NOT NULL DEFAULT '{}',
            status varchar(20) NOT NULL DEFAULT 'active',
            updated_us bigint NOT NULL DEFAULT 0
        )
        """
    )
    op.execute("CREATE INDEX ix_resource_search_tsv ON resource_search USING gin (tsv)")
