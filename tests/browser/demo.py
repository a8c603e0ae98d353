"""The demo area as a browser test's data: the seeds, and a person with a goal and a shortlist."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlmodel import col, select

from core.db import get_session
from directory.models import Resource
from directory.stewardship import organiser
from seeds.people import DEMO_PASSWORD

ACCOUNTS = {
    "member": "cmht-member@example.org",
    "practitioner": "cmht-practitioner@example.org",
    "admin": "cmht-admin@example.org",
    "owner": "owner@example.org",
}


@pytest.fixture
def demo(app: Flask, runner: FlaskCliRunner) -> dict[str, str]:
    """The demo area, and a person with a goal, a shortlist and a long note."""
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        resource_id = get_session().exec(select(Resource.id).order_by(Resource.name)).first()
    client = app.test_client()
    client.post(
        "/login", data={"email": ACCOUNTS["practitioner"], "password": DEMO_PASSWORD}
    )  # fmt: skip
    answer = client.post(
        "/people/new",
        data={
            "label": "J.S.",
            "where": "LS12",
            "interests": ["walking"],
            "notes": "Likes https://example.org/a/very/long/address/that/does/not/break/anywhere",
            "goal-0-title": "Get out of the house twice a week",
            "goal-0-step-text": ["Walk to the park", "Join a walking group"],
            "goal-0-step-status": ["done", "todo"],
        },
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)[:2000]
    person = answer.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    client.post(f"/people/{person}/shortlist", data={"resource_id": resource_id})
    admin = app.test_client()
    admin.post("/login", data={"email": ACCOUNTS["admin"], "password": DEMO_PASSWORD})
    invited = admin.post(
        "/admin/users",
        data={"email": "new@example.org", "name": "New Starter", "role": "member", "team": ""},
    )
    token = re.search(r"/invite/([A-Za-z0-9_.-]+)", invited.get_data(as_text=True))
    assert token, invited.get_data(as_text=True)[:2000]
    with app.app_context():
        session = get_session()
        found = session.exec(select(Resource).where(col(Resource.locations).any())).first()
        assert found is not None
        organiser_token = organiser.make_link(session, found, None)
        place = found.locations[0]
        session.commit()
    return {
        "person_id": person,
        "resource_id": str(resource_id),
        "token": token.group(1),
        "organiser_token": organiser_token,
        "venue": "?" + urlencode({"name": place.name, "postcode": place.postcode}),
    }


def demo_page(context: Any, base: str, who: str) -> Any:
    """A new page in context, signed in through the form as the demo account `who`."""
    page = context.new_page()
    if who != "signed-out":
        page.goto(f"{base}/login")
        page.fill("#email", ACCOUNTS[who])
        page.fill("#password", DEMO_PASSWORD)
        with page.expect_navigation():
            page.click("button[type=submit]:has-text('Sign in')")
    return page
