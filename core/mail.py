"""Plain-text e-mail through the configured SMTP server, when there is one."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import current_app

TIMEOUT_S = 10


class MailError(RuntimeError):
    """The message could not be handed to the mail server."""


def configured() -> bool:
    """Whether an SMTP server and a sender are set."""
    config = current_app.config
    return bool(config.get("SMTP_URL")) and bool(config.get("MAIL_FROM"))


def send(to: str, subject: str, body: str) -> None:
    """Hand one plain-text message to the SMTP server; MailError if it cannot be sent."""
    url = urlsplit(str(current_app.config["SMTP_URL"]))
    message = EmailMessage()
    message["From"] = str(current_app.config["MAIL_FROM"])
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    host, secure = url.hostname or "localhost", url.scheme == "smtps"
    port = url.port or (465 if secure else 587)
    try:
        if secure:
            context = ssl.create_default_context()
            server: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_S, context=context)
        else:
            server = smtplib.SMTP(host, port, timeout=TIMEOUT_S)
        with server:
            if not secure and server.has_extn("starttls"):
                server.starttls(context=ssl.create_default_context())
            if url.username:
                server.login(unquote(url.username), unquote(url.password or ""))
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(str(exc)) from exc
