"""The resolution grammar: an item's minutes paragraphs -> one Resolution per clause.

Every source format (text pages, modern.gov HTML and XML, printed-minutes PDFs)
hands its paragraphs here, so this module is pure: strings in, model records out.
It follows the paragraph convention in ``parsers/model.py`` (each lettered or
numbered point its own paragraph, label included) but tolerates labels alone on
their line and sentences hard-wrapped over several paragraphs.

The grammar, in the order it is tried on each paragraph:

1. ``KEYWORD`` – a paragraph opening with a resolution keyword
   (``RESOLVED``, ``It was RESOLVED``, ``UNANIMOUSLY RESOLVED``, ``AGREED``,
   ``And Resolved:``, Welsh ``PENDERFYNWYD``, after an optional printed
   paragraph number ``1.4``; a capitalised ``RESOLVED`` may also follow a
   subject or a motion's preamble: ``The Cabinet RESOLVED to``). What follows
   the keyword is either the whole resolution (``to note the forward plan.``),
   an intro for a clause list (``to``, ``That Cabinet:``), a first clause
   (``(A) That ...``) or nothing (the resolution is the next paragraph).
2. ``MOTION`` – a quoted ``“That, ...”`` paragraph right after ``Proposed by`` /
   ``Seconded by`` lines (Irish councils record motions without a keyword).
3. ``BARE CLAUSES`` – a run of list paragraphs that are all ``That ...``
   clauses with no keyword above them (Durham drops the ``RESOLVED`` label).
4. ``NOTED OUTCOME`` – a paragraph that is only a noting: ``NOTED``, ``The
   report was noted.`` (Merton printed minutes).
5. ``CARRIED MOTION`` – when nothing above matched: a notice of motion (``I will
   move at the next Meeting that ...``, or the paragraph after ``X proposed the
   following motion:``) whose outcome sentence says it was agreed or carried
   (Limerick: ``The Motion was seconded by ... and unanimously agreed.``).

A keyword resolution whose text ends with ":" and has no labelled list under
it keeps the short unlabelled lines that follow (Kent's reserved dates),
joined with "; " after the colon so the record stays on one line.

Clause labels are ``(1) (a) (i) (A) 1. a. i. 1) a)`` and bullets; a run of
clauses keeps to one label family counting up, and a clause list flattened into
one paragraph (``RESOLVED that: (1) ... (2) ...``) is split first.

``classify`` maps the clause's governing verb (``governing_verbs``) through
three named verb lists: ``NOTING_VERBS``, ``DECISION_VERBS``, ``ACTION_VERBS``.

A resolution ends at the next paragraph that is neither a clause of its list
nor a continuation of its last sentence, at a ``REASON`` line, or at the end of
the text (where ``truncated`` flags it as cut by the site).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.model import Resolution, ResolutionKind

# ---------------------------------------------------------------------------
# Clause labels: (1) (a) (ii) (A)  1. a. ii. A.  1) a)  and bullets.

CLAUSE_LABEL = re.compile(
    r"""^(?:
        \((?P<paren>\d{1,3}|[a-z]{1,2}|[A-Z]{1,2}|[ivx]{1,5}|[IVX]{1,5})\)\s*
          # "(m)if a child ..." (seed 004): no space after a bracketed label
      | (?P<bare>\d{1,2}|[a-z]|[A-Z]|[ivx]{1,5}|[IVX]{1,5})[.)](?:\s+|$)
      | (?P<bullet>[·•▪◦●‣∙])\s*
    )""",
    re.X,
)

# The site's truncation marker, in case a caller passes it through.
TRUNCATION_MARKER = re.compile(r"\s*\.\.\.\s+view the full minutes text for item\s+\S+?\.?\s*$")

# ---------------------------------------------------------------------------
# Resolution keywords.

KEYWORD = re.compile(
    r"""^
    (?:\d{1,3}(?:\.\d{1,3})+\.?\s+)?                  # printed minutes: "1.4 RESOLVED: That"
    (?:
        # A capitalised keyword may follow a subject or a motion's preamble:
        # "The Cabinet RESOLVED to", "moved by Cllr A, seconded by Cllr B and RESOLVED that".
        .{1,400}?\s(?=(?:(?:UNANIMOUSLY|FURTHER)\s+)?(?:RESOLVED|AGREED|RECOMMENDED)\b)
      | (?:[^.;:]{0,80},\s*)?[Ii]t\s+was\s+           # "It was resolved", "After debate, it was"
        (?:(?:further|also|then|therefore)\s+)?
    )?
    (?:[Aa]nd\s+)?                                    # Limerick: "And Resolved:"
    (?:(?:UNANIMOUSLY|[Uu]nanimously|FURTHER|[Ff]urther)\s+)?
    (?P<kw>RESOLVED|[Rr]esolved|AGREED|Agreed|RECOMMENDED|PENDERFYNWYD|Penderfynwyd|CYTUNWYD)\b
    (?:\s*,?\s*(?:UNANIMOUSLY|[Uu]nanimously)\b)?
    (?:\s*\([^)]{0,60}\))?                            # "(by 10 votes to 2)", "(unanimously)"
    (?:\s+by\s+\d+\s+votes?\s+to\s+\d+(?:[^:;–—-]{0,40})?)?
    (?P<sep>\s*[:;,–—-]+[:;,–—\s-]*|\s+|$)
    (?P<rest>.*)$""",
    re.X | re.S,
)
# Every KEYWORD match contains one of the words keyword_match tests for (its ``kw``
# group). Most paragraphs have none, and the substring tests are ~20x cheaper than
# KEYWORD's failed match, which tries up to 400 positions for a keyword after a
# subject ("The Cabinet RESOLVED").


def keyword_match(para: str) -> re.Match[str] | None:
    """``KEYWORD.match(para)``, skipped when the paragraph holds none of its keywords."""
    if (
        "RESOLVED" in para
        or "esolved" in para
        or "AGREED" in para
        or "Agreed" in para
        or "RECOMMENDED" in para
        or "PENDERFYNWYD" in para
        or "enderfynwyd" in para
        or "CYTUNWYD" in para
    ):
        return KEYWORD.match(para)
    return None


# After a keyword with no punctuation, the next word must start a resolution,
# so "Resolved issues were discussed" is not one.
RESOLUTION_START = re.compile(r"""^(?:[Tt]hat|THAT|[Tt]o|TO|[“"‘']|\(|$)""")

# "REASON – ...", "REASON FOR DECISIONS: ..." ends a resolution (North Herts, Slough).
REASON = re.compile(
    r"(?:^|\s)(?:REASONS?(?:\s+FOR\s+(?:THE\s+)?DECISIONS?)?|Reasons?(?:\s+for\s+(?:the\s+)?"
    r"[Dd]ecisions?)?)\s*[:–—-]"
)

# Irish motions: "Proposed by Councillor Galvin;" / "Seconded by Councillor Sheahan;"
MOTION_LINE = re.compile(r"^(?:Proposed|Seconded|Moved|Mover|Seconder)\b.*\bby\b", re.I)
# "The Chair confirmed that the following resolution will be moved:-"
MOTION_INTRO = re.compile(r"\b(?:resolution|motion)\b.*\b(?:moved|proposed|put)\b.*[:–-]\s*$", re.I)
# A bare noting standing as an item's outcome: "NOTED", "Noted.", "The report was
# noted.", "The report was otherwise noted." (Merton printed minutes).
NOTED_OUTCOME = re.compile(
    r"""^(?:NOTED|Noted|noted
    |(?:The|the)\s+(?:\w+\s+){0,3}?(?:report|reports|update|information|minutes|presentation
        |position|item|contents?|progress|briefing|correspondence|letter|documents?)
      \s+(?:was|were|is|are|be|had\s+been|has\s+been)\s+(?:otherwise\s+|duly\s+|therefore\s+)?
      (?:noted|NOTED|received\s+and\s+noted))\s*\.?$""",
    re.X,
)
# Limerick's notices of motion: "I will move at the next Meeting that ..." and the
# sentence that carries it. "referred"/"defeated" outcomes are deliberately absent.
NOTICE_OF_MOTION = re.compile(
    r"^[”“\"']?I\s+will\s+move\s+at\s+the\s+next\s+meeting\s+(?=that\b)", re.I
)
MOTION_CARRIED = re.compile(
    r"\b[Tt]he\s+Motion\s+was\s+(?:seconded\s+by\s+[^.]{1,80}?\s+and\s+)?"
    r"(?:unanimously\s+)?(?:agreed|carried|adopted|passed)\b"
    r"|\bdeclared\s+the\s+Motion\b[^.]{0,120}?\bcarried\b"
)
FOLLOWING_MOTION = re.compile(
    r"\b(?:proposed|moved|put\s+forward)\s+the\s+following\s+motion\s*[:–—-]+\s*$", re.I
)
# Where the proposer's speech begins: "Councillor Byrne, in proposing the Motion,
# said", "In proposing the Motion, Councillor Quinlivan stated".
PROPOSING = re.compile(r"(?:^|\s)(?:(?:Councillor|Cllr\.?)\s+[^,]{1,40},\s+)?[Ii]n\s+proposing\b")
THAT_CLAUSE = re.compile(r"""^[“"‘']?(?:That|THAT)\b""")

# Letter-spaced keywords from Word exports: "T H A T", "R E S O L V E D". Only
# these words are closed up, so "Grades A B C" in a resolution stays verbatim.
LETTER_SPACED = re.compile(r"\b(?:[A-Z] ){2,}[A-Z]\b")
SPACED_KEYWORDS = frozenset({"THAT", "RESOLVED", "AGREED", "RECOMMENDED", "PENDERFYNWYD", "NOTED"})
# What a text must contain for LETTER_SPACED to close anything up: "T H A T" ...
# (each has " E " or " A ", tested first).
SPACED_KEYWORD_FORMS = tuple(" ".join(word) for word in sorted(SPACED_KEYWORDS))
PAGE_FURNITURE = re.compile(r"^(?:-{3,}|_{3,}|\d{1,3}|-{3,}\s+\d{1,3})$")
# The PDF-to-markdown banner on each scanned page (Limerick OCR):
# "*<small>Scanned page, text may contain errors. ...</small>*"
PAGE_BANNER = re.compile(r"^\*?<small>.*</small>\*?$")
# modern.gov labels a hard-wrapped page can run onto the last clause (seed 004:
# "... where safeguarding is concerned. Supporting documents:").
TRAILING_PAGE_LABEL = re.compile(r"\s+(?:Supporting|Additional)\s+documents:\s*$")
# A PDF-to-markdown page break inside a paragraph: "And Resolved: --- 4" (Limerick).
PAGE_BREAK = re.compile(r"\s*(?<!\S)-{3,}(?:\s+\d{1,3})?(?!\S)\s*")
# A list line after a resolution ending ":" is short (Kent's dates: 21 characters).
LIST_LINE_MAX = 90
# A flattened table's header row over such a list (Coventry's private reports:
# "Minute No. Report title" / "53 Disposal of Small Surplus Sites"): skipped.
TABLE_HEADER = re.compile(r"^(?:Minute|Item|Agenda\s+item|Report|Paragraph)\s+No\.?(?:\s|$)", re.I)
LIST_LINE_WORDS = 6
SENTENCE_END = re.compile(r"""[.;:!?]["”’']?$|[”]$""")
# A sentence cut after one of these words has surely not ended (Merton's pdftotext
# wraps "the comments made by the" / "Pensions Fund Advisory Panel ...").
OPEN_ENDINGS = frozenset(
    {"the", "a", "an", "of", "and", "or", "to", "in", "for", "by", "on", "with", "at",
     "from", "that", "as", "be", "is", "are", "its", "their", "this", "under"}
)  # fmt: skip


@dataclass
class _Clause:
    number: str | None
    text: str


# ---------------------------------------------------------------------------
# Public API


def extract_resolutions(paragraphs: Sequence[str], *, truncated: bool = False) -> list[Resolution]:
    """Every resolution clause in an item's minutes, verbatim, with its kind.

    ``truncated`` says the text was cut by the site: the resolution that runs to
    the end of the text is then flagged ``truncated`` (seed 000 item 21,
    ``RESOLVED to note the content of`` and then the marker).
    """
    paras, marker_found = _prepare(paragraphs)
    truncated = truncated or marker_found
    results: list[Resolution] = []
    i = 0
    while i < len(paras):
        found = _keyword_resolution(paras, i) or _motion_resolution(paras, i)
        found = found or _bare_clause_resolution(paras, i) or _noted_outcome(paras, i)
        if found is None:
            i += 1
            continue
        clauses, end, intro = found
        for k, clause in enumerate(clauses):
            text = clause.text.strip()
            if not text:
                continue
            kind = _kind(text) or (_kind(intro) if intro else None) or "decision"
            is_last = k == len(clauses) - 1
            results.append(
                Resolution(
                    number=clause.number,
                    text=text,
                    kind=kind,
                    truncated=truncated and is_last and end >= len(paras),
                )
            )
        i = max(end, i + 1)
    if not results:
        results = _carried_notice_of_motion(paras)
    return results


def classify(text: str) -> ResolutionKind:
    """The kind of one resolution clause: ``noted``, ``decision`` or ``action``.

    Finds the clause's governing verb (see ``governing_verbs``) and maps it
    through the named verb lists; a clause with no recognisable verb is a
    decision, since a resolution records what was decided.
    """
    return _kind(text) or "decision"


# ---------------------------------------------------------------------------
# Paragraph preparation


def _prepare(paragraphs: Sequence[str]) -> tuple[list[str], bool]:
    """Whitespace collapsed, letter-spacing undone, lone labels joined to their text."""
    out: list[str] = []
    marker = False
    for raw in paragraphs:
        if not isinstance(raw, str):
            continue
        para = " ".join(raw.split())
        if not para:
            continue
        # Each substitution runs only where its pattern's literal part ("...", "---",
        # "documents:", a spaced keyword) is present: on paragraphs without it, the
        # failed scans were a tenth of a text page's parse.
        if "..." in para:
            stripped = TRUNCATION_MARKER.sub("", para)
            if stripped != para:
                marker = True
                para = stripped.rstrip()
                if not para:
                    continue
        if "---" in para:
            para = PAGE_BREAK.sub(" ", para).strip()
        if "documents:" in para:
            para = TRAILING_PAGE_LABEL.sub("", para)
        if not para or PAGE_BANNER.match(para):
            continue
        if (" E " in para or " A " in para) and any(f in para for f in SPACED_KEYWORD_FORMS):
            para = LETTER_SPACED.sub(_close_up_keyword, para)
        for piece in _split_inline_clauses(para):
            if out and _label_only(out[-1]):
                out[-1] = f"{out[-1]} {piece}"
            else:
                out.append(piece)
    return out, marker


# An inline clause label: "(1) ", "(b) ", "(ii) " with a space before it, so that
# "Sections 100(A)(4)" is not one.
INLINE_LABEL = re.compile(r"(?<!\S)\((?P<label>\d{1,2}|[a-z]|[ivx]{1,4}|[A-Z])\)\s")
LIST_LEAD = re.compile(r"(?:[:–—-]|\b(?:to|that|That|THAT))\s*$")


def _split_inline_clauses(para: str) -> list[str]:
    """``RESOLVED that: (1) the report be noted; and (2) ...`` -> one paragraph per clause.

    Pages flattened from HTML sometimes run a clause list into one paragraph.
    Only a chain that starts at (1)/(a)/(i)/(A) right after a colon, dash,
    "to" or "that" and counts up is split, so references such as "paragraphs
    (a) and (c)" are left alone.
    """
    if "(" not in para:
        return [para]
    labels = list(INLINE_LABEL.finditer(para))
    starts = [
        k
        for k, first in enumerate(labels)
        if first.group("label") in {"1", "a", "i", "A"}
        and (
            first.start() == 0 or LIST_LEAD.search(para[max(0, first.start() - 8) : first.start()])
        )
    ]
    for start_index in starts[:5]:  # a few candidates: junk text must stay linear
        first = labels[start_index]
        chain = [first]
        for candidate in labels[start_index + 1 :]:
            if _follows(chain[-1].group("label"), candidate.group("label")):
                chain.append(candidate)
        if len(chain) < 2:
            continue
        cuts = [m.start() for m in chain]
        pieces = [para[: cuts[0]].strip()]
        pieces += [para[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(para)], strict=True)]
        return [p for p in pieces if p]
    return [para]


def _close_up_keyword(match: re.Match[str]) -> str:
    word = match.group(0).replace(" ", "")
    return word if word in SPACED_KEYWORDS else match.group(0)


def _label_only(para: str) -> bool:
    m = CLAUSE_LABEL.match(para)
    return bool(m) and not para[m.end() :].strip()


def _split_label(para: str) -> tuple[str | None, str, str] | None:
    """``(number, family, body)`` for a list paragraph, else None.

    The family ("digit", "lower", "upper", "bullet") tells a sibling clause from
    a nested one: ``(i)`` after ``(h)`` is a letter, both are "lower".
    """
    m = CLAUSE_LABEL.match(para)
    if not m:
        return None
    body = para[m.end() :].strip()
    if m.group("bullet"):
        return None, "bullet", body
    label = m.group("paren") or m.group("bare") or ""
    if label.isdigit():
        family = "digit"
    elif label.islower():
        family = "lower"
    else:
        family = "upper"
    return label, family, body


# ---------------------------------------------------------------------------
# The three resolution shapes


def _keyword_resolution(paras: list[str], i: int) -> tuple[list[_Clause], int, str] | None:
    m = keyword_match(paras[i])
    if not m:
        return None
    rest = m.group("rest").strip()
    if not re.search(r"[:;,–—-]", m.group("sep")) and not RESOLUTION_START.match(rest):
        return None
    rest, reason_cut = _cut_reason(rest)
    j = i + 1
    if not reason_cut:
        rest, j = _continue_sentence(rest, paras, j)

    labelled = _split_label(rest) if rest else None
    if labelled is not None:
        # "RESOLVED: (A) That ..." / "RESOLVED: a. That ..." - the first clause is inline.
        clauses, end = _collect_clauses(paras, j, first=labelled)
        return clauses, end, ""

    next_index = _skip_furniture(paras, j)
    next_is_list = next_index < len(paras) and _split_label(paras[next_index]) is not None
    is_intro = not rest or rest.lower() in {"to", "that"} or rest.endswith(":")
    if next_is_list and is_intro and not reason_cut:
        # "RESOLVED to" + (1) (2) (3); "RESOLVED: That Cabinet:" + (1) Noted ...
        clauses, end = _collect_clauses(paras, next_index)
        return clauses, end, rest
    bare = not rest or rest.lower() in {"to", "that"}
    if bare and next_index < len(paras) and not keyword_match(paras[next_index]):
        # "Resolved" / "PENDERFYNWYD:" / "And Resolved:" alone: the body is the next
        # paragraph ("RESOLVED to" / "Note the report." keeps its "to").
        body, end = _continue_sentence(paras[next_index], paras, next_index + 1)
        body, _ = _cut_reason(body)
        return [_Clause(None, f"{rest} {body}" if rest else body)], end, ""
    if rest.endswith(":") and not reason_cut:
        # Kent item 127: "It was RESOLVED that the Committee noted that the following
        # dates had been reserved ...:" + one unlabelled date per paragraph.
        listed, end = _list_lines(paras, next_index)
        if listed:
            return [_Clause(None, f"{rest} {'; '.join(listed)}")], end, ""
    return [_Clause(None, rest)], j, ""


def _list_lines(paras: list[str], j: int) -> tuple[list[str], int]:
    """The unlabelled list-like paragraphs (dates, names, short lines) from ``paras[j]``.

    They continue a resolution whose text ends with ":". The lines are joined
    with "; " after the colon ("...in 2019/20: Friday 24 May 2019; Tuesday 16
    July 2019") so the record stays one line wherever it is shown (lists,
    CSV), its words verbatim. It ends at the first paragraph that reads
    as prose: a long one, or a full sentence ending with a full stop.
    """
    listed: list[str] = []
    while j < len(paras):
        para = paras[j]
        if keyword_match(para) or MOTION_LINE.match(para) or REASON.match(para):
            break
        if PAGE_FURNITURE.match(para) or TABLE_HEADER.match(para):
            j += 1
            continue
        if not _list_like(para):
            break
        listed.append(para)
        j += 1
    return listed, j


def _list_like(para: str) -> bool:
    """A short line such as "Friday 24 May 2019", "Councillor A Smith;" or "• item"."""
    # Not a sentence: "All meetings will commence at 10:00 am." ends a list.
    sentence = para.endswith(".") and len(para.split()) > LIST_LINE_WORDS
    return len(para) <= LIST_LINE_MAX and not sentence


def _motion_resolution(paras: list[str], i: int) -> tuple[list[_Clause], int, str] | None:
    """A quoted "That ..." right after a motion's proposer/seconder lines (Limerick)."""
    if not THAT_CLAUSE.match(paras[i]) or i == 0:
        return None
    k = i - 1
    while k > 0 and PAGE_FURNITURE.match(paras[k]):
        k -= 1
    if not (MOTION_LINE.match(paras[k]) or MOTION_INTRO.search(paras[k])):
        return None
    body, end = _continue_sentence(paras[i], paras, i + 1)
    return [_Clause(None, body)], end, ""


def _noted_outcome(paras: list[str], i: int) -> tuple[list[_Clause], int, str] | None:
    """A paragraph that is nothing but a noting: "NOTED" (Merton item 7), "The report was noted."

    Only the whole paragraph counts, so a sentence that merely contains "noted"
    ("Members noted the concerns raised and asked ...") is not a resolution.
    """
    if not NOTED_OUTCOME.match(paras[i]):
        return None
    return [_Clause(None, paras[i])], i + 1, ""


def _carried_notice_of_motion(paras: list[str]) -> list[Resolution]:
    """An Irish notice of motion recorded only as carried (Limerick items 16, 21, 22).

    The motion is printed first ("I will move at the next Meeting that ..."), the
    debate follows, and the outcome is a sentence: "The Motion was seconded by
    Councillor Sheahan (J) and unanimously agreed.", "the Motion was agreed.",
    "declared the Motion ... carried". The resolution is the motion's text from
    "that", up to the proposer's speech; a defeated or referred motion gives none.
    """
    start = next((k for k, p in enumerate(paras) if NOTICE_OF_MOTION.match(p)), None)
    if start is None:
        # "Councillor Galvin proposed the following motion:" + the motion's paragraph.
        intro = next((k for k, p in enumerate(paras[:-1]) if _following_motion(p)), None)
        start = None if intro is None else intro + 1
    if start is None or not any(MOTION_CARRIED.search(p) for p in paras[start:]):
        return []
    text = NOTICE_OF_MOTION.sub("", paras[start], count=1)
    j = start + 1
    while j < len(paras) and not PROPOSING.search(paras[j]) and _split_label(paras[j]):
        text = f"{text} {paras[j]}"  # the motion's own (3) (4) clauses
        j += 1
    speech = PROPOSING.search(text)
    if speech is not None:
        text = text[: speech.start()]
    text = MOTION_CARRIED.split(text, maxsplit=1)[0].strip().strip('”“"').strip()
    if not text:
        return []
    return [Resolution(number=None, text=text, kind=classify(text))]


def _following_motion(para: str) -> bool:
    """``FOLLOWING_MOTION.search(para)``, run only on a paragraph ending in its ":" or dash."""
    return para.rstrip()[-1:] in (":", "–", "—", "-") and bool(FOLLOWING_MOTION.search(para))


def _bare_clause_resolution(paras: list[str], i: int) -> tuple[list[_Clause], int, str] | None:
    """A run of ``(i) That ... (ii) That ...`` with the RESOLVED label lost (Durham)."""
    first = _split_label(paras[i])
    if first is None or not THAT_CLAUSE.match(first[2]):
        return None
    if i > 0 and _split_label(paras[i - 1]) is not None:
        return None  # the middle of a list that did not start with a "That" clause
    clauses, end = _collect_clauses(paras, i + 1, first=first)
    family = first[1]
    run = [p for p in paras[i:end] if (s := _split_label(p)) is not None and s[1] == family]
    if not all(THAT_CLAUSE.match(_split_label(p)[2]) for p in run):  # type: ignore[index]
        return None
    return clauses, end, ""


# ---------------------------------------------------------------------------
# Clause lists and sentence continuation


def _collect_clauses(
    paras: list[str], j: int, *, first: tuple[str | None, str, str] | None = None
) -> tuple[list[_Clause], int]:
    """Consecutive list paragraphs of one label family, from ``paras[j]`` on.

    A label of another family nests under the current clause and stays in its
    text (``(1) approve the following: (a) ... (b) ...``); a lower-case paragraph
    continues a clause that was hard-wrapped into several paragraphs.
    """
    clauses: list[_Clause] = []
    family: str | None = None
    if first is not None:
        number, family, body = first
        body, j = _continue_sentence(body, paras, j)
        clauses.append(_Clause(number, body))
    while j < len(paras):
        para = paras[j]
        if keyword_match(para):
            break
        labelled = _split_label(para)
        if labelled is not None:
            number, fam, body = labelled
            previous = clauses[-1].number if clauses else None
            if family is None or (fam == family and _follows(previous, number)):
                family = fam
                body, j = _continue_sentence(body, paras, j + 1)
                body, cut = _cut_reason(body)
                clauses.append(_Clause(number, body))
                if cut:
                    return clauses, j
                continue
            if clauses:
                nested, j = _continue_sentence(para, paras, j + 1)
                clauses[-1].text = f"{clauses[-1].text} {nested}"
                continue
        if PAGE_FURNITURE.match(para) and j + 1 < len(paras) and _split_label(paras[j + 1]):
            j += 1
            continue
        break
    return clauses, j


def _follows(previous: str | None, number: str | None) -> bool:
    """Whether ``number`` can be the clause after ``previous``: (1)->(2), (h)->(i), (i)->(ii).

    Stops a clause list running into the next item's number ("24.") when a
    whole page is passed in.
    """
    if previous is None or number is None:
        return True
    if previous.isdigit() and number.isdigit():
        return int(number) == int(previous) + 1
    if len(previous) == 1 and len(number) == 1 and ord(number) == ord(previous) + 1:
        return True
    prev_roman, next_roman = _roman(previous), _roman(number)
    return prev_roman is not None and next_roman == prev_roman + 1


def _roman(label: str) -> int | None:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    lower = label.lower()
    if not lower or any(ch not in values for ch in lower):
        return None
    total = 0
    for ch, nxt in zip(lower, [*lower[1:], ""], strict=True):
        value = values[ch]
        total += -value if nxt and values[nxt] > value else value
    return total


def _continue_sentence(text: str, paras: list[str], j: int) -> tuple[str, int]:
    """Join the paragraphs a hard wrap split off ``text``; return it and the next index.

    Two signals: an opening quote not yet closed (Limerick's quoted resolutions
    run over page breaks), and a sentence that stops without punctuation while
    the next paragraph starts in lower case (Slough ``... be`` / ``agreed as a
    correct record.``).
    """
    limit = min(len(paras), j + 40)
    while j < limit:
        para = paras[j]
        open_quote = _quote_open(text)
        if open_quote and PAGE_FURNITURE.match(para):
            j += 1
            continue
        if keyword_match(para) or MOTION_LINE.match(para) or _split_label(para) is not None:
            break
        if open_quote or _sentence_unfinished(text, para):
            text = f"{text} {para}" if text else para
            j += 1
            continue
        break
    return text, j


def _quote_open(text: str) -> bool:
    """An opening quote not yet closed; a straight quote closes a curly one (Limerick)."""
    balance = text.count("“") - text.count("”")
    if text.count('"') % 2:
        balance += -1 if balance > 0 else 1
    return balance > 0


def _sentence_unfinished(text: str, following: str) -> bool:
    """``text`` stops mid-sentence and ``following`` reads as its continuation."""
    if not text or SENTENCE_END.search(text):
        return False
    if following[:1].islower():
        return True
    last = text.rsplit(None, 1)[-1].lower()
    return last in OPEN_ENDINGS or last.endswith(("’s", "'s"))


def _skip_furniture(paras: list[str], j: int) -> int:
    while j < len(paras) and PAGE_FURNITURE.match(paras[j]):
        j += 1
    return j


def _cut_reason(text: str) -> tuple[str, bool]:
    """Drop a ``REASON – ...`` tail run into the resolution's paragraph."""
    if "REASON" not in text and "Reason" not in text:
        return text, False
    m = REASON.search(text)
    if m is None:
        return text, False
    return text[: m.start()].rstrip(), True


# ---------------------------------------------------------------------------
# Kinds: named verb lists and the governing verb of a clause

NOTING_VERBS = frozenset(
    {"note", "receive", "acknowledge", "welcome", "thank", "commend",
     # Welsh: nodi (note), derbyn (receive), with mutations
     "nodi", "nodwyd", "nodir", "derbyn", "dderbyn", "derbyniwyd"}
)  # fmt: skip
DECISION_VERBS = frozenset(
    {"approve", "agree", "adopt", "confirm", "endorse", "accept", "recommend", "exclude",
     "appoint", "elect", "reject", "refuse", "grant", "support", "ratify", "amend",
     "allocate", "award", "defer", "determine", "formalise", "formalize", "decide", "resolve",
     "give", "given", "sign", "signed", "vary", "set", "nominate", "reaffirm", "uphold",
     "dismiss", "retain", "suspend", "waive", "dispense", "establish", "proceed", "withdraw",
     "co-opt", "agreed", "permit", "revoke", "rescind", "extend", "increase", "reduce",
     # Welsh: cymeradwyo (approve), cytuno (agree), mabwysiadu (adopt), gwahardd (exclude)
     "cymeradwyo", "gymeradwyo", "chymeradwyo", "cytuno", "gytuno", "chytuno",
     "mabwysiadu", "fabwysiadu", "gwahardd", "wahardd", "cytunwyd", "penderfynu"}
)  # fmt: skip
ACTION_VERBS = frozenset(
    {"ask", "request", "instruct", "authorise", "authorize", "delegate", "direct", "work",
     "continue", "write", "written", "circulate", "send", "sent", "report", "bring", "brought",
     "provide", "arrange", "prepare", "investigate", "explore", "monitor", "ensure", "develop",
     "produce", "publish", "update", "share", "pursue", "implement", "liaise", "raise", "refer",
     "forward", "look", "disseminate", "improve", "focus", "urge", "encourage", "invite",
     "call", "seek", "sought", "undertake", "review", "contact", "engage", "consult", "lobby",
     "switch", "organise", "organize", "progress", "identify", "promote", "submit", "draft",
     "commission", "follow", "respond", "convene", "schedule", "inform", "notify", "advise",
     "distribute", "chase", "task", "mandate", "empower", "challenge", "feed", "take"}
)  # fmt: skip
# Verbs that are also everyday nouns ("the annual report", "work undertaken"):
# away from the clause's start they count only where a verb must stand.
NOUN_LIKE_VERBS = frozenset(
    {"report", "review", "request", "update", "work", "support", "record", "progress",
     "focus", "look", "note", "call", "award", "grant", "set", "present", "forward", "share",
     "contact", "draft", "schedule", "task", "challenge", "feed", "take", "increase",
     "reduce", "proceed", "follow"}
)  # fmt: skip
# "agrees to exclude", "decided to write": the infinitive carries the meaning.
DEFERRING_VERBS = frozenset({"agree", "agreed", "decide", "resolve", "cytuno", "gytuno"})

COPULA = frozenset({"be", "is", "are", "was", "were", "been", "being"})
PASSIVE_FILLERS = frozenset(
    {"and", "is", "be", "hereby", "duly", "now", "formally", "further", "also", "therefore",
     "otherwise", "accordingly", "fully", "both", "then", "all", "not"}
)  # fmt: skip
DETERMINERS = frozenset(
    {"the", "a", "an", "this", "these", "those", "its", "their", "his", "her", "our", "your",
     "any", "each", "every", "all", "as", "of", "for", "in", "on", "at", "by", "with", "from",
     "no", "such", "my", "annual", "further", "which", "whose", "y", "yr", "'r"}
)  # fmt: skip
VERB_FOLLOWERS = frozenset(
    {"the", "a", "an", "its", "their", "his", "her", "our", "all", "any", "that", "back",
     "this", "these", "those", "each", "every", "on", "upon", "how", "whether", "what"}
)  # fmt: skip
MODALS = frozenset({"will", "would", "shall", "should", "must", "can", "could", "may", "to"})
KIND_RANK: dict[ResolutionKind, int] = {"noted": 0, "decision": 1, "action": 2}

WORD = re.compile(r"[A-Za-zÀ-ÿŵŷŴŶ][\w’'\-]*")
LEADING_NOISE = re.compile(r"""^[\s“"‘'(,:;–—-]*(?:(?:that|THAT|That)\b[\s,:;–—-]*)?""")
# "That, in order to fully consider how ..., the Member IT Reference Group be formalised"
PURPOSE_CLAUSE = re.compile(r"^in order to\b[^,]*,\s*", re.I)


def verb_lemma(word: str) -> tuple[str, ResolutionKind] | None:
    """The verb a word inflects and its kind: "endorsed" -> ("endorse", "decision")."""
    w = word.lower().strip("’'")
    candidates = [w]
    if w.endswith("s"):
        candidates.append(w[:-1])
    if w.endswith(("ed", "es")):
        candidates += [w[:-1], w[:-2]]
        if len(w) > 4 and w[-3] == w[-4]:
            candidates.append(w[:-3])  # "submitted" -> "submit"
    if w.endswith("ied"):
        candidates.append(w[:-3] + "y")
    for lemma in candidates:
        if lemma in ACTION_VERBS:
            return lemma, "action"
        if lemma in DECISION_VERBS:
            return lemma, "decision"
        if lemma in NOTING_VERBS:
            return lemma, "noted"
    return None


def governing_verbs(text: str) -> list[tuple[str, ResolutionKind]]:
    """The verb (and verbs coordinated with it) that says what a clause does.

    Looks, in order of position, for a verb at the clause's start (``approve
    ...``, ``Noted ...``), an infinitive (``to note``), a passive after the
    subject (``that X be authorised``, ``be and is hereby given``) or a finite
    verb after the subject (``that the Cabinet agrees to exclude``, ``that the
    partnership continues``). ``agree to X`` defers to X. Coordinated verbs
    follow (``Noted and endorsed``).
    """
    clause = LEADING_NOISE.sub("", text, count=1)
    clause = re.sub(r"^(?:to|To|TO)\s+", "", clause)
    clause = PURPOSE_CLAUSE.sub("", clause)
    words = WORD.findall(clause)
    found = _find_verb(words, 0)
    if found is None:
        return []
    index, lemma, kind = found
    verbs = [(lemma, kind)]
    nxt = index + 1
    if lemma in DEFERRING_VERBS and nxt + 1 < len(words) and words[nxt].lower() == "to":
        inner = verb_lemma(words[nxt + 1])
        if inner is not None:
            verbs = [inner]
            nxt += 2
    # Coordinated verbs: "Noted and endorsed", "note and approve".
    while nxt + 1 < len(words) and words[nxt].lower() in {"and", "or"}:
        extra = verb_lemma(words[nxt + 1])
        if extra is None:
            break
        verbs.append(extra)
        nxt += 2
    verbs += _coordinated_predicates(words, nxt)
    return verbs


def _coordinated_predicates(words: list[str], start: int) -> list[tuple[str, ResolutionKind]]:
    """Verbs of further predicates joined by "and" later in the clause.

    ``to note the report and ask officers to ...`` (a direct verb after "and")
    and ``That the update be noted and a further report be submitted ...`` (a
    passive within a few words of "and") both make the clause do more than note.
    """
    found: list[tuple[str, ResolutionKind]] = []
    # words[start - 1] is the governing (or last coordinated) verb.
    governing_form = _verb_form(words[start - 1]) if start >= 1 else None
    for a in range(start, len(words) - 1):
        if words[a].lower() != "and":
            continue
        hit = _find_verb(words, a + 1)
        if hit is None:
            continue
        k, lemma, kind = hit
        # A coordinated verb takes the governing verb's form: "agree ... and ensure",
        # "notes ... and asks"; "agree the proposed changes to X and circulated" is
        # not a second predicate (the benchmark's word salad showed it).
        direct = k == a + 1 and governing_form in (None, _verb_form(words[k]))
        passive = k <= a + 8 and _after_copula(words, k)
        if direct or passive:
            found.append((lemma, kind))
    return found


# Participles that do not end in -ed/-en ("be sent", "is hereby sought").
IRREGULAR_PARTICIPLES = frozenset(
    {"sent", "sought", "brought", "set", "put", "read", "held", "made", "kept", "led", "met",
     "done", "drawn", "shown", "told", "paid", "laid", "cut"}
)  # fmt: skip


def _participle(word: str) -> bool:
    lower = word.lower()
    return lower.endswith(("ed", "en")) or lower in IRREGULAR_PARTICIPLES


def _verb_form(word: str) -> str:
    """ "past" (endorsed), "s" (agrees) or "base" (agree): coordinated verbs share it."""
    lower = word.lower()
    if _participle(lower):
        return "past"
    lemma = verb_lemma(lower)
    if lower.endswith("s") and lemma is not None and lemma[0] != lower:
        return "s"
    return "base"


def _after_copula(words: list[str], k: int) -> bool:
    """``words[k]`` is a participle after "be"/"is"/"are"..., fillers allowed between
    ("be and is hereby given"): a passive, unlike "would not refers"."""
    if not _participle(words[k]):
        return False
    j = k - 1
    while j >= 0 and words[j].lower() in PASSIVE_FILLERS and words[j].lower() not in COPULA:
        j -= 1
    return j >= 0 and words[j].lower() in COPULA


def _find_verb(words: list[str], start: int) -> tuple[int, str, ResolutionKind] | None:
    for i in range(start, len(words)):
        word = words[i]
        lower = word.lower()
        prev = words[i - 1].lower() if i > 0 else ""
        if lower in COPULA:
            k = i + 1
            while k < len(words) and words[k].lower() in PASSIVE_FILLERS:
                k += 1
            # A passive needs a participle: "be noted", "is hereby given", "be sent";
            # "councillor is report the" is not one.
            if k < len(words) and _participle(words[k]) and (hit := verb_lemma(words[k])):
                return k, hit[0], hit[1]
            continue
        hit = verb_lemma(word)
        if hit is None:
            continue
        if i > 0:
            if word[:1].isupper() and not word.isupper():
                continue  # a title: "the Annual Report", "Work Programme"
            if prev in DETERMINERS:
                continue  # a noun: "the work undertaken", "as circulated"
            if hit[0] in NOUN_LIKE_VERBS and prev not in MODALS:
                following = words[i + 1].lower() if i + 1 < len(words) else ""
                if following not in VERB_FOLLOWERS:
                    continue
        return i, hit[0], hit[1]
    return None


# "That the Leader be given delegated authority to agree the contract": whatever
# the governing verb, a delegation directs someone to act.
DELEGATION = re.compile(r"\bdelegated?\s+(?:the\s+)?(?:authority|powers?|responsibility)\b", re.I)


def _kind(text: str) -> ResolutionKind | None:
    verbs = governing_verbs(text)
    if DELEGATION.search(text):
        verbs.append(("delegate", "action"))
    if not verbs:
        return None
    return max((kind for _, kind in verbs), key=KIND_RANK.__getitem__)
