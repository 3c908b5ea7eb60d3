"""An item's text as the detector reads it: paragraphs that know where they came from,
clause labels, clause lists and sentences.

The detector (``parsers.grammar.detector``) reads each text field of an AgendaItem as
stored (paragraphs separated by a blank line, per ``parsers/model.py``). ``prepare`` turns a
field into ``Para`` records: the paragraph's words with whitespace collapsed, the site's
truncation marker and page furniture removed, letter-spaced keywords closed up, a clause list
run into one paragraph split and a label alone on its line joined to its text; each keeps
the character range of the field it was read from, so that whatever a rule finds in it can
be traced back to the council's own words (``locate``).

The clause machinery that every resolution rule shares lives here too: labels
(``(1) (a) (i) (A) 1. a. i. 1) a)`` and bullets), label families counting up, a clause
hard-wrapped over several paragraphs (``continue_sentence``), the run of clauses under an
intro (``collect_clauses``), ``REASON`` tails, and quotation marks around a clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Says whether a paragraph starts something a clause must not run into (a keyword, a
# mover's line): each rule passes its own.
StopTest = Callable[[str], bool]

# ---------------------------------------------------------------------------
# Paragraphs with their place in the field's text


@dataclass(slots=True)
class Para:
    """One prepared paragraph and the range ``[lo, hi)`` of the field text it came from."""

    text: str
    lo: int
    hi: int
    split: list[tuple[int, str]] | None = None  # its sentences, once a rule asked for them

    def sentences(self) -> list[tuple[int, str]]:
        """The paragraph's sentences with their offsets (``sentences``), split once."""
        if self.split is None:
            self.split = sentences(self.text)
        return self.split


@dataclass(slots=True)
class Clause:
    """One clause as a rule found it: label, words, and the paragraphs it spans."""

    number: str | None
    text: str
    first: int  # index of the paragraph the clause starts in
    last: int  # index of the paragraph it ends in


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
# Printed minutes number every paragraph ("1.4 RESOLVED: That ...", Brighton & Hove):
# the number is part of the stored minutes but not of any clause.
PRINTED_NUMBER = re.compile(r"^\d{1,3}\.\d{1,3}(?:\.\d{1,3})?\s+(?=[A-Z“\"‘'(])")
# Markdown emphasis a PDF-to-markdown rendering puts around motions (Limerick pdf2md:
# "***That this Council ...***"); the stars are not the council's words.
EMPHASIS = re.compile(r"(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?![\w*])")


def split_field(text: str) -> list[tuple[str, int, int]]:
    """A stored text field -> its raw paragraphs with their ``[lo, hi)`` ranges."""
    out: list[tuple[str, int, int]] = []
    pos = 0
    for chunk in text.split("\n\n"):
        out.append((chunk, pos, pos + len(chunk)))
        pos += len(chunk) + 2
    return out


def prepare(text: str) -> tuple[list[Para], bool]:
    """A field's paragraphs as the rules read them, and whether the site's marker cut it.

    Whitespace is collapsed, letter-spacing undone, page furniture and markdown emphasis
    dropped, a flattened clause list split and a label alone on its line joined to its
    text. Each ``Para`` keeps the range of ``text`` it came from.
    """
    out: list[Para] = []
    marker = False
    for raw, lo, hi in split_field(text):
        para = " ".join(raw.split())
        if not para:
            continue
        # Each substitution runs only where its pattern's literal part ("...", "---",
        # "documents:", a spaced keyword, "*") is present: on paragraphs without it, the
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
        if "*" in para:
            para = EMPHASIS.sub("", para).strip()
            if not para:
                continue
        if para[:1].isdigit():
            para = PRINTED_NUMBER.sub("", para, count=1)
        if (" E " in para or " A " in para) and any(f in para for f in SPACED_KEYWORD_FORMS):
            para = LETTER_SPACED.sub(_close_up_keyword, para)
        for piece in split_inline_clauses(para):
            if out and label_only(out[-1].text):
                out[-1] = Para(f"{out[-1].text} {piece}", out[-1].lo, hi)
            else:
                out.append(Para(piece, lo, hi))
    return out, marker


def _inline_label(match: re.Match[str]) -> str:
    return match.group("label") or match.group("number")


def _close_up_keyword(match: re.Match[str]) -> str:
    word = match.group(0).replace(" ", "")
    return word if word in SPACED_KEYWORDS else match.group(0)


# An inline clause label: "(1) ", "(b) ", "(ii) " with a space before it, so that
# "Sections 100(A)(4)" is not one; or a bare number "1. " / "1) " ("RESOLVED to: 1. Note
# the report. 2. Agree ...", a numbered list flattened into one paragraph).
INLINE_LABEL = re.compile(
    r"(?<!\S)(?:\((?P<label>\d{1,2}|[a-z]|[ivx]{1,4}|[A-Z])\)|(?P<number>\d{1,2})[.)])\s"
)
LIST_LEAD = re.compile(r"(?:[:–—-]|\b(?:to|that|That|THAT))\s*$")


def split_inline_clauses(para: str) -> list[str]:
    """``RESOLVED that: (1) the report be noted; and (2) ...`` -> one paragraph per clause.

    Pages flattened from HTML sometimes run a clause list into one paragraph.
    Only a chain that starts at (1)/(a)/(i)/(A) right after a colon, dash,
    "to" or "that" and counts up is split, so references such as "paragraphs
    (a) and (c)" are left alone.
    """
    if "(" not in para and "1. " not in para and "1) " not in para:
        return [para]
    labels = list(INLINE_LABEL.finditer(para))
    starts = [
        k
        for k, first in enumerate(labels)
        if _inline_label(first) in {"1", "a", "i", "A"}
        and (
            first.start() == 0 or LIST_LEAD.search(para[max(0, first.start() - 8) : first.start()])
        )
    ]
    for start_index in starts[:5]:  # a few candidates: junk text must stay linear
        first = labels[start_index]
        chain = [first]
        bare = first.group("number") is not None
        for candidate in labels[start_index + 1 :]:
            same_kind = (candidate.group("number") is not None) == bare
            if same_kind and follows(_inline_label(chain[-1]), _inline_label(candidate)):
                chain.append(candidate)
        if len(chain) < 2:
            continue
        cuts = [m.start() for m in chain]
        pieces = [para[: cuts[0]].strip()]
        pieces += [para[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(para)], strict=True)]
        return [p for p in pieces if p]
    return [para]


# ---------------------------------------------------------------------------
# Locating a clause in the field's text


def locate(source: str, lo: int, hi: int, words: str) -> tuple[int, int]:
    """Where ``words`` sit in ``source[lo:hi]``: ``(start, end)`` offsets into ``source``.

    The words are the source's with whitespace collapsed, so they are found by comparing
    the two without whitespace. Where a rule joined pieces that are apart in the source
    (a page break inside a quoted motion, a list joined with "; "), the span runs from the
    clause's first words to its last; where even its first words are not there, it is the
    paragraphs' whole range.
    """
    at = source.find(words, lo, hi)
    if at >= 0:
        return at, at + len(words)  # the words as printed, the common case
    region = source[lo:hi]
    offsets = [k for k, ch in enumerate(region) if not ch.isspace()]
    squeezed = "".join(region[k] for k in offsets)
    target = "".join(words.split())
    if not target or not offsets:
        return lo, hi
    at = squeezed.find(target)
    if at >= 0:
        return lo + offsets[at], lo + offsets[at + len(target) - 1] + 1
    head, tail = target[:24], target[-24:]
    at = squeezed.find(head)
    if at < 0:
        return lo, hi
    end = squeezed.find(tail, at + len(head) - len(tail) if len(head) > len(tail) else at)
    stop = lo + offsets[end + len(tail) - 1] + 1 if end >= 0 else hi
    return lo + offsets[at], stop


# ---------------------------------------------------------------------------
# Labels and clause lists


def label_only(para: str) -> bool:
    m = CLAUSE_LABEL.match(para)
    return m is not None and not para[m.end() :].strip()


def split_label(para: str) -> tuple[str | None, str, str] | None:
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


def follows(previous: str | None, number: str | None) -> bool:
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
    prev_roman, next_roman = roman(previous), roman(number)
    return prev_roman is not None and next_roman == prev_roman + 1


def roman(label: str) -> int | None:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    lower = label.lower()
    if not lower or any(ch not in values for ch in lower):
        return None
    total = 0
    for ch, nxt in zip(lower, [*lower[1:], ""], strict=True):
        value = values[ch]
        total += -value if nxt and values[nxt] > value else value
    return total


# "REASON – ...", "REASON FOR DECISIONS: ..." ends a resolution (North Herts, Slough);
# "The Reasons are:" ends a record of decision (Salford).
REASON = re.compile(
    r"(?:^|\s)(?:REASONS?(?:\s+FOR\s+(?:THE\s+)?DECISIONS?)?|Reasons?(?:\s+for\s+(?:the\s+)?"
    r"[Dd]ecisions?)?|The\s+[Rr]easons?\s+(?:are|is|for\s+the\s+decision))\s*[:–—-]"
)


def cut_reason(text: str) -> tuple[str, bool]:
    """Drop a ``REASON – ...`` tail run into the resolution's paragraph."""
    if "REASON" not in text and "eason" not in text:
        return text, False
    m = REASON.search(text)
    if m is None:
        return text, False
    return text[: m.start()].rstrip(), True


SENTENCE_END = re.compile(r"""[.;:!?]["”’']?$|[”]$""")
# A sentence cut after one of these words has surely not ended (Merton's pdftotext
# wraps "the comments made by the" / "Pensions Fund Advisory Panel ...").
OPEN_ENDINGS = frozenset(
    {"the", "a", "an", "of", "and", "or", "to", "in", "for", "by", "on", "with", "at",
     "from", "that", "as", "be", "is", "are", "its", "their", "this", "under"}
)  # fmt: skip


def continue_sentence(text: str, paras: Sequence[Para], j: int, stop: StopTest) -> tuple[str, int]:
    """Join the paragraphs a hard wrap split off ``text``; return it and the next index.

    Two signals: an opening quote not yet closed (Limerick's quoted resolutions
    run over page breaks), and a sentence that stops without punctuation while
    the next paragraph starts in lower case (Slough ``... be`` / ``agreed as a
    correct record.``). ``stop`` says a paragraph starts something else (a keyword,
    a mover's line) and is never joined.
    """
    limit = min(len(paras), j + 40)
    while j < limit:
        para = paras[j].text
        open_quote = quote_open(text)
        if open_quote and PAGE_FURNITURE.match(para):
            j += 1
            continue
        if stop(para) or split_label(para) is not None:
            break
        if open_quote or sentence_unfinished(text, para):
            text = f"{text} {para}" if text else para
            j += 1
            continue
        break
    return text, j


def quote_open(text: str) -> bool:
    """An opening quote not yet closed; a straight quote closes a curly one (Limerick)."""
    balance = text.count("“") - text.count("”")
    if text.count('"') % 2:
        balance += -1 if balance > 0 else 1
    return balance > 0


def sentence_unfinished(text: str, following: str) -> bool:
    """``text`` stops mid-sentence and ``following`` reads as its continuation."""
    if not text or SENTENCE_END.search(text):
        return False
    if following[:1].islower():
        return True
    last = text.rsplit(None, 1)[-1].lower()
    return last in OPEN_ENDINGS or last.endswith(("’s", "'s"))


def skip_furniture(paras: Sequence[Para], j: int) -> int:
    while j < len(paras) and PAGE_FURNITURE.match(paras[j].text):
        j += 1
    return j


def collect_clauses(
    paras: Sequence[Para],
    j: int,
    stop: StopTest,
    *,
    first: tuple[str | None, str, str] | None = None,
    first_index: int | None = None,
) -> tuple[list[Clause], int]:
    """Consecutive list paragraphs of one label family, from ``paras[j]`` on.

    A label of another family nests under the current clause and stays in its
    text (``(1) approve the following: (a) ... (b) ...``); a lower-case paragraph
    continues a clause that was hard-wrapped into several paragraphs. ``first`` is a
    first clause already split off the paragraph ``first_index`` (``RESOLVED: (A) That``).
    """
    clauses: list[Clause] = []
    family: str | None = None
    if first is not None:
        number, family, body = first
        start = j - 1 if first_index is None else first_index
        body, j = continue_sentence(body, paras, j, stop)
        clauses.append(Clause(number, body, start, j - 1))
    while j < len(paras):
        para = paras[j].text
        if stop(para):
            break
        labelled = split_label(para)
        if labelled is not None:
            number, fam, body = labelled
            previous = clauses[-1].number if clauses else None
            # A list numbered again from 1 after nested points is a new clause (Wolverhampton
            # cabinet 5994: "2. Approve ... for;" / "i. ..." / "ii. ..." / "1. That ...").
            restart = fam == "digit" and number == "1" and previous is not None
            if family is None or (fam == family and (follows(previous, number) or restart)):
                family = fam
                start = j
                body, j = continue_sentence(body, paras, j + 1, stop)
                body, cut = cut_reason(body)
                clauses.append(Clause(number, body, start, j - 1))
                if cut:
                    return clauses, j
                continue
            if clauses:
                nested, j = continue_sentence(para, paras, j + 1, stop)
                clauses[-1].text = f"{clauses[-1].text} {nested}"
                clauses[-1].last = j - 1
                continue
        if PAGE_FURNITURE.match(para) and j + 1 < len(paras) and split_label(paras[j + 1].text):
            j += 1
            continue
        break
    return clauses, j


# ---------------------------------------------------------------------------
# Quotation marks and tidy clause text

OPENING_QUOTES = "“\"‘'"
CLOSING_FOR = {"“": '”"', '"': '"”', "‘": "’'", "'": "'’"}
# Table cell separators a flattened layout leaves at a clause's end (Peak District:
# "That the application be REFUSED for the following reason: | |").
TRAILING_CELLS = re.compile(r"(?:\s*\|)+\s*$")


def strip_quotes(text: str) -> str:
    """A clause without the quotation marks around it: ``“That, ...”`` -> ``That, ...``.

    The opening mark is dropped; the closing one only when it closes that opening (a
    quoted phrase inside the clause keeps both of its marks).
    """
    text = text.strip()
    if "|" in text:
        text = TRAILING_CELLS.sub("", text)
    if not text or text[0] not in OPENING_QUOTES:
        return text
    opening, body = text[0], text[1:].lstrip()
    if body[-1:] and body[-1] in CLOSING_FOR[opening]:
        inner = body[:-1]
        # Only when the mark closes the opening one: no other quote left open inside.
        if not quote_open(opening + inner + CLOSING_FOR[opening][0]) or opening in "\"'":
            body = inner.rstrip()
    elif len(body) > 1 and body[-2] in CLOSING_FOR[opening] and body[-1] in ".;,":
        body = body[:-2] + body[-1]  # “That ... 1972”.
    return body


# ---------------------------------------------------------------------------
# Sentences

SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[”\"’']?\s+(?=[A-Z“\"(‘])")
ABBREVIATION_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Cllr|Cllrs|St|No|Nos|Co|Rev|Prof|Cttee|approx|Ref|ref|para|Para)"
    r"|\b[A-Z]|\bp\.m|\ba\.m)\.$"
)


def sentences(para: str) -> list[tuple[int, str]]:
    """A paragraph's sentences with their offsets, not split after "Mr." or an initial."""
    found: list[tuple[int, str]] = []
    start = 0
    for m in SENTENCE_SPLIT.finditer(para):
        piece = para[start : m.start()] + para[m.start() : m.end()].rstrip()
        # Only the piece's end can be an abbreviation; a paragraph of "Item A." sentences
        # grows the piece, and searching it whole made the split quadratic.
        if ABBREVIATION_END.search(piece[-24:].rstrip("”\"’'")):
            continue
        found.append((start, piece.strip()))
        start = m.end()
    found.append((start, para[start:].strip()))
    return [(k, s) for k, s in found if s]
