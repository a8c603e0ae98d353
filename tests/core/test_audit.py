"""The audit log is append-only on both databases and never holds field values."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import Session

from core import audit, db
from core.models import AuditEvent


def test_record_appends_a_row_with_ids_only(app):
    with app.app_context():
        audit.record("person.view", "person", "p-123", actor_id=7, team_id=2)
        rows = audit.events(db.get_session(), "person", "p-123")
    assert [(r.action, r.subject_ref, r.actor_id, r.team_id) for r in rows] == [
        ("person.view", "p-123", 7, 2)
    ]
    assert set(AuditEvent.model_fields) == {
        "id",
        "at",
        "actor_id",
        "team_id",
        "action",
        "subject_type",
        "subject_ref",
        "outcome",
    }


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_event SET action = 'edited'", "DELETE FROM audit_event"],
)
def test_update_and_delete_fail(app, statement):
    with app.app_context():
        audit.record("sign-in.ok", "user", 1, actor_id=1)
    engine = db.get_engine(app)
    with Session(db.writer(engine)) as session:
        with pytest.raises(Exception, match="append-only"):
            session.exec(text(statement))
            session.commit()
    with app.app_context():
        assert [r.action for r in audit.events(db.get_session())] == ["sign-in.ok"]
