"""A polite HTTP client for one modern.gov site, writing every response into the cache.

One request at a time, a pause between requests (``delay``, or the site's
robots.txt ``Crawl-delay`` if longer), robots.txt obeyed, conditional requests
(If-None-Match / If-Modified-Since) for anything already cached, retries with
exponential backoff on 429 and 5xx (honouring Retry-After) and on dropped
connections, redirects followed only within the site. Every failure becomes a
``FetchError`` whose ``reason`` is one line a person can act on.
"""

from __future__ import annotations

import email.utils
import functools
import os
import ssl
import time
import urllib.robotparser
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

import httpx

from fetch.cache import CacheEntry, SiteCache

CONTACT_ENV = "MINUTES_TUI_CONTACT"
ROBOTS_AGENT = "minutes-tui"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BODY_BYTES = 200 * 1024 * 1024  # a printed-minutes PDF is a few MB; this stops runaways
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=10.0, pool=10.0)

_STATUS_NOTES = {
    401: "the site wants a login",
    403: "refused by the site or its firewall",
    404: "no such page",
    410: "the page has been removed",
}


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The TLS settings (system-trusted certificates via certifi, as httpx does by default),
    built once per process: loading the certificate bundle takes a tenth of a second."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def version() -> str:
    try:
        return metadata.version("minutes-tui")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def user_agent() -> str:
    """``minutes-tui/0.1.0 (+offline minutes reader; contact: ...)``.

    Council web teams see this in their logs; ``$MINUTES_TUI_CONTACT`` lets a
    user put an e-mail address there so they can be reached instead of blocked.
    """
    contact = " ".join(os.environ.get(CONTACT_ENV, "").split()) or f"set {CONTACT_ENV}"
    return f"minutes-tui/{version()} (+offline minutes reader; contact: {contact})"


class FetchError(Exception):
    """One URL could not be fetched. ``reason`` is one line; ``transport`` marks network trouble
    (timeouts, refused connections, TLS) as opposed to an answer from the site."""

    def __init__(
        self, url: str, reason: str, *, status: int | None = None, transport: bool = False
    ) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status  # the HTTP status the site answered with, if it answered
        self.transport = transport


class RobotsDisallowed(FetchError):
    """robots.txt asks crawlers to keep away from this URL."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "disallowed by robots.txt")


class RobotsUnavailable(FetchError):
    """robots.txt could not be read (5xx, network): RFC 9309 says crawl nothing."""


class _OffSite(Exception):
    def __init__(self, url: httpx.URL) -> None:
        super().__init__(str(url))
        self.url = url


@dataclass(frozen=True)
class Fetched:
    """A URL that is now in the cache: just downloaded, or confirmed unchanged (304)."""

    url: str
    entry: CacheEntry
    path: Path
    outcome: Literal["fetched", "not_modified"]
    changed: bool  # the cached bytes differ from before this request


@dataclass
class ClientCounts:
    requests: int = 0
    fetched: int = 0
    not_modified: int = 0
    retries: int = 0


def describe_transport_error(exc: BaseException) -> str:
    """One line for a network failure: timeout, refused connection, TLS, dropped connection."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in chain:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    text = " ".join(str(e) for e in chain)
    if any(isinstance(e, ssl.SSLError) for e in chain) or "CERTIFICATE_VERIFY" in text:
        detail = next((str(e) for e in chain if isinstance(e, ssl.SSLError)), str(exc))
        return f"TLS error ({' '.join(detail.split())[:160]})"
    if isinstance(exc, httpx.ConnectTimeout):
        return "timed out connecting"
    if isinstance(exc, httpx.ReadTimeout):
        return "timed out waiting for the answer"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({' '.join(str(exc).split())[:160] or 'connection refused'})"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection broke off mid-answer"
    return f"network error ({type(exc).__name__}: {' '.join(str(exc).split())[:160]})"


def describe_status(response: httpx.Response) -> str:
    note = _STATUS_NOTES.get(response.status_code)
    phrase = response.reason_phrase or ""
    head = f"{response.status_code} {phrase}".strip()
    return f"{head} ({note})" if note else head


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: ``"120"`` or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


class SiteClient:
    """Fetches URLs of one site into its cache, politely. Use as a context manager."""

    def __init__(
        self,
        site_url: str,
        cache: SiteCache,
        *,
        delay: float = 1.0,
        max_retries: int = 3,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        before_request: Callable[[str], None] | None = None,
    ) -> None:
        parts = urlsplit(site_url)
        self.site_url = site_url
        self.host = (parts.hostname or "").lower()
        self.origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        self.cache = cache
        self.delay = delay
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.counts = ClientCounts()
        self.user_agent = user_agent()
        self._sleep = sleep
        self._before_request = before_request
        self._last_request: float | None = None
        self._robots: urllib.robotparser.RobotFileParser | None = None
        self._http = httpx.Client(
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=timeout,
            verify=tls_context(),
            follow_redirects=True,
            max_redirects=5,
            transport=transport,
            event_hooks={"request": [self._stay_on_site]},
        )

    def __enter__(self) -> SiteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _stay_on_site(self, request: httpx.Request) -> None:
        """Redirects are followed only within the site (http -> https on the same host is fine)."""
        if (request.url.host or "").lower() != self.host:
            raise _OffSite(request.url)

    # --- robots.txt -------------------------------------------------------------------------

    def _load_robots(self) -> urllib.robotparser.RobotFileParser:
        """Fetch and parse robots.txt once per run (RFC 9309: a 4xx means no rules).

        A robots.txt the site cannot serve (5xx, network) stops the crawl: the
        RFC says to assume everything is disallowed, and a site that cannot
        answer this will not answer the rest.
        """
        robots = urllib.robotparser.RobotFileParser()
        url = self.origin + "/robots.txt"
        try:
            fetched = self._request(url, folder="lists", conditional=True)
        except FetchError as exc:
            if exc.status is None or not 400 <= exc.status < 500 or exc.status == 429:
                raise
            robots.parse([])
            return robots
        text = fetched.path.read_bytes().decode("utf-8", errors="replace")
        robots.parse(text.splitlines())
        crawl_delay = robots.crawl_delay(ROBOTS_AGENT)
        if crawl_delay is not None:
            self.delay = max(self.delay, float(crawl_delay))
        return robots

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets minutes-tui fetch ``url`` (read once, on first use)."""
        if self._robots is None:
            try:
                self._robots = self._load_robots()
            except FetchError as exc:
                raise RobotsUnavailable(
                    exc.url,
                    f"robots.txt could not be read ({exc.reason}); not crawling without it",
                    status=exc.status,
                    transport=exc.transport,
                ) from None
        return self._robots.can_fetch(ROBOTS_AGENT, url)

    # --- requests ---------------------------------------------------------------------------

    def get(self, url: str, *, folder: str = "pages", conditional: bool = True) -> Fetched:
        """Fetch ``url`` into the cache (or confirm the cached copy). Raises FetchError."""
        if not self.allowed(url):
            raise RobotsDisallowed(url)
        return self._request(url, folder=folder, conditional=conditional)

    def _pace(self) -> None:
        if self._last_request is not None and self.delay > 0:
            wait = self.delay - (time.monotonic() - self._last_request)
            if wait > 0:
                self._sleep(wait)

    def _request(self, url: str, *, folder: str, conditional: bool) -> Fetched:
        cached = self.cache.get(url)
        headers: dict[str, str] = {}
        if conditional and cached is not None:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        attempts = self.max_retries + 1
        last_reason = ""
        last_status: int | None = None
        for attempt in range(attempts):
            self._pace()
            if self._before_request is not None:
                self._before_request(url)
            self.counts.requests += 1
            wait: float | None = None
            try:
                with self._http.stream("GET", url, headers=headers) as response:
                    status = response.status_code
                    if status == 304 and cached is not None:
                        entry = self.cache.touch(
                            url,
                            etag=response.headers.get("ETag"),
                            last_modified=response.headers.get("Last-Modified"),
                        )
                        self.counts.not_modified += 1
                        return Fetched(url, entry, self.cache.path_of(entry), "not_modified", False)
                    if status == 200:
                        entry, changed = self.cache.store(
                            url,
                            self._body(url, response),
                            folder=folder,
                            etag=response.headers.get("ETag"),
                            last_modified=response.headers.get("Last-Modified"),
                            content_type=response.headers.get("Content-Type"),
                        )
                        self.counts.fetched += 1
                        return Fetched(url, entry, self.cache.path_of(entry), "fetched", changed)
                    last_reason = describe_status(response)
                    last_status = status
                    if status not in RETRY_STATUSES:
                        raise FetchError(url, last_reason, status=status)
                    wait = retry_after_seconds(response.headers.get("Retry-After"))
                    if wait is not None and wait > self.max_wait:
                        raise FetchError(
                            url,
                            f"{last_reason}; the site asked us to wait {wait:.0f} s, "
                            f"more than the {self.max_wait:.0f} s limit",
                            status=status,
                        )
            except _OffSite as exc:
                raise FetchError(
                    url, f"redirected off the site to {exc.url.host}; not followed"
                ) from None
            except httpx.TooManyRedirects:
                raise FetchError(url, "too many redirects") from None
            except httpx.TransportError as exc:
                last_reason = describe_transport_error(exc)
                last_status = None
                if last_reason.startswith("TLS error"):
                    raise FetchError(url, last_reason, transport=True) from None
                if attempt + 1 >= attempts:
                    raise FetchError(
                        url, f"{last_reason} (after {attempts} tries)", transport=True
                    ) from None
            finally:
                # The pause runs from the end of this exchange, whole body included.
                self._last_request = time.monotonic()
            if attempt + 1 < attempts:
                self.counts.retries += 1
                self._sleep(wait if wait is not None else self.backoff * (2**attempt))
        raise FetchError(url, f"{last_reason} (after {attempts} tries)", status=last_status)

    def _body(self, url: str, response: httpx.Response) -> Iterator[bytes]:
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise FetchError(url, f"larger than {MAX_BODY_BYTES // (1024 * 1024)} MB; skipped")
            yield chunk
