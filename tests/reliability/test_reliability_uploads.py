"""Imports and uploads refuse malformed, huge and wrongly encoded input with a clear message,
changing nothing; an over-large request is a 413 page, never a 500."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from core import db
from core.backup import table_counts

SERVICE = {"id": "s1", "name": "Café walk", "description": "A walk", "status": "active"}
GOOD_JSON = json.dumps({"services": [SERVICE]}, ensure_ascii=False)
GOOD_CSV = "id,name,description,status\ns1,Café walk,A walk,active\n"
GAZETTEER = "postcode,latitude,longitude\nSW1A 1AA,51.501,-0.141\nLS1 4AP,53.799,-1.549\n"
JUNK = bytes(range(256)) * 64

HSDS_FILES = {
    "truncated": GOOD_JSON[:-5].encode(),
    "not-json": b"services: [walk]",
    "wrong-shape": b'{"services": "a walk"}',
    "latin-1": GOOD_JSON.encode("latin-1"),
    "utf-16": GOOD_JSON.encode("utf-16"),
    "binary": JUNK,
    "huge": b'{"services": [' + b'{"id": "x", "name": ' * 200_000 + b"]}",
}
CSV_FILES = {
    "latin-1": GOOD_CSV.encode("latin-1"),
    "utf-16": GOOD_CSV.encode("utf-16"),
    "binary": JUNK,
    "unclosed-quote": b'id,name\ns1,"Caf\xc3\xa9 walk\n',
}
GAZETTEER_FILES = {
    "latin-1": (GAZETTEER + "ÉÉ1 1AA,51,-1\n").encode("latin-1"),
    "utf-16": GAZETTEER.encode("utf-16"),
    "binary": JUNK,
    "no-header": b"51.5,-0.1\n",
    "bad-numbers": b"postcode,latitude,longitude\nSW1A 1AA,north,west\n",
    "empty": b"",
}


def _refused(app: Flask, runner: FlaskCliRunner, args: list[str]) -> str:
    """Run a command that must refuse its input: a clear message, no traceback, no change."""
    engine = db.get_engine(app)
    before = table_counts(engine)
    result = runner.invoke(args=args)
    assert result.exit_code != 0, f"{args} was accepted: {result.output}"
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Error:" in result.output and "Traceback" not in result.output, result.output
    assert table_counts(engine) == before
    return result.output


@pytest.mark.parametrize("kind", sorted(HSDS_FILES))
def test_hsds_json_import_refuses_bad_files(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "services.json"
    path.write_bytes(HSDS_FILES[kind])
    _refused(app, runner, ["import-hsds", str(path)])


@pytest.mark.parametrize("kind", sorted(CSV_FILES))
def test_hsds_csv_import_refuses_bad_files(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, kind: str
) -> None:
    folder = tmp_path / "upload"
    folder.mkdir()
    (folder / "services.csv").write_bytes(CSV_FILES[kind])
    _refused(app, runner, ["import-hsds", str(folder)])


@pytest.mark.parametrize("kind", sorted(GAZETTEER_FILES))
def test_gazetteer_import_refuses_bad_files(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "places.csv"
    path.write_bytes(GAZETTEER_FILES[kind])
    _refused(app, runner, ["import-gazetteer", str(path)])


def test_good_files_import(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> None:
    """The same content, well formed, goes in (so the refusals above are about the form)."""
    path = tmp_path / "places.csv"
    path.write_text(GAZETTEER, encoding="utf-8")
    result = runner.invoke(args=["import-gazetteer", str(path)])
    assert result.exit_code == 0, result.output


def test_an_over_large_request_is_a_clear_413(users: dict[str, int], client: FlaskClient) -> None:
    client.post(
        "/login", data={"email": "member@example.org", "password": "a calm walk by the canal"}
    )
    limit = int(client.application.config["MAX_CONTENT_LENGTH"])
    body = {"name": "x" * (limit + 1024), "online": "1"}
    page = client.post("/workspace/add", data=body)
    assert page.status_code == 413
    text = page.get_data(as_text=True)
    assert "too large" in text.lower() or "too big" in text.lower(), text[:500]
    api = client.put(
        "/api/workspace/resources/r1",
        data=b"{" + b" " * (limit + 10) + b"}",
        content_type="application/json",
    )
    assert api.status_code == 413
    assert api.get_json()["message"]
