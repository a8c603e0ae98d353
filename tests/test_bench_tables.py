"""bench/run.py prints its tables for the shape of report bench/load.py writes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bench_helpers import run_module


def _phase(per_s: float, p95: float) -> dict[str, Any]:
    return {
        "total": {"requests": 100, "per_s": per_s, "p95_ms": p95, "errors": 0},
        "public_search": {"requests": 60, "per_s": per_s * 0.6, "p95_ms": p95 / 2, "errors": 0},
        "server_cpu_ms_per_request": 4.2,
    }


def test_load_runs_print_one_line_per_phase(capsys: pytest.CaptureFixture[str]) -> None:
    """A load run with several phases prints each phase's rate and p95, not a KeyError."""
    run = {"reads": _phase(120.0, 80.0), "reads+quick_adds": _phase(100.0, 95.0), "x": 1}
    report = {
        "sizes": [1000],
        "load": {"sqlite+whoosh": {"runs": {"-w 3 --threads 1": run}}},
        "load_average_at_start": [0.1, 0.1, 0.1],
        "load_average_at_end": [0.2, 0.2, 0.2],
    }
    run_module().print_tables(report)
    out = capsys.readouterr().out
    assert "load sqlite+whoosh gunicorn -w 3 --threads 1 reads: 120.0 req/s, p95 80.0 ms" in out
    assert "reads+quick_adds: 100.0 req/s, p95 95.0 ms, public search p95 47.5 ms" in out


def test_a_search_only_report_with_skipped_cells_prints_every_kind(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--only search with no PostgreSQL and no baseline prints what there is, no KeyError."""
    whoosh = {"p50_ms": 3.0, "p95_ms": 9.5, "kinds": {"1-term": {"p50_ms": 3.0, "p95_ms": 9.5}}}
    report = {
        "sizes": [1000],
        "search": {
            "1000": {
                "whoosh": whoosh,
                "postgres": {"skipped": "COMMONGROUND_BENCH_POSTGRES_URL unset"},
                "whoosh_old": {"skipped": "skipped: ref gone not found (nor origin/gone)"},
                "postgres_old": {"error": "bench/search.py exited with 1", "stderr": ["boom"]},
                "baseline": {"ref": "gone", "commit": None},
            }
        },
        "load": {"postgres": "not a dict"},
    }
    run_module().print_tables(report)
    out = capsys.readouterr().out
    assert "search at 1000 resources: p50 / p95 ms per query kind (old = none)" in out
    assert "1-term" in out and "3 / 9.5" in out
    assert "whoosh (old): skipped: ref gone not found (nor origin/gone)" in out
    assert "postgres (old): bench/search.py exited with 1 ['boom']" in out
    assert "load average: start None, end None" in out


def test_an_empty_report_prints_without_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A run that measured nothing still ends with its tables, not a traceback."""
    run_module().print_tables({})
    assert "load average" in capsys.readouterr().out
