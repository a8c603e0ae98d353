"""Ask the organiser: single-use, expiring links; confirm or suggest changes, held as pending."""

from __future__ import annotations

import re
import socketserver
import threading
from datetime import timedelta

from sqlmodel import select

from core import db
from core.times import utcnow
from directory.models import OrganiserLink, PendingChange, Resource, ResourceCreate
from directory.resources import create_resource

LINK = re.compile(r'value="(https?://[^"]+/organiser/([A-Za-z0-9_-]+))"')


def cafe(app) -> str:
    with app.app_context():
        session = db.get_session()
        resource = create_resource(
            session,
            ResourceCreate(
                name="Repair café in Moorcross",
                phone="0113 496 0000",
                locations=[{"postcode": "LS12 3AA"}],
                team_notes="Ask for Jo; the back door sticks",
            ),
            confirmed=True,
        )
        session.commit()
        return resource.id


def ask(client, rid: str, **form: str) -> tuple[str, str]:
    """Make a link as the signed-in member: (its path, the page)."""
    response = client.post(f"/workspace/resources/{rid}/ask", data=form)
    assert response.status_code == 201
    page = response.get_data(as_text=True)
    found = LINK.search(page)
    assert found, "no link on the page"
    return "/organiser/" + found.group(2), page


def load(app, rid: str) -> Resource:
    with app.app_context():
        found = db.get_session().get(Resource, rid)
        assert found is not None
        return found


def test_only_a_hash_of_the_token_is_kept(app, client, member):
    rid = cafe(app)
    path, _ = ask(client, rid)
    token = path.rsplit("/", 1)[1]
    with app.app_context():
        [link] = db.get_session().exec(select(OrganiserLink)).all()
    assert token not in link.token_hash and len(link.token_hash) == 64


def test_the_organiser_sees_the_listing_and_nothing_team_only(app, client, member):
    rid = cafe(app)
    path, _ = ask(client, rid)
    client.post("/logout")
    page = client.get(path).get_data(as_text=True)
    assert "Repair café in Moorcross" in page and "0113 496 0000" in page
    assert "Ask for Jo" not in page and "back door" not in page


def test_confirming_uses_the_link_once(app, client, member):
    rid = cafe(app)
    path, _ = ask(client, rid)
    client.post("/logout")
    assert client.post(path, data={"action": "confirm"}).status_code == 200
    resource = load(app, rid)
    assert resource.last_confirmed_how == "organiser" and resource.last_confirmed_by_id is None
    again = client.get(path)
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    assert client.post(path, data={"action": "confirm"}).status_code == 410


def test_a_suggestion_waits_as_the_organiser_said(app, client, member):
    rid = cafe(app)
    path, _ = ask(client, rid)
    client.post("/logout")
    form = {"phone": "0113 496 0999", "description": "", "note": "We now meet on Tuesdays"}
    assert client.post(path, data=form).status_code == 200
    assert load(app, rid).phone == "0113 496 0000"
    with app.app_context():
        [change] = db.get_session().exec(select(PendingChange)).all()
    assert change.source == "the organiser said" and change.note == "We now meet on Tuesdays"
    assert [c["field"] for c in change.changes] == ["phone"]
    assert "0113 496 0999" not in client.get(f"/public/resources/{rid}").get_data(as_text=True)


def test_an_empty_or_too_long_suggestion_names_the_field_and_keeps_the_link(app, client, member):
    rid = cafe(app)
    path, _ = ask(client, rid)
    client.post("/logout")
    response = client.post(path, data={"phone": "0113 496 0000"})
    assert response.status_code == 400 and 'href="#note"' in response.get_data(as_text=True)
    response = client.post(path, data={"phone": "9" * 41})
    assert response.status_code == 400 and 'href="#phone"' in response.get_data(as_text=True)
    assert client.get(path).status_code == 200  # still open


def test_expired_and_made_up_links_say_so(app, client, member):
    rid = cafe(app)
    path, _ = ask(client, rid)
    with app.app_context():
        session = db.get_session()
        link = session.exec(select(OrganiserLink)).one()
        link.expires_at = utcnow() - timedelta(minutes=1)
        session.commit()
    expired = client.get(path)
    assert expired.status_code == 410 and "expired" in expired.get_data(as_text=True)
    made_up = client.get("/organiser/" + "x" * 43)
    assert made_up.status_code == 404 and "not right" in made_up.get_data(as_text=True)
    assert client.get("/organiser/%00").status_code in (400, 404)


def test_a_bad_address_makes_no_link(app, client, member):
    rid = cafe(app)
    response = client.post(
        f"/workspace/resources/{rid}/ask", data={"organiser_email": "not an address"}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.get_session().exec(select(OrganiserLink)).all() == []


class _Smtp(socketserver.StreamRequestHandler):
    """Just enough SMTP to take one message (no STARTTLS offered)."""

    received: list[bytes] = []

    def handle(self) -> None:
        self.wfile.write(b"220 test ready\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                body = b""
                while (part := self.rfile.readline()) != b".\r\n":
                    body += part
                _Smtp.received.append(body)
                self.wfile.write(b"250 kept\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def test_the_link_is_e_mailed_when_smtp_is_set_up(app, client, member):
    _Smtp.received = []
    server = socketserver.TCPServer(("127.0.0.1", 0), _Smtp)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        app.config.update(
            SMTP_URL=f"smtp://127.0.0.1:{server.server_address[1]}",
            MAIL_FROM="directory@example.org",
        )
        rid = cafe(app)
        path, page = ask(client, rid, organiser_email="organiser@example.org")
        assert "Sent by e-mail" in page
    finally:
        server.shutdown()
        server.server_close()
    [body] = _Smtp.received
    assert path.encode() in body and b"To: organiser@example.org" in body


def test_a_number_address_or_website_that_is_none_is_refused_all_at_once_and_kept(
    app, client, member
):
    rid = cafe(app)
    path, _ = ask(client, rid)
    client.post("/logout")
    form = {"phone": "ring Jean on 07700 900 456 evenings", "email": "jean@", "url": "not a site"}
    response = client.post(path, data=form)
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#phone"' in text and 'href="#email"' in text and 'href="#url"' in text
    assert 'value="ring Jean on 07700 900 456 evenings"' in text and 'value="jean@"' in text
    with app.app_context():
        assert db.get_session().exec(select(PendingChange)).all() == []
    assert client.get(path).status_code == 200  # still open


def test_an_organisers_address_that_is_none_is_said_back_not_lost(app, client, member):
    rid = cafe(app)
    answer = client.post(
        f"/workspace/resources/{rid}/ask", data={"organiser_email": "jo at natter dot com"}
    )
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "“jo at natter dot com” is not an e-mail address" in page


def test_the_team_reads_who_said_a_waiting_change_in_plain_words(app, client, auth, users):
    auth.login("member@example.org")
    rid = cafe(app)
    path, _ = ask(client, rid)
    auth.logout()
    client.post(path, data={"phone": "0113 496 0999"})
    auth.login("member@example.org")
    page = client.get(f"/resources/{rid}").get_data(as_text=True)
    assert "The organiser said this, " in page and "From the organiser said" not in page
