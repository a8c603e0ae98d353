"""Every benchmark in one run: search, rank, peers, quick-add, rebuild, public pages, memory, load.

Usage: python bench/run.py [--size 10000 | --sizes 1000,10000,100000] [--people 50000]
       [--json OUT] [--quick] [--only search,rank,...]
Runs each bench/ script in its own process (so one's memory and caches do not colour the next)
on the embedded default (SQLite + whoosh, FTS5 as a reference) and, when
COMMONGROUND_BENCH_POSTGRES_URL names a server, on PostgreSQL too. A missing script or server
is reported as skipped. Prints one JSON document (one section per operation, each giving
p50_ms/p95_ms, or its natural unit, per size and backend), then a short table and a growth
table (the same operations at every size). --quick: fewer queries and runs, shorter load test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
SECTIONS = ("search", "rank", "peers", "quick_add", "rebuild", "public", "memory", "load")
PUBLIC_MAX = 2000  # bench/public.py adds resources one by one through the service layer
LOAD_SIZE = 10_000  # the load test's directory size (the target is at 10k)


def loadavg() -> list[float]:
    """The 1, 5 and 15 minute load averages."""
    return [round(x, 2) for x in os.getloadavg()]


def call(script: str, *args: str, timeout: float = 3600) -> dict[str, Any]:
    """Run bench/<script> and return its JSON (the last JSON document it prints)."""
    path = BENCH / script
    if not path.exists():
        return {"skipped": f"bench/{script} is not in this tree yet"}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    before = loadavg()
    try:
        done = subprocess.run(  # noqa: S603
            [sys.executable, str(path), *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"bench/{script} took longer than {timeout:.0f} s"}
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-5:]
        return {"error": f"bench/{script} exited with {done.returncode}", "stderr": tail}
    out = done.stdout
    start = out.find("{")
    try:
        result = json.loads(out[start:]) if start >= 0 else {}
    except json.JSONDecodeError:
        return {"error": f"bench/{script} printed no JSON", "stdout": out[-500:]}
    result["_wall_s"] = round(time.perf_counter() - started, 1)
    result["_load_average"] = {"before": before, "after": loadavg()}
    return result


def rank_at(size: int) -> dict[str, Any]:
    """bench/rank.py's measure() at one size, in its own process."""
    code = (
        "import importlib.util, json, sys\n"
        f"spec = importlib.util.spec_from_file_location('bench_rank', {str(BENCH / 'rank.py')!r})\n"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
        f"print(json.dumps(module.measure({size})))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = loadavg()
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-3:]}
    return {**json.loads(done.stdout), "_load_average": {"before": before, "after": loadavg()}}


def pick(result: dict[str, Any], *keys: str) -> dict[str, Any]:
    """The p50/p95 (and a few natural-unit) fields of a result."""
    return {k: result[k] for k in (*keys, "p50_ms", "p95_ms") if k in result}


def search_section(raw: dict[str, Any]) -> dict[str, Any]:
    """Per engine: every query kind's p50/p95, and the worst kind's p95."""
    out: dict[str, Any] = {}
    for engine in ("whoosh", "fts5", "postgres"):
        data = raw.get(engine)
        if not isinstance(data, dict):
            continue
        kinds = {k: pick(v, "mean_hits") for k, v in data.items() if isinstance(v, dict)}
        worst = max(kinds.values(), key=lambda v: v["p95_ms"]) if kinds else {}
        p50s = sorted(v["p50_ms"] for v in kinds.values())
        out[engine] = {
            "p50_ms": p50s[len(p50s) // 2] if p50s else None,
            "p95_ms": worst.get("p95_ms"),
            "kinds": kinds,
        }
    if "whoosh_p95_over_fts5" in raw:
        out["whoosh_p95_over_fts5"] = raw["whoosh_p95_over_fts5"]
    return out


def run_size(size: int, args: argparse.Namespace, want: set[str]) -> dict[str, dict[str, Any]]:
    """Every per-size benchmark at one size: {section: {backend: result}}."""
    pg = bool(os.environ.get("COMMONGROUND_BENCH_POSTGRES_URL"))
    out: dict[str, dict[str, Any]] = {}
    if want & {"search", "rebuild"}:
        queries = "40" if args.quick else "200"
        raw = call("search.py", "--size", str(size), "--queries", queries)
        if "error" in raw or "skipped" in raw:
            out["search"] = out["rebuild"] = {"all": raw}
        else:
            out["search"] = {**search_section(raw), "_load_average": raw["_load_average"]}
            out["rebuild"] = {
                engine: {"build_s": raw[engine]["build_s"]}
                for engine in ("whoosh", "fts5", "postgres")
                if isinstance(raw.get(engine), dict)
            }
            if not pg:
                out["search"]["postgres"] = {"skipped": "COMMONGROUND_BENCH_POSTGRES_URL unset"}
    if "rank" in want:
        out["rank"] = {"numpy": pick(rank_at(size), "cpu_p50_ms", "_load_average")}
    if "quick_add" in want:
        runs = "20" if args.quick else "50"
        raw = call("quick_add.py", "--size", str(size), "--runs", runs)
        out["quick_add"] = (
            {
                "sqlite+whoosh": pick(raw.get("sqlite_whoosh", {}), "name_recall"),
                "postgres": pick(raw["postgres"], "name_recall")
                if "postgres" in raw
                else {"skipped": "COMMONGROUND_BENCH_POSTGRES_URL unset"},
                "_load_average": raw.get("_load_average"),
            }
            if "sqlite_whoosh" in raw
            else {"all": raw}
        )
    if "public" in want:
        small = min(size, 500 if args.quick else PUBLIC_MAX)
        raw = call("public.py", "--size", str(small), "--runs", "20" if args.quick else "50")
        raw["note"] = f"measured at {small} resources (bench/public.py adds them one by one)"
        out["public"] = {"sqlite+whoosh": raw}
    if "memory" in want:
        out["memory"] = {"sqlite+whoosh": call("memory.py", "--size", str(size))}
        out["memory"]["postgres"] = (
            call("memory.py", "--size", str(size), "--postgres")
            if pg
            else {"skipped": "COMMONGROUND_BENCH_POSTGRES_URL unset"}
        )
    return out


def run_once(args: argparse.Namespace, want: set[str]) -> dict[str, Any]:
    """The benchmarks that run once, not per size: peers and the load test."""
    out: dict[str, Any] = {}
    if "peers" in want:
        out["peers"] = {"numpy": call("peers.py", "--people", str(args.people))}
    if "load" in want:
        duration = "10" if args.quick else "20"
        size = str(min(LOAD_SIZE, max(args.sizes)))
        common = ("--size", size, "--duration", duration, "--configs", args.load_configs)
        out["load"] = {"sqlite+whoosh": call("load.py", *common)}
        out["load"]["postgres"] = (
            call("load.py", *common, "--postgres")
            if os.environ.get("COMMONGROUND_BENCH_POSTGRES_URL")
            else {"skipped": "COMMONGROUND_BENCH_POSTGRES_URL unset"}
        )
    return out


def figure(result: Any, key: str = "p95_ms") -> str:
    """One cell of the table."""
    if not isinstance(result, dict):
        return "-"
    if "skipped" in result:
        return "skipped"
    if "error" in result:
        return "error"
    value = result.get(key)
    return "-" if value is None else f"{value:g}"


def rows(report: dict[str, Any], size: int) -> list[tuple[str, str, str, str]]:
    """(operation, backend, p50, p95) lines for one size."""
    at = {name: report.get(name, {}).get(str(size), {}) for name in SECTIONS}
    out = []
    for backend in ("whoosh", "fts5", "postgres"):
        cell = at["search"].get(backend)
        if cell is not None:
            out.append(("search (worst kind)", backend, figure(cell, "p50_ms"), figure(cell)))
    cell = at["rank"].get("numpy")
    if cell is not None:
        out.append(("rank all resources", "numpy", figure(cell, "p50_ms"), figure(cell)))
    for backend in ("sqlite+whoosh", "postgres"):
        cell = at["quick_add"].get(backend)
        if cell is not None:
            out.append(("quick-add + dup check", backend, figure(cell, "p50_ms"), figure(cell)))
    for backend in ("whoosh", "fts5", "postgres"):
        cell = at["rebuild"].get(backend)
        if cell is not None:
            out.append(("index rebuild (s)", backend, "", figure(cell, "build_s")))
    for backend in ("sqlite+whoosh", "postgres"):
        cell = at["memory"].get(backend)
        if cell is not None:
            out.append(("worker peak RSS (MB)", backend, "", figure(cell, "peak_rss_mb")))
    return out


def load_lines(backend: str, config: str, run: dict[str, Any]) -> list[str]:
    """One line per measured phase of a load run (reads, reads with quick adds, ...)."""
    out = []
    for phase, figures in run.items():
        if not isinstance(figures, dict) or "total" not in figures:
            continue
        total, public = figures["total"], figures.get("public_search", {})
        out.append(
            f"load {backend} gunicorn {config} {phase}: {total.get('per_s')} req/s, "
            f"p95 {total.get('p95_ms')} ms, public search p95 {public.get('p95_ms', '-')} ms, "
            f"errors {total.get('errors')}"
        )
    return out or [f"load {backend} gunicorn {config}: {json.dumps(run)[:300]}"]


def print_tables(report: dict[str, Any]) -> None:
    """The short table per size, the one-off figures and the growth table, on stderr-free stdout."""
    sizes = report["sizes"]
    lines = ["", "operation                 backend         " + "".join(
        f"{'p50@' + str(s):>12}{'p95@' + str(s):>12}" for s in sizes
    )]  # fmt: skip
    table: dict[tuple[str, str], dict[int, tuple[str, str]]] = {}
    for size in sizes:
        for op, backend, p50, p95 in rows(report, size):
            table.setdefault((op, backend), {})[size] = (p50, p95)
    for (op, backend), cells in table.items():
        line = f"{op:<26}{backend:<16}"
        for size in sizes:
            p50, p95 = cells.get(size, ("", ""))
            line += f"{p50:>12}{p95:>12}"
        lines.append(line)
    if len(sizes) > 1:
        lines += ["", "growth: p95 at each size / p95 at the smallest size (1.0 = flat)"]
        for (op, backend), cells in table.items():
            try:
                base = float(cells[sizes[0]][1])
                ratios = [f"{float(cells[s][1]) / base:.1f}x" for s in sizes if s in cells]
            except (KeyError, ValueError, ZeroDivisionError):
                continue
            lines.append(f"{op:<26}{backend:<16}" + "".join(f"{r:>12}" for r in ratios))
    for name in ("peers", "load"):
        for backend, result in report.get(name, {}).items():
            if name == "load" and isinstance(result, dict) and "runs" in result:
                for config, run in result["runs"].items():
                    lines += load_lines(backend, config, run)
            elif name == "peers" and isinstance(result.get("top10_one_person"), dict):
                top = result["top10_one_person"]
                lines.append(
                    f"peers top-10 among {result.get('people')} people: p50 {top.get('p50_ms')} ms,"
                    f" p95 {top.get('p95_ms')} ms"
                )
            else:
                lines.append(f"{name} {backend}: {json.dumps(result)[:300]}")
    lines.append(f"load average: start {report['load_average_at_start']}, "
                 f"end {report['load_average_at_end']}")  # fmt: skip
    print("\n".join(lines))


def main() -> None:
    """Run what was asked for, print JSON and the tables, save the JSON if asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, help="one size (default 10000)")
    parser.add_argument("--sizes", help="comma-separated sizes, e.g. 1000,10000,100000")
    parser.add_argument("--people", type=int, default=50_000, help="people for the peers bench")
    parser.add_argument("--json", type=Path, help="also write the JSON document here")
    parser.add_argument("--quick", action="store_true", help="fewer runs, shorter load test")
    parser.add_argument("--only", help=f"comma-separated sections of {', '.join(SECTIONS)}")
    parser.add_argument("--load-configs", default="3x1", help="gunicorn workers x threads")
    args = parser.parse_args()
    args.sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.size or 10_000]
    want = set(args.only.split(",")) if args.only else set(SECTIONS)
    unknown = want - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    report: dict[str, Any] = {
        "sizes": args.sizes,
        "people": args.people,
        "cores": os.cpu_count(),
        "postgres": bool(os.environ.get("COMMONGROUND_BENCH_POSTGRES_URL"))
        or "skipped: set COMMONGROUND_BENCH_POSTGRES_URL to measure PostgreSQL",
        "load_average_at_start": loadavg(),
    }
    started = time.perf_counter()
    for size in args.sizes:
        for name, result in run_size(size, args, want).items():
            report.setdefault(name, {})[str(size)] = result
    report.update(run_once(args, want))
    report["load_average_at_end"] = loadavg()
    report["wall_s"] = round(time.perf_counter() - started, 1)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    print_tables(report)


if __name__ == "__main__":
    main()
