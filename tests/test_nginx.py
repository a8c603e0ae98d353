"""The README's reverse proxy: deploy/nginx.conf, run by Debian's nginx (as this user, in a temp
prefix, on a free port) in front of the app under gunicorn, caches public pages as the app's
Cache-Control says, never a team page or a signed-in visitor's request, and shows a change to
the directory once max-age has passed (revalidating with the app's ETag)."""

from __future__ import annotations

import http.cookiejar
import re
import subprocess  # noqa: S404 - runs nginx and this project's own server
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bench.nginx_proxy import nginx_path, start_nginx, stop_nginx
from tests.conftest import REQUIRE_ALL
from tests.test_file_modes import _cli, _env, _free_port, _get

ROOT = Path(__file__).resolve().parents[1]
MAX_AGE = 3  # seconds (COMMONGROUND_PUBLIC_CACHE_SECONDS): short, so the test can wait it out
SEARCH = "/public/search?q=walking"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Proxy:
    """nginx on `port` in front of the app; the instance folder the app runs on."""

    port: int
    instance: Path

    def url(self, path: str) -> str:
        """The address of a path through nginx."""
        return f"http://127.0.0.1:{self.port}{path}"


@dataclass
class Answer:
    """One response through nginx."""

    status: int
    cache: str  # X-Cache-Status, '' when nginx did not look in its cache
    cache_control: str
    body: str


def fetch(opener: urllib.request.OpenerDirector, url: str, data: bytes | None = None) -> Answer:
    """GET (or POST data to) a URL; the status, cache status, Cache-Control and body."""
    try:
        with opener.open(url, data=data, timeout=30) as response:
            headers, status, body = response.headers, response.status, response.read()
    except urllib.error.HTTPError as exc:
        headers, status, body = exc.headers, exc.code, exc.read()
    return Answer(
        status,
        headers.get("X-Cache-Status", ""),
        headers.get("Cache-Control", ""),
        body.decode("utf-8", "replace"),
    )


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    """The seeded app under gunicorn, and nginx with deploy/nginx.conf in front of it."""
    if nginx_path() is None:
        if REQUIRE_ALL:
            pytest.fail("nginx is not installed (apt-get install nginx); CI requires this test")
        pytest.skip("needs nginx (Debian: apt-get install nginx), which is not installed")
    tmp = tmp_path_factory.mktemp("nginx")
    instance = tmp / "instance"
    env = {**_env(instance), "COMMONGROUND_PUBLIC_CACHE_SECONDS": str(MAX_AGE)}
    _cli(env, "init-db")
    _cli(env, "seed")
    app_port, port = _free_port(), _free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    app = subprocess.Popen(  # noqa: S603
        [str(gunicorn), "-w", "1", "--threads", "4", "-b", f"127.0.0.1:{app_port}", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert _get(f"http://127.0.0.1:{app_port}/login") == 200
        server = start_nginx(tmp / "prefix", app_port, port)
        try:
            yield Proxy(port, instance)
        finally:
            stop_nginx(server)
    finally:
        app.terminate()
        app.wait(timeout=30)


def _anonymous() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener()


def _signed_in(proxy: Proxy) -> urllib.request.OpenerDirector:
    """A browser-like client signed in as the seeded owner, through nginx."""
    from seeds.people import DEMO_PASSWORD

    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    token = CSRF.search(fetch(opener, proxy.url("/login")).body)
    assert token, "no CSRF token on the sign-in page"
    form = f"email=owner%40example.org&password={DEMO_PASSWORD}&csrf_token={token.group(1)}"
    assert fetch(opener, proxy.url("/login"), form.encode()).status == 200
    return opener


def test_a_public_page_is_served_from_the_cache_the_second_time(proxy: Proxy) -> None:
    client = _anonymous()
    for path in ("/public/", SEARCH, "/api/hsds/services"):
        first = fetch(client, proxy.url(path))
        assert (first.status, first.cache) == (200, "MISS"), path
        assert first.cache_control == f"public, max-age={MAX_AGE}", path
        second = fetch(client, proxy.url(path))
        assert (second.status, second.cache) == (200, "HIT"), path
        assert second.body == first.body, path


def test_team_pages_and_signed_in_visitors_are_never_cached(proxy: Proxy) -> None:
    member = _signed_in(proxy)
    for _ in range(2):
        team = fetch(member, proxy.url("/?q=walking"))
        assert team.status == 200 and "Sign out" in team.body
        assert team.cache == "" and team.cache_control == "no-store"
    anonymous = fetch(_anonymous(), proxy.url(SEARCH))  # a copy is in the cache now
    for _ in range(2):
        public = fetch(member, proxy.url(SEARCH))
        assert public.cache == "BYPASS" and public.cache_control == "no-store"
    kept = fetch(_anonymous(), proxy.url(SEARCH))
    # The bypasses stored nothing: the anonymous copy is still the one kept.
    assert kept.cache in ("HIT", "REVALIDATED") and kept.body == anonymous.body


def _clear_of_the_quarter_hour(seconds: float) -> None:
    """Wait past the next quarter hour when it falls within `seconds`: the ETag changes there."""
    from directory.views.caching import ETAG_PERIOD_S

    left = ETAG_PERIOD_S - time.time() % ETAG_PERIOD_S
    if left < seconds:
        time.sleep(left + 0.5)


def test_a_change_is_seen_once_max_age_has_passed(proxy: Proxy) -> None:
    from tests.directory.public_helpers import add_resource, walking_group
    from wsgi import create_app

    app = create_app({"INSTANCE_DIR": str(proxy.instance), "ENV": "development"})
    client, path = _anonymous(), "/public/search?q=walking&sort=name"
    _clear_of_the_quarter_hour(4 * MAX_AGE + 10)
    first = fetch(client, proxy.url(path))
    cached_at = time.monotonic()
    assert first.cache == "MISS" and "Canal walking club" not in first.body
    add_resource(app, walking_group(name="Canal walking club"))
    soon = fetch(client, proxy.url(path))
    if time.monotonic() - cached_at < MAX_AGE:
        assert soon.cache == "HIT" and "Canal walking club" not in soon.body
    time.sleep(max(0.0, cached_at + MAX_AGE + 1 - time.monotonic()))
    later = fetch(client, proxy.url(path))
    assert later.cache == "EXPIRED" and "Canal walking club" in later.body
    time.sleep(MAX_AGE + 1)  # nothing changed since: the app answers nginx's If-None-Match 304
    again = fetch(client, proxy.url(path))
    assert again.cache == "REVALIDATED" and again.body == later.body


def test_pages_are_compressed_for_clients_that_ask(proxy: Proxy) -> None:
    ask = urllib.request.Request(proxy.url(SEARCH), headers={"Accept-Encoding": "gzip"})
    with _anonymous().open(ask, timeout=30) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response.headers["Vary"]
