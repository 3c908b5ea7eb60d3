"""The same files give the same store, whatever order they are ingested in (property test).

The files overlap the way real downloads do: a meeting's page as text and as HTML, its issue
page, item pages that complete cut minutes, an agenda-only page and printed minutes.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bad_input import canonical_dump

from store.db import open_store
from store.ingest import ingest_paths

FIXTURES = Path(__file__).parent / "fixtures"
FILES = [
    *sorted((FIXTURES / "seeds").glob("*.txt")),
    FIXTURES / "html" / "nottingham_ieListDocuments_childrens-partnership-board_2017-09.html",
    FIXTURES / "html" / "nottingham_ieIssueDetails_33214_priority-2.html",
    FIXTURES / "html" / "nottingham_mgAi_62187_core-development-standard.html",
    FIXTURES / "html" / "nottingham_mgAi_71539_safeguarding-annual-report.html",
    FIXTURES / "xml" / "nottingham_mgWebService_GetMeeting_7016.xml",
]


def _variant(folder: Path) -> Path:
    """A second copy of an item page whose title was since edited on the site."""
    page = FILES[7].read_text(encoding="utf-8")
    title = "Refresh of the Children’s Partnership Core Development Standard"
    assert title in page
    copy = folder / "mgAi_62187_edited.html"
    copy.write_text(page.replace(title, title + " (revised)"), encoding="utf-8")
    return copy


def _store(path: Path, files: list[Path]) -> dict:
    db = open_store(path)
    try:
        report = ingest_paths(db, files, workers=1)
    finally:
        db.close()
    assert not report.failed, report.summary()
    return canonical_dump(path)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations([*FILES, None]))
def test_any_order_gives_the_store_of_the_sorted_order(tmp_path_factory, order) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("order")
    edited = _variant(folder)
    files = [edited if f is None else f for f in order]
    expected = _store(folder / "sorted.db", [*FILES, edited])
    assert _store(folder / "shuffled.db", files) == expected
