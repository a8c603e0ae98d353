"""Every benchmark in one run: search, rank, peers, quick-add, rebuild, public pages, memory, load.

Usage: python bench/run.py [--size 10000 | --sizes 1000,10000,100000] [--people 50000]
       [--json OUT] [--quick] [--only search,rank,...] [--seed 1] [--keep]
       [--baseline-ref search-inprocess | --no-baseline]
Runs each bench/ script in its own process (so one's memory and caches do not colour the next)
on the embedded default (SQLite + whoosh, FTS5 as a reference) and, when
COMMONGROUND_BENCH_POSTGRES_URL names a server, on PostgreSQL too. A missing script or server
is reported as skipped. Prints one JSON document (one section per operation, each giving
p50_ms/p95_ms, or its natural unit, per size and backend), then a short table and a growth
table (the same operations at every size). --quick: fewer queries and runs, shorter load test.
The search section also runs the previous in-process implementation (the git ref
--baseline-ref, exported into a temporary directory) with the same size, queries and seed, so
old and new are measured in the same run on the same corpus; --keep reuses both trees'
PostgreSQL bench databases of an earlier run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
SECTIONS = ("search", "rank", "peers", "quick_add", "rebuild", "public", "memory", "load")
PUBLIC_MAX = 2000  # bench/public.py adds resources one by one through the service layer
LOAD_SIZE = 10_000  # the load test's directory size (the issue's target is at 10k)


def loadavg() -> list[float]:
    """The 1, 5 and 15 minute load averages."""
    return [round(x, 2) for x in os.getloadavg()]


def call(script: str, *args: str, timeout: float = 3600, root: Path = ROOT) -> dict[str, Any]:
    """Run <root>/bench/<script> and return its JSON (the last JSON document it prints)."""
    path = root / "bench" / script
    if not path.exists():
        return {"skipped": f"bench/{script} is not in this tree yet"}
    env = {**os.environ, "PYTHONPATH": str(root)}
    started = time.perf_counter()
    before = loadavg()
    try:
        done = subprocess.run(  # noqa: S603
            [sys.executable, str(path), *args],
            cwd=root,
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


ENGINES = ("whoosh", "fts5", "postgres")
OLD = "_old"  # the key suffix of the baseline's cells: "whoosh_old", "postgres_old", "fts5_old"
NO_PG = "COMMONGROUND_BENCH_POSTGRES_URL unset"
CELL_EXTRAS = ("build_s", "warm_up_s", "first_search_s", "forked_first_search_s", "worker_rss_mb")


def engine_cell(data: dict[str, Any]) -> dict[str, Any]:
    """One engine's every query kind's p50/p95, the worst kind's p95 and its one-off figures."""
    kinds = {
        k: pick(v, "mean_hits") for k, v in data.items() if isinstance(v, dict) and "p95_ms" in v
    }
    p50s = sorted(v["p50_ms"] for v in kinds.values() if "p50_ms" in v)
    return {
        "p50_ms": p50s[len(p50s) // 2] if p50s else None,
        "p95_ms": max((v["p95_ms"] for v in kinds.values()), default=None),
        "kinds": kinds,
        **{k: data[k] for k in CELL_EXTRAS if k in data},
    }


def search_section(raw: dict[str, Any], suffix: str = "") -> dict[str, Any]:
    """Per engine (keys suffixed for the baseline): its cell, or why it is missing."""
    if "error" in raw or "skipped" in raw:
        return {engine + suffix: raw for engine in ENGINES}
    out: dict[str, Any] = {}
    for engine in ENGINES:
        data = raw.get(engine)
        if isinstance(data, dict):
            out[engine + suffix] = engine_cell(data)
        elif engine == "postgres":
            out[engine + suffix] = {"skipped": NO_PG}
    if "whoosh_p95_over_fts5" in raw:
        out["whoosh_p95_over_fts5" + suffix] = raw["whoosh_p95_over_fts5"]
    if "_load_average" in raw:
        out["_load_average" + suffix] = raw["_load_average"]
    return out


def rebuild_section(search: dict[str, Any]) -> dict[str, Any]:
    """Each engine's index build time, taken from the search section's cells."""
    out: dict[str, Any] = {}
    engines = {*ENGINES, *(e + OLD for e in ENGINES)}
    for key, cell in search.items():
        if key in engines and isinstance(cell, dict):
            out[key] = cell if "build_s" not in cell else {"build_s": cell["build_s"]}
    return out


def search_args(size: int, args: argparse.Namespace) -> list[str]:
    """bench/search.py's arguments, the same for the current tree and the baseline."""
    queries = "40" if args.quick else "200"
    out = ["--size", str(size), "--queries", queries, "--seed", str(args.seed)]
    return [*out, "--keep"] if args.keep else out


@dataclass
class Baseline:
    """The previous implementation's files for the search section, or why there are none."""

    ref: str
    commit: str | None = None
    root: Path | None = None
    skipped: str | None = None


def git(*args: str) -> bytes | None:
    """A git command's output in this checkout, or None when it fails (or there is no git)."""
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True)  # noqa: S603,S607
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def resolve(ref: str) -> str | None:
    """The commit a ref names, trying origin/<ref> too (a fresh clone has no local branch)."""
    for name in (ref, f"origin/{ref}"):
        out = git("rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
        if out:
            return out.decode().strip()
    return None


def export(ref: str | None, into: Path) -> Baseline:
    """The ref's files written into `into` (git archive), or a Baseline saying why not."""
    if ref is None:
        return Baseline("", skipped="skipped: --no-baseline")
    commit = resolve(ref)
    if commit is None:
        return Baseline(ref, skipped=f"skipped: ref {ref} not found (nor origin/{ref})")
    archive = git("archive", "--format=tar", commit)
    if archive is None:
        return Baseline(ref, commit, skipped=f"skipped: git archive {commit[:7]} failed")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return Baseline(ref, commit, into)


@contextmanager
def baseline_tree(ref: str | None) -> Iterator[Baseline]:
    """The baseline for the whole run, in a temporary directory removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="cg-baseline-") as tmp:
        yield export(ref, Path(tmp))


# Run in each tree with its own bench/search.py: proves the interpreter can import that tree's
# search engines, and digests the seeded rows and queries (ids as first-seen ordinals, times
# left out: both are drawn afresh on every run; so are the duplicate check's keys, derived from
# the other columns, which older trees lack) so the two trees are known to share a corpus.
CORPUS = """
import dataclasses, hashlib, importlib.util, json, random, sys
root, size, count, seed = sys.argv[1], *map(int, sys.argv[2:])
sys.path.insert(0, root)
import directory.search.postgres_backend, directory.search.whoosh_backend, wsgi
for module in (directory, wsgi):  # not the editable install's checkout
    if not module.__file__.startswith(root):
        sys.exit(f"{module.__name__} was imported from {module.__file__}, not from {root}")
spec = importlib.util.spec_from_file_location("bench_search", root + "/bench/search.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
rng = random.Random(seed)
tables, queries = bench.generate(size, rng), bench.make_queries(count, rng)
ids = {}
def row(r):
    return {k: ids.setdefault(v, len(ids)) if k == "id" or k.endswith("_id") else v
            for k, v in sorted(r.items()) if not k.endswith(("_at", "_key"))}
def asked(f):
    return {x.name: getattr(f, x.name) for x in dataclasses.fields(f)
            if getattr(f, x.name) != x.default}
def digest(x):
    return hashlib.sha256(json.dumps(x, sort_keys=True, default=str).encode()).hexdigest()[:16]
rows = {k: [row(r) for r in v] for k, v in sorted(tables.items())}
# Only the sets in relevance order: a tree that names an order has sets the older trees lack.
sets = {k: [(q[0], asked(q[1])) for q in v] for k, v in queries.items()
        if all(getattr(q, "sort", "relevance") == "relevance" for q in v)}
print(json.dumps({"rows": digest(rows), "queries": digest(sets)}))
"""


def corpus_digest(root: Path, size: int, args: argparse.Namespace) -> dict[str, Any]:
    """The digest of a tree's seeded corpus and queries, or why its code does not import."""
    count = search_args(size, args)[3]
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", CORPUS, str(root), str(size), count, str(args.seed)],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
    )
    if done.returncode == 0:
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
    missing = re.search(r"No module named '([^']+)'", done.stderr)
    if missing:
        return {"skipped": f"skipped: it needs {missing[1]}, which {sys.executable} lacks"}
    return {"error": "its bench/search.py does not load", "stderr": done.stderr.splitlines()[-3:]}


def baseline_section(size: int, args: argparse.Namespace, base: Baseline) -> dict[str, Any]:
    """The baseline's cells at one size ("<engine>_old") and what was compared."""
    info: dict[str, Any] = {"ref": base.ref, "commit": base.commit}
    if base.root is None:
        return {**{e + OLD: {"skipped": base.skipped} for e in ENGINES}, "baseline": info}
    old = corpus_digest(base.root, size, args)
    if "rows" not in old:
        return {**{e + OLD: old for e in ENGINES}, "baseline": info}
    new = corpus_digest(ROOT, size, args)
    info["corpus"] = {"same": new == old, "current": new, "baseline": old}
    if new != old:
        info["corpus"]["note"] = (
            "the trees generate different rows or queries from one seed: not one corpus"
        )
    cells = search_section(call("search.py", *search_args(size, args), root=base.root), OLD)
    if "kinds" in cells.get("postgres" + OLD, {}):
        cells["postgres" + OLD].update(old_first_search(size, base.root))
    return {**cells, "baseline": info}


def old_first_search(size: int, root: Path) -> dict[str, Any]:
    """The baseline's fresh-process first search and RSS, on the PostgreSQL database its
    bench/search.py left (cg_bench_search_<size>), measured by bench/first_search.py."""
    server = os.environ["COMMONGROUND_BENCH_POSTGRES_URL"]
    url = f"{server.rsplit('/', 1)[0]}/cg_bench_search_{size}"
    from first_search import measure  # here: the tests load this file without bench/ on the path

    args = ["--root", str(root), "--url", url, "--backend", "postgres"]
    # Not forked: an older tree's gunicorn config may not preload, nor its core.db close.
    return measure(args, root, {**os.environ, "PYTHONPATH": str(root)}, forked=False)


def run_size(
    size: int, args: argparse.Namespace, want: set[str], base: Baseline
) -> dict[str, dict[str, Any]]:
    """Every per-size benchmark at one size: {section: {backend: result}}."""
    pg = bool(os.environ.get("COMMONGROUND_BENCH_POSTGRES_URL"))
    out: dict[str, dict[str, Any]] = {}
    if want & {"search", "rebuild"}:
        search = search_section(call("search.py", *search_args(size, args)))
        search.update(baseline_section(size, args, base))
        out["search"], out["rebuild"] = search, rebuild_section(search)
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
                else {"skipped": NO_PG},
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
            call("memory.py", "--size", str(size), "--postgres") if pg else {"skipped": NO_PG}
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
            else {"skipped": NO_PG}
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


# The search section's columns: (key in the JSON, heading).
SEARCH_COLUMNS = (
    ("whoosh", "whoosh"),
    ("postgres", "postgres"),
    ("whoosh" + OLD, "whoosh (old)"),
    ("postgres" + OLD, "postgres (old)"),
    ("fts5", "fts5"),
    ("fts5" + OLD, "fts5 (old run)"),  # the same FTS5 code again: the two runs' noise
)
SEARCH_EXTRAS = (
    ("first_search_s", "first search (s)"),
    ("forked_first_search_s", "first search, forked worker (s)"),
    ("worker_rss_mb", "worker RSS (MB)"),
    ("warm_up_s", "warm-up (s)"),
    ("build_s", "index build (s)"),
)


def section_at(report: dict[str, Any], name: str, size: int) -> dict[str, Any]:
    """One section's results at one size ({} when it did not run)."""
    section = report.get(name)
    at = section.get(str(size)) if isinstance(section, dict) else None
    return at if isinstance(at, dict) else {}


def rows(report: dict[str, Any], size: int) -> list[tuple[str, str, str, str]]:
    """(operation, backend, p50, p95) lines for one size."""
    at = {name: section_at(report, name, size) for name in SECTIONS}
    out = []
    for key, label in SEARCH_COLUMNS:
        cell = at["search"].get(key)
        if cell is not None:
            out.append(("search (worst kind)", label, figure(cell, "p50_ms"), figure(cell)))
    cell = at["rank"].get("numpy")
    if cell is not None:
        out.append(("rank all resources", "numpy", figure(cell, "p50_ms"), figure(cell)))
    for backend in ("sqlite+whoosh", "postgres"):
        cell = at["quick_add"].get(backend)
        if cell is not None:
            out.append(("quick-add + dup check", backend, figure(cell, "p50_ms"), figure(cell)))
    for key, label in SEARCH_COLUMNS:
        cell = at["rebuild"].get(key)
        if cell is not None:
            out.append(("index rebuild (s)", label, "", figure(cell, "build_s")))
    for backend in ("sqlite+whoosh", "postgres"):
        cell = at["memory"].get(backend)
        if cell is not None:
            out.append(("worker peak RSS (MB)", backend, "", figure(cell, "peak_rss_mb")))
    return out


def kind_pair(cell: Any, kind: str) -> str:
    """'p50 / p95' of one query kind in one engine's cell."""
    if not isinstance(cell, dict) or "kinds" not in cell:
        return figure(cell)
    figures = cell["kinds"].get(kind)
    return f"{figure(figures, 'p50_ms')} / {figure(figures)}" if figures else "-"


def kind_lines(report: dict[str, Any], size: int) -> list[str]:
    """The search section at one size: p50 / p95 per query kind and engine, new and old."""
    at = section_at(report, "search", size)
    cells = {label: at[key] for key, label in SEARCH_COLUMNS if key in at}
    if not cells:
        return []
    found = at.get("baseline")
    info: dict[str, Any] = found if isinstance(found, dict) else {}
    old = f"{info.get('ref')} {str(info.get('commit'))[:7]}" if info.get("commit") else "none"
    lines = [
        "",
        f"search at {size} resources: p50 / p95 ms per query kind (old = {old})",
        f"{'kind':<22}" + "".join(f"{label:>18}" for label in cells),
    ]
    kinds = dict.fromkeys(
        kind for c in cells.values() if isinstance(c, dict) for kind in c.get("kinds", {})
    )
    for kind in kinds:
        lines.append(f"{kind:<22}" + "".join(f"{kind_pair(c, kind):>18}" for c in cells.values()))
    for key, label in SEARCH_EXTRAS:
        if any(isinstance(c, dict) and key in c for c in cells.values()):
            lines.append(f"{label:<22}" + "".join(f"{figure(c, key):>18}" for c in cells.values()))
    for label, cell in cells.items():
        if isinstance(cell, dict) and ("skipped" in cell or "error" in cell):
            reason = cell.get("skipped") or f"{cell['error']} {cell.get('stderr', '')}"
            lines.append(f"{label}: {str(reason)[:300]}")
    corpus = info.get("corpus")
    if isinstance(corpus, dict):
        same = "the same rows and queries" if corpus.get("same") else corpus.get("note")
        digest = corpus.get("current") or {}
        lines.append(f"corpus: {same} (rows {digest.get('rows')}, queries {digest.get('queries')})")
    return lines


def load_lines(backend: str, config: str, run: Any) -> list[str]:
    """One line per measured phase of a load run (reads, reads with quick adds, ...)."""
    out = []
    for phase, figures in run.items() if isinstance(run, dict) else ():
        if not isinstance(figures, dict) or "total" not in figures:
            continue
        total, public = figures["total"], figures.get("public_search", {})
        out.append(
            f"load {backend} gunicorn {config} {phase}: {total.get('per_s')} req/s, "
            f"p95 {total.get('p95_ms')} ms, public search p95 {public.get('p95_ms', '-')} ms, "
            f"errors {total.get('errors')}"
        )
    return out or [f"load {backend} gunicorn {config}: {json.dumps(run)[:300]}"]


def once_lines(report: dict[str, Any]) -> list[str]:
    """The figures measured once per run: peers and the load test."""
    lines = []
    for name in ("peers", "load"):
        section = report.get(name)
        for backend, result in section.items() if isinstance(section, dict) else ():
            if not isinstance(result, dict):
                lines.append(f"{name} {backend}: {result}")
            elif name == "load" and isinstance(result.get("runs"), dict):
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
    return lines


def print_tables(report: dict[str, Any]) -> None:
    """The short table per size, the search kinds, the one-off figures and the growth table."""
    sizes = [s for s in report.get("sizes", []) if isinstance(s, int)]
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
    for size in sizes:
        lines += kind_lines(report, size)
    if len(sizes) > 1:
        lines += ["", "growth: p95 at each size / p95 at the smallest size (1.0 = flat)"]
        for (op, backend), cells in table.items():
            try:
                base = float(cells[sizes[0]][1])
                ratios = [f"{float(cells[s][1]) / base:.1f}x" for s in sizes if s in cells]
            except (KeyError, ValueError, ZeroDivisionError):
                continue
            lines.append(f"{op:<26}{backend:<16}" + "".join(f"{r:>12}" for r in ratios))
    lines += once_lines(report)
    lines.append(f"load average: start {report.get('load_average_at_start')}, "
                 f"end {report.get('load_average_at_end')}")  # fmt: skip
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
    parser.add_argument("--seed", type=int, default=1, help="the search corpus's seed")
    parser.add_argument(
        "--keep", action="store_true", help="search: reuse earlier PostgreSQL bench databases"
    )
    parser.add_argument(
        "--baseline-ref",
        default="search-inprocess",
        help="git ref of the previous search implementation, measured in the same run",
    )
    parser.add_argument("--no-baseline", action="store_true", help="search: skip the baseline")
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
    searching = bool(want & {"search", "rebuild"})
    with baseline_tree(None if args.no_baseline or not searching else args.baseline_ref) as base:
        if searching:
            report["baseline"] = base.skipped or f"{base.ref} ({base.commit})"
        for size in args.sizes:
            for name, result in run_size(size, args, want, base).items():
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
