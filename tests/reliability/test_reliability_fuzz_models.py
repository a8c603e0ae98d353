"""Every field of every submitted model and form, fuzzed: a value is accepted, or refused with a
message that names the field; never an exception a person would see as a server error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from werkzeug.datastructures import MultiDict

from core import db
from directory.models import ResourceUpdate
from directory.validation import messages
from tests.reliability import fuzz
from wsgi import create_app

BASELINES: dict[str, tuple[type[BaseModel], dict[str, Any]]] = {
    "ResourceUpdate": (
        ResourceUpdate,
        {"name": "Walking group", "setting": "online", "version": 1},
    ),
}
try:  # the matcher's models, when the matcher is installed
    from matcher.models import GoalCreate, PersonCreate

    BASELINES["PersonCreate"] = (PersonCreate, {"label": "P1"})
    BASELINES["GoalCreate"] = (GoalCreate, {"title": "Go swimming"})
except ImportError:  # pragma: no cover - the matcher is part of this repository
    pass

MODEL_FIELDS = [(name, f) for name, (model, _) in BASELINES.items() for f in model.model_fields]
QUICK_ADD_FIELDS = [
    "name",
    "description",
    "told_by",
    "phone",
    "url",
    "place",
    "online",
    "day",
    "often",
    "start",
    "end",
    "cost",
    "concession",
]
SEARCH_FIELDS = [
    "q",
    "interest",
    "access",
    "setting",
    "free",
    "benefits",
    "max_cost",
    "day",
    "from",
    "to",
    "near",
    "radius",
    "sort",
    "page",
]


@pytest.mark.parametrize(("model_name", "field"), MODEL_FIELDS)
def test_model_field_rejections_are_clear(model_name: str, field: str) -> None:
    model, baseline = BASELINES[model_name]
    model.model_validate(baseline)  # the baseline itself is valid

    @given(values=fuzz.batches(fuzz.json_value))
    @settings(**fuzz.settings_kwargs(fuzz.examples_for(fuzz.EXAMPLES)))
    def check(values: list[Any]) -> None:
        for value in values:
            try:
                model.model_validate({**baseline, field: value})
            except ValidationError as exc:
                problem = fuzz.clear(messages(exc), field)
                assert problem is None, (value, problem)

    check()


@pytest.fixture
def sqlite_app(sqlite_template: Path, tmp_path: Path) -> Iterator[Flask]:
    """An app on a copy of the migrated SQLite template (form parsers look places up)."""
    import shutil

    path = tmp_path / "fuzz.sqlite3"
    shutil.copy(sqlite_template, path)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{path}",
            "INDEX_DIR": str(tmp_path / "index"),
            "INSTANCE_DIR": str(tmp_path / "instance"),
            "SECRET_KEY": "fuzz-secret-key-that-is-long-enough-0123456789",
        }
    )
    yield app
    db.get_engine(app).dispose()


VALID_QUICK_ADD = {"name": "Knit and natter", "online": "1"}


@pytest.mark.parametrize("field", QUICK_ADD_FIELDS)
def test_quick_add_form_rejections_are_clear(sqlite_app: Flask, field: str) -> None:
    from directory.views.quick_add_form import parse_quick_add

    @given(values=fuzz.batches(fuzz.nasty_text))
    @settings(**fuzz.settings_kwargs(fuzz.examples_for(fuzz.EXAMPLES)))
    def check(values: list[str]) -> None:
        for value in values:
            form = MultiDict({**VALID_QUICK_ADD, field: value})
            with sqlite_app.test_request_context("/workspace/add", method="POST", data=form):
                data, errors = parse_quick_add(form)
            if data is None:
                problem = fuzz.clear(errors, field)
                # The day, start and end are one question on the form, answered together.
                if problem and field in ("start", "end"):
                    problem = fuzz.clear(errors, "day")
                if problem and field == "online":
                    problem = fuzz.clear(errors, "place")
                assert problem is None, (value, problem)

    check()


@pytest.mark.parametrize("field", SEARCH_FIELDS)
def test_search_form_never_fails(sqlite_app: Flask, field: str) -> None:
    from directory.search_form import parse_search

    @given(values=fuzz.batches(fuzz.nasty_text), again=st.booleans())
    @settings(**fuzz.settings_kwargs(fuzz.examples_for(fuzz.EXAMPLES)))
    def check(values: list[str], again: bool) -> None:
        for value in values:
            args = MultiDict([(field, value)] + ([(field, value[::-1])] if again else []))
            with sqlite_app.app_context():
                form = parse_search(args, db.get_session())
            for message in getattr(form, "errors", {}).values():
                assert str(message).strip(), value

    check()
