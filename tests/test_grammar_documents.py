"""Document noise in rendered titles -> Documents (snippets from real pages)."""

from __future__ import annotations

import pytest

from parsers.grammar.documents import document_line, parse_size, split_title
from parsers.model import Document


@pytest.mark.parametrize(
    ("title", "clean", "document"),
    [
        # Nottingham seed 000.
        ("Minutes pdf icon PDF 318 KB", "Minutes", Document("Minutes", "pdf", 318.0)),
        (
            "Update of Children’s Partnership Board Terms of Reference to make Joint Chairs"
            " permanent. pdf icon PDF 214 KB",
            "Update of Children’s Partnership Board Terms of Reference to make Joint Chairs"
            " permanent.",
            Document(
                "Update of Children’s Partnership Board Terms of Reference to make Joint Chairs"
                " permanent.",
                "pdf",
                214.0,
            ),
        ),
        # Oxfordshire's old table layout: no "pdf icon".
        (
            "Questions from County Councillors PDF 65 KB",
            "Questions from County Councillors",
            Document("Questions from County Councillors", "pdf", 65.0),
        ),
        # Manchester: a large report.
        (
            "Council Report pdf icon PDF 1 MB",
            "Council Report",
            Document("Council Report", "pdf", 1024.0),
        ),
        ("Appendix A doc icon DOC 45 KB", "Appendix A", Document("Appendix A", "doc", 45.0)),
        # Welsh pages (LLL=1) print the icon's alt text in Welsh: "pdf eicon".
        ("Cofnodion pdf eicon PDF 214 KB", "Cofnodion", Document("Cofnodion", "pdf", 214.0)),
        ("Forward Plan pdf icon", "Forward Plan", Document("Forward Plan", "pdf", None)),
    ],
)
def test_split_title(title: str, clean: str, document: Document) -> None:
    assert split_title(title) == (clean, document)


@pytest.mark.parametrize(
    "title",
    [
        "Apologies",
        "Declarations of Interests",
        "Dates of future meetings for 2019/2020",
        "PDF 65 KB",  # nothing left for a title: not a document of a title
        "Members' allowances: the PDF version",
    ],
)
def test_split_title_leaves_plain_titles(title: str) -> None:
    assert split_title(title) == (title, None)


@pytest.mark.parametrize(
    ("text", "kb"),
    [("318 KB", 318.0), ("1 MB", 1024.0), ("1.5MB", 1536.0), ("2,048 bytes", 2.0), ("65 kb", 65.0)],
)
def test_parse_size(text: str, kb: float) -> None:
    assert parse_size(text) == kb


def test_parse_size_absent() -> None:
    assert parse_size("Minutes") is None


def test_document_line_from_additional_documents() -> None:
    # Seed 000, item 20: "Additional documents:" then a bullet line.
    line = "• Update on Priority 2 - Safeguarding and Supporting Children and Families"
    assert document_line(line) == Document(
        "Update on Priority 2 - Safeguarding and Supporting Children and Families"
    )
    assert document_line("• Appendix 1 pdf icon PDF 80 KB") == Document("Appendix 1", "pdf", 80.0)
