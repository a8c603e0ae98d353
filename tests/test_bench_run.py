"""bench/run.py's search section end to end: the current search and the previous in-process
one (the git ref search-inprocess) measured in one run on one corpus."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.bench_helpers import ROOT, run_module

SIZE = 300
KINDS = (
    "1-term",
    "1-term+filters",
    "2-term",
    "2-term+filters",
    "3-term",
    "3-term+filters",
    "filters-only",
    "1-term-typo",
    "2-term-typo+filters",
    "1-2-term-near-nearest",
    "1-2-term-within-2km-nearest",
)

pytestmark = pytest.mark.slow


def _bench(tmp_path: Path, *extra: str, postgres: str | None = None) -> tuple[str, dict[str, Any]]:
    """Run bench/run.py --quick --only search at SIZE; its stdout and its JSON at that size."""
    env = {k: v for k, v in os.environ.items() if k != "COMMONGROUND_BENCH_POSTGRES_URL"}
    if postgres:
        env["COMMONGROUND_BENCH_POSTGRES_URL"] = postgres
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env["TMPDIR"] = str(scratch)  # the exported baseline tree must be gone afterwards
    out = tmp_path / "bench.json"
    args = ["--quick", "--only", "search", "--size", str(SIZE), "--json", str(out), *extra]
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert list(scratch.iterdir()) == []
    return done.stdout, json.loads(out.read_text())["search"][str(SIZE)]


def _has_every_kind(cell: dict[str, Any]) -> None:
    assert set(cell["kinds"]) == set(KINDS), cell
    for figures in cell["kinds"].values():
        assert figures["p95_ms"] >= figures["p50_ms"] > 0


@pytest.fixture
def bench_postgres() -> Iterator[str | None]:
    """The test PostgreSQL server when there is one; drops the bench databases made at SIZE."""
    url = os.environ.get("COMMONGROUND_TEST_POSTGRES_URL")
    yield url
    if url:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for name in (f"cg_bench_search_{SIZE}", f"cg_bench_search_sql_{SIZE}"):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def test_search_runs_the_old_implementation_in_the_same_run(
    tmp_path: Path, bench_postgres: str | None
) -> None:
    """Every query kind has figures for the new and the old engines, on one corpus."""
    # This commit as the baseline: the mechanism is the same for the kept branch, which a clone
    # of main alone lacks, and whose code needs packages this project no longer installs.
    ref = "HEAD"
    stdout, search = _bench(tmp_path, "--baseline-ref", ref, postgres=bench_postgres)
    engines = ["whoosh", "whoosh_old", "fts5", "fts5_old"]
    if bench_postgres:
        engines += ["postgres", "postgres_old"]
        assert search["postgres"]["first_search_s"] > 0
        assert search["postgres"]["forked_first_search_s"] > 0
        assert search["postgres"]["worker_rss_mb"] > 0
    else:
        assert "unset" in search["postgres_old"]["skipped"]
    for engine in engines:
        _has_every_kind(search[engine])
    assert search["baseline"]["ref"] == ref
    assert search["baseline"]["corpus"]["same"] is True
    assert f"search at {SIZE} resources: p50 / p95 ms per query kind" in stdout
    assert "whoosh (old)" in stdout and "corpus: the same rows and queries" in stdout


def test_a_missing_baseline_ref_is_skipped_and_the_run_still_succeeds(tmp_path: Path) -> None:
    """A clone without the baseline branch still measures the current search, exit 0."""
    ref = "no-such-ref-for-the-bench-test"
    stdout, search = _bench(tmp_path, "--baseline-ref", ref)
    _has_every_kind(search["whoosh"])
    reason = f"skipped: ref {ref} not found (nor origin/{ref})"
    assert search["whoosh_old"] == search["postgres_old"] == {"skipped": reason}
    assert f"whoosh (old): {reason}" in stdout


def test_the_corpus_digest_ignores_random_ids_but_not_the_seed() -> None:
    """Two draws with one seed digest alike (ids are random); another seed does not."""
    module = run_module()

    def digest(seed: int) -> dict[str, Any]:
        args = argparse.Namespace(seed=seed, quick=True, keep=False)
        return dict(module.corpus_digest(ROOT, 50, args))

    first = digest(1)
    assert set(first) == {"rows", "queries"}
    assert digest(1) == first
    assert digest(2)["rows"] != first["rows"]
