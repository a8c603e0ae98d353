"""The layout keeps its shape: imports run core ← directory ← matcher, views stay thin."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# What each package may import of the app's own packages: dependencies point one way.
ALLOWED = {
    "core": {"core"},
    "directory": {"core", "directory"},
    "matcher": {"core", "directory", "matcher"},
    "seeds": {"core", "directory", "matcher", "seeds"},
}
MAX_FUNCTION_LINES = 60


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imported(path: Path) -> list[tuple[int, str]]:
    """Every module an import in the file names (absolute imports only: the app uses no other)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, node.module)]
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_run_one_way(package: str) -> None:
    own = set(ALLOWED)
    offenders = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in _modules(package)
        for line, name in _imported(path)
        if name.split(".")[0] in own and name.split(".")[0] not in ALLOWED[package]
    ]
    assert offenders == []


def test_the_rule_catches_a_backward_import(tmp_path: Path) -> None:
    stray = tmp_path / "stray.py"
    stray.write_text("from matcher.rank import rank\nimport directory.models\n")
    names = [name.split(".")[0] for _, name in _imported(stray)]
    assert [n for n in names if n not in ALLOWED["core"]] == ["matcher", "directory"]


def _is_view(path: Path) -> bool:
    """A view module registers routes: it makes a Blueprint."""
    return "Blueprint(" in path.read_text()


def test_no_view_imports_another_views_module() -> None:
    """What two views share lives in a small helper module beside them, not in either view."""
    offenders = []
    for views in sorted(ROOT.glob("*/views")):
        dotted = ".".join(views.relative_to(ROOT).parts)
        modules = {f"{dotted}.{p.stem}": p for p in views.glob("*.py")}
        for path in [p for p in modules.values() if _is_view(p)]:
            offenders += [
                f"{path.relative_to(ROOT)}:{line} imports {name}"
                for line, name in _imported(path)
                if name in modules and _is_view(modules[name])
            ]
    assert offenders == []


def _long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1})"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]


def test_no_function_is_over_sixty_lines() -> None:
    files = [p for package in ALLOWED for p in _modules(package)] + [ROOT / "wsgi.py"]
    assert [line for path in files for line in _long_functions(path)] == []


def test_every_package_says_what_it_holds() -> None:
    missing = []
    for package in ALLOWED:
        for init in sorted((ROOT / package).rglob("__init__.py")):
            doc = ast.get_docstring(ast.parse(init.read_text())) or ""
            if not doc or "\n" in doc.strip():
                missing.append(str(init.relative_to(ROOT)))
    assert missing == []


def _readme_table() -> list[tuple[str, str]]:
    """The rows of the README's "Where things are" table as (folder cell, what cell)."""
    text = (ROOT / "README.md").read_text().split("## Where things are", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    return [tuple(cell.strip() for cell in row.strip("|").split("|", 1)) for row in rows]  # type: ignore[misc]


def test_the_readme_table_matches_the_tree() -> None:
    rows = _readme_table()
    listed = {name.strip("/") for folder, _ in rows for name in re.findall(r"`([^`]+)`", folder)}
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages <= listed, f"packages missing from the table: {packages - listed}"
    missing = []
    for folder, what in rows:
        base = ROOT / re.findall(r"`([^`]+)`", folder)[0]
        for name in re.findall(r"`([\w/]+(?:\.py|\.json|/))`", what):
            if not ((base / name).exists() or (ROOT / name).exists() or any(base.rglob(name))):
                missing.append(f"{folder}: {name}")
    assert missing == []


def _picture() -> list[str]:
    path = ROOT.parent / "shared" / "ARCHITECTURE.md"
    if not path.exists():
        pytest.skip(f"needs {path} (the shared/ folder beside the project), which is absent")
    return path.read_text().split("```", 2)[1].strip("\n").splitlines()


def test_the_architecture_picture_matches_the_tree() -> None:
    """../shared/ARCHITECTURE.md's picture, with its <shared package> read as core/."""
    missing, top = [], ""
    for line in _picture():
        words = line.replace("<shared package>", "core/").split()
        if not line.startswith(" "):
            top = words[0] if words[0].endswith("/") else top
            heads = words if all(w.endswith("/") for w in words) else words[:1]
            missing += [w for w in heads if not (ROOT / w).exists()]
            continue
        if line.startswith("   "):
            continue  # the description of the line above, carried on
        head = words[0]
        folder = top + head if head.endswith("/") else top
        if not head.endswith(("/", ".py")) and not (ROOT / top / head).exists():
            missing.append(top + head)
        files = [w for w in words if re.fullmatch(r"\w+\.py", w)]
        missing += [folder + f for f in files if not (ROOT / folder / f).exists()]
    assert missing == []
