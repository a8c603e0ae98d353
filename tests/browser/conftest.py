"""Browser tests: the app on a free local port, driven by Debian's Chromium through Playwright.

One database backend is enough here, so `database_url` is SQLite only.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from .demo import demo  # noqa: F401 - the demo area as a fixture for these tests

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "static" / "vendor" / "axe-core" / "axe.min.js"
LEAFLET = ROOT / "static" / "vendor" / "leaflet" / "leaflet.js"
CLUSTERS = ROOT / "static" / "vendor" / "markercluster" / "leaflet.markercluster.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SERIOUS = {"serious", "critical"}


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A fresh, migrated SQLite database (browser tests run on one backend only)."""
    path = tmp_path / "commonground.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The test app served by werkzeug on 127.0.0.1 and a free port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium for the whole session."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python")
    if not CHROMIUM.exists():
        pytest.skip(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page (own cookies) at a desktop size; JavaScript errors fail the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def follow(page: Any, selector: str) -> None:
    """Click what loads a new page and wait until that page has loaded."""
    # A click does not wait for the navigation it starts, so checks right after it
    # could still read the old page.
    with page.expect_navigation():
        page.click(selector)


def sign_in(page: Any, base_url: str, email: str = "member@example.org") -> None:
    """Sign in through the sign-in form, as a person would."""
    from conftest import PASSWORD

    page.goto(f"{base_url}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    follow(page, "button[type=submit]:has-text('Sign in')")
    assert "/login" not in page.url, "sign-in failed"


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the current page and return its serious and critical violations."""
    if not AXE.exists():
        pytest.skip(f"needs {AXE.relative_to(ROOT)}: run `make assets` (CI does)")
    # Loaded from the app itself so the page's Content-Security-Policy allows it.
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    violations: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const result = await window.axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
            }));
        }"""
    )
    return [v for v in violations if v["impact"] in SERIOUS]


def has_leaflet() -> bool:
    """Tell whether `make assets` installed Leaflet and its marker clusters."""
    return LEAFLET.exists() and CLUSTERS.exists()
