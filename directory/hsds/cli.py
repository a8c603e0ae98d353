"""The `import-hsds` and `export-hsds` commands."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlmodel import Session, col, select

from core import db
from directory import vocabulary
from directory.hsds.export import export_document
from directory.hsds.importer import ImportFailed, ImportReport, import_document, normalise
from directory.hsds.mapping import Problem
from directory.models import Resource


def namespace_for(path: Path) -> str:
    """A name from the folder, for a dataset that names itself nowhere."""
    resolved = path.resolve()
    if resolved.name.lower() in ("data", "csv", "export", "hsds"):
        return f"{resolved.parent.name}/{resolved.name}"
    return resolved.name


def _known_source(session: Session, ids: list[str]) -> str:
    """The source already holding most of these source ids ('' when none does)."""
    found: Counter[str] = Counter()
    for start in range(0, min(len(ids), 2000), 500):
        rows = session.exec(
            select(Resource.source).where(col(Resource.source_id).in_(ids[start : start + 500]))
        ).all()
        found.update(r for r in rows if r)
    if not found:
        return ""
    source, hits = found.most_common(1)[0]
    return source if hits * 2 >= min(len(ids), 2000) else ""


def source_for(session: Session, path: Path, doc: dict[str, Any]) -> str:
    """The default source name: the dataset's own, else an existing source's, else the path's."""
    # An existing source that already holds these records wins over the file or folder name, so a
    # renamed folder is the same source.
    from directory.hsds.import_csv import dataset_name  # file readers: loaded by commands only

    if path.is_dir():
        named = dataset_name(path)
        if named:
            return named
    ids = [
        str(s.get("id")).strip()
        for s in doc.get("services") or []
        if isinstance(s, dict) and s.get("id") is not None
    ]
    return _known_source(session, ids) or (namespace_for(path) if path.is_dir() else path.stem)


def read_source(path: Path) -> tuple[Any, list[Problem], dict[str, int], bool]:
    """The document at the path, its notes, row counts, and whether it is the whole dataset."""
    # The path may be a CSV folder, a folder of API pages, a JSON file or an NDJSON file.
    from directory.hsds.import_csv import read_folder
    from directory.hsds.import_json import read_any, read_pages

    if path.is_dir():
        if (path / "services.csv").exists():
            doc, notes, counts = read_folder(path)
            return doc, notes, counts, True
        return {"services": read_pages(path)}, [], {}, True
    doc, partial = read_any(path)
    notes = [Problem(path.name, "one page of several: services absent from it are not marked gone")]
    return doc, notes if partial else [], {}, not partial


def read_term_map(path: Path) -> dict[tuple[str, str], str]:
    """(taxonomy, code) -> interest from a CSV with columns taxonomy, code, interest."""
    from directory.hsds.import_csv import read_csv

    rows = read_csv(path.parent, path.name, ("code", "interest"))
    out: dict[tuple[str, str], str] = {}
    problems = []
    for row in rows:
        if not vocabulary.is_term(vocabulary.INTEREST, row["interest"]):
            problems.append(Problem(row["_where"], f"interest {row['interest']!r} is not a term"))
        out[(row.get("taxonomy", "").lower(), row["code"].lower())] = row["interest"]
    if problems:
        raise ImportFailed("Import refused: the taxonomy map has unknown interests.", problems)
    return out


def import_path(  # type: ignore[no-untyped-def]
    session,
    path: Path,
    progress=None,
    strict: bool = False,
    source: str = "",
    term_map: dict[tuple[str, str], str] | None = None,
    timezone: str = "",
) -> ImportReport:
    """Import an HSDS file or folder (raises ImportFailed; nothing changes on failure)."""
    doc, notes, counts, complete = read_source(path)
    collection = normalise(doc, path.name)
    report = import_document(
        session,
        collection,
        progress,
        where=path.name,
        namespace=source or source_for(session, path, collection),
        strict=strict,
        read_counts=counts or None,
        complete=complete,
        timezone=timezone,
        term_map=term_map,
        notes=notes,
        consume=True,
    )
    return report


def valid_timezone(zone: str) -> bool:
    """Tell whether the text is an IANA timezone name or a UTC offset such as +01:00."""
    if re.match(r"^[+-]\d{2}:\d{2}$", zone) or not zone:
        return True
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@click.command("import-hsds")
@with_appcontext
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Refuse the import if anything would not be kept.")
@click.option("--verbose", "-v", is_flag=True, help="List every note about mapped fields.")
@click.option("--source", "source_name", default="", help="The source's name (its identity).")
@click.option(
    "--map-taxonomy",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV (taxonomy, code, interest) mapping the source's terms onto interests.",
)
@click.option("--timezone", default="", help="Timezone of times given without one.")
def import_hsds_command(  # noqa: PLR0913
    source: Path,
    strict: bool,
    verbose: bool,
    source_name: str,
    map_taxonomy: Path | None,
    timezone: str,
) -> None:
    """Import an Open Referral HSDS file (JSON, API page, NDJSON) or folder (CSV or pages)."""
    db.require_current_schema()
    session = db.get_session()
    zone = timezone or current_app.config.get("TIMEZONE", "")
    if not valid_timezone(zone):
        raise click.BadParameter(
            f"{zone!r} is not a timezone (e.g. Europe/London)", param_hint="--timezone"
        )
    with click.progressbar(length=1, label="Importing") as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        try:
            terms = read_term_map(map_taxonomy) if map_taxonomy else None
            report = import_path(session, source, progress, strict, source_name, terms, zone)
        except ImportFailed as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(report.summary())
    if not report.geocoder:
        click.echo("No geocoder available (directory.geo): places without coordinates keep none.")
    for problem in report.skipped:
        click.echo(f"Skipped {problem}")
    if verbose:
        for problem in report.notes:
            click.echo(f"Note {problem}")
    elif report.notes:
        click.echo(f"{len(report.notes)} notes about what was not kept (see --verbose).")


@click.command("export-hsds")
@with_appcontext
@click.argument("target", type=click.Path(writable=True, path_type=Path))
@click.option("--include-hidden", is_flag=True, help="Also export resources not shown publicly.")
@click.option(
    "--profile",
    type=click.Choice(["hsds", "uk"]),
    default="hsds",
    show_default=True,
    help="HSDS 3.0, or the Open Referral UK profile.",
)
@click.option(
    "--format",
    "form",
    type=click.Choice(["json", "datapackage"]),
    default="json",
    show_default=True,
    help="One JSON collection file, or a folder of HSDS 3.0 CSV tables with a datapackage.json.",
)
def export_hsds_command(target: Path, include_hidden: bool, profile: str, form: str) -> None:
    """Write the directory as an HSDS 3.0 JSON collection or tabular package (public fields)."""
    db.require_current_schema()
    if form == "datapackage" and profile != "hsds":
        raise click.UsageError("--format datapackage writes the HSDS 3.0 tables; drop --profile.")
    if target.is_dir() if form == "json" else target.is_file():
        kind = "a file" if form == "json" else "a folder"
        raise click.UsageError(f"TARGET must be {kind} for --format {form}: {target}")
    doc = export_document(db.get_session(), include_hidden=include_hidden, profile=profile)
    counted = f"{len(doc['services'])} services and {len(doc['organizations'])} organisations"
    if form == "json":
        target.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        click.echo(f"Wrote {counted} to {target}.")
        return
    from directory.hsds import tabular

    flat = tabular.write_package(doc, target)
    click.echo(f"Wrote {counted} as CSV tables and datapackage.json in {target}.")
    for what, count in sorted(flat.not_kept.items()):
        click.echo(f"Not in the tabular form: {what} ({count}); the JSON export keeps them.")


def init_app(app: Flask) -> None:
    """Register the HSDS commands."""
    app.cli.add_command(import_hsds_command)
    app.cli.add_command(export_hsds_command)
