"""The README stays true: it leads with the two commands and documents every variable."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["directory", "matcher", "seeds", "bench", "tests", "wsgi.py", ".ci/run", "Makefile"]


def _code_text() -> str:
    parts = []
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else [*path.rglob("*.py")]
        parts += [f.read_text() for f in files]
    return "\n".join(parts)


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    first_section = readme.split("\n## ", 2)[1]
    assert first_section.startswith("Two commands")
    assert "make run" in first_section and "make test" in first_section


def test_every_commonground_variable_is_documented():
    readme = (ROOT / "README.md").read_text()
    from directory.config import ENV_VARS, PREFIX

    used = set(re.findall(r"COMMONGROUND_[A-Z][A-Z0-9_]*[A-Z0-9]", _code_text()))
    used |= {PREFIX + name for name in ENV_VARS}
    missing = sorted(v for v in used if f"`{v}`" not in readme)
    assert missing == []


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
