"""Links as pages write them: parsed without ever letting one bad address sink the page.

``urllib.parse`` raises ValueError on addresses such as ``http://[x/report.pdf`` (an unclosed
IPv6 bracket) or a port that is not a number. A page holds hundreds of links written by hand
or by a CMS; one of them being malformed is a fact about that link, not about the minutes. So
every function here answers None (or nothing) for an address it cannot read, and the caller
keeps the link's text and drops only its address.
"""

from __future__ import annotations

import re
from urllib.parse import ParseResult, parse_qs, urljoin, urlparse

_EXTENSION = re.compile(r"\.(\w{2,4})$")


def parse(url: str | None) -> ParseResult | None:
    """``urlparse(url)``, or None when the address cannot be read (or there is none)."""
    if not url:
        return None
    try:
        parsed = urlparse(url)
        parsed.port  # noqa: B018 - reading the port is what validates it
    except ValueError:
        return None
    return parsed


def absolute(href: str, *, base: str | None = None, host: str | None = None) -> str | None:
    """``href`` made absolute against the page's address, else its host; None if unreadable."""
    parsed = parse(href)
    if parsed is None:
        return None
    try:
        if base:
            return urljoin(base, href) if parse(base) is not None else href
        if host and not parsed.netloc:
            return urljoin(f"https://{host}/", href)
    except ValueError:
        return None
    return href


def query(url: str | None) -> dict[str, list[str]]:
    """The address's query parameters (``?CId=1&MId=7`` -> ``{"CId": ["1"], ...}``)."""
    parsed = parse(url)
    return parse_qs(parsed.query) if parsed is not None else {}


def path(url: str | None) -> str:
    """The address's path, or "" when there is none or it cannot be read."""
    parsed = parse(url)
    return parsed.path if parsed is not None else ""


def extension(url: str | None) -> str | None:
    """The file type an address names by its extension (``.../report.PDF`` -> ``pdf``)."""
    found = _EXTENSION.search(path(url))
    return found.group(1).lower() if found else None
