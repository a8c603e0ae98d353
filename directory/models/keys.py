"""A resource's name and contacts as the duplicate check compares them, kept beside what was typed.

The database indexes these keys (migration 0022), so the check asks the engine, not a copy of
the directory held in each process; they are set on every insert and update of a resource.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case ASCII words: accents dropped ('café' as 'cafe'), '&' as 'and', no punctuation."""
    plain = unicodedata.normalize("NFKD", text.lower().replace("&", " and "))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    plain = plain.replace("'", "").replace("\u2019", "")  # "men's" as "mens"
    return _NON_WORD.sub(" ", plain.encode("ascii", "ignore").decode()).strip()


def normalise_phone(phone: str) -> str:
    """Digits only, UK +44 written as 0; '' when too short to compare."""
    digits = re.sub(r"\D", "", phone.replace("(0)", ""))
    if digits.startswith("44") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits if len(digits) >= 6 else ""


def normalise_website(url: str) -> str:
    """Host and path, lower case, without scheme, 'www.', query or trailing slash."""
    text = url.strip().lower()
    if not text:
        return ""
    if "//" not in text:
        text = "//" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
    except ValueError:  # an address that is not one ("http://[x"): nothing to compare
        return ""
    host = host[4:] if host.startswith("www.") else host
    return (host + parts.path.rstrip("/")) if host else ""


def normalise_email(email: str) -> str:
    """An e-mail address trimmed and in lower case."""
    return email.strip().lower()


def postcode_key(postcode: str) -> str:
    """A postcode as compared: capitals without spaces ('ls12 3aa' and 'LS123AA' alike)."""
    return "".join(postcode.upper().split())


def keys_of(name: str, phone: str, email: str, url: str) -> dict[str, str]:
    """The four keys of a resource's name and contacts."""
    return {
        "name_key": fold(name)[:200],
        "phone_key": normalise_phone(phone or "")[:40],
        "email_key": normalise_email(email or "")[:254],
        "url_key": normalise_website(url or "")[:500],
    }


def set_keys(_mapper: Any, _connection: Any, resource: Any) -> None:
    """Bring a resource's keys in line with its name and contacts (a mapper event)."""
    for key, value in keys_of(resource.name, resource.phone, resource.email, resource.url).items():
        if getattr(resource, key) != value:
            setattr(resource, key, value)
