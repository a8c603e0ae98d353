"""Every page at 390 and 320 px, as the demo's users see it: nothing scrolls sideways, touch
targets are at least 24 x 24 px, search results start on the first screen, and a screenshot of
each page is saved in build/screens-390/ (and -320/) for a person to look at before a change to a
page lands."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from core.auth import access_level

from .conftest import ROOT
from .demo import demo_page

pytestmark = pytest.mark.browser

HEIGHT = 844
SHOTS = ROOT / "build"
# Downloads and machine-readable answers, not pages a person reads.
NOT_PAGES = re.compile(r"\.(ics|json|csv|ico)$|^/api/|^/openapi|^/static/")
# Who looks at a page of each access level: members' pages also as an admin, whose menu is longest.
VIEWERS = {
    "public": ["signed-out"],
    "member": ["member", "admin"],
    "practitioner": ["practitioner", "admin"],
    "admin": ["admin"],
    "owner": ["owner"],
}
# A page's extra addresses beyond its bare one: searches with results, the handout's options.
EXTRA = {
    "team.home": ["/?q=walking&near=LS12", "/?q=zzzzqqq"],
    "public.search": ["/public/search?q=walk&near=LS12"],
    "people.handout": ["?ask_for=1"],
}
SEARCHES = {"/?q=walking&near=LS12", "/public/search?q=walk&near=LS12"}
TARGETS = """() => [...document.querySelectorAll(
    'button, input:not([type=hidden]), select, textarea, summary, a.button, nav a, .pagination a'
  )].filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
   .map(e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect().width,
              e.getBoundingClientRect().height])
   .filter(([_, w, h]) => w < 24 || h < 24)"""


def _addresses(app: Flask, ids: dict[str, str]) -> list[tuple[str, str, str]]:
    """(endpoint, access level, address) of every page a person reads."""
    out = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or NOT_PAGES.search(rule.rule):
            continue
        if rule.endpoint.startswith(("hsds_api.", "api_docs.")):
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<int:{name}>", ids[name]).replace(f"<{name}>", ids[name])
        if rule.endpoint == "stewardship.organiser_page":  # its own single-use token
            path = f"/organiser/{ids['organiser_token']}"
        if rule.endpoint == "workspace.venue":  # a venue in the demo
            path += ids["venue"]
        level = access_level(app, rule.endpoint) or "public"
        out.append((rule.endpoint, level, path))
        for extra in EXTRA.get(rule.endpoint, []):
            out.append((rule.endpoint, level, extra if extra.startswith("/") else path + extra))
    out.append(("not-found", "public", "/no-such-page"))
    return sorted(out)


def _look(page: Any, base: str, path: str, shot: Path, width: int) -> list[str]:
    """Open one page; what is wrong with it at this width."""
    answer = page.goto(base + path)
    problems = []
    if answer is None or answer.status >= 500 or (answer.status == 404) != ("no-such" in path):
        problems.append(f"answered {answer.status if answer else 'nothing'}")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"scrolls sideways: {scroll_width} px wide")
    # A form's grid of ticks shows every column: a column off to the side goes unseen.
    hidden = page.evaluate(
        "[...document.querySelectorAll('.grid-wrap')].filter(e => e.scrollWidth > e.clientWidth)"
        ".length"
    )
    if hidden:
        problems.append("a grid of ticks hides columns to the side")
    small = page.evaluate(TARGETS)
    if small:
        problems.append(f"touch targets under 24 px: {small[:3]}")
    if path in SEARCHES:
        top = page.evaluate("document.querySelector('.result').getBoundingClientRect().top")
        if top > HEIGHT:
            problems.append(f"the first result starts {top:.0f} px down")
    page.screenshot(path=str(shot), full_page=True)
    return problems


@pytest.mark.parametrize("width", [390, 320])
def test_every_page_fits_a_phone(
    browser: Any, app: Flask, live_server: str, demo: dict[str, str], width: int
) -> None:
    shots = SHOTS / f"screens-{width}"
    shots.mkdir(parents=True, exist_ok=True)
    addresses = _addresses(app, demo)
    assert len(addresses) >= 35
    problems: list[str] = []
    seen = 0
    for who in ("signed-out", "member", "practitioner", "admin", "owner"):
        context = browser.new_context(viewport={"width": width, "height": HEIGHT})
        page = demo_page(context, live_server, who)
        for endpoint, level, path in addresses:
            if who not in VIEWERS[level]:
                continue
            shown = path.replace(demo["token"], "token").replace(demo["organiser_token"], "token")
            name = re.sub(r"[^A-Za-z0-9]+", "-", f"{who}-{endpoint}-{shown}").strip("-")
            found = _look(page, live_server, path, shots / f"{name[:120]}.png", width)
            problems += [f"{who} {path}: {p}" for p in found]
            seen += 1
        context.close()
    assert problems == [], "\n".join(problems)
    assert seen >= 50
