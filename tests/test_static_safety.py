"""Static checks: no `|safe` in templates, no unreviewed `Markup(...)`, no formatted SQL text.

A reviewed exception carries `noqa: S704` (Markup) or `noqa: S608` (SQL) with a reason on the
line, as ruff's bandit rules expect; anything else fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = [ROOT / "core", ROOT / "directory", ROOT / "matcher", ROOT / "seeds", ROOT / "wsgi.py"]
SAFE_FILTER = re.compile(r"\|\s*safe\b|\{%-?\s*autoescape\s+false", re.I)
SQL_CALLS = {"text", "exec_driver_sql"}


def _python_files() -> list[Path]:
    return [p for root in CODE for p in ([root] if root.is_file() else sorted(root.rglob("*.py")))]


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _formatted(node: ast.expr) -> bool:
    """An f-string with values, a % format or a .format() call."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return True
    return isinstance(node, ast.Call) and _name(node.func) == "format"


def problems_in(source: str, where: str) -> list[str]:
    """Unreviewed Markup(...) calls and formatted SQL text in one module."""
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        line = "\n".join(lines[node.lineno - 1 : (node.end_lineno or node.lineno)])
        name = _name(node.func)
        reviewed = re.search(r"noqa: S704 - \w", line)
        if name == "Markup" and not isinstance(node.args[0], ast.Constant) and not reviewed:
            found.append(f"{where}:{node.lineno}: Markup() on built text, unreviewed")
        if name in SQL_CALLS and _formatted(node.args[0]) and not re.search(r"noqa: S608", line):
            found.append(f"{where}:{node.lineno}: SQL text built with formatting")
    return found


def test_no_safe_filter_in_templates():
    hits = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if SAFE_FILTER.search(line)
    ]
    assert hits == []


def test_no_unreviewed_markup_or_formatted_sql():
    found = []
    for path in _python_files():
        found += problems_in(path.read_text(), str(path.relative_to(ROOT)))
    assert found == []


def test_the_checks_catch_what_they_are_for():
    bad = (
        "from markupsafe import Markup\nfrom sqlalchemy import text\n"
        "def f(name, table):\n"
        "    a = Markup(name)\n"
        "    b = text(f'SELECT * FROM {table}')\n"
        "    c = text('SELECT %s' % table)\n"
        "    d = conn.exec_driver_sql('DROP {}'.format(table))\n"
        "    e = text('SELECT 1')\n"
        "    g = Markup(name)  # noqa: S704 - escaped above\n"
    )
    assert [p.split(": ", 1)[0] for p in problems_in(bad, "x")] == ["x:4", "x:5", "x:6", "x:7"]
    assert SAFE_FILTER.search("{{ person.notes|safe }}") and SAFE_FILTER.search("{{ x | safe }}")
