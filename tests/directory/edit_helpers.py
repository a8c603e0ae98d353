"""Reading the full edit form as a browser would post it, for tests that edit through it."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from flask.testing import FlaskClient


class _FormReader(HTMLParser):
    """The values a browser would post from the page's edit form (without a submit button)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""
        self._selected: str | None = None
        self._first: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "edit-form" in a.get("class", ""):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit",):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "y" if a.get("type") else "")))
        elif tag == "select":
            self._select, self._selected, self._first = a.get("name"), None, None
        elif tag == "option" and self._select is not None:
            self._first = a.get("value", "") if self._first is None else self._first
            if "selected" in a:
                self._selected = a.get("value", "")
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select is not None:
            self.fields.append((self._select, self._selected or self._first or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text.removeprefix("\r").removeprefix("\n")))
            self._textarea = None


def form_of(page: str) -> dict[str, Any]:
    """The edit form's fields as posted (a list where a name repeats)."""
    reader = _FormReader()
    reader.feed(page)
    found: dict[str, Any] = {}
    for name, value in reader.fields:
        if name in found:
            found[name] = (
                [*found[name], value]
                if isinstance(found[name], list)
                else [
                    found[name],
                    value,
                ]
            )
        else:
            found[name] = value
    return found


def edit_page_form(client: FlaskClient, rid: str) -> dict[str, Any]:
    """The edit form for a resource, as its page gives it."""
    response = client.get(f"/workspace/resources/{rid}/edit")
    assert response.status_code == 200
    return form_of(response.get_data(as_text=True))
