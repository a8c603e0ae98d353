"""The `import-hsds` and `export-hsds` commands."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from directory import db
from directory.hsds import tabular
from directory.hsds.export import export_document
from directory.hsds.import_csv import read_folder
from directory.hsds.import_json import read_json
from directory.hsds.importer import ImportFailed, ImportReport, import_document


def namespace_for(path: Path) -> str:
    """A name that keeps one CSV folder's numeric ids apart from another's."""
    resolved = path.resolve()
    if resolved.name.lower() in ("data", "csv", "export", "hsds"):
        return f"{resolved.parent.name}/{resolved.name}"
    return resolved.name


def import_path(session, path: Path, progress=None, strict: bool = False) -> ImportReport:  # type: ignore[no-untyped-def]
    """Import an HSDS JSON file or CSV folder (raises ImportFailed; nothing changes on failure)."""
    if path.is_dir():
        doc, notes, counts = read_folder(path)
        report = import_document(
            session,
            doc,
            progress,
            where=path.name,
            namespace=namespace_for(path),
            strict=strict,
            read_counts=counts,
        )
        report.notes = notes + report.notes
        return report
    return import_document(session, read_json(path), progress, where=path.name, strict=strict)


@click.command("import-hsds")
@with_appcontext
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Refuse the whole import if any row is skipped.")
@click.option("--verbose", "-v", is_flag=True, help="List every note about mapped fields.")
def import_hsds_command(source: Path, strict: bool, verbose: bool) -> None:
    """Import an Open Referral HSDS file (JSON) or folder (CSV datapackage or Ohana layout)."""
    db.require_current_schema()
    session = db.get_session()
    with click.progressbar(length=1, label="Importing") as bar:

        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        try:
            report = import_path(session, source, progress, strict)
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
        click.echo(f"{len(report.notes)} notes about mapped fields (see --verbose).")


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
    flat = tabular.write_package(doc, target)
    click.echo(f"Wrote {counted} as CSV tables and datapackage.json in {target}.")
    for what, count in sorted(flat.not_kept.items()):
        click.echo(f"Not in the tabular form: {what} ({count} values); use the JSON export.")


def init_app(app: Flask) -> None:
    """Register the HSDS commands."""
    app.cli.add_command(import_hsds_command)
    app.cli.add_command(export_hsds_command)
