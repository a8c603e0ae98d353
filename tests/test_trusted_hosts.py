"""A foreign Host header never reaches a page, and absolute links come from the public URL.

Every public route (walked from app.url_map) is sent `Host: evil.example`: each answers 400 and
no answer names evil.example. With COMMONGROUND_PUBLIC_URL set, each cacheable public answer is
the same byte for byte whichever trusted host asked, and its absolute links use the public URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from core import db
from core.auth import access_level
from directory import vocabulary
from directory.hsds import mapping as m
from directory.hsds.export import location_id, service_at_location_id
from tests.directory.public_helpers import make_directory
from wsgi import create_app

EVIL = "evil.example"
PUBLIC_URL = "https://directory.example.org"


def public_urls(app: Flask, ids: dict[str, str]) -> list[tuple[str, str]]:
    """(method, url) for every method of every public route, its arguments filled in."""
    values = {
        "resource_id": ids["visible"],
        "service_id": m.hsds_id("resource", ids["visible"]),
        "organization_id": m.hsds_id("organisation", ids["organisation"]),
        "taxonomy_id": m.taxonomy_id(vocabulary.INTEREST),
        "taxonomy_term_id": m.term_id(vocabulary.INTEREST, "walking"),
        "service_at_location_id": service_at_location_id(
            ids["visible"], location_id(ids["visible"], None)
        ),
        "token": "SECRET-invite-token",
        "filename": "css/app.css",
    }
    found = []
    for rule in app.url_map.iter_rules():
        if access_level(app, rule.endpoint) != "public":
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<{name}>", values[name]).replace(f"<path:{name}>", values[name])
        query = "?q=walk&near=N7+6QT" if rule.endpoint in ("public.search", "public.embed") else ""
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((method, path + query))
    return found


@pytest.fixture
def ids(app: Flask) -> dict[str, str]:
    """One visible entry (with an organisation) and hidden ones."""
    return make_directory(app)


def test_a_foreign_host_is_refused_on_every_public_route(
    app: Flask, client: FlaskClient, ids: dict[str, str]
) -> None:
    urls = public_urls(app, ids)
    assert len(urls) >= 15
    for method, url in urls:
        for headers in ({"Host": EVIL}, {"Host": f"{EVIL}:443"}, {"X-Forwarded-Host": EVIL}):
            answer = client.open(url, method=method, headers=headers)
            seen = answer.get_data(as_text=True) + str(answer.headers)
            assert EVIL not in seen, (method, url, headers)
            if "Host" in headers:
                assert answer.status_code == 400, (method, url)
                assert "does not answer to that host name" in seen
    # A trusted host still gets the page.
    assert client.get("/public/embed?q=walk").status_code == 200


def test_a_nul_with_a_foreign_host_is_still_a_calm_400(client: FlaskClient) -> None:
    """The host is refused before other checks, whose error pages cannot be drawn without it."""
    answer = client.get("/public/search?q=a%00", headers={"Host": EVIL})
    assert answer.status_code == 400


@pytest.fixture
def make_app(app_config: dict[str, Any]) -> Iterator[Callable[..., Flask]]:
    """Apps on the test database with settings changed; their connections closed afterwards."""
    made: list[Flask] = []

    def make(**changes: Any) -> Flask:
        from conftest import CsrfClient

        made.append(create_app({**app_config, **changes}))
        made[-1].test_client_class = CsrfClient
        return made[-1]

    yield make
    for app in made:
        db.get_engine(app).dispose()


@pytest.fixture
def two_hosts(make_app: Callable[..., Flask], ids: dict[str, str]) -> FlaskClient:
    """An app that answers to two host names and has a public URL."""
    return make_app(TRUSTED_HOSTS="localhost, 127.0.0.1", PUBLIC_URL=PUBLIC_URL).test_client()


def test_cacheable_public_answers_do_not_vary_by_host(
    app: Flask, two_hosts: FlaskClient, ids: dict[str, str]
) -> None:
    compared = 0
    for method, url in public_urls(app, ids):
        if method != "GET":
            continue
        first = two_hosts.get(url, headers={"Host": "localhost"})
        if first.headers.get("Cache-Control", "").startswith("public"):
            second = two_hosts.get(url, headers={"Host": "127.0.0.1:5000"})
            assert second.get_data() == first.get_data(), url
            assert second.headers.get("ETag") == first.headers.get("ETag"), url
            assert "Host" not in first.headers.get("Vary", ""), url
            compared += 1
    assert compared >= 10


def test_absolute_links_use_the_public_url(two_hosts: FlaskClient, ids: dict[str, str]) -> None:
    home = two_hosts.get("/public/").get_data(as_text=True)
    assert f'src="{PUBLIC_URL}/public/embed"' in home
    embed = two_hosts.get("/public/embed?q=walk").get_data(as_text=True)
    assert f'href="{PUBLIC_URL}/public/resources/{ids["visible"]}"' in embed
    assert f'href="{PUBLIC_URL}/public/search?q=walk' in embed
    feed = two_hosts.get(f"/public/resources/{ids['visible']}.ics").get_data(as_text=True)
    assert f"URL:{PUBLIC_URL}/public/resources/{ids['visible']}" in feed.replace("\r\n ", "")
    for page in (home, embed, feed):
        assert "localhost" not in page


def test_the_public_url_is_used_under_a_proxy_prefix(
    make_app: Callable[..., Flask], ids: dict[str, str]
) -> None:
    client = make_app(PUBLIC_URL="https://example.org/directory/").test_client()
    page = client.get("/public/", environ_base={"SCRIPT_NAME": "/directory"})
    assert 'src="https://example.org/directory/public/embed"' in page.get_data(as_text=True)


def test_invitation_links_use_the_public_url(
    make_app: Callable[..., Flask], users: dict[str, int]
) -> None:
    from conftest import PASSWORD

    client = make_app(PUBLIC_URL=PUBLIC_URL).test_client()
    client.post("/login", data={"email": "admin@example.org", "password": PASSWORD})
    answer = client.post(
        "/admin/users", data={"email": "new@example.org", "name": "New", "role": "member"}
    )
    assert answer.status_code == 201
    assert f"{PUBLIC_URL}/invite/" in answer.get_data(as_text=True)


def test_without_a_public_url_public_answers_vary_by_host(
    client: FlaskClient, ids: dict[str, str]
) -> None:
    answer = client.get("/public/")
    assert 'src="http://localhost/public/embed"' in answer.get_data(as_text=True)
    assert "Host" in answer.headers["Vary"]


@pytest.mark.parametrize(
    "url", ["directory.example.org", "ftp://x.org", "https://", "https://x.org/?a=1", "https://x:0"]
)
def test_an_unusable_public_url_is_refused(make_app: Callable[..., Flask], url: str) -> None:
    from core.config import ConfigError

    with pytest.raises(ConfigError, match="COMMONGROUND_PUBLIC_URL"):
        make_app(PUBLIC_URL=url)
