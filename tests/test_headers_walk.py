"""Every page a signed-in user can open: no-store, nosniff, a CSP with no inline script, and
framing refused everywhere except the public embed page."""

from __future__ import annotations

import re

from conftest import PASSWORD

from core.auth import access_level

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)


def test_headers_on_every_page(app, users):
    client = app.test_client()
    client.post("/login", data={"email": "admin@example.org", "password": PASSWORD})
    checked, problems = 0, []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()) or rule.arguments or rule.endpoint == "static":
            continue
        if rule.endpoint == "auth.logout":
            continue
        response = client.get(rule.rule)
        headers = response.headers
        csp = headers.get("Content-Security-Policy", "")
        checked += 1
        where = f"{rule.rule} ({response.status_code})"
        if "unsafe-inline" in csp or "default-src 'self'" not in csp:
            problems.append(f"{where}: CSP {csp!r}")
        framing = "frame-ancestors 'none'" in csp
        if framing == (rule.endpoint == "public.embed"):
            problems.append(f"{where}: frame-ancestors {csp!r}")
        if headers.get("X-Content-Type-Options") != "nosniff":
            problems.append(f"{where}: no nosniff")
        if headers.get("Referrer-Policy") != "same-origin":
            problems.append(f"{where}: Referrer-Policy")
        if (
            access_level(app, rule.endpoint) != "public"
            and headers.get("Cache-Control") != "no-store"
        ):
            problems.append(f"{where}: Cache-Control {headers.get('Cache-Control')!r}")
        if response.mimetype == "text/html" and INLINE_SCRIPT.search(
            response.get_data(as_text=True)
        ):
            problems.append(f"{where}: inline script")
    assert problems == []
    assert checked >= 10
