"""Crawl one modern.gov site: list committees and meetings, fetch each meeting's pages, ingest.

The order of work, and why:

1. ``GetCommittees`` from the web service; if it is switched off, disallowed,
   or answers with an HTML page served as XML, the HTML pages instead
   (``mgListCommittees.aspx``, the month calendar, ``ieListMeetings.aspx``).
2. The meetings of the chosen committees between ``since`` and ``until``,
   newest first, so an interrupted run has already fetched what people read most.
3. Per meeting: its page (``ieListDocuments.aspx``); the item page of every item
   whose minutes the page cut short; with ``pdf``, the printed minutes. Then the
   meeting's new or changed files are ingested together.

Everything lands in the cache first; the cache index records what was ingested,
so a re-run (or a run resumed after Ctrl+C) asks the site only about what it
has not got, and re-ingests from disk what the store has not seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from fetch.cache import CacheEntry
from fetch.client import Fetched, FetchError, RobotsDisallowed, RobotsUnavailable, SiteClient
from fetch.site import (
    Committee,
    MeetingRef,
    NotWebServiceXML,
    calendar_url,
    committee_list_url,
    committee_meetings_url,
    committees_from_html,
    committees_from_xml,
    committees_url,
    linked_document_urls,
    looks_like_moderngov,
    meeting_page_url,
    meeting_xml_url,
    meetings_from_html,
    meetings_from_xml,
    meetings_url,
    months,
    printed_minutes_links,
    truncated_item_links,
)


class IngestResult(Protocol):
    """What the ingest function says about one file (``store.ingest.FileResult`` fits)."""

    @property
    def status(self) -> str: ...  # "ok", "unchanged" or "failed"

    @property
    def error(self) -> str | None: ...


IngestFn = Callable[[Sequence[Path]], Sequence[IngestResult]]


class SiteError(Exception):
    """The crawl cannot go on (not a modern.gov site, unreachable, refused; or the ingest
    function raised it because the store cannot be written). One line."""


@dataclass(frozen=True)
class Failure:
    url: str
    reason: str


@dataclass(frozen=True)
class FetchOptions:
    """What to fetch. ``committees`` are names or ids as the user typed them."""

    since: dt.date
    until: dt.date
    committees: tuple[str, ...] = ()
    pdf: bool = False


@dataclass
class FetchSummary:
    """What a run did; the command prints it, the progress bar shows it as it grows."""

    site: str
    source: str | None = None  # "web service" or "HTML pages"
    notes: list[str] = field(default_factory=list)
    committees: int = 0
    meetings_listed: int = 0
    meetings_done: int = 0
    requests: int = 0
    fetched: int = 0
    not_modified: int = 0
    from_cache: int = 0  # complete in the cache already; the site was not asked
    retries: int = 0
    robots_skipped: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    ingested: int = 0
    ingest_unchanged: int = 0
    ingest_failed: list[Failure] = field(default_factory=list)
    interrupted: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return (
            self.error is None
            and not self.interrupted
            and not self.failed
            and not self.ingest_failed
        )

    def lines(self) -> list[str]:
        """The end-of-run report: a few lines, then one line per failure."""
        out: list[str] = []
        if self.error:
            out.append(f"error: {self.error}")
        if self.interrupted:
            out.append("interrupted: run the same command again to carry on where this stopped")
        out.extend(f"note: {n}" for n in self.notes)
        via = f" via the {self.source}" if self.source else ""
        out.append(
            f"{self.meetings_listed} meetings listed{via} "
            f"({self.committees} committees), {self.meetings_done} done"
        )
        out.append(
            f"{self.requests} requests: {self.fetched} pages fetched, "
            f"{self.not_modified} not modified, {self.from_cache} already cached, "
            f"{len(self.robots_skipped)} skipped by robots.txt, {len(self.failed)} failed"
        )
        out.append(
            f"ingest: {self.ingested} files ingested, {self.ingest_unchanged} unchanged, "
            f"{len(self.ingest_failed)} failed"
        )
        out.extend(f"failed: {f.url}: {f.reason}" for f in self.failed)
        out.extend(f"not ingested: {f.reason}" for f in self.ingest_failed)
        out.extend(f"robots.txt: skipped {url}" for url in self.robots_skipped)
        return out


@dataclass(frozen=True)
class _Ready:
    url: str
    entry: CacheEntry


class Crawler:
    """One run over one site. Build it with a SiteClient and an ingest function; call ``run``."""

    def __init__(
        self,
        client: SiteClient,
        base: str,
        ingest: IngestFn,
        options: FetchOptions,
        *,
        on_progress: Callable[[FetchSummary], None] | None = None,
    ) -> None:
        self.client = client
        self.base = base
        self.ingest = ingest
        self.options = options
        self.summary = FetchSummary(site=base)
        self.web_service = True
        self._on_progress = on_progress
        self._host = urlsplit(base).hostname or base

    # --- the run ----------------------------------------------------------------------------

    def run(self) -> FetchSummary:
        """Crawl, ingest and return the summary. Ctrl+C ends the run cleanly, never mid-file."""
        try:
            committees = self._select(self._discover())
            self.summary.committees = len(committees)
            meetings = self._list_meetings(committees)
            self.summary.meetings_listed = len(meetings)
            self._progress()
            for ref in meetings:
                self._fetch_meeting(ref)
                self.summary.meetings_done += 1
                self._progress()
        except SiteError as exc:
            self.summary.error = str(exc)
        except KeyboardInterrupt:
            self.summary.interrupted = True
        finally:
            self.client.cache.compact()
            self._count()
        return self.summary

    def _count(self) -> None:
        counts = self.client.counts
        self.summary.requests = counts.requests
        self.summary.fetched = counts.fetched
        self.summary.not_modified = counts.not_modified
        self.summary.retries = counts.retries

    def _progress(self) -> None:
        self._count()
        if self._on_progress is not None:
            self._on_progress(self.summary)

    def _get(self, url: str, *, folder: str = "pages") -> Fetched | None:
        """Fetch one URL; a refusal or failure is noted in the summary and the run goes on."""
        try:
            return self.client.get(url, folder=folder)
        except RobotsDisallowed:
            self.summary.robots_skipped.append(url)
        except FetchError as exc:
            if exc.transport and self.client.counts.fetched + self.client.counts.not_modified == 0:
                # Nothing has ever come back: the site is down or unreachable, not one page.
                raise SiteError(f"{self._host}: {exc.reason}") from None
            self.summary.failed.append(Failure(url, exc.reason))
        finally:
            self._progress()
        return None

    # --- committees -------------------------------------------------------------------------

    def _discover(self) -> list[Committee]:
        """The site's committees, from the web service or else the HTML committee list."""
        try:
            pages_allowed = self.client.allowed(meeting_page_url(self.base, "1", "1"))
        except RobotsUnavailable as exc:
            raise SiteError(f"{self._host}: {exc.reason}") from None
        if not pages_allowed:
            raise SiteError(
                f"{self._host}: robots.txt asks crawlers to keep away from the meeting pages "
                "(ieListDocuments.aspx); nothing fetched"
            )
        url = committees_url(self.base)
        try:
            fetched = self.client.get(url, folder="lists")
            committees = committees_from_xml(fetched.path.read_bytes())
            if committees:
                self.summary.source = "web service"
                return committees
            why = "listed no committees"
        except RobotsDisallowed:
            why = "is disallowed by robots.txt"
        except RobotsUnavailable as exc:
            raise SiteError(f"{self._host}: {exc.reason}") from None
        except FetchError as exc:
            if exc.transport:
                raise SiteError(f"{self._host}: {exc.reason}") from None
            why = f"is not available ({exc.reason})"
        except NotWebServiceXML as exc:
            why = str(exc)
        finally:
            self._progress()
        self.web_service = False
        self.summary.source = "HTML pages"
        self.summary.notes.append(f"the web service {why}; reading the HTML pages instead")

        list_url = committee_list_url(self.base)
        explicit_ids = bool(self.options.committees) and all(
            c.strip().isdigit() for c in self.options.committees
        )
        try:
            fetched = self.client.get(list_url, folder="lists")
        except RobotsDisallowed:
            if explicit_ids:
                return []
            raise SiteError(
                f"{self._host}: robots.txt disallows both the web service and the committee "
                "list; give committees by ID with --committee"
            ) from None
        except FetchError as exc:
            if exc.transport or exc.status in (401, 403):
                raise SiteError(f"{self._host}: {exc.reason}") from None
            raise SiteError(
                f"{self.base}: not a modern.gov site (the web service {why}; "
                f"mgListCommittees.aspx: {exc.reason})"
            ) from None
        finally:
            self._progress()
        data = fetched.path.read_bytes()
        if not looks_like_moderngov(data):
            raise SiteError(
                f"{self.base}: not a modern.gov site (no web service, and "
                "mgListCommittees.aspx is not a modern.gov page)"
            )
        return committees_from_html(data, list_url)

    def _select(self, committees: list[Committee]) -> list[Committee]:
        """The committees the user asked for (by ID or name), or all of them."""
        wanted = [w.strip() for w in self.options.committees if w.strip()]
        if not wanted:
            return committees
        by_id = {c.id: c for c in committees}
        chosen: list[Committee] = []
        for name in wanted:
            if name.isdigit():
                # An ID the list does not show (an expired committee) is still worth asking for.
                found = [by_id.get(name, Committee(name, f"Committee {name}"))]
            else:
                key = name.casefold()
                found = [c for c in committees if c.title.casefold() == key] or [
                    c for c in committees if key in c.title.casefold()
                ]
            if not found:
                sample = "; ".join(f"{c.title} (ID {c.id})" for c in committees[:5])
                raise SiteError(
                    f"no committee called {name!r} on this site"
                    + (f"; it has {len(committees)}, e.g. {sample}" if committees else "")
                )
            if len(found) > 1:
                listed = "; ".join(f"{c.title} (ID {c.id})" for c in found[:6])
                raise SiteError(f"{name!r} matches {len(found)} committees: {listed}; give the ID")
            if found[0] not in chosen:
                chosen.append(found[0])
        return chosen

    # --- meetings ---------------------------------------------------------------------------

    def _in_range(self, ref: MeetingRef) -> bool:
        return ref.date is None or self.options.since <= ref.date <= self.options.until

    def _list_meetings(self, committees: list[Committee]) -> list[MeetingRef]:
        refs = (
            self._meetings_from_web_service(committees)
            if self.web_service
            else self._meetings_from_html(committees)
        )
        # The first listing of a meeting decides (a dated one comes before an undated one),
        # so a meeting dated outside the range is not let back in by an undated listing.
        first: dict[str, MeetingRef] = {}
        for ref in refs:
            first.setdefault(ref.id, ref)
        unique = {mid: ref for mid, ref in first.items() if self._in_range(ref)}
        # Newest first. The HTML listings give no dates; modern.gov numbers meetings in the
        # order they are created, so the id breaks ties in roughly date order.
        return sorted(
            unique.values(),
            key=lambda r: (r.date or dt.date.min, int(r.id) if r.id.isdigit() else 0),
            reverse=True,
        )

    def _meetings_from_web_service(self, committees: list[Committee]) -> list[MeetingRef]:
        refs: list[MeetingRef] = []
        for committee in committees:
            url = meetings_url(self.base, committee.id, self.options.since, self.options.until)
            fetched = self._get(url, folder="lists")
            if fetched is None:
                continue
            try:
                refs.extend(meetings_from_xml(fetched.path.read_bytes(), committee))
            except NotWebServiceXML as exc:
                self.summary.failed.append(Failure(url, f"GetMeetings {exc}"))
        return refs

    def _meetings_from_html(self, committees: list[Committee]) -> list[MeetingRef]:
        """Meetings from the committee pages (when committees were chosen) and the calendar.

        A committee page dates its links, so those outside the range are dropped;
        a calendar link carries the committee id but not the date, and the month
        it sits in is inside the range, which is as precise as the calendar gets.
        The committee page's dated entry comes first, so it wins the dedupe.
        """
        refs: list[MeetingRef] = []
        chosen = {c.id: c for c in committees} if self.options.committees else None
        if chosen is not None:
            for committee in chosen.values():
                url = committee_meetings_url(self.base, committee.id)
                fetched = self._get(url, folder="lists")
                if fetched is not None:
                    for ref in meetings_from_html(fetched.path.read_bytes(), url):
                        refs.append(MeetingRef(ref.id, committee.id, ref.date, committee.title))
        for year, month in months(self.options.since, self.options.until):
            url = calendar_url(self.base, year, month)
            fetched = self._get(url, folder="lists")
            if fetched is None:
                continue
            for ref in meetings_from_html(fetched.path.read_bytes(), url):
                if chosen is None or ref.committee_id in chosen:
                    refs.append(ref)
        return refs

    # --- one meeting ------------------------------------------------------------------------

    def _dependent(self, url: str, *, refresh: bool) -> _Ready | None:
        """A page a meeting page links to. When the meeting page has not changed and the
        linked page is already cached, the site is not asked again."""
        cached = self.client.cache.get(url)
        if cached is not None and not refresh:
            self.summary.from_cache += 1
            return _Ready(url, cached)
        fetched = self._get(url)
        return _Ready(url, fetched.entry) if fetched else None

    def _fetch_meeting(self, ref: MeetingRef) -> None:
        page_url = meeting_page_url(self.base, ref.committee_id, ref.id)
        page = self._get(page_url)
        if page is None:
            return
        # A changed page, or one a previous run fetched but never ingested (interrupted),
        # may point at changed item pages: ask about those again too.
        refresh = page.changed or page.entry.needs_ingest
        ready = [_Ready(page_url, page.entry)]
        data = page.path.read_bytes()
        for url in truncated_item_links(data, page_url):
            item = self._dependent(url, refresh=refresh)
            if item is not None:
                ready.append(item)
        if self.options.pdf:
            for url in self._printed_minutes(data, page_url, ref):
                pdf = self._dependent(url, refresh=refresh)
                if pdf is not None:
                    ready.append(pdf)
        self._ingest([r for r in ready if r.entry.needs_ingest])

    def _printed_minutes(self, page: bytes, page_url: str, ref: MeetingRef) -> list[str]:
        """The printed-minutes links of the meeting page; failing that, the web service's
        ``GetMeeting`` documents list (some layouts leave the documents list off the page)."""
        links = printed_minutes_links(page, page_url)
        if links or not self.web_service:
            return links
        url = meeting_xml_url(self.base, ref.id)
        fetched = self._get(url, folder="lists")
        if fetched is None:
            return []
        try:
            return linked_document_urls(fetched.path.read_bytes(), self.base)
        except NotWebServiceXML:
            return []

    def _ingest(self, ready: list[_Ready]) -> None:
        if not ready:
            return
        cache = self.client.cache
        results = self.ingest([cache.path_of(r.entry) for r in ready])
        for item, result in zip(ready, results, strict=True):
            if result.status in ("ok", "unchanged"):
                cache.mark_ingested(item.url)
                if result.status == "ok":
                    self.summary.ingested += 1
                else:
                    self.summary.ingest_unchanged += 1
            else:
                self.summary.ingest_failed.append(Failure(item.url, result.error or "failed"))
