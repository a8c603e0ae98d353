"""Deployment owners: team-less admins become owners; admins always have a team

Until now an admin created without a team managed every team's users and read every team's
audit rows: deployment-wide power. Such admins become owners (role "owner"), who keep that power
for users and teams, and every remaining admin belongs to a team. The database then refuses an
admin without a team and an owner with one (a CHECK on PostgreSQL, triggers on SQLite, where
adding a CHECK would mean rebuilding the user table). Downgrade makes owners team-less admins.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WRONG = "(role = 'admin' AND team_id IS NULL) OR (role = 'owner' AND team_id IS NOT NULL)"
WRONG_ROW = (
    "(NEW.role = 'admin' AND NEW.team_id IS NULL) "
    "OR (NEW.role = 'owner' AND NEW.team_id IS NOT NULL)"
)
MESSAGE = "an admin belongs to a team and an owner to none"
POSTGRES = [f'ALTER TABLE "user" ADD CONSTRAINT ck_user_owner_team CHECK (NOT ({WRONG}))']
SQLITE = [
    f"""CREATE TRIGGER user_owner_team_insert BEFORE INSERT ON "user"
        WHEN {WRONG_ROW}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER user_owner_team_update BEFORE UPDATE OF role, team_id ON "user"
        WHEN {WRONG_ROW}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]


def upgrade() -> None:
    """Make team-less admins owners, then refuse admins without a team and owners with one."""
    op.execute("""UPDATE "user" SET role = 'owner' WHERE role = 'admin' AND team_id IS NULL""")
    statements = POSTGRES if op.get_bind().dialect.name == "postgresql" else SQLITE
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    """Drop the rule and make owners admins without a team again."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute('ALTER TABLE "user" DROP CONSTRAINT IF EXISTS ck_user_owner_team')
    else:
        op.execute("DROP TRIGGER IF EXISTS user_owner_team_insert")
        op.execute("DROP TRIGGER IF EXISTS user_owner_team_update")
    op.execute("""UPDATE "user" SET role = 'admin' WHERE role = 'owner'""")
