"""The README stays true: it leads with the two commands and documents every variable."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    *("core", "directory", "matcher", "seeds", "bench", "tests"),
    *("wsgi.py", ".ci/run", "Makefile"),
]


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
    from core.config import ENV_VARS, PREFIX

    used = set(re.findall(r"COMMONGROUND_[A-Z][A-Z0-9_]*[A-Z0-9]", _code_text()))
    used |= {PREFIX + name for name in ENV_VARS}
    missing = sorted(v for v in used if f"`{v}`" not in readme)
    assert missing == []


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_leads_with_the_app_then_commands_and_accounts_and_keeps_figures_last():
    readme = (ROOT / "README.md").read_text()
    intro, first = readme.split("\n## ", 2)[:2]
    assert "mental-health and social-care teams" in intro  # what the app is, before anything
    assert "cmht-admin@example.org" in first and "password" in first  # the demo accounts
    sections = re.findall(r"^## (.+)$", readme, flags=re.M)
    assert sections[-1] == "Performance"
    assert readme.index("nDCG@10") > readme.index("## Privacy and security")  # figures last
