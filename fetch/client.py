"""A polite HTTP client for one modern.gov site, writing every response into the cache.

One request at a time, a pause between requests (``delay``, or the site's
robots.txt ``Crawl-delay`` if longer), robots.txt obeyed as RFC 9309 reads it
(Protego: wildcards, ``$``, fractional delays), conditional requests
(If-None-Match / If-Modified-Since) for anything already cached, retries with
exponential backoff on 429 and 5xx (honouring Retry-After) and on dropped
connections, redirects followed only to the same scheme, host and port. Every
answer is bounded (a deadline for the whole response, a size cap), and a web
firewall's challenge page is told apart from the site's own pages. Every failure
becomes a ``FetchError`` whose ``reason`` is one line a person can act on.
"""

from __future__ import annotations

import email.utils
import errno
import functools
import os
import re
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

import httpx
from protego import Protego

from fetch.cache import CacheEntry, SiteCache

CONTACT_ENV = "MINUTES_TUI_CONTACT"
ROBOTS_AGENT = "minutes-tui"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_BODY_BYTES = 200 * 1024 * 1024  # a printed-minutes PDF is a few MB; this stops runaways
# RFC 9309 2.5: a crawler must read at least the first 500 KiB of robots.txt and may ignore
# the rest. A hostile server's 150 MB robots.txt was read whole and kept in the cache.
ROBOTS_MAX_BYTES = 500 * 1024
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=30.0, write=10.0, pool=10.0)
# httpx's read timeout is per chunk: a server dripping one byte a second never trips it (one
# ran 150 s). The whole answer, body included, must arrive within this many seconds.
DEFAULT_DEADLINE = 180.0
# What a challenge page of a web firewall or bot shield says, in its first few KB, where a
# modern.gov page never does. A shielded site answers every page with one of these (with 200,
# 403 or 503), and the web service with it too, where it looks like "not a modern.gov site".
_CHALLENGE = re.compile(
    rb"_cf_chl_opt|cf-chl-|<title>\s*just a moment\.\.\.|attention required! \| cloudflare"
    rb"|_incapsula_resource|incapsula incident id|request unsuccessful\. incapsula"
    rb"|aws-waf-token|awswafcookiedomainlist|sucuri website firewall - access denied"
    rb"|the requested url was rejected\. please consult with your administrator"
    rb"|checking your browser before accessing|enable javascript and cookies to continue"
    rb"|ddos-guard|_pxcaptcha|px-captcha",
    re.I,
)
# Not "challenge-platform" alone: Cloudflare injects /cdn-cgi/challenge-platform/scripts/jsd/
# into the ordinary pages of the sites it fronts, which must still be read.
_SNIFF_BYTES = 16 * 1024

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
        self,
        url: str,
        reason: str,
        *,
        status: int | None = None,
        transport: bool = False,
        blocked: bool = False,
    ) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status  # the HTTP status the site answered with, if it answered
        self.transport = transport
        self.blocked = blocked  # a web firewall's challenge page answered, not the site


class CacheFull(FetchError):
    """The cache could not be written because the disk (or the user's quota) is full: nothing
    more can be saved, so the run must stop."""


class RobotsDisallowed(FetchError):
    """robots.txt asks crawlers to keep away from this URL."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "disallowed by robots.txt")


class RobotsUnavailable(FetchError):
    """robots.txt could not be read (5xx, network): RFC 9309 says crawl nothing."""


class _OffSite(Exception):
    def __init__(self, url: httpx.URL, reason: str) -> None:
        super().__init__(reason)
        self.url = url
        self.reason = reason


def disk_full(folder: Path) -> str:
    return f"the disk is full ({folder}); the run stopped, what was saved is kept"


def is_challenge_page(head: bytes) -> bool:
    """Whether the first KB of an answer are a web firewall's challenge or block page."""
    return _CHALLENGE.search(head[:_SNIFF_BYTES]) is not None


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
    if isinstance(exc, httpx.UnsupportedProtocol):
        return f"not an http(s) address ({' '.join(str(exc).split())[:160]})"
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
        deadline: float = DEFAULT_DEADLINE,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        before_request: Callable[[str], None] | None = None,
    ) -> None:
        parts = urlsplit(site_url)
        self.site_url = site_url
        self.scheme = parts.scheme.lower()
        self.host = (parts.hostname or "").lower()
        self.port = parts.port or (443 if self.scheme == "https" else 80)
        self.origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        self.deadline = deadline
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
        self._robots: Protego | None = None
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
        """Redirects are followed only to the same scheme, host and port.

        Another port of the same host is another server (a hostile site redirected to a
        local admin port), and a ``file://`` or other scheme is never a page of the site.
        """
        url = request.url
        scheme = url.scheme.lower()
        if scheme not in ("http", "https"):
            raise _OffSite(url, f"redirected to a {scheme}: address; refused")
        host = (url.host or "").lower()
        if host != self.host:
            raise _OffSite(url, f"redirected off the site to {host}; not followed")
        port = url.port or (443 if scheme == "https" else 80)
        if scheme != self.scheme or port != self.port:
            shown = f"{scheme}://{host}" + (f":{url.port}" if url.port else "")
            hint = " (give the site as https://... to fetch it there)" if port == 443 else ""
            raise _OffSite(
                url, f"redirected to {shown}, not the site's scheme and port; not followed{hint}"
            )

    # --- robots.txt -------------------------------------------------------------------------

    def _load_robots(self) -> Protego:
        """Fetch and parse robots.txt once per run (RFC 9309: a 4xx means no rules).

        A robots.txt the site cannot serve (5xx, network) stops the crawl: the
        RFC says to assume everything is disallowed, and a site that cannot
        answer this will not answer the rest. Only the first 500 KiB are read.
        """
        url = self.origin + "/robots.txt"
        try:
            fetched = self._request(
                url, folder="lists", conditional=True, max_bytes=ROBOTS_MAX_BYTES, cut=True
            )
        except FetchError as exc:
            if (
                exc.blocked
                or exc.status is None
                or not 400 <= exc.status < 500
                or exc.status == 429
            ):
                raise
            return Protego.parse("")
        text = fetched.path.read_bytes().decode("utf-8", errors="replace")
        robots = Protego.parse(text)
        crawl_delay = robots.crawl_delay(ROBOTS_AGENT)
        if crawl_delay is not None:
            self.delay = max(self.delay, float(crawl_delay))
        return robots

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets minutes-tui fetch ``url`` (read once, on first use)."""
        if self._robots is None:
            try:
                self._robots = self._load_robots()
            except CacheFull:
                raise
            except FetchError as exc:
                if exc.blocked:
                    raise
                raise RobotsUnavailable(
                    exc.url,
                    f"robots.txt could not be read ({exc.reason}); not crawling without it",
                    status=exc.status,
                    transport=exc.transport,
                ) from None
        return bool(self._robots.can_fetch(url, ROBOTS_AGENT))

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

    def _request(
        self,
        url: str,
        *,
        folder: str,
        conditional: bool,
        max_bytes: int = MAX_BODY_BYTES,
        cut: bool = False,
    ) -> Fetched:
        """One URL into the cache. ``max_bytes`` caps the body: past it the answer is refused,
        or with ``cut`` kept up to the cap (robots.txt)."""
        try:
            request_url = httpx.URL(url)
        except (httpx.InvalidURL, ValueError) as exc:
            # A link with a control character or a broken host ("http://[x") in a site's page.
            detail = " ".join(str(exc).split())[:120]
            raise FetchError(url, f"not a valid address ({detail})") from None
        if request_url.scheme not in ("http", "https"):
            raise FetchError(url, f"not an http(s) address ({request_url.scheme}:)")
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
            started = time.monotonic()
            try:
                with self._http.stream("GET", request_url, headers=headers) as response:
                    status = response.status_code
                    if status == 304 and cached is not None:
                        entry = self.cache.touch(
                            url,
                            etag=response.headers.get("ETag"),
                            last_modified=response.headers.get("Last-Modified"),
                        )
                        self.counts.not_modified += 1
                        return Fetched(url, entry, self.cache.path_of(entry), "not_modified", False)
                    body = self._body(url, response, started, max_bytes=max_bytes, cut=cut)
                    if status == 200:
                        entry, changed = self._store(url, folder, response, body)
                        self.counts.fetched += 1
                        return Fetched(url, entry, self.cache.path_of(entry), "fetched", changed)
                    last_reason = describe_status(response)
                    last_status = status
                    if status in (403, 429, 503) and self._is_challenge(url, body):
                        raise FetchError(
                            url, f"{last_reason}, a challenge page", status=status, blocked=True
                        )
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
                raise FetchError(url, exc.reason) from None
            except httpx.TooManyRedirects:
                raise FetchError(url, "too many redirects") from None
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                # A redirect to something that is not a web address: it will not mend itself.
                raise FetchError(url, describe_transport_error(exc)) from None
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

    def _store(
        self, url: str, folder: str, response: httpx.Response, body: Iterator[bytes]
    ) -> tuple[CacheEntry, bool]:
        """Write a 200 answer into the cache; a cache that cannot be written says why."""
        content_type = response.headers.get("Content-Type")
        if (content_type or "").lower().startswith(("text/html", "application/xhtml")) or not (
            content_type
        ):
            body = self._unless_challenge(url, body)
        try:
            return self.cache.store(
                url,
                body,
                folder=folder,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
                content_type=content_type,
            )
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise CacheFull(url, disk_full(self.cache.folder)) from None
            if exc.errno == errno.ENAMETOOLONG:
                raise FetchError(url, "its address is too long for a file name; skipped") from None
            raise FetchError(
                url, f"could not be saved in the cache ({exc.strerror or type(exc).__name__})"
            ) from None

    @staticmethod
    def _head(body: Iterator[bytes]) -> bytes:
        """The first KB of a body (at least _SNIFF_BYTES when there are that many)."""
        head = b""
        for chunk in body:
            head += chunk
            if len(head) >= _SNIFF_BYTES:
                break
        return head

    def _is_challenge(self, url: str, body: Iterator[bytes]) -> bool:
        return is_challenge_page(self._head(body))

    def _unless_challenge(self, url: str, body: Iterator[bytes]) -> Iterator[bytes]:
        """The body, unless its first KB are a web firewall's challenge page (then FetchError,
        before anything reaches the cache, so a good cached page is never replaced by it)."""
        head = self._head(body)
        if is_challenge_page(head):
            raise FetchError(url, "200 OK, but a challenge page", status=200, blocked=True)
        yield head
        yield from body

    def _body(
        self,
        url: str,
        response: httpx.Response,
        started: float,
        *,
        max_bytes: int = MAX_BODY_BYTES,
        cut: bool = False,
    ) -> Iterator[bytes]:
        size = 0
        for chunk in response.iter_bytes():
            if time.monotonic() - started > self.deadline:
                raise FetchError(
                    url, f"the answer took longer than {self.deadline:g} s; gave up", transport=True
                )
            if size + len(chunk) > max_bytes:
                if cut:
                    yield chunk[: max_bytes - size]
                    return
                raise FetchError(url, f"larger than {max_bytes // (1024 * 1024)} MB; skipped")
            size += len(chunk)
            yield chunk
