"""The grammar's cheap pre-checks never change an answer.

To make text ingest fast, each costly pattern runs only when a substring it
cannot match without is present (``keyword_match``, ``narrative_action``'s
``_may_*`` tests, the marker/page-break/spaced-keyword tests in
``resolutions._prepare``, ``split_title``'s last-character test ...). Each test
here compares the fast function with the plain form it replaced (the pattern
run unconditionally, copied below as the reference) on texts built from the
fragments those checks look for, plus real lines from the seeds and corpus.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.grammar import actions, attendance, documents, paragraphs, resolutions
from parsers.grammar.actions import (
    ASKED_SOMEONE,
    ASKED_TO_BE,
    COMMITMENT_VERBS,
    MODAL,
    OWNER_TO_SENTENCE,
    PASSIVE_MODAL,
    PROMISE,
    PRONOUNS,
    REQUEST,
    narrative_action,
)
from parsers.grammar.resolutions import KEYWORD, keyword_match, verb_lemma
from parsers.model import ActionPoint
from parsers.text import _CONTROL, _SPACES, _ZERO_WIDTH, normalise_line

# Pieces of the texts the pre-checks guard: keywords and their near misses,
# commitment words, markers, labels, odd spaces and control characters.
FRAGMENTS = [
    "RESOLVED", "Resolved", "resolved", "esolved", "AGREED", "Agreed", "agreed", "RECOMMENDED",
    "PENDERFYNWYD", "Penderfynwyd", "CYTUNWYD", "UNANIMOUSLY", "It was", "The Cabinet", "And",
    "T H A T", "R E S O L V E D", "N O T E D", "A B C", "THAT", "That", "that", "to", "To",
    "will", "would", "shall", "is", "are", "is to", "are to", "be", "circulated", "sent",
    "asked", "requested", "instructed", "invited", "urged", "undertook", "undertaken",
    "offered", "promised", "volunteered", "write", "report", "the Clerk", "Officers", "I", "We",
    "by", "the", "Director", "...", "..", "....", "view the full minutes text for item",
    "view the full agenda text", "VIEW THE FULL DECISION TEXT", "5", "12.", "---", "-", "–",
    "Supporting", "Additional", "documents:", "Documents:", "REASON", "Reason", "REASONS FOR",
    ":", ";", ",", ".", "(", ")", "(1)", "(a)", "(2)", "(b)", "ACTION", "Action", "Actions by",
    "pdf", "icon", "PDF", "KB", "MB", "kb", "B", "b", "N", "n", "318", "1.5", "Minutes",
    "Report", "proposed the following motion", "Councillor Smith", "Cllr Jones", "and", "&",
    "agreed to write", "undertook to send", "had undertaken to review", "offered to contact",
    "promised to email", "volunteered to draft", "would circulate", "will report", "shall send",
    "is to write", "are to\tprepare", "asked the Clerk to send", "instructed officers to write",
    "invited the Chair to respond", "urged the Council to publish", "requested that",
    "be brought", "asked to be circulated", "Action: Clerk", "ACTIONS by", "The report was noted.",
    " ", " ", "  ", "\xa0", "\t", "\n", "\u2009", "\u200b", "\x0b", "\x1c", "\x85", "\u2028",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join)
SPACED = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map(" ".join)
ANY_TEXT = st.one_of(TEXTS, SPACED, st.text(max_size=60))
CHECK = settings(max_examples=200, deadline=None)

# Real lines the patterns were written for (seeds, corpus README).
REAL = [
    "RESOLVED to note the forward plan.",
    "It was RESOLVED that the minutes be agreed.",
    "The Cabinet RESOLVED to approve the report.",
    "R E S O L V E D that T H A T the report be noted",
    "RESOLVED to note the content of ...  view the full minutes text for item 21.",
    "And Resolved: --- 4 That the motion be adopted.",
    "(a) to note the update. Supporting documents:",
    "Councillor Smith agreed to write to the Minister.",
    "Officers would circulate the report to members.",
    "The Clerk is to write to the applicant.",
    "The Clerk is\tto write to the applicant.",
    "Officers are to write to the residents.",
    "It was requested that the item be brought to a future meeting.",
    "The Members asked to be circulated with Schedule 3.",
    "The Chair asked the Director to provide an update.",
    "I will ask at the next meeting about the bins.",
    "The Director undertook to send the figures.",
    "Members had undertaken to review the policy.",
    "Ms Patel offered to contact the school.",
    "The Leader promised to email the residents.",
    "Councillor Ali volunteered to draft a letter.",
    "Information would be circulated by the Democratic Services Team.",
    "Tablets would be provided by the I.C.T. Department over the coming weeks",
    "The report is noted. Action: Clerk",
    "Minutes pdf icon PDF 318 KB",
    "Report of the Director pdf icon PDF 1 MB",
    "Appendix 1 pdf icon",
    "Questions from County Councillors PDF 65 KB",
    "Declarations of Interest",
    "Councillor A (Chair), Councillor B and Councillor C (substitute for Councillor D)",
    "Councillors Smith, Jones & Brown",
    "Apologies were received from Councillor A Smith and Councillor B Jones.",
    "(a)\xa0 to engineering be this public",
    "\xa0",
    "Contact: Ted Turner\xa0 Tel: 04367 716497, Email:\xa0 ted.turner@example.gov.uk",
]


# --- references: the patterns run unconditionally, as before the pre-checks ----------------


def reference_narrative_action(sentence: str) -> ActionPoint | None:
    if m := PROMISE.search(sentence):
        verb = m.group("verb")
        lemma = verb_lemma(m.group("infinitive"))
        if verb != "agreed" or (lemma is not None and lemma[0] in COMMITMENT_VERBS):
            return actions._narrative(sentence, actions._subject(sentence[: m.start()]))
    if (m := OWNER_TO_SENTENCE.match(sentence)) and actions._looks_like_owner(m.group("owner")):
        lemma = verb_lemma(m.group("infinitive"))
        if lemma is not None and lemma[0] in COMMITMENT_VERBS:
            return actions._narrative(sentence, actions._clean_owner(m.group("owner")))
    if m := MODAL.search(sentence):
        lemma = verb_lemma(m.group("infinitive"))
        first_person = re.search(r"\b(?:I|[Ww]e)\W*$", sentence[: m.start()])
        if lemma is not None and lemma[0] in COMMITMENT_VERBS and not first_person:
            return actions._narrative(sentence, actions._subject(sentence[: m.start()]))
    if m := PASSIVE_MODAL.search(sentence):
        agent = m.group("agent")
        return actions._narrative(sentence, actions._clean_owner(agent) if agent else None)
    if REQUEST.search(sentence):
        return actions._narrative(sentence, None)
    if ASKED_TO_BE.search(sentence):
        return actions._narrative(sentence, None)
    if m := ASKED_SOMEONE.search(sentence):
        lemma = verb_lemma(m.group("infinitive"))
        if lemma is not None and lemma[0] in COMMITMENT_VERBS:
            owner = m.group("owner")
            return actions._narrative(sentence, None if owner.lower() in PRONOUNS else owner)
    return None


def reference_explicit_tail(para: str) -> bool:
    m = actions.EXPLICIT_TAIL.match(para)
    return bool(m) and actions._looks_like_owner(m.group("owner"))


def reference_prepare(paras: list[str]) -> tuple[list[str], bool]:
    """``resolutions._prepare`` with every substitution run on every paragraph."""
    out: list[str] = []
    marker = False
    for raw in paras:
        para = " ".join(raw.split())
        if not para:
            continue
        stripped = resolutions.TRUNCATION_MARKER.sub("", para)
        if stripped != para:
            marker = True
            para = stripped.rstrip()
            if not para:
                continue
        para = resolutions.PAGE_BREAK.sub(" ", para).strip()
        para = resolutions.TRAILING_PAGE_LABEL.sub("", para)
        if not para or resolutions.PAGE_BANNER.match(para):
            continue
        para = resolutions.LETTER_SPACED.sub(resolutions._close_up_keyword, para)
        for piece in resolutions._split_inline_clauses(para):
            if out and resolutions._label_only(out[-1]):
                out[-1] = f"{out[-1]} {piece}"
            else:
                out.append(piece)
    return out, marker


def reference_normalise_line(line: str) -> str:
    if line.isprintable():
        return (_SPACES.sub(" ", line) if "  " in line else line).strip()
    line = _ZERO_WIDTH.sub("", line)
    line = _CONTROL.sub("", line)
    return _SPACES.sub(" ", line).strip()


def reference_strip_truncation(text: str) -> tuple[str, str | None]:
    match = paragraphs.TRUNCATION.search(text)
    if match is None:
        return text, None
    return text[: match.start()].rstrip(), (match.group("number") or "")


def reference_split_title(title: str) -> tuple[str, object]:
    match = documents.TITLE_TAIL.search(title) or documents.ICON_ONLY.search(title)
    if match is None or match.start() == 0:
        return title.strip(), None
    clean = title[: match.start()].strip()
    size = documents.parse_size(match.group("size")) if "size" in match.groupdict() else None
    return clean, documents.Document(
        title=clean, format=match.group("format").lower(), size_kb=size
    )


def reference_split_names(text: str) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    depth, start, after_and, i = 0, 0, False, 0

    def cut(end: int, next_start: int, next_after_and: bool) -> None:
        nonlocal start, after_and
        pieces.append((text[start:end], after_and))
        start, after_and = next_start, next_after_and

    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
            if depth == 0 and re.match(r"\s+(?!and\b|&)[A-Z]", text[i + 1 :]):
                cut(i + 1, i + 1, False)
        elif depth == 0:
            if ch in ",;":
                cut(i, i + 1, False)
            elif m := re.match(r",?\s+(?:and|&)\s+(?=[A-Z])", text[i:]):
                cut(i, i + m.end(), True)
                i = start
                continue
            elif (
                ch == " "
                and re.match(r"[a-z]", text[i - 1 : i])
                and attendance.TITLE_WORD.match(text[i + 1 :])
            ):
                cut(i, i + 1, False)
        i += 1
    pieces.append((text[start:], after_and))
    return [(p.strip(), last) for p, last in pieces if p.strip(" ,;.")]


def _span(m: re.Match[str] | None) -> tuple[int, int, str | None] | None:
    return None if m is None else (m.start(), m.end(), m.group("kw"))


# --- the fast functions agree with the references ------------------------------------------


def test_real_lines_agree() -> None:
    for text in REAL:
        assert _span(keyword_match(text)) == _span(KEYWORD.match(text)), text
        assert narrative_action(text) == reference_narrative_action(text), text
        assert normalise_line(text) == reference_normalise_line(text), text
        assert paragraphs.strip_truncation(text) == reference_strip_truncation(text), text
        assert documents.split_title(text) == reference_split_title(text), text
        assert attendance._split_names(text) == reference_split_names(text), text


def test_real_lines_exercise_the_patterns() -> None:
    """The references above are not vacuous: the real lines do match."""
    assert [t for t in REAL if KEYWORD.match(t)] == REAL[:3] + REAL[4:6]
    assert resolutions._prepare(REAL[3:6]) == (
        [
            "RESOLVED that THAT the report be noted",
            "RESOLVED to note the content of",
            "And Resolved: That the motion be adopted.",
        ],
        True,
    )
    found = [(t, a.owner) for t in REAL if (a := reference_narrative_action(t)) is not None]
    assert found == [
        ("Councillor Smith agreed to write to the Minister.", "Councillor Smith"),
        ("Officers would circulate the report to members.", "Officers"),
        ("The Clerk is to write to the applicant.", "The Clerk"),
        ("The Clerk is\tto write to the applicant.", "The Clerk"),
        ("Officers are to write to the residents.", "Officers"),
        ("It was requested that the item be brought to a future meeting.", None),
        ("The Members asked to be circulated with Schedule 3.", None),
        ("The Chair asked the Director to provide an update.", "the Director"),
        ("The Director undertook to send the figures.", "The Director"),
        ("Members had undertaken to review the policy.", None),
        ("Ms Patel offered to contact the school.", "Ms Patel"),
        ("The Leader promised to email the residents.", "The Leader"),
        ("Councillor Ali volunteered to draft a letter.", "Councillor Ali"),
        (
            "Information would be circulated by the Democratic Services Team.",
            "the Democratic Services Team.",
        ),
        (
            "Tablets would be provided by the I.C.T. Department over the coming weeks",
            "the I.C.T. Department",
        ),
    ]
    assert paragraphs.strip_truncation(REAL[4]) == ("RESOLVED to note the content of", "21")
    assert documents.split_title("Report of the Director pdf icon PDF 1 MB")[
        1
    ] == documents.Document(title="Report of the Director", format="pdf", size_kb=1024.0)


@CHECK
@given(ANY_TEXT)
def test_keyword_match_is_keyword_pattern(text: str) -> None:
    assert _span(keyword_match(text)) == _span(KEYWORD.match(text))


@CHECK
@given(ANY_TEXT)
def test_narrative_action_unchanged(text: str) -> None:
    assert narrative_action(text) == reference_narrative_action(text)


@CHECK
@given(ANY_TEXT)
def test_explicit_tail_unchanged(text: str) -> None:
    fast = actions._explicit_action(text, None)
    if actions.EXPLICIT_LINE.match(text):
        return  # the ACTION: line form, untouched by the pre-check
    assert (fast is not None) == reference_explicit_tail(text)


@CHECK
@given(st.lists(ANY_TEXT, max_size=4))
def test_prepare_unchanged(paras: list[str]) -> None:
    assert resolutions._prepare(paras) == reference_prepare(paras)


@CHECK
@given(ANY_TEXT)
def test_normalise_line_unchanged(text: str) -> None:
    assert normalise_line(text) == reference_normalise_line(text)


@CHECK
@given(ANY_TEXT)
def test_strip_truncation_unchanged(text: str) -> None:
    assert paragraphs.strip_truncation(text) == reference_strip_truncation(text)


@CHECK
@given(ANY_TEXT)
def test_split_title_unchanged(text: str) -> None:
    assert documents.split_title(text) == reference_split_title(text)


@CHECK
@given(ANY_TEXT)
def test_split_names_unchanged(text: str) -> None:
    assert attendance._split_names(text) == reference_split_names(text)


@CHECK
@given(ANY_TEXT)
def test_following_motion_unchanged(text: str) -> None:
    assert resolutions._following_motion(text) == bool(resolutions.FOLLOWING_MOTION.search(text))


@CHECK
@given(ANY_TEXT)
def test_cut_reason_unchanged(text: str) -> None:
    m = resolutions.REASON.search(text)
    expected = (text, False) if m is None else (text[: m.start()].rstrip(), True)
    assert resolutions._cut_reason(text) == expected
