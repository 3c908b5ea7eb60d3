"""Crawl one modern.gov site: list committees and meetings, fetch each meeting, ingest.

The order of work, and why:

1. ``GetCommittees`` from the web service; if it is switched off, disallowed,
   or answers with an HTML page served as XML, the HTML pages instead
   (``mgListCommittees.aspx``, the month calendar, ``ieListMeetings.aspx`` per
   municipal year).
2. The meetings of the chosen committees between ``since`` and ``until``: one
   ``GetMeetings`` for every committee at once where the service answers it, else
   one per committee; newest first, so an interrupted run has already fetched what
   people read most.
3. Per meeting, one request where the service allows it: ``GetMeeting`` carries
   every item's whole minutes and the meeting's documents. When it does not answer
   (switched off, or titles without bodies), the meeting page (``ieListDocuments.aspx``)
   and the page of every item whose text the page cut short. With ``pdf``, the
   printed minutes. Then the meeting's files that the store does not hold yet are
   ingested together.

What counts as ingested is what the store holds (``StoreLink.holds``: its sources'
SHA-256 hashes), never a mark in the cache: a new, deleted or second store is
filled from the cache without asking the site again. A meeting whose approved
minutes were fetched and which is older than the settle period is not asked
about at all unless ``refresh``: real sites send no validators on their pages,
so asking would download it again.
"""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from fetch.cache import CacheEntry
from fetch.client import (
    CacheFull,
    Fetched,
    FetchError,
    RobotsDisallowed,
    RobotsUnavailable,
    SiteClient,
    disk_full,
)
from fetch.site import (
    Committee,
    MeetingAnswer,
    MeetingRef,
    NotWebServiceXML,
    all_meetings_url,
    calendar_url,
    committee_list_url,
    committee_meetings_url,
    committees_from_html,
    committees_from_xml,
    committees_url,
    looks_like_moderngov,
    meeting_page_url,
    meeting_xml_url,
    meetings_from_html,
    meetings_from_xml,
    meetings_url,
    minutes_approved,
    months,
    municipal_years,
    printed_minutes_links,
    read_get_meeting,
    truncated_item_links,
)

# Minutes are approved at the next meeting and then stand; a correction after this many
# days is rare enough that a re-run need not ask again (``--refresh`` asks anyway).
DEFAULT_SETTLE_DAYS = 90
# A hostile or broken listing could name millions of meetings; no council holds more than
# a few thousand a year. Past this many, the newest are fetched and the run says so.
MAX_MEETINGS = 20_000


class IngestResult(Protocol):
    """What the ingest function says about one file (``store.ingest.FileResult`` fits)."""

    @property
    def status(self) -> str: ...  # "ok", "unchanged" or "failed"

    @property
    def error(self) -> str | None: ...


class StoreLink(Protocol):
    """The store as the crawler sees it: what it holds, and a way to add files to it."""

    def holds(self, path: Path, sha256: str) -> bool:
        """Whether the store holds these bytes of this file (same path, same SHA-256)."""
        ...

    def ingest(self, paths: Sequence[Path]) -> Sequence[IngestResult]:
        """Ingest the files, one result each in order; SiteError when the store cannot be
        written at all."""
        ...


class SiteError(Exception):
    """The crawl cannot go on (not a modern.gov site, unreachable, refused, blocking
    automated access, the disk full; or the store cannot be written). One line."""


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
    refresh: bool = False  # ask the site about settled meetings too
    settle_days: int = DEFAULT_SETTLE_DAYS
    today: dt.date | None = None  # the day settling is counted from (tests fix it)
    max_meetings: int = MAX_MEETINGS


class StoreNews(Protocol):
    """What a run added to the store or changed in it (``store.sources.Changes`` fits)."""

    @property
    def meetings_added(self) -> int: ...
    @property
    def meetings_changed(self) -> int: ...
    @property
    def items_added(self) -> int: ...
    @property
    def items_changed(self) -> int: ...
    @property
    def resolutions_new(self) -> int: ...
    @property
    def actions_new(self) -> int: ...


@dataclass
class FetchSummary:
    """What a run did; the command prints it, the progress bar shows it as it grows."""

    site: str
    source: str | None = None  # "web service" or "HTML pages"
    notes: list[str] = field(default_factory=list)
    committees: int = 0
    meetings_listed: int = 0
    meetings_done: int = 0
    meetings_settled: int = 0  # not asked about: approved minutes older than the settle period
    from_web_service: int = 0  # meetings read from one GetMeeting answer
    requests: int = 0
    fetched: int = 0
    not_modified: int = 0
    from_cache: int = 0  # complete in the cache already; the site was not asked
    retries: int = 0
    truncated_followed: int = 0  # items cut short on a page, read from their own pages
    robots_skipped: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    ingested: int = 0
    ingest_unchanged: int = 0
    already_in_store: int = 0
    ingest_failed: list[Failure] = field(default_factory=list)
    interrupted: bool = False
    error: str | None = None
    news: StoreNews | None = None

    @property
    def ok(self) -> bool:
        return (
            self.error is None
            and not self.interrupted
            and not self.failed
            and not self.ingest_failed
        )

    @property
    def exit_status(self) -> int:
        """0 everything fetched and ingested; 1 some pages or files failed (the rest is in);
        3 the run stopped early (the site refused, is unreachable or blocking, the disk is
        full, the store cannot be written); 130 interrupted."""
        if self.interrupted:
            return 130
        if self.error is not None:
            return 3
        return 0 if self.ok else 1

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
            + (
                f", {self.meetings_settled} settled (not asked again)"
                if self.meetings_settled
                else ""
            )
        )
        out.append(
            f"{self.requests} requests: {self.fetched} pages fetched, "
            f"{self.not_modified} not modified, {self.from_cache} already cached, "
            f"{len(self.robots_skipped)} skipped by robots.txt, {len(self.failed)} failed"
        )
        if self.from_web_service or self.truncated_followed:
            out.append(
                f"{self.from_web_service} meetings read whole from the web service; "
                f"{self.truncated_followed} items cut short on their meeting page, "
                "read from their own pages"
            )
        out.append(
            f"ingest: {self.ingested} files ingested, {self.ingest_unchanged} unchanged, "
            f"{self.already_in_store} already in the store, {len(self.ingest_failed)} failed"
        )
        if self.news is not None:
            n = self.news
            out.append(
                f"new in the store: {n.meetings_added} meetings added, "
                f"{n.meetings_changed} changed; {n.items_added} items added, "
                f"{n.items_changed} changed; {n.resolutions_new} resolutions and "
                f"{n.actions_new} actions added or changed"
            )
        out.extend(f"failed: {f.url}: {f.reason}" for f in self.failed)
        out.extend(f"not ingested: {f.reason}" for f in self.ingest_failed)
        out.extend(f"robots.txt: skipped {url}" for url in self.robots_skipped)
        return out


@dataclass(frozen=True)
class _Ready:
    url: str
    entry: CacheEntry


def blocked_message(host: str, exc: FetchError) -> str:
    """One line for a site behind a bot shield, with what the user can do about it."""
    return (
        f"{host}: the site is blocking automated access ({exc.reason}); nothing more was "
        "fetched. Try again later, or open the meeting pages in a browser, save them, and "
        "run `minutes-tui ingest` on the saved files"
    )


class Crawler:
    """One run over one site. Build it with a SiteClient and a StoreLink; call ``run``."""

    def __init__(
        self,
        client: SiteClient,
        base: str,
        store: StoreLink,
        options: FetchOptions,
        *,
        on_progress: Callable[[FetchSummary], None] | None = None,
    ) -> None:
        self.client = client
        self.base = base
        self.store = store
        self.options = options
        self.summary = FetchSummary(site=base)
        self.web_service = True
        self._get_meeting_answers: bool | None = None  # unknown until the first answer
        self._committees: list[Committee] = []  # every committee the site lists
        self._on_progress = on_progress
        self._host = urlsplit(base).hostname or base
        self._today = options.today or dt.date.today()

    # --- the run ----------------------------------------------------------------------------

    def run(self) -> FetchSummary:
        """Crawl, ingest and return the summary. Ctrl+C ends the run cleanly, never mid-file."""
        try:
            self._committees = self._discover()
            committees = self._select(self._committees)
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
            try:
                self.client.cache.compact()
            except OSError as exc:  # the disk filled up: the journal still holds the index
                self.summary.notes.append(f"the cache index was not compacted ({exc.strerror})")
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

    def _stop_if_fatal(self, exc: FetchError) -> None:
        """A bot shield or a full disk ends the run: every further request would fail too."""
        if exc.blocked:
            raise SiteError(blocked_message(self._host, exc)) from None
        if isinstance(exc, CacheFull):
            raise SiteError(exc.reason) from None

    def _get(self, url: str, *, folder: str = "pages") -> Fetched | None:
        """Fetch one URL; a refusal or failure is noted in the summary and the run goes on."""
        try:
            return self.client.get(url, folder=folder)
        except RobotsDisallowed:
            self.summary.robots_skipped.append(url)
        except FetchError as exc:
            self._stop_if_fatal(exc)
            if exc.transport and self.client.counts.fetched + self.client.counts.not_modified == 0:
                # Nothing has ever come back: the site is down or unreachable, not one page.
                raise SiteError(f"{self._host}: {exc.reason}") from None
            self.summary.failed.append(Failure(url, exc.reason))
        finally:
            self._progress()
        return None

    def _try(self, url: str, *, folder: str) -> Fetched | FetchError | None:
        """Fetch a URL the run can do without (it has a fallback): its failure is returned,
        not counted as a failed page. None when robots.txt disallows it."""
        try:
            return self.client.get(url, folder=folder)
        except RobotsDisallowed:
            return None
        except FetchError as exc:
            self._stop_if_fatal(exc)
            return exc
        finally:
            self._progress()

    # --- committees -------------------------------------------------------------------------

    def _discover(self) -> list[Committee]:
        """The site's committees, from the web service or else the HTML committee list."""
        try:
            pages_allowed = self.client.allowed(meeting_page_url(self.base, "1", "1"))
        except RobotsUnavailable as exc:
            raise SiteError(f"{self._host}: {exc.reason}") from None
        except FetchError as exc:
            self._stop_if_fatal(exc)
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
            self._stop_if_fatal(exc)
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
            self._stop_if_fatal(exc)
            if exc.status == 403:
                # Both the web service and the committee list refused: a web firewall.
                raise SiteError(blocked_message(self._host, exc)) from None
            if exc.transport or exc.status == 401:
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
        ordered = sorted(
            unique.values(),
            key=lambda r: (r.date or dt.date.min, int(r.id) if r.id.isdigit() else 0),
            reverse=True,
        )
        cap = self.options.max_meetings
        if len(ordered) > cap:
            self.summary.notes.append(
                f"the site lists {len(ordered)} meetings in the range; only the newest {cap} "
                "were fetched (narrow --since/--until or --committee for the rest)"
            )
            ordered = ordered[:cap]
        return ordered

    def _meetings_from_web_service(self, committees: list[Committee]) -> list[MeetingRef]:
        if len(committees) > 1:
            together = self._all_meetings(committees)
            if together is not None:
                return together
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

    def _all_meetings(self, committees: list[Committee]) -> list[MeetingRef] | None:
        """Every chosen committee's meetings from one ``GetMeetings`` (a big council has about
        100 committees: one request instead of 100, each a delay apart).

        None when the service does not answer it with meetings that say whose they are
        (by committee id, or by a title the committee list names once); then each
        committee is asked."""
        url = all_meetings_url(self.base, self.options.since, self.options.until)
        fetched = self._try(url, folder="lists")
        if not isinstance(fetched, Fetched):
            return None
        try:
            refs = meetings_from_xml(fetched.path.read_bytes(), None)
        except NotWebServiceXML:
            return None
        if not refs:
            return None  # no meeting at all, or a service that reads 0 as "no committee"
        titles: dict[str, list[Committee]] = {}
        for committee in self._committees:
            titles.setdefault(committee.title.casefold(), []).append(committee)
        chosen = {c.id: c for c in committees}
        out: list[MeetingRef] = []
        for ref in refs:
            cid = ref.committee_id
            if cid is None:
                named = titles.get((ref.committee or "").casefold(), [])
                if len(named) != 1:
                    return None  # whose meeting this is cannot be told: ask per committee
                cid = named[0].id
            if cid in chosen:
                out.append(MeetingRef(ref.id, cid, ref.date, chosen[cid].title))
        return out

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
            years = municipal_years(self.options.since, self.options.until)
            for committee in chosen.values():
                for year in years:
                    url = committee_meetings_url(self.base, committee.id, year)
                    fetched = self._get(url, folder="lists")
                    if fetched is None:
                        continue
                    for ref in meetings_from_html(fetched.path.read_bytes(), url):
                        refs.append(
                            MeetingRef(ref.id, committee.id, ref.date, committee.title, ref.page)
                        )
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

    def _settled(self, ref: MeetingRef) -> list[_Ready] | None:
        """The cached documents of a meeting that cannot have changed: its minutes were
        fetched as approved and it is older than the settle period. None otherwise."""
        if self.options.refresh:
            return None
        record = self.client.cache.meetings.get(ref.id)
        if record is None or not record.approved or not record.urls:
            return None
        if self.options.pdf and not record.with_pdf:
            return None  # settled without its printed minutes, which are wanted now
        when = ref.date or (dt.date.fromisoformat(record.date) if record.date else None)
        if when is None or (self._today - when).days <= self.options.settle_days:
            return None
        ready = [_Ready(url, entry) for url in record.urls if (entry := self.client.cache.get(url))]
        return ready if len(ready) == len(record.urls) else None

    def _dependent(self, url: str, *, refresh: bool) -> _Ready | None:
        """A page a meeting's document links to. When the meeting's document has not changed
        and the linked page is already cached, the site is not asked again."""
        cached = self.client.cache.get(url)
        if cached is not None and not refresh:
            self.summary.from_cache += 1
            return _Ready(url, cached)
        fetched = self._get(url)
        return _Ready(url, fetched.entry) if fetched else None

    def _from_web_service(self, ref: MeetingRef) -> tuple[Fetched, MeetingAnswer] | None:
        """The meeting's ``GetMeeting`` answer, or None when the service does not answer it
        (then the run stops asking it after the first such meeting)."""
        if not self.web_service or self._get_meeting_answers is False:
            return None
        url = meeting_xml_url(self.base, ref.id)
        fetched = self._try(url, folder="pages")
        if fetched is None or isinstance(fetched, FetchError):
            if fetched is None or not (fetched.transport or (fetched.status or 0) >= 500):
                self._stop_asking_get_meeting(
                    "is disallowed by robots.txt" if fetched is None else fetched.reason
                )
            return None
        try:
            answer = read_get_meeting(fetched.path.read_bytes(), self.base)
        except NotWebServiceXML as exc:
            self._stop_asking_get_meeting(str(exc))
            return None
        return fetched, answer

    def _stop_asking_get_meeting(self, why: str) -> None:
        if self._get_meeting_answers is None:
            self.summary.notes.append(
                f"the web service's GetMeeting {why}; reading the meeting pages instead"
            )
        self._get_meeting_answers = False

    def _fetch_meeting(self, ref: MeetingRef) -> None:
        settled = self._settled(ref)
        if settled is not None:
            self.summary.meetings_settled += 1
            self.summary.from_cache += len(settled)
            self._ingest(settled)
            return
        from_service = self._from_web_service(ref)
        answer = from_service[1] if from_service else None
        if from_service is not None and from_service[1].complete:
            self._get_meeting_answers = True
            main, answer = from_service
            main_url = main.url
            approved = answer.published
            cut_short = answer.truncated
            printed = answer.printed_minutes
            self.summary.from_web_service += 1
        else:
            main_url = ref.page or meeting_page_url(self.base, ref.committee_id, ref.id)
            page = self._get(main_url)
            if page is None:
                return
            main = page
            data = page.path.read_bytes()
            approved = minutes_approved(data)
            cut_short = truncated_item_links(data, main_url)
            printed = printed_minutes_links(data, main_url) if self.options.pdf else []
            if not printed and answer is not None:
                printed = answer.printed_minutes
        # A changed main document, or one the store does not hold, may point at changed
        # pages: ask about those again too.
        refresh = main.changed or not self.store.holds(main.path, main.entry.sha256)
        ready = [_Ready(main_url, main.entry)]
        failures = len(self.summary.failed)
        for url in cut_short:
            item = self._dependent(url, refresh=refresh)
            if item is not None:
                ready.append(item)
                self.summary.truncated_followed += 1
        if self.options.pdf:
            for url in printed:
                pdf = self._dependent(url, refresh=refresh)
                if pdf is not None:
                    ready.append(pdf)
        # A meeting with a page that failed is asked about again next time, settled or not.
        complete = len(self.summary.failed) == failures
        self._ingest(ready)
        try:
            self.client.cache.record_meeting(
                ref.id,
                date=ref.date,
                approved=approved and complete,
                urls=[r.url for r in ready],
                with_pdf=self.options.pdf,
            )
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise SiteError(disk_full(self.client.cache.folder)) from None
            raise SiteError(f"the cache index could not be written ({exc.strerror})") from None

    def _ingest(self, ready: list[_Ready]) -> None:
        cache = self.client.cache
        todo: list[_Ready] = []
        for item in ready:
            if self.store.holds(cache.path_of(item.entry), item.entry.sha256):
                self.summary.already_in_store += 1
            else:
                todo.append(item)
        if not todo:
            return
        results = self.store.ingest([cache.path_of(r.entry) for r in todo])
        for item, result in zip(todo, results, strict=True):
            if result.status == "ok":
                self.summary.ingested += 1
            elif result.status == "unchanged":
                self.summary.ingest_unchanged += 1
            else:
                self.summary.ingest_failed.append(Failure(item.url, result.error or "failed"))
