"""`commonground eval`: run the matcher over a judged test collection and print the metrics."""

from __future__ import annotations

import json
import math
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import click
import numpy as np
from sqlmodel import Session

from core import db
from directory import changes
from directory.hsds import ImportFailed, import_document
from matcher import features, fit, gaps, profile, rank
from matcher.constraints import check
from matcher.features import Features


@dataclass(frozen=True)
class PersonaResult:
    """One persona's scores."""

    id: str
    ndcg10: float
    violation_rate: float
    diversity5: int
    returned: int


@dataclass(frozen=True)
class Report:
    """Mean scores over every persona, and each persona's."""

    ndcg10: float
    violation_rate: float
    diversity5: float
    personas: list[PersonaResult]


def load_directory(path: Path) -> Features:
    """Import an HSDS 3.0 file into a throwaway SQLite database and build the matcher's arrays."""
    from directory.hsds.import_json import read_json  # a web worker never reads a file import

    with tempfile.TemporaryDirectory() as tmp:
        engine = db.make_engine(f"sqlite:///{tmp}/eval.sqlite3")
        try:
            db.upgrade(engine)
            changes.ensure_state_row(engine)
            with Session(db.writer(engine)) as session:
                # Not committed: nothing leaves this transaction, so no search index hears of it.
                import_document(session, read_json(path), where=path.name, commit=False)
                built = features.load(session)
                session.rollback()
        finally:
            engine.dispose()
    return built


def ndcg_at_10(ranked: list[str], grades: dict[str, int]) -> float:
    """nDCG@10 with gains 2^g - 1, as the eval README defines it."""
    dcg = sum((2 ** grades.get(rid, 0) - 1) / math.log2(i + 2) for i, rid in enumerate(ranked[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def diversity_at_5(ranked: list[str], f: Features) -> int:
    """Distinct interest codes among the top five."""
    codes: set[str] = set()
    for rid in ranked[:5]:
        i = f.table.row(rid)
        if i is not None:
            codes.update(f.table.interests[i])
    return len(codes)


def tag_overlap(person: profile.Profile, f: Features) -> list[str]:
    """The eval README's baseline: resources breaking no rule, by the interests they match."""
    # Points: 2 x interests matched, 1.5 x wishes to try matched, and 0.3 for a community setting.
    checks = check(person, f, measure=gaps.options_mask(person, f))
    idx = np.flatnonzero(checks.feasible)
    now, want = set(person.interests), set(person.want_to_try)
    points = np.asarray(
        [
            2 * len(now & set(f.table.interests[i]))
            + 1.5 * len(want & set(f.table.interests[i]))
            + 0.3 * (f.setting[i] == features.COMMUNITY)
            for i in idx
        ]
    )
    return [f.table.ids[i] for i in idx[np.argsort(-points, kind="stable")][:10]]


def in_half(personas: list[dict[str, Any]], half: str) -> list[dict[str, Any]]:
    """The personas of one half (fit.half_of), or all of them for 'all'."""
    return [p for p in personas if half == "all" or fit.half_of(str(p["id"])) == half]


def evaluate(
    f: Features,
    personas: list[dict[str, Any]],
    judgments: dict[str, Any],
    from_notes: bool = False,
    baseline: bool = False,
) -> Report:
    """Rank for every persona and score the top ten against the judgments."""
    results: list[PersonaResult] = []
    for persona in personas:
        pid = persona["id"]
        judged = judgments.get(pid, {"grades": {}, "violations": []})
        person = profile.from_persona(persona, from_notes=from_notes)
        if baseline:
            ids = tag_overlap(person, f)
        else:
            ids = [s.resource_id for s in rank.rank(person, f, limit=10).suggestions][:10]
        bad = set(judged.get("violations", []))
        results.append(
            PersonaResult(
                id=pid,
                ndcg10=ndcg_at_10(ids, judged.get("grades", {})),
                violation_rate=(sum(i in bad for i in ids) / len(ids)) if ids else 0.0,
                diversity5=diversity_at_5(ids, f),
                returned=len(ids),
            )
        )
    count = max(len(results), 1)
    return Report(
        ndcg10=sum(r.ndcg10 for r in results) / count,
        violation_rate=sum(r.violation_rate for r in results) / count,
        diversity5=sum(r.diversity5 for r in results) / count,
        personas=results,
    )


def _read(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"cannot read the {what} file {path}: {exc}") from exc


def _load(path: Path) -> Features:
    """The directory's arrays, or a refusal naming the file."""
    try:
        return load_directory(path)
    except ImportFailed as exc:
        raise click.ClickException(str(exc)) from exc


def _inputs(
    directory_path: Path, personas_path: Path, judgments_path: Path
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The personas and judgments, or a refusal naming the file that is wrong."""
    for path in (directory_path, personas_path, judgments_path):
        if not path.is_file():
            raise click.ClickException(f"no such file: {path}")
    personas = _read(personas_path, "personas")
    judgments = _read(judgments_path, "judgments")
    if not isinstance(personas, list) or not isinstance(judgments, dict):
        raise click.ClickException("personas must be a JSON list and judgments a JSON object")
    return personas, judgments


@click.command("eval")
@click.option("--directory", "directory_path", required=True, type=click.Path(path_type=Path))
@click.option("--personas", "personas_path", required=True, type=click.Path(path_type=Path))
@click.option("--judgments", "judgments_path", required=True, type=click.Path(path_type=Path))
@click.option("--from-notes", is_flag=True, help="Use only each persona's summary for interests.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--half",
    type=click.Choice(["all", fit.TUNE, fit.HELD]),
    default="all",
    help="Only the tuning or the held-out half of the personas (by a hash of the id).",
)
@click.option("--baseline", is_flag=True, help="Rank by tag overlap instead (the baseline).")
def eval_command(
    directory_path: Path,
    personas_path: Path,
    judgments_path: Path,
    from_notes: bool,
    as_json: bool,
    half: str,
    baseline: bool,
) -> None:
    """Score the matcher on a judged collection: nDCG@10, violation rate, diversity@5."""
    personas, judgments = _inputs(directory_path, personas_path, judgments_path)
    f = _load(directory_path)
    report = evaluate(f, in_half(personas, half), judgments, from_notes, baseline)
    if as_json:
        click.echo(json.dumps(asdict(report), indent=1))
        return
    click.echo(f"{'persona':8} {'nDCG@10':>8} {'viol':>6} {'div@5':>6}")
    for r in report.personas:
        click.echo(f"{r.id:8} {r.ndcg10:8.3f} {r.violation_rate:6.3f} {r.diversity5:6d}")
    click.echo(
        f"{'mean':8} {report.ndcg10:8.3f} {report.violation_rate:6.3f} {report.diversity5:6.2f}"
        f"   ({len(report.personas)} personas, {f.size} services"
        f"{', interests from notes' if from_notes else ''})"
    )


@click.command("fit-weights")
@click.option("--directory", "directory_path", required=True, type=click.Path(path_type=Path))
@click.option("--personas", "personas_path", required=True, type=click.Path(path_type=Path))
@click.option("--judgments", "judgments_path", required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=None)
def fit_weights_command(
    directory_path: Path, personas_path: Path, judgments_path: Path, out_path: Path | None
) -> None:
    """Refit the soft score's weights on the tuning half of a judged collection."""
    personas, judgments = _inputs(directory_path, personas_path, judgments_path)
    fitted = fit.fit_weights(_load(directory_path), personas, judgments)
    fit.write(fitted, out_path or fit.model.WEIGHTS_FILE)
    click.echo(json.dumps(asdict(fitted), indent=1))
