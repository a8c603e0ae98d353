"""Each audience's main task with the keyboard alone: every step is reached with Tab and shows
where the focus is (an outline or a ring, WCAG 2.4.7), and Enter or Space does the rest."""

from __future__ import annotations

from typing import Any

import pytest

from .demo import demo_page

pytestmark = pytest.mark.browser

MAX_TABS = 150
# What has the focus, and whether it shows: an outline or a box-shadow ring, and on screen.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
    || s.boxShadow !== 'none';
  return {text: (e.innerText || e.value || e.id || e.tagName).trim().slice(0, 60),
          html: e.outerHTML.slice(0, 90), ring: ring,
          onScreen: r.bottom > 0 && r.top < innerHeight && r.width > 0};
}"""


def tab_to(page: Any, selector: str) -> None:
    """Press Tab until `selector` has the focus; every element passed on the way shows it."""
    target = page.locator(selector).first
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now is None:
            continue
        assert now["ring"], f"no visible focus on {now['html']}"
        assert now["onScreen"], f"focus is off screen on {now['html']}"
        if target.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError(f"{selector} was not reached with {MAX_TABS} presses of Tab")


def press(page: Any, key: str = "Enter") -> None:
    """Press a key that loads a new page, and wait for it."""
    with page.expect_navigation():
        page.keyboard.press(key)


@pytest.fixture
def context(browser: Any) -> Any:
    """A phone-sized browser context."""
    made = browser.new_context(viewport={"width": 390, "height": 844})
    made.set_default_timeout(15_000)
    yield made
    made.close()


def test_a_practitioner_finds_and_shortlists_for_a_person(
    context: Any, live_server: str, demo: dict[str, str]
) -> None:
    page = demo_page(context, live_server, "practitioner")
    tab_to(page, ".site-header nav a:text-is('People')")
    press(page)
    tab_to(page, f"main a[href='/people/{demo['person_id']}']")
    press(page)
    tab_to(page, ".person-nav a:text-is('Opportunities')")
    press(page)
    tab_to(page, ".match button:has-text('to shortlist')")
    name = page.evaluate("document.activeElement.innerText")
    press(page)
    assert "Added to the shortlist." in page.locator(".notice-success").inner_text()
    tab_to(page, ".person-nav a:text-is('Shortlist')")
    press(page)
    shortlisted = page.locator(".match h2").all_inner_texts()
    assert any(n in name for n in shortlisted)


def test_a_team_member_adds_a_resource(context: Any, live_server: str, demo: Any) -> None:
    page = demo_page(context, live_server, "member")
    tab_to(page, ".site-header nav a:text-is('Add a resource')")
    press(page)
    for selector, typed in [
        ("#name", "Knit and Natter at Kirkbeck library"),
        ("#place", "LS12"),
        ("#day", "Thursday"),
        ("#start", "2pm"),
        ("#end", "4pm"),
        ("#cost", "free"),
        ("#told_by", "A poster at the library"),
    ]:
        tab_to(page, selector)
        page.keyboard.type(typed)
    tab_to(page, "button:text-is('Check and save')")
    press(page)
    if page.locator("button:has-text('save it anyway')").count():
        tab_to(page, "button:has-text('save it anyway')")
        press(page)
    assert page.locator("h1").inner_text() == "Knit and Natter at Kirkbeck library"
    assert "Added “Knit and Natter" in page.locator(".notice-success").inner_text()


def test_a_team_member_confirms_an_entry_in_the_review_queue(
    context: Any, live_server: str, demo: Any
) -> None:
    page = demo_page(context, live_server, "member")
    tab_to(page, ".site-header nav a:text-is('Review queue')")
    press(page)
    tab_to(page, ".queue-row button:has-text('Still running')")
    name = page.evaluate("document.activeElement.innerText").split(": ", 1)[1]
    press(page)
    assert f"Confirmed “{name}” is still running." in page.locator(".notice-success").inner_text()


def test_anyone_reads_the_public_page(context: Any, live_server: str, demo: Any) -> None:
    page = demo_page(context, live_server, "signed-out")
    page.goto(f"{live_server}/public/")
    tab_to(page, "#q")
    page.keyboard.type("walk")
    press(page)
    tab_to(page, "summary:has-text('Filters')")  # the filters open with the keyboard too
    page.keyboard.press("Enter")
    assert page.locator("#free").is_visible()
    tab_to(page, ".result h3 a")
    title = page.evaluate("document.activeElement.innerText")
    press(page)
    assert page.locator("h1").inner_text() == title
