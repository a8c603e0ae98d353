"""People's labels on the audit page: the admin's own team only, never an owner's view."""

from __future__ import annotations

from flask import Flask, url_for
from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from core.audit_words import Scope, SubjectKind, register_subject
from matcher.models import Person


def person_labels(session: Session, scope: Scope, ids: list[int]) -> dict[int, str]:
    """The labels of these people in the reader's team (a deployment owner sees no one's)."""
    if scope.owner or scope.team_id is None:
        return {}
    query = select(Person.id, Person.label).where(
        col(Person.id).in_(ids), Person.team_id == scope.team_id
    )
    return {int(i): label for i, label in session.exec(query).all() if i is not None}


def find_people(session: Session, scope: Scope, text: str) -> list[int]:
    """The reader's team's people whose label or reference contains the text."""
    if scope.owner or scope.team_id is None or not text:
        return []
    wanted = text.lower()
    query = select(Person.id).where(
        Person.team_id == scope.team_id,
        or_(
            func.lower(Person.label).contains(wanted, autoescape=True),
            func.lower(Person.reference).contains(wanted, autoescape=True),
        ),
    )
    return [int(i) for i in session.exec(query).all() if i is not None]


def _person_link(person_id: int) -> str:
    return url_for("people.person", person_id=person_id)


def init_app(app: Flask) -> None:
    """Name the people audit rows are about."""
    register_subject(app, "person", SubjectKind(person_labels, find_people, _person_link))
