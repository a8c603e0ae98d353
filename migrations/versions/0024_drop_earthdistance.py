"""PostgreSQL: drop cube and earthdistance, which no query uses since PostGIS measures distance

Revision ID: 0024
Revises: 0023

Migration 0016 made `search_earth(lat, lon)` (earthdistance's ll_to_earth) for an index on
places; 0023 moved nearest first and the radius to PostGIS and dropped that index. The function
and the two extensions under it are left unused, so they go. Nothing on SQLite.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op
from sqlalchemy import text

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The two extensions held, and whether this role may drop each (it owns it, or is a superuser).
HELD = """
SELECT extname, pg_has_role(extowner, 'USAGE') FROM pg_extension
WHERE extname IN ('cube', 'earthdistance')
"""


def upgrade() -> None:
    """Drop search_earth, then earthdistance and cube where this role may (they are unused)."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS search_earth(float8, float8)")
    # A superuser may have made them before the app's role first migrated (README): only their
    # owner can drop them, and left in place they do no harm. No CASCADE: if something of the
    # operator's own uses them, the upgrade stops and says so.
    held = {str(name): bool(may) for name, may in bind.execute(text(HELD))}
    if held.get("earthdistance"):
        op.execute("DROP EXTENSION earthdistance")
    if held.get("cube") and held.get("earthdistance", True):  # earthdistance needs cube
        op.execute("DROP EXTENSION cube")


def downgrade() -> None:
    """The extensions and migration 0016's search_earth again (0023's downgrade indexes it)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS cube")
    op.execute("CREATE EXTENSION IF NOT EXISTS earthdistance")
    path = Path(__file__).with_name("0016_search_in_postgres.py")
    spec = importlib.util.spec_from_file_location("migration_0016", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    op.execute(module.earth_function(op.get_bind()))
