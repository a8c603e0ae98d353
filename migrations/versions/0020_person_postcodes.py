"""People's postcodes stored as the gazetteer keeps them ("ls12 4ab" -> "LS12 4AB")

Revision ID: 0020
Revises: 0019

The person form and API normalise a postcode since an earlier release (matcher/models/person.py);
people saved before kept theirs as typed until next saved. Here the same rule is applied to
every stored one: a full postcode in canonical form, anything else trimmed and upper-cased.
Nothing is printed or logged (postcodes are personal data).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from directory.models.base import normalise_postcode

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _canonical(value: str) -> str:
    """The rule the person model applies to a postcode as it is saved."""
    try:
        return normalise_postcode(value) if value.strip() else ""
    except ValueError:
        return value.strip().upper()


def upgrade() -> None:
    """Rewrite the postcodes not already in canonical form."""
    person = sa.table("person", sa.column("id", sa.Integer), sa.column("postcode", sa.String))
    conn = op.get_bind()
    rows = conn.execute(sa.select(person.c.id, person.c.postcode)).all()
    changed = [
        {"pid": pid, "code": _canonical(code)} for pid, code in rows if code != _canonical(code)
    ]
    if changed:
        update = person.update().where(person.c.id == sa.bindparam("pid"))
        conn.execute(update.values(postcode=sa.bindparam("code")), changed)


def downgrade() -> None:
    """Nothing to undo: the canonical form is what the app has saved since."""
