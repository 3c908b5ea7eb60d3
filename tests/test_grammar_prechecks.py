"""The grammar's cheap pre-checks never change an answer.

To make text ingest fast, each costly pattern runs only when a substring it
cannot match without is present (``keyword_match``, each action form's ``needs``,
the running-text and motion tests of the resolution grammar, the
marker/page-break/spaced-keyword tests in ``clauses.prepare``, ``split_title``'s
last-character test ...). Each test here either compares the fast function with
the plain form it replaced (the pattern run unconditionally, copied below as the
reference) or checks that the pre-check is a necessary condition of its pattern,
on texts built from the fragments those checks look for, plus real lines from the
seeds and corpus.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.grammar import actions, attendance, clauses, documents, paragraphs, resolutions
from parsers.grammar.actions import ACTION_FORMS, narrative_action
from parsers.grammar.resolutions import KEYWORD, KEYWORD_NEEDS, keyword_match
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
    "Moved by", "MOVED by", "Seconded by", "seconded by", "Proposed by", "Be it resolved",
    "BE IT RESOLVED", "/", "Councillors Taylor", "Carried", "CARRIED", "Lost", "Defeated",
    "Motion", "amendment", "This was agreed", "declared the Motion", "approved", "APPROVED",
    "NOTED", "were duly", "Decision made", "(Unanimously)", "Members agreed to",
    "Cabinet agreed the",
    "It was agreed that", "is to be notified", "are to do", "to be held over", "IJ", "AMC",
    "Clerk to", "going to", "yn mynd i", "Mae", "deferred to allow", "were invited to",
    "did ask that", "committed to", "would follow", "would need to be followed up",
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
    # Nether Lochaber, Tredegar, Wilmot, Yakima, Limerick, Great Yarmouth
    "IJ to contact SUSTRANS",
    "Highland Council are to do a radar survey",
    "Community donations to be held over until January.",
    "Cairn walk – Clerk to seek tenders for provision of transport.",
    "Proposed by Councillor Galvin;",
    "Moved by:Councillor S. Martin Seconded by:Councillor S. Cressman",
    "Carried.",
    "Motion Carried Unanimously, By All Members Present",
    "Unanimously carried by voice vote.",
    "This was agreed.",
    "It was MOVED by Foy, seconded by Buchanan, to adopt Item A.",
]


# --- references: the patterns run unconditionally, as before the pre-checks ----------------


def reference_narrative_action(sentence: str) -> ActionPoint | None:
    """``narrative_action`` with every form's pattern tried, whatever its ``needs``."""
    sentence = " ".join(sentence.split())
    if actions.CONDITIONAL.match(sentence):
        return None
    for form in ACTION_FORMS:
        for m in form.pattern.finditer(sentence):
            action = actions._action_from(form, sentence, m)
            if action is not None:
                return action
    return None


def reference_explicit_tail(para: str) -> bool:
    m = actions.EXPLICIT_TAIL.match(para)
    return bool(m) and actions._looks_like_owner(m.group("owner"))


def reference_prepare(text: str) -> tuple[list[tuple[str, int, int]], bool]:
    """``clauses.prepare`` with every substitution run on every paragraph."""
    out: list[clauses.Para] = []
    marker = False
    for raw, lo, hi in clauses.split_field(text):
        para = " ".join(raw.split())
        if not para:
            continue
        stripped = clauses.TRUNCATION_MARKER.sub("", para)
        if stripped != para:
            marker = True
            para = stripped.rstrip()
            if not para:
                continue
        para = clauses.PAGE_BREAK.sub(" ", para).strip()
        para = clauses.TRAILING_PAGE_LABEL.sub("", para)
        if not para or clauses.PAGE_BANNER.match(para):
            continue
        para = clauses.EMPHASIS.sub("", para).strip()
        if not para:
            continue
        para = clauses.PRINTED_NUMBER.sub("", para, count=1)
        para = clauses.LETTER_SPACED.sub(clauses._close_up_keyword, para)
        for piece in clauses.split_inline_clauses(para):
            if out and clauses.label_only(out[-1].text):
                out[-1] = clauses.Para(f"{out[-1].text} {piece}", out[-1].lo, hi)
            else:
                out.append(clauses.Para(piece, lo, hi))
    return [(p.text, p.lo, p.hi) for p in out], marker


def reference_outcome(sentence: str) -> str | None:
    for pattern, result in resolutions._OUTCOME_PATTERNS:
        if pattern.match(sentence):
            return result
    return None


def reference_mover_line(para: str) -> bool:
    return (
        len(para) <= 200
        and bool(resolutions.MOVER_LINE.match(para))
        and not resolutions.MOVED.search(para)
        and not resolutions.BE_IT.match(para)
    )


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


def _prepared(text: str) -> tuple[list[tuple[str, int, int]], bool]:
    paras, marker = clauses.prepare(text)
    return [(p.text, p.lo, p.hi) for p in paras], marker


# --- the fast functions agree with the references ------------------------------------------


def test_real_lines_agree() -> None:
    for text in REAL:
        assert _span(keyword_match(text)) == _span(KEYWORD.match(text)), text
        assert narrative_action(text) == reference_narrative_action(text), text
        assert resolutions.outcome(text) == reference_outcome(text), text
        assert resolutions._mover_line(text) == reference_mover_line(text), text
        assert normalise_line(text) == reference_normalise_line(text), text
        assert paragraphs.strip_truncation(text) == reference_strip_truncation(text), text
        assert documents.split_title(text) == reference_split_title(text), text
        assert attendance._split_names(text) == reference_split_names(text), text


def test_real_lines_exercise_the_patterns() -> None:
    """The references above are not vacuous: the real lines do match."""
    assert [t for t in REAL if KEYWORD.match(t)] == REAL[:3] + REAL[4:6]
    assert _prepared("\n\n".join(REAL[3:6]))[0] == [
        ("RESOLVED that THAT the report be noted", 0, 48),
        ("RESOLVED to note the content of", 50, 126),
        ("And Resolved: That the motion be adopted.", 128, 175),
    ]
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
        ("IJ to contact SUSTRANS", "IJ"),
        ("Highland Council are to do a radar survey", "Highland Council"),
        ("Community donations to be held over until January.", None),
        ("Cairn walk – Clerk to seek tenders for provision of transport.", "Clerk"),
    ]
    assert [t for t in REAL if reference_outcome(t)] == [
        "Carried.", "Motion Carried Unanimously, By All Members Present",
        "Unanimously carried by voice vote.", "This was agreed.",
    ]  # fmt: skip
    assert [t for t in REAL if reference_mover_line(t)] == [
        "Proposed by Councillor Galvin;",
        "Moved by:Councillor S. Martin Seconded by:Councillor S. Cressman",
    ]
    assert paragraphs.strip_truncation(REAL[4]) == ("RESOLVED to note the content of", "21")
    assert documents.split_title("Report of the Director pdf icon PDF 1 MB")[
        1
    ] == documents.Document(title="Report of the Director", format="pdf", size_kb=1024.0)


@CHECK
@given(ANY_TEXT)
def test_keyword_match_is_keyword_pattern(text: str) -> None:
    assert _span(keyword_match(text)) == _span(KEYWORD.match(text))
    if KEYWORD.match(text):
        assert any(word in text for word in KEYWORD_NEEDS)


@CHECK
@given(ANY_TEXT)
def test_narrative_action_unchanged(text: str) -> None:
    assert narrative_action(text) == reference_narrative_action(text)


@CHECK
@given(ANY_TEXT)
def test_action_forms_need_their_words(text: str) -> None:
    text = " ".join(text.split())  # narrative_action reads sentences spaced this way
    for form in ACTION_FORMS:
        if form.pattern.search(text):
            assert any(word in text for word in form.needs), form.source


@CHECK
@given(ANY_TEXT)
def test_running_text_checks_are_necessary(text: str) -> None:
    if resolutions.AGREEMENT.search(text) or resolutions.AGREED_OBJECT_PATTERN.search(text):
        assert resolutions._may_agree(text)
    if resolutions.CAPS_OUTCOME_PATTERN.search(text):
        assert resolutions._may_caps(text)
    if resolutions.PROPOSED_AFTER.search(text):
        assert "econded" in text
    if resolutions.THIS_WAS_AGREED.match(text):
        assert "greed" in text
    moving = (
        resolutions.MOVED.search(text)
        or resolutions.MOVER_LINE.match(text)
        or resolutions.BE_IT.match(text)
    )
    if moving:
        assert resolutions._may_move(text)


@CHECK
@given(ANY_TEXT)
def test_outcome_unchanged(text: str) -> None:
    assert resolutions.outcome(text) == reference_outcome(text)


@CHECK
@given(ANY_TEXT)
def test_mover_line_unchanged(text: str) -> None:
    assert resolutions._mover_line(text) == reference_mover_line(text)


@CHECK
@given(ANY_TEXT)
def test_explicit_tail_unchanged(text: str) -> None:
    fast = actions._explicit_action(text, None, None)
    if actions.EXPLICIT_LINE.match(text):
        return  # the ACTION: line form, untouched by the pre-check
    assert (fast is not None) == reference_explicit_tail(text)


@CHECK
@given(st.lists(ANY_TEXT, max_size=4))
def test_prepare_unchanged(paras: list[str]) -> None:
    text = "\n\n".join(paras)
    assert _prepared(text) == reference_prepare(text)


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
    m = clauses.REASON.search(text)
    expected = (text, False) if m is None else (text[: m.start()].rstrip(), True)
    assert clauses.cut_reason(text) == expected
