"""The audit log in names and words: who (name and role), did what, to whom, and when."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from flask import Flask, current_app, url_for
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from core.models import AuditEvent, Team, User
from core.times import moment_text

# Each action in words; {subject} is where the name of what it was about goes.
ACTION_WORDS: dict[str, str] = {
    "sign-in.ok": "signed in",
    "sign-in.fail": "tried to sign in with a wrong password",
    "reauth.ok": "confirmed their password",
    "reauth.fail": "typed a wrong password when asked to confirm it",
    "user.create": "created the account of {subject}",
    "user.invite": "invited {subject}",
    "user.enable": "enabled the account of {subject}",
    "user.disable": "disabled the account of {subject}",
    "user.reset": "made a password reset link for {subject}",
    "user.role-member": "made {subject} a team member",
    "user.role-practitioner": "made {subject} a practitioner",
    "user.role-admin": "made {subject} an admin",
    "team.create": "created the team {subject}",
    "audit.view": "viewed the audit log",
    "audit.export": "exported the audit log",
    "person.list": "viewed the list of people",
    "person.view": "viewed the profile of {subject}",
    "person.create": "added {subject}",
    "person.update": "updated the profile of {subject}",
    "person.export": "exported everything held about {subject}",
    "person.erase": "erased {subject}",
    "match.run": "looked for opportunities for {subject}",
    "shortlist.add": "added to the shortlist of {subject}",
    "shortlist.remove": "removed from the shortlist of {subject}",
    "peers.view": "looked for peers for {subject}",
    "peer.introduce": "asked to introduce {subject} to a peer",
    "peer.introduced": "was asked about an introduction to {subject}",
    "peer.avoid": "recorded that {subject} should not be suggested to someone",
    "peer_consent.record": "recorded the peer consent of {subject}",
    "peer_consent.withdraw": "withdrew the peer consent of {subject}",
    "peer_groups.view": "viewed the suggested new groups",
    "report.view": "viewed the team report",
    "report.export": "exported the team report",
    "connection.create": "logged a new connection for {subject}",
    "connection.stage": "updated a connection of {subject}",
    "tie.create": "added someone to the network of {subject}",
    "tie.end": "ended a tie in the network of {subject}",
}
OUTCOME_WORDS = {"ok": "Done", "refused": "Refused", "retention": "Retention period passed"}
ROLE_WORDS = {
    "member": "team member",
    "practitioner": "practitioner",
    "admin": "admin",
    "owner": "deployment owner",
}


def action_words(action: str) -> str:
    """An action in words; one of the app's own actions not listed here keeps its name."""
    return ACTION_WORDS.get(action, action.replace(".", " ").replace("_", " ") + " {subject}")


# --- Names for what a row is about ------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Whose names the reader may see: one team's, or (a deployment owner) users and teams only."""

    team_id: int | None
    owner: bool = False


Names = Callable[[Session, Scope, list[int]], dict[int, str]]
Find = Callable[[Session, Scope, str], list[int]]


@dataclass(frozen=True)
class SubjectKind:
    """How rows about one kind of subject are named, searched and linked to."""

    names: Names
    find: Find
    link: Callable[[int], str] = field(default=lambda _: "")


SUBJECTS = "commonground.audit_subjects"


def register_subject(app: Flask, subject_type: str, kind: SubjectKind) -> None:
    """Let the audit page name rows about this subject type (the matcher registers "person")."""
    app.extensions.setdefault(SUBJECTS, {})[subject_type] = kind


def _kinds() -> dict[str, SubjectKind]:
    """The subject types this app names, by type."""
    kinds: dict[str, SubjectKind] = current_app.extensions.get(SUBJECTS, {})
    return kinds


def find(session: Session, scope: Scope, subject_type: str, text: str) -> list[int]:
    """The ids of subjects of this type whose name contains the text (none for unknown types)."""
    kind = _kinds().get(subject_type)
    return kind.find(session, scope, text) if kind else []


def action_choices() -> list[tuple[str, str]]:
    """Every action the log names, with its words, for the filter's list."""
    words = {a: action_words(a).replace("{subject}", "…") for a in ACTION_WORDS}
    return sorted(words.items(), key=lambda item: item[1])


def _contains(column: object, text: str) -> object:
    return func.lower(column).contains(text.lower(), autoescape=True)


def user_names(session: Session, scope: Scope, ids: list[int]) -> dict[int, str]:
    """The users' names, within the reader's team (an owner: everyone's)."""
    return {u.id: u.display_name for u in _users(session, scope, ids) if u.id is not None}


def _users(session: Session, scope: Scope, ids: Iterable[int]) -> Sequence[User]:
    query = select(User).where(col(User.id).in_(list(ids)))
    if not scope.owner:
        query = query.where(User.team_id == scope.team_id)
    return session.exec(query).all()


def find_users(session: Session, scope: Scope, text: str) -> list[int]:
    """The users whose name or email contains the text, within the reader's team."""
    query = select(User.id).where(
        or_(_contains(User.display_name, text), _contains(User.email, text))  # type: ignore[arg-type]
    )
    if not scope.owner:
        query = query.where(User.team_id == scope.team_id)
    return [int(i) for i in session.exec(query).all() if i is not None]


def team_names(session: Session, scope: Scope, ids: list[int]) -> dict[int, str]:
    """The teams' names: the reader's own (an owner: every team's)."""
    query = select(Team).where(col(Team.id).in_(ids))
    if not scope.owner:
        query = query.where(Team.id == scope.team_id)
    return {t.id: t.name for t in session.exec(query).all() if t.id is not None}


def find_teams(session: Session, scope: Scope, text: str) -> list[int]:
    """The teams whose name contains the text (the reader's own only, unless an owner)."""
    query = select(Team.id).where(_contains(Team.name, text))  # type: ignore[arg-type]
    if not scope.owner:
        query = query.where(Team.id == scope.team_id)
    return [int(i) for i in session.exec(query).all() if i is not None]


# --- Rows in words ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One audit row as people read it, with the ids it was made from."""

    row: AuditEvent
    when: str
    who: str
    role: str
    team: str
    before: str  # the words before the subject's name
    subject: str  # the subject's name, or its kind and number when the name cannot be shown
    after: str
    subject_link: str
    outcome: str

    @property
    def what(self) -> str:
        """The whole action in words: 'viewed the profile of J.S.'."""
        return f"{self.before}{self.subject}{self.after}"


def _subject_names(session: Session, scope: Scope, rows: Sequence[AuditEvent]) -> dict:
    """Names for every row's subject, by (subject type, id)."""
    wanted: dict[str, set[int]] = {}
    for row in rows:
        if row.subject_type in _kinds() and row.subject_ref.isdigit() and len(row.subject_ref) < 10:
            wanted.setdefault(row.subject_type, set()).add(int(row.subject_ref))
    names: dict[tuple[str, int], str] = {}
    for kind, ids in wanted.items():
        found = _kinds()[kind].names(session, scope, sorted(ids))
        names.update({(kind, i): name for i, name in found.items()})
    return names


def describe(session: Session, scope: Scope, rows: Sequence[AuditEvent]) -> list[Line]:
    """The rows in names and words; what the reader may not see stays a number."""
    actors = {r.actor_id for r in rows if r.actor_id is not None}
    users = {u.id: u for u in _users(session, scope, actors)}
    names = _subject_names(session, scope, rows)
    teams = team_names(session, scope, sorted({r.team_id for r in rows if r.team_id is not None}))
    lines = []
    for row in rows:
        ref = int(row.subject_ref) if row.subject_ref.isdigit() and len(row.subject_ref) < 10 else 0
        name = names.get((row.subject_type, ref), "")
        label = name or f"{row.subject_type} {row.subject_ref}".strip()
        before, _, after = action_words(row.action).partition("{subject}")
        actor = users.get(row.actor_id) if row.actor_id is not None else None
        lines.append(
            Line(
                row=row,
                when=moment_text(row.at),
                who=_who(row, actor),
                role=ROLE_WORDS.get(str(actor.role), "") if actor else "",
                team=teams.get(row.team_id, "") if row.team_id is not None else "",
                before=before,
                subject=label if "{subject}" in action_words(row.action) else "",
                after=after,
                subject_link=_kinds()[row.subject_type].link(ref) if name else "",
                outcome=OUTCOME_WORDS.get(row.outcome, row.outcome),
            )
        )
    return lines


def _who(row: AuditEvent, actor: User | None) -> str:
    """Who did it: their name, the system, or an account the reader cannot see."""
    if actor is not None:
        return actor.display_name
    if row.actor_id is None:
        return (
            "Someone with an unknown email address"
            if row.action == "sign-in.fail"
            else ("The system")
        )
    return f"A user of another team (number {row.actor_id})"


def _user_link(user_id: int) -> str:
    return url_for("auth.users") + f"#user-{user_id}"


def init_app(app: Flask) -> None:
    """Name the users and teams audit rows are about."""
    register_subject(app, "user", SubjectKind(user_names, find_users, _user_link))
    register_subject(app, "team", SubjectKind(team_names, find_teams))
