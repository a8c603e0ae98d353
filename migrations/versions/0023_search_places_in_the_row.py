"""PostgreSQL: each search row holds its places, read nearest first through PostGIS's index

Revision ID: 0023
Revises: 0022

Nearest first read places one by one through their own index (cube/earthdistance), then each
place's search row to check its words (80-110 ms for a common word at 100k resources). Now
resource_search holds its places as one PostGIS geography (`places`, a MultiPoint written by
search_refresh), and one GiST index holds both the places and the words: PostGIS's `<->` reads
rows nearest first by their nearest place, the words checked in the index. The places' own
GiST index goes, as no query reads it now. Nothing on SQLite. Needs PostGIS (Debian:
postgresql-<version>-postgis-3).
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A resource's places with coordinates, in their order, as one geography (NULL with none).
PLACES = """ST_Multi(ST_Collect(ST_MakePoint(l.longitude, l.latitude) ORDER BY l.id)
            FILTER (WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL))::geography"""

# Migration 0016's search_refresh, with each resource's places (`places`) and its columns
# named (the stored `days` cannot be given a value).
REFRESH = rf"""
CREATE OR REPLACE FUNCTION search_refresh(ids varchar[]) RETURNS void LANGUAGE sql AS $fn$
DELETE FROM resource_search s
WHERE s.id = ANY(ids) AND NOT EXISTS (SELECT 1 FROM resource r WHERE r.id = s.id);
WITH docs AS (
    SELECT r.id, r.name AS a,
        concat_ws(' ', tags.words, coalesce(kind.words, r.setting)) AS b,
        concat_ws(' ', r.description, o.name, places.words, langs.words, cats.words) AS c,
        r.status, r.setting, r.review_state,
        r.review_state = 'confirmed' AND r.is_public AND r.status = 'active' AS listed,
        r.updated_at, coalesce(r.last_confirmed_at, r.created_at) AS seen_at,
        coalesce(tags.interests, '{{}}') AS interests, coalesce(tags.access, '{{}}') AS access,
        coalesce(costs.standard, 0) AS standard, costs.concession,
        coalesce((SELECT array_agg(concat_ws(' ', s.day, s.start, s."end") ORDER BY s.id)
            FROM resource_session s WHERE s.resource_id = r.id), '{{}}') AS sessions,
        places.at AS places
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
            nullif(l.postcode, ''), nullif(split_part(l.postcode, ' ', 1), '')), ' ') AS words,
            {PLACES} AS at
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
    INSERT INTO resource_search AS s (id, tsv, name_key, status, setting, review_state, listed,
        updated_at, seen_at, interests, access, standard_pence, concession_pence, sessions,
        places)
    SELECT id,
        setweight(to_tsvector('english', a), 'A') || setweight(to_tsvector('english', b), 'B')
            || setweight(to_tsvector('english', c), 'C'),
        lower(a), status, setting, review_state, listed, updated_at, seen_at, interests, access,
        standard, concession, sessions, places
    FROM docs
    ON CONFLICT (id) DO UPDATE SET tsv = excluded.tsv, name_key = excluded.name_key,
        status = excluded.status, setting = excluded.setting,
        review_state = excluded.review_state, listed = excluded.listed,
        updated_at = excluded.updated_at, seen_at = excluded.seen_at,
        interests = excluded.interests, access = excluded.access,
        standard_pence = excluded.standard_pence, concession_pence = excluded.concession_pence,
        sessions = excluded.sessions, places = excluded.places
)
INSERT INTO search_word (word)
SELECT DISTINCT w[1] FROM docs, regexp_matches(lower(concat_ws(' ', a, b, c)), '[[:alnum:]]+', 'g') AS w
WHERE length(w[1]) BETWEEN 2 AND 60 AND w[1] !~ '^[0-9]+$'
ORDER BY 1  -- the same order in every transaction: concurrent inserts cannot deadlock
ON CONFLICT DO NOTHING;
$fn$;
"""
# The places of the rows already stored (their other columns are unchanged).
FILL = f"""
UPDATE resource_search s SET places = p.at
FROM (SELECT l.resource_id, {PLACES} AS at FROM resource_location l GROUP BY l.resource_id) AS p
WHERE p.resource_id = s.id
"""
# The words stripped of positions and weights (a GiST signature holds neither), so that the
# planner reads them here only where a statement asks for strip(tsv): gathering a word's matches,
# these signatures are many times slower than the words' GIN index, which it does not foresee.
PLACES_INDEX = (
    "CREATE INDEX ix_resource_search_places ON resource_search USING gist (places, strip(tsv))"
)
PLACE_INDEX = """
CREATE INDEX IF NOT EXISTS ix_resource_location_earth ON resource_location
    USING gist (search_earth(latitude, longitude))
    WHERE latitude IS NOT NULL AND longitude IS NOT NULL
"""


def upgrade() -> None:
    """Add the places, fill them, index them with the words; drop the places' own index."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.execute("ALTER TABLE resource_search ADD COLUMN places geography(MultiPoint, 4326)")
    op.execute(REFRESH)
    op.execute(FILL)
    op.execute(PLACES_INDEX)
    op.execute("DROP INDEX IF EXISTS ix_resource_location_earth")
    op.execute("ANALYZE resource_search")


def downgrade() -> None:
    """Migration 0016's functions and the places' own index again."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(PLACE_INDEX)
    op.execute("DROP INDEX IF EXISTS ix_resource_search_places")
    op.execute("DROP FUNCTION IF EXISTS search_rebuild()")  # 0016 makes both again
    op.execute("DROP FUNCTION IF EXISTS search_refresh(varchar[])")
    op.execute("ALTER TABLE resource_search DROP COLUMN places")
    op.execute(_functions_0016())


def _functions_0016() -> str:
    """Migration 0016's search_refresh and search_rebuild, read from its file."""
    path = Path(__file__).with_name("0016_search_in_postgres.py")
    spec = importlib.util.spec_from_file_location("migration_0016", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.REFRESH)
