"""Losing your place: going back keeps the search and the scroll, and actions on a card, the
resource page's "Back to search" and a goal step's buttons all come back to where you were."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from .conftest import follow
from .demo import demo_page

pytestmark = pytest.mark.browser

SEARCH = "/?q=walking&near=LS12&free=1"


def _in_view(page: Any, selector: str) -> bool:
    top = page.locator(selector).evaluate("e => e.getBoundingClientRect().top")
    return bool(-1 <= top < page.viewport_size["height"])


@pytest.mark.parametrize("width", [390, 1280])
def test_back_keeps_the_search_and_the_place_in_it(
    browser: Any, app: Flask, live_server: str, demo: dict[str, str], width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = demo_page(context, live_server, "practitioner")
    page.goto(live_server + SEARCH)
    cards = page.locator(".result")
    assert cards.count() >= 5
    card = cards.nth(4)
    anchor = card.get_attribute("id")
    card.locator("h3 a").scroll_into_view_if_needed()  # where a click would scroll to anyway
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 300

    follow(page, f"#{anchor} h3 a")
    back = page.locator("a:has-text('Back to search')")
    assert back.get_attribute("href") == f"{SEARCH}#{anchor}"
    page.go_back()
    page.wait_for_load_state()
    assert page.url == live_server + SEARCH
    assert page.input_value("#q") == "walking"
    assert abs(page.evaluate("window.scrollY") - scrolled) < 60

    page.go_forward()
    follow(page, "a:has-text('Back to search')")
    assert page.url == f"{live_server}{SEARCH}#{anchor}" and _in_view(page, f"#{anchor}")

    # "Still running" is a button that comes back to its own card.
    button = page.locator(f"#{anchor} button:has-text('Still running')")
    assert button.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    with page.expect_navigation():
        button.click()
    assert page.url.endswith(f"#{anchor}") and _in_view(page, f"#{anchor}")
    assert "is still running" in page.locator(".notice-success").inner_text()
    context.close()


def test_shortlisting_and_ticking_a_step_come_back_to_the_card_and_the_step(
    browser: Any, live_server: str, demo: dict[str, str]
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = demo_page(context, live_server, "practitioner")
    person = demo["person_id"]
    page.goto(f"{live_server}/people/{person}/matches")
    cards = page.locator(".match:has(button:has-text('to shortlist'))")
    assert cards.count() >= 3
    card = cards.nth(2)
    anchor = card.get_attribute("id")
    follow(page, f"#{anchor} button:has-text('to shortlist')")
    assert page.url.endswith(f"#{anchor}") and _in_view(page, f"#{anchor}")
    assert "On the shortlist" in page.locator(f"#{anchor}").inner_text()

    follow(page, ".person-nav >> text=Goals")
    step = page.locator(".goal-step", has_text="Join a walking group")
    assert "Not started" in step.inner_text()
    follow(page, ".goal-step:has-text('Join a walking group') button:has-text('Done')")
    step_id = step.get_attribute("id")
    assert page.url.endswith(f"#{step_id}")
    assert "Done" in page.locator(f"#{step_id} .status-done").inner_text()
    context.close()


def test_the_profile_forms_own_buttons_come_back_to_where_they_were_pressed(
    browser: Any, live_server: str, demo: dict[str, str]
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = demo_page(context, live_server, "practitioner")
    page.goto(f"{live_server}/people/{demo['person_id']}/edit")
    page.fill("#notes", "Loves the allotment and used to fish; keen to try cooking.")
    follow(page, "button:has-text('Suggest from these notes')")
    assert page.url.endswith("#about-them") and _in_view(page, "#about-them")
    assert page.evaluate("window.scrollY") > 300
    assert "Gardening" in page.locator(".suggestions").inner_text()

    rows = page.locator("#free-times input[name='ft_from']").count()
    follow(page, "button:has-text('Show more rows')")
    assert page.url.endswith("#free-times") and _in_view(page, "#free-times")
    assert page.locator("#free-times input[name='ft_from']").count() > rows
    assert page.input_value("#notes").startswith("Loves the allotment")  # nothing lost
    context.close()
