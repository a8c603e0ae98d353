"""PostgreSQL: a resource's search row is rebuilt once per flush or transaction, not per statement

Revision ID: 0019
Revises: 0018

The statement triggers of 0016 rebuilt the rows of the resources a statement touched at once;
but a driver sends a chunk's rows one INSERT each (psycopg's executemany), so a 100k import
rebuilt every row three times, one resource per call (most of its 16 minutes). Now the triggers
only note the touched ids in `search_due` (this transaction's rows); a deferred constraint
trigger on it rebuilds all of them in one statement, at commit or when the app says a flush is
done (`SET CONSTRAINTS search_due_refresh IMMEDIATE`, directory/changes.py). Still in the
writing transaction. Nothing on SQLite.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Which resources a statement touched, by the table's link to them (as 0016 left them).
TOUCHED = {
    "resource": "SELECT id FROM changed",
    "resource_tag": "SELECT resource_id FROM changed",
    "resource_location": "SELECT resource_id FROM changed",
    "resource_language": "SELECT resource_id FROM changed",
    "resource_term": "SELECT resource_id FROM changed",
    "resource_cost": "SELECT resource_id FROM changed",
    "resource_session": "SELECT resource_id FROM changed",
    "organisation": "SELECT r.id FROM resource r JOIN changed c ON r.organisation_id = c.id",
    "source_term": (
        "SELECT rt.resource_id FROM resource_term rt JOIN changed c ON rt.term_id = c.id"
    ),
}
NOTE = """
INSERT INTO search_due (tx, id)
SELECT DISTINCT txid_current(), x FROM ({touched}) AS t(x) WHERE x IS NOT NULL
ON CONFLICT DO NOTHING;
"""
REFRESH = "PERFORM search_refresh(array(SELECT DISTINCT x FROM ({touched}) AS t(x)));"
TOUCH = """
CREATE OR REPLACE FUNCTION search_touch_{table}() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    {action}
    RETURN NULL;
END $fn$
"""
# Unlogged: its rows never outlive the transaction that wrote them.
DUE = """
CREATE UNLOGGED TABLE search_due (
    tx bigint NOT NULL,
    id varchar(64) NOT NULL,
    PRIMARY KEY (tx, id)
);
CREATE FUNCTION search_refresh_due() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    -- The first of a batch's deferred events rebuilds the whole batch; the rest find it done.
    IF EXISTS (SELECT 1 FROM search_due WHERE tx = NEW.tx AND id = NEW.id) THEN
        PERFORM search_refresh(array(SELECT id FROM search_due WHERE tx = NEW.tx ORDER BY id));
        DELETE FROM search_due WHERE tx = NEW.tx;
    END IF;
    RETURN NULL;
END $fn$;
CREATE CONSTRAINT TRIGGER search_due_refresh AFTER INSERT ON search_due
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION search_refresh_due();
"""


def _touch(action: str) -> list[str]:
    """Each table's trigger function, doing the action for the resources a statement touched."""
    return [
        TOUCH.format(table=table, action=action.format(touched=touched))
        for table, touched in TOUCHED.items()
    ]


def upgrade() -> None:
    """The due table and its deferred trigger; the table triggers only note ids."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(DUE)
    for statement in _touch(NOTE):
        op.execute(statement)


def downgrade() -> None:
    """The table triggers rebuild rows at once again."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _touch(REFRESH):
        op.execute(statement)
    op.execute("DROP TABLE IF EXISTS search_due")
    op.execute("DROP FUNCTION IF EXISTS search_refresh_due()")
