"""The subject access copy in a real browser: readable on a phone, every value in words."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from seeds.people import DEMO_PASSWORD

from .conftest import axe_violations, follow
from .demo import demo_page

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_the_copy_reads_as_words_and_fits_a_phone(
    browser: Any, live_server: str, demo: dict[str, str], width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = demo_page(context, live_server, "practitioner")
    page.goto(f"{live_server}/people/{demo['person_id']}/export")
    page.fill("#password", DEMO_PASSWORD)  # asked again before anything personal is shown
    follow(page, "main button[type=submit]")
    assert page.url.endswith("/export")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    text = page.locator("body").inner_text()
    assert "Everything held about person" in text
    assert not re.search(r"\[\]|\['|\bTrue\b|\bFalse\b|\d{4}-\d\d-\d\dT\d\d:", text)
    interests = page.locator("tr:has(th:text-is('Interests')) td").first.inner_text()
    assert interests and "[" not in interests and "'" not in interests
    assert page.locator("td:text-is('Yes'), td:text-is('No')").count() > 0
    assert axe_violations(page) == []
    Path("/tmp/shots").mkdir(exist_ok=True)
    page.screenshot(path=f"/tmp/shots/subject-access-{width}.png")
    context.close()
