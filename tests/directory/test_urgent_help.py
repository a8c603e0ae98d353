"""A search whose words may mean someone is in crisis shows where to get help at once."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from directory.urgent import urgent


@pytest.mark.parametrize(
    "words",
    ["suicide", "suicidal thoughts", "I want to kill myself", "want to die", "self harm group",
     "self-harming", "don't want to be here", "crisis", "took an overdose", "end it all"],
)  # fmt: skip
def test_words_of_suicide_self_harm_or_crisis_are_urgent(words: str) -> None:
    assert urgent(words)


@pytest.mark.parametrize(
    "words", ["yoga", "self-help group", "die-cast models", "killing time", "harmony choir", ""]
)
def test_everyday_words_are_not_urgent(words: str) -> None:
    assert not urgent(words)


@pytest.mark.parametrize("path", ["/", "/public/search", "/public/embed"])
def test_a_search_about_suicide_shows_where_to_get_help_first(
    member: Any, client: FlaskClient, path: str
) -> None:
    page = client.get(path, query_string={"q": "i want to die"}).get_data(as_text=True)
    assert 'id="urgent-help-title">Need help now?' in page and "116 123" in page
    assert "NHS 111" in page and 'href="tel:999"' in page
    # before any result: the first thing under the heading
    assert page.index("urgent-help-title") < page.index("results-count")
    page = client.get(path, query_string={"q": "yoga"}).get_data(as_text=True)
    assert "urgent-help-title" not in page


def test_every_public_page_says_where_to_get_help_now(client: FlaskClient) -> None:
    page = client.get("/public/").get_data(as_text=True)
    footer = page[page.index('class="site-footer"') :]
    assert "Samaritans" in footer and "NHS 111" in footer
