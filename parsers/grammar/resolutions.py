"""The resolution grammar: what in an item's text was decided, one Resolution per clause.

Pure: prepared paragraphs in (``parsers.grammar.clauses.prepare``), clauses out, each with
the rule that found it and the paragraphs it came from (the detector,
``parsers.grammar.detector``, turns those into spans of the item's text). Every source format
goes through here, so the same meeting read from any of them yields the same resolutions.

The grammar is a set of tables, each entry one way councils write a thing, with a real
paragraph that uses it (``tests/test_grammar_leadins.py`` runs every example):

* ``KEYWORDS`` / ``KEYWORD_PREFIXES`` / ``KEYWORD_QUALIFIERS`` – the resolution keywords
  (``RESOLVED``, ``AGREED``, ``RECOMMENDED``, Welsh ``PENDERFYNWYD``, ``Decision made``), what
  may stand before them (``It was``, ``And``, ``UNANIMOUSLY``, a subject before a capitalised
  keyword) and after them (``unanimously``, ``(by 10 votes to 2)``);
* ``AGREEMENTS`` – keyword-less decisions in running text (``It was agreed to ...``, ``The
  Members agreed to ...``, ``Cabinet agreed the recommendations ...``, ``were APPROVED``), with
  ``BODIES``, the nouns that name a deciding body;
* ``MOVERS`` and ``OUTCOMES`` – a motion's mover and seconder (``Proposed by X;``, ``It was
  MOVED by X, seconded by Y, to ...``, ``Moved by: X``) and what became of it (``Carried``,
  ``Unanimously carried by voice vote``; ``Lost``, ``Defeated``);
* ``RECORD_LEADS`` – the first-person record of a delegated decision (``I, Councillor X, ...
  do hereby approve:``).

The rules, tried on each paragraph from most to least certain (``rule`` on each record):

1. ``keyword`` – a paragraph opening with a keyword lead-in. What follows is the whole
   resolution (``to note the forward plan.``), an intro for a clause list (``to``, ``That
   Cabinet:``, ``That Council be recommended to:``; the intro is not a clause), a first
   clause (``(A) That ...``) or nothing (the resolution is the next paragraph).
2. ``motion`` – a clause after its mover's and seconder's lines (Irish ``Proposed by`` /
   ``Seconded by`` + ``“That, ...”``; Canadian ``Moved by: X`` + ``THAT ...`` / ``Be it
   resolved that ... And that ...``), a motion moved inline (``it was MOVED by X, seconded by
   Y, to adopt ...``), a clause closed by its proposer (``... be accepted proposed JJ Seconded
   NM``), a request closed by ``This was agreed.``, or a notice of motion declared carried;
   kept unless its outcome says it was lost (and, when moved inline, only once carried).
3. ``inline-verb`` – an agreement in running text (``AGREEMENTS``); procedural running-order
   decisions (an adjournment, taking an item early, a show of hands) are not resolutions.
4. ``decision-record`` – in a ``Decision:`` block or a decision record, each clause that reads
   as a decision (``To amend ...``, ``That Cabinet approved ...``, ``Approve ...``).
5. ``bare-clause`` – ``That ... be approved`` with no keyword: a run of labelled ``That``
   clauses (Durham), or an unlabelled ``That`` paragraph (Rotherham, Wiltshire).
6. ``noted-outcome`` – ``NOTED`` standing alone as an item's outcome (Merton); in a decision
   record also ``The report was noted.``.

A clause ends at the next clause label of its list, a new keyword, a mover's line, a
paragraph that is neither a clause nor the rest of a hard-wrapped sentence, a ``REASON``
line, or the end (where ``truncated`` flags it as cut by the site). A nested list (``(1)
approve the following: (a) ... (b) ...``) stays with its clause; so do the short unlabelled
lines after a clause ending ":" (Kent's reserved dates), joined with "; ". Quotation marks
around a clause and its label are not part of its text. ``classify`` gives the kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.grammar.clauses import (
    PAGE_FURNITURE,
    REASON,
    Clause,
    Para,
    collect_clauses,
    continue_sentence,
    cut_reason,
    prepare,
    sentences,
    skip_furniture,
    split_label,
    strip_quotes,
)
from parsers.grammar.verbs import classify, kind_of
from parsers.model import Resolution, ResolutionKind


@dataclass(frozen=True)
class LeadIn:
    """One way councils write a part of a resolution, and a paragraph that does.

    ``words`` is the regular expression of the lead-in's own words; ``example`` a paragraph
    from a real page (``source`` names it), or worded for a form the corpus README, the
    gold's conventions or issue 15 list but no corpus page prints (``source`` starts
    "constructed:"); ``text`` is the clause the grammar must read from it, so that adding a
    form is one entry here and its test is already written.
    """

    words: str
    example: str
    text: str
    source: str


# ---------------------------------------------------------------------------
# Keywords

KEYWORDS = (
    LeadIn(r"RESOLVED", "RESOLVED to note the forward plan.", "to note the forward plan.",
           "Nottingham, Children's Partnership Board, seed 000 item 25"),
    LeadIn(r"[Rr]esolved",
           "Resolved – That the minutes of the meeting held on 14 September 2021 be agreed as a "
           "correct record.",
           "That the minutes of the meeting held on 14 September 2021 be agreed as a correct "
           "record.", "Slough, ieIssueDetails 41815"),
    LeadIn(r"AGREED",
           "AGREED – That the Chairperson writes to the Cabinet Member on behalf of the "
           "Committee expressing their comments and observations discussed during the way "
           "forward.",
           "That the Chairperson writes to the Cabinet Member on behalf of the Committee "
           "expressing their comments and observations discussed during the way forward.",
           "Cardiff, mgAi 18946"),
    LeadIn(r"Agreed", "Agreed that the work programme be updated.",
           "that the work programme be updated.",
           "constructed: a form the corpus README lists (Agreed that)"),
    LeadIn(r"RECOMMENDED", "RECOMMENDED to Council that the revised Constitution be adopted.",
           "to Council that the revised Constitution be adopted.",
           "constructed: a lead-in the gold's conventions list (RECOMMENDED)"),
    LeadIn(r"PENDERFYNWYD|Penderfynwyd",
           "PENDERFYNWYD: Yn unol ag Adran 100A(4) a (5) Deddf Llywodraeth Leol 1972, wahardd "
           "y cyhoedd o'r eitem fusnes canlynol.",
           "Yn unol ag Adran 100A(4) a (5) Deddf Llywodraeth Leol 1972, wahardd y cyhoedd o'r "
           "eitem fusnes canlynol.", "Neath Port Talbot, mgAi 55967 (Welsh)"),
    LeadIn(r"CYTUNWYD", "CYTUNWYD: nodi'r adroddiad.", "nodi'r adroddiad.",
           "constructed: Welsh for AGREED on bilingual modern.gov pages (LLL=1)"),
    LeadIn(r"DECISIONS?(?=\s*:)|Decisions?(?=\s*:)|RESOLUTIONS?(?=\s*:)|Resolution(?=\s*:)",
           "DECISION: That planning permission be granted subject to the conditions set out in "
           "the report.",
           "That planning permission be granted subject to the conditions set out in the "
           "report.", "constructed: a Decision: / RESOLUTION: label (planning minutes)"),
    LeadIn(r"Decision\s+made",
           "Decision made (Unanimously): That Cabinet approved that the meeting remain in "
           "public session.",
           "That Cabinet approved that the meeting remain in public session.",
           "South Ribble, mgDecisionDetails 6387"),
)  # fmt: skip
# Keywords a subject or a motion's preamble may stand before: "The Cabinet RESOLVED to",
# "moved by Cllr A, seconded by Cllr B and RESOLVED that" (capitals only: "resolved"
# after a subject is far too often narrative, "the dispute was resolved in March").
AFTER_SUBJECT = r"(?:(?:UNANIMOUSLY|FURTHER)\s+)?(?:RESOLVED|AGREED|RECOMMENDED)\b"
KEYWORD_PREFIXES = (
    LeadIn(r".{1,400}?\s(?=" + AFTER_SUBJECT + ")",
           "The Cabinet RESOLVED to approve the Local Plan for consultation.",
           "to approve the Local Plan for consultation.",
           "constructed: a subject before the keyword"),
    LeadIn(r"(?:[^.;:]{0,80},\s*)?[Ii]t\s+was\s+(?:(?:further|also|then|therefore)\s+)?",
           "It was RESOLVED that the Committee noted the arrangements.",
           "that the Committee noted the arrangements.",
           "Kent, Environment & Transport Cabinet Committee, November 2018 (shortened)"),
    LeadIn(r"[Aa]nd\s+|AND\s+", "And Resolved: That the report be adopted.",
           "That the report be adopted.",
           "constructed: Limerick's And Resolved: before a shorter clause"),
    LeadIn(r"(?:UNANIMOUSLY|[Uu]nanimously|FURTHER|[Ff]urther)\s+",
           "UNANIMOUSLY RESOLVED that the Mayor be thanked.", "that the Mayor be thanked.",
           "constructed: a form the corpus README lists (UNANIMOUSLY RESOLVED)"),
)  # fmt: skip
KEYWORD_QUALIFIERS = (
    LeadIn(r"\s*,?\s*(?:UNANIMOUSLY|[Uu]nanimously)\b",
           "RESOLVED unanimously that the scheme be approved.", "that the scheme be approved.",
           "constructed: a form issue 15 lists (RESOLVED unanimously)"),
    LeadIn(r"\s*\([^)]{0,60}\)", "RESOLVED (by 10 votes to 2) that the scheme be approved.",
           "that the scheme be approved.", "constructed: a vote count in brackets"),
    LeadIn(r"\s+by\s+\d+\s+votes?\s+to\s+\d+(?:,?\s+with\s+\d+\s+abstentions?)?",
           "RESOLVED by 10 votes to 2 that the scheme be approved.",
           "that the scheme be approved.", "constructed: a vote count"),
    LeadIn(r"\s*,?\s*(?:proposed|moved|Proposed|Moved)\s+(?:by\s+)?[^,;:]{1,80}?,?\s+(?:and\s+)?"
           r"(?:seconded|Seconded)\s+(?:by\s+)?[^,;:]{1,80}?(?=\s*[,;:–—-]|\s+(?:that|to)\b)",
           "Resolved, proposed Cllr Davies, seconded Cllr Price, that the quotation from J Evans "
           "be accepted.", "that the quotation from J Evans be accepted.",
           "constructed: the gold's lead-in Resolved, proposed X, seconded Y,"),
)  # fmt: skip


def _alternation(entries: Sequence[LeadIn]) -> str:
    return "|".join(f"(?:{entry.words})" for entry in entries)


KEYWORD = re.compile(
    r"^(?:" + _alternation(KEYWORD_PREFIXES[:2]) + r")?"
    r"(?:" + KEYWORD_PREFIXES[2].words + r")?"
    r"(?:" + KEYWORD_PREFIXES[3].words + r")?"
    r"(?P<kw>"
    + _alternation(KEYWORDS)
    + r")\b"
    + "".join(f"(?:{q.words})?" for q in KEYWORD_QUALIFIERS)
    + r"(?P<sep>\s*[:;,–—-]+[:;,–—\s-]*|\s+|$)(?P<rest>.*)$",
    re.S,
)
# Every KEYWORD match holds one of these (its ``kw`` group); most paragraphs hold none,
# and the substring tests are far cheaper than KEYWORD's failed match, which tries up to
# 400 positions for a keyword after a subject ("The Cabinet RESOLVED").
KEYWORD_NEEDS = (
    "RESOLVED", "esolved", "AGREED", "Agreed", "RECOMMENDED", "PENDERFYNWYD", "enderfynwyd",
    "CYTUNWYD", "Decision", "DECISION", "RESOLUTION", "Resolution",
)  # fmt: skip


def keyword_match(para: str) -> re.Match[str] | None:
    """``KEYWORD.match(para)``, skipped when the paragraph holds none of its keywords."""
    return KEYWORD.match(para) if holds_any(para, KEYWORD_NEEDS) else None


def holds_any(text: str, words: Sequence[str]) -> bool:
    """Whether ``text`` holds one of ``words``: the pre-check every costly pattern has.

    Plain substring tests in a loop: a generator, or one regular expression of the
    words, cost several times as much over the paragraphs of a bulk ingest.
    """
    for word in words:  # noqa: SIM110 - see the docstring
        if word in text:
            return True
    return False


# After a keyword with no punctuation, the next word must start a resolution,
# so "Resolved issues were discussed" is not one.
RESOLUTION_START = re.compile(r"""^(?:[Tt]hat|THAT|[Tt]o|TO|[“"‘']|\(|$)""")

# ---------------------------------------------------------------------------
# Agreements in running text

# Nouns naming a body that decides (or an office holder who takes executive decisions):
# "The Committee agreed", "Cabinet agreed", "the Mayor agreed", "Members agreed".
BODIES = (
    "Committee", "Sub-Committee", "Subcommittee", "Board", "Cabinet", "Council", "Panel",
    "Members", "Forum", "Executive", "Group", "Partnership", "Commission", "Authority",
    "Assembly", "Meeting", "meeting", "Mayor", "Leader", "Cabinet Member", "Portfolio Holder",
    "Trustees", "Governors", "Directors", "Councillors", "Commissioners", "Working Group",
)  # fmt: skip
_BODY = (
    r"(?:[Tt]he\s+)?(?:[A-Z][\w&'’-]*\s+){0,5}?(?:"
    + "|".join(re.escape(b).replace(r"\ ", r"\s+") for b in BODIES)
    + r")"
)
_ADVERBS = r"(?:(?:also|further|then|subsequently|therefore|unanimously|formally|duly)\s+)*"
AGREEMENTS = (
    LeadIn(r"(?<![\w’'])" + _BODY + r"\s+" + _ADVERBS + r"voted\s+(?:unanimously\s+)?"
           r"(?:in\s+favour\s+of\s+|by\s+\d+\s+votes?\s+to\s+\d+\s+)?(?=(?:to|the)\b)",
           "Members voted unanimously to refuse the application.", "to refuse the application.",
           "constructed: planning committees' Members voted to ..."),
    LeadIn(r"\b[Ii]t\s+was\s+" + _ADVERBS + r"(?:agreed|decided|resolved)"
           r"(?:,?\s+(?:by|on|following|after|with|in)\b[^.;:]{1,160}?,?)?\s+(?=(?:that|to)\b)",
           "Following further discussion, it was agreed to bring the letter to the attention of "
           "the next SIFP (Shannon Integrated Framework Plan) Steering Committee meeting.",
           "to bring the letter to the attention of the next SIFP (Shannon Integrated Framework "
           "Plan) Steering Committee meeting.", "Limerick, full council minutes, item 5(c)"),
    LeadIn(r"(?<![\w’'])" + _BODY + r"\s+" + _ADVERBS + r"(?:agreed|decided|resolved)"
           r"\s*(?:[:–—-]+\s*)?(?=(?:that|to|That|To)\b|:|$)",
           "The Members agreed to hold the next Meeting on Wednesday, 2 July, 2014, at "
           "10.00a.m.", "to hold the next Meeting on Wednesday, 2 July, 2014, at 10.00a.m.",
           "Limerick, Newcastle West municipal district (OCR), item 3"),
)  # fmt: skip
# "Cabinet agreed the recommendations set out in the report.": no "to"/"that", so the
# sentence is the resolution, subject and all.
AGREED_OBJECT = LeadIn(
    r"(?<![\w’'])" + _BODY + r"\s+" + _ADVERBS + r"(?:agreed|approved|endorsed|adopted)"
    r"\s+(?=(?:the|all|both|its|their|these|this|those)\s)",
    "Decision taken Cabinet agreed the recommendations set out in the report.",
    "Cabinet agreed the recommendations set out in the report.",
    "Welwyn Hatfield, ieDecisionDetails 991",
)
# "The recommendations were APPROVED.", "The minutes were duly NOTED.": a capitalised
# participle marks the outcome, so the sentence is the resolution.
CAPS_OUTCOME = LeadIn(
    r"(?:\b(?:was|were|is|are|be|been)\s+(?:(?:duly|unanimously|therefore|hereby|formally)\s+)?"
    r"|(?<![\w’'])" + _BODY + r"\s+" + _ADVERBS + r")"
    r"(?:APPROVED|AGREED|NOTED|ADOPTED|ACCEPTED|ENDORSED|REFUSED|GRANTED|DEFERRED|RECEIVED"
    r"|CONFIRMED|RATIFIED)\b",
    "The recommendations set out in the report were APPROVED.",
    "The recommendations set out in the report were APPROVED.",
    "constructed: a form issue 15 lists (were APPROVED, were duly NOTED, was AGREED)",
)
# A capitalised participle about a motion is its outcome (read by the motion rule), and
# apologies or declarations "RECEIVED" are no decision.
NOT_AN_OUTCOME = re.compile(r"\b(?:[Mm]otion|amendment)\b|^(?:Apolog|Declaration|No\s)")
AGREEMENT = re.compile(_alternation(AGREEMENTS))
AGREED_OBJECT_PATTERN = re.compile(AGREED_OBJECT.words)
CAPS_OUTCOME_PATTERN = re.compile(CAPS_OUTCOME.words)
_CAPS_OUTCOME_NEEDS = (
    "APPROVED", "AGREED", "NOTED", "ADOPTED", "ACCEPTED", "ENDORSED", "REFUSED", "GRANTED",
    "DEFERRED", "RECEIVED", "CONFIRMED", "RATIFIED",
)  # fmt: skip
# Running-order decisions the minutes record in passing are not resolutions: "it was
# agreed to take Item No. 10 at this point", "to take a 5 minute adjournment", "that a vote
# would be taken in the form of a show of hands" (Limerick).
PROCEDURAL = re.compile(
    r"\b(?:adjourn(?:ment|ed)?|show\s+of\s+hands|vote\s+would\s+be\s+taken"
    r"|take\s+(?:the\s+)?items?\s+(?:No\.?\s*)?\d|taken?\s+(?:at\s+this\s+(?:point|time)|next"
    r"|earlier|first)|suspen\w+\s+(?:of\s+)?(?:the\s+)?standing\s+orders)",
    re.I,
)
# "... Council Meeting where it was further agreed that ...": an agreement reported from
# another meeting, in a relative clause.
REPORTED = re.compile(r"\b(?:where|when|at\s+which|in\s+which|which)\s*,?\s*$", re.I)

# ---------------------------------------------------------------------------
# Motions: movers, outcomes

MOVERS = (
    LeadIn(r"(?:Proposed|PROPOSED|Seconded|SECONDED|Moved|MOVED|Mover|Seconder)\b[^.]*?"
           r"\b(?:by|BY)\b.*",
           "Proposed by Councillor Galvin;", "", "Limerick, Newcastle West (OCR), item 4"),
    LeadIn(r"(?:[•·]\s*)?(?:Moved|Seconded)\s+by\s*:.*",
           "Moved by:Councillor S. Martin Seconded by:Councillor S. Cressman", "",
           "Wilmot (Ontario), council minutes, May 2024 (eSCRIBE)"),
    LeadIn(r"(?:Mover|Seconder|Moved|Seconded)\s*:.*", "Moved: Councillor Smith", "",
           "constructed: mover and seconder as table cells"),
    LeadIn(r"Councillors?\s+[A-Z][\w’'-]+\s*/\s*[A-Z][\w’'-]+\s*$", "Councillors Taylor / Boag",
           "", "Napier (NZ), council minutes, August 2020 (InfoCouncil)"),
)  # fmt: skip
MOVER_LINE = re.compile(r"^(?:" + _alternation(MOVERS) + r")$")
# A motion moved inline; the motion is what follows "that"/"to".
MOVED_INLINE = LeadIn(
    r"\b(?:[Ii]t\s+was\s+)?(?:MOVED|[Mm]oved|PROPOSED|[Pp]roposed|MOTION|Motion)\s+(?:by\s+)?"
    r"[^.;]{1,120}?,?\s+(?:and\s+)?(?:SECONDED|[Ss]econded|SECOND|[Ss]econd)\s+by\s+"
    r"[^.;]{1,120}?,?\s+(?:and\s+)?(?P<agreed>(?:unanimously\s+)?(?:resolved|agreed|RESOLVED"
    r"|AGREED)\s*,?\s*)?(?=(?:that|to|That|THAT)\b)",
    "It was MOVED by Foy, seconded by Buchanan, to adopt Item A to call for a RFP only for a "
    "fire station relocation study. Unanimously carried by voice vote.",
    "to adopt Item A to call for a RFP only for a fire station relocation study.",
    "Yakima (Washington), city council, December 1985 (Laserfiche)",
)
MOVED_BY_NAME = LeadIn(
    r"\b(?:MOTION\s*:\s*)?(?:Councillor|Cllr\.?|Mayor|Commissioner|Alderman|Trustee|Member|"
    r"[A-Z][a-z]+)\s*[\w.’'-]*\s+moved,?\s+seconded\s+by\s+[^.;]{1,120}?,\s*(?:and\s+)?"
    r"(?=(?:that|to)\b)",
    "MOTION: Councillor Smith moved, seconded by Councillor Jones, to approve the minutes. "
    "Motion carried.",
    "to approve the minutes.",
    "constructed: US and Canadian minutes' MOTION: X moved, seconded by Y, to ...",
)
MOVED = re.compile(_alternation((MOVED_INLINE, MOVED_BY_NAME)))
# "Be it resolved that ..." / "And that ..." / "Be it further resolved that": a Canadian
# motion's clauses; each "And that" is a clause of its own.
BE_IT_RESOLVED = LeadIn(
    r"(?:.{0,200}?\s)?(?:Be|BE|be)\s+(?:it|IT)\s+(?:(?:further|Further|FURTHER)\s+)?"
    r"(?:resolved|Resolved|RESOLVED)"
    r"\s*,?\s*(?=(?:that|THAT|That)\b)",
    "Moved by Scott, Seconded by Hough Be it resolved that the agenda for the Council meeting "
    "of Wednesday, July 15, 2020 be received and adopted;",
    "that the agenda for the Council meeting of Wednesday, July 15, 2020 be received and adopted;",
    "Oro-Medonte (Ontario), council minutes, July 2020 (Laserfiche)",
)
BE_IT = re.compile(BE_IT_RESOLVED.words, re.S)
AND_THAT = re.compile(r"^(?:And|AND)\s+(?:further\s+|FURTHER\s+)?(?=(?:that|THAT|That)\b)")
# "... be accepted proposed JJ Seconded NM": the clause, then who moved it.
PROPOSED_TAIL = LeadIn(
    r",?\s+(?:proposed|Proposed|moved|Moved)\s+(?:by\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?"
    r",?\s+(?:and\s+)?(?:seconded|Seconded)\s+(?:by\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?"
    r"\.?\s*$",
    "Minutes of last meeting be accepted proposed JJ Seconded NM",
    "Minutes of last meeting be accepted",
    "Nether Lochaber community council, December 2017",
)
PROPOSED_AFTER = re.compile(PROPOSED_TAIL.words)
OUTCOMES = (
    LeadIn(r"(?:Motion\s+)?(?:CARRIED|[Cc]arried)(?:\s+unanimously|\s+UNANIMOUSLY)?\b.*",
           "Motion Carried Unanimously, By All Members Present", "carried",
           "Wilmot (Ontario), May 2024"),
    LeadIn(r"(?:MOTION|Motion)\s+(?:PASSED|[Pp]assed|ADOPTED|[Aa]dopted|APPROVED|[Aa]pproved)\b.*",
           "Motion passed 5-0.", "carried", "constructed: US minutes' Motion passed 5-0"),
    LeadIn(r"(?:[Uu]nanimously\s+)?carried\b.*", "Unanimously carried by voice vote.",
           "carried", "Yakima (Washington), December 1985"),
    LeadIn(r"(?:AGREED|Agreed)\.?", "AGREED", "carried", "constructed: a motion closed by AGREED"),
    LeadIn(r"(?:[^.]{0,120}?,\s*)?(?:[Tt]his|[Tt]hat|[Tt]he\s+(?:[Mm]otion|proposal|recommendation"
           r"|nomination)"
           r"(?:,?\s+as\s+amended,?)?)\s+was\s+(?:(?:seconded\s+by\s+[^.]{1,80}?\s+and\s+)?"
           r"(?:unanimously\s+|then\s+|duly\s+)?(?:agreed|carried|adopted|passed|approved|AGREED"
           r"|CARRIED|ADOPTED|PASSED|APPROVED))\b.*",
           "This was agreed.", "carried", "Great Yarmouth (CMIS), meeting 1678"),
    LeadIn(r".{0,200}?\bdeclared\s+the\s+(?:Motion|motion|amendment)\b[^.]{0,160}?\bcarried\b.*",
           "Accordingly, he declared the Motion proposed by Councillor Quinlivan and seconded by "
           "Councillor Browne carried.", "carried", "Limerick, full council minutes, item 17"),
    LeadIn(r"(?:Motion\s+)?(?:LOST|[Ll]ost|DEFEATED|[Dd]efeated|FAILED|[Ff]ailed|WITHDRAWN"
           r"|[Ww]ithdrawn)\b.*", "Lost.", "lost", "constructed: a motion closed by Lost"),
    LeadIn(r".{0,200}?\b(?:declared\s+the\s+(?:[Mm]otion|amendment)\s+(?:defeated|lost)"
           r"|(?:[Mm]otion|amendment|proposal)\s+was\s+(?:(?:seconded\s+by\s+[^.]{1,80}?\s+and\s+)"
           r"?(?:defeated|lost|withdrawn|not\s+carried|not\s+agreed|referred)|fell)\b).*",
           "As there was no clear majority in favour of the Motion, the Deputy Mayor declared "
           "the Motion defeated.", "lost", "Limerick, full council minutes, item 23"),
)  # fmt: skip
_OUTCOME_PATTERNS = tuple(
    (re.compile(r"^(?:" + entry.words + r")$", re.S), entry.text) for entry in OUTCOMES
)
_OUTCOME_NEEDS = ("arried", "ARRIED", "greed", "GREED", "adopted", "ADOPTED", "passed", "PASSED",
                  "approved", "APPROVED", "ost",
                  "OST", "efeated", "EFEATED", "ailed", "AILED", "ithdrawn", "ITHDRAWN", "fell",
                  "referred")  # fmt: skip


def outcome(sentence: str) -> str | None:
    """ "carried", "lost" or None: what a sentence says became of a motion."""
    if not holds_any(sentence, _OUTCOME_NEEDS):
        return None
    for pattern, result in _OUTCOME_PATTERNS:
        if pattern.match(sentence):
            return result
    return None


# Irish notices of motion: "I will move at the next Meeting that ..." and the paragraph
# after "X proposed the following motion:" (Limerick).
NOTICE_OF_MOTION = re.compile(
    r"^[”“\"']?I\s+will\s+move\s+at\s+the\s+next\s+meeting\s+(?=that\b)", re.I
)
FOLLOWING_MOTION = re.compile(
    r"\b(?:proposed|moved|put\s+forward)\s+the\s+following\s+motion\s*[:–—-]+\s*$", re.I
)
# "The Chair confirmed that the following resolution will be moved:-" (Great Yarmouth).
MOTION_INTRO = re.compile(r"\b(?:resolution|motion)\b.*\b(?:moved|proposed|put)\b.*[:–-]\s*$", re.I)
# Where the proposer's speech begins: "Councillor Byrne, in proposing the Motion,
# said", "In proposing the Motion, Councillor Quinlivan stated".
PROPOSING = re.compile(r"(?:^|\s)(?:(?:Councillor|Cllr\.?)\s+[^,]{1,40},\s+)?[Ii]n\s+proposing\b")
# "Councillor Leddin further requested that the Chief Executive ... be invited ... This was
# agreed." (Limerick): a request the meeting agreed.
AGREED_REQUEST = LeadIn(
    r"\b(?:requested|proposed|suggested|asked|recommended)\s+(?=that\b)",
    "Councillor Leddin further requested that the Chief Executive of Fáilte Ireland be invited "
    "to the next Meeting of the Council to answer the Members’ questions in relation to this "
    "issue. This was agreed.",
    "that the Chief Executive of Fáilte Ireland be invited to the next Meeting of the Council "
    "to answer the Members’ questions in relation to this issue.",
    "Limerick, full council minutes, item 16",
)
REQUESTED_THAT = re.compile(AGREED_REQUEST.words)
THIS_WAS_AGREED = re.compile(r"^(?:This|That|The\s+request)\s+was\s+(?:unanimously\s+)?agreed\b")

# ---------------------------------------------------------------------------
# Decision records, bare clauses, notings

# "I, Councillor Kelly, Statutory Deputy City Mayor ..., do hereby approve:" (Salford).
RECORD_LEADS = (
    LeadIn(r"I,?\s+[^.]{1,300}?\bdo\s+hereby\s+(?:approve|agree|authorise|authorize|decide"
           r"|determine|resolve|confirm|adopt)\b",
           "I, Councillor Kelly, Statutory Deputy City Mayor and Lead Member for Housing, "
           "Property and Regeneration, in exercise of the powers contained within the Council "
           "Constitution, do hereby approve:",
           "I, Councillor Kelly, Statutory Deputy City Mayor and Lead Member for Housing, "
           "Property and Regeneration, in exercise of the powers contained within the Council "
           "Constitution, do hereby approve:", "Salford, mgDelegatedDecisions, September 2022"),
)  # fmt: skip
RECORD_LEAD = re.compile(r"^(?:" + _alternation(RECORD_LEADS) + r")")

THAT_CLAUSE = re.compile(r"""^[“"‘']?(?:That|THAT)\b""")
# A clause that reads as a decision: "That ...", "To amend ...", "Approve ...", "Noted ...".
DECISION_SHAPED = re.compile(r"""^[“"‘']?(?:That|THAT|that|To|TO|to)\b""")
# A bare noting standing as an item's outcome: "NOTED", "Noted." (Merton item 7); in a
# decision record also "The report was noted." ("outside decision records" the gold does
# not count a lower-case passive: "The report was otherwise noted.", Merton item 3).
NOTED_ALONE = re.compile(r"^(?:NOTED|Noted)\s*\.?$")
NOTED_OUTCOME = re.compile(
    r"""^(?:NOTED|Noted|noted
    |(?:The|the)\s+(?:\w+\s+){0,3}?(?:report|reports|update|information|minutes|presentation
        |position|item|contents?|progress|briefing|correspondence|letter|documents?)
      \s+(?:was|were|is|are|be|had\s+been|has\s+been)\s+(?:otherwise\s+|duly\s+|therefore\s+)?
      (?:noted|NOTED|received\s+and\s+noted))\s*\.?$""",
    re.X,
)
# A heading line of a decision record, not a clause: "13/02/2020 - Exclusion of Press and
# Public made (Unanimously):", "Decision:", "Salford City Council - Record of Decision".
RECORD_HEADING = re.compile(
    r"^(?:\d{1,2}/\d{1,2}/\d{2,4}\s*[-–—]|Decisions?\b|Record\s+of\s+Decision|.*\bRecord\s+of"
    r"\s+Decision\s*$|.*\bmade(?:\s*\([^)]*\))?\s*:\s*$)",
    re.I,
)
# A list line after a resolution ending ":" is short (Kent's dates: 21 characters).
LIST_LINE_MAX = 90
LIST_LINE_WORDS = 6
# A flattened table's header row over such a list (Coventry's private reports:
# "Minute No. Report title" / "53 Disposal of Small Surplus Sites"): skipped.
TABLE_HEADER = re.compile(r"^(?:Minute|Item|Agenda\s+item|Report|Paragraph)\s+No\.?(?:\s|$)", re.I)


@dataclass(slots=True)
class Found:
    """A clause a rule found, with the rule's name and what its intro said."""

    clause: Clause
    rule: str
    intro: str = ""


# ---------------------------------------------------------------------------
# Public API


def find_resolutions(
    paras: Sequence[Para], *, record: bool = False, keywords_only: bool = False
) -> list[Found]:
    """Every resolution clause in one text field's prepared paragraphs, in reading order.

    ``record`` says the field is a ``Decision:`` block or a decision record, where every
    clause that reads as a decision is one (rule ``decision-record``); ``keywords_only``
    tries the keyword rule alone (an agenda description beside the minutes).
    """
    found: list[Found] = []
    if keywords_only:
        i = 0
        while i < len(paras):
            hit = _keyword(paras, i)
            if hit is None:
                i += 1
                continue
            found.extend(hit[0])
            i = max(hit[1], i + 1)
        return found
    motions = _Motions(paras)
    i = 0
    while i < len(paras):
        hit = (
            _keyword(paras, i)
            or motions.at(i)
            or (_record(paras, i) if record else None)
            or _bare_clauses(paras, i, record=record)
            or _noted_outcome(paras, i, record=record)
        )
        if hit is None:
            found.extend(_in_running_text(paras, i, motions))
            i += 1
            continue
        clauses, end = hit
        found.extend(clauses)
        i = max(end, i + 1)
    taken = {k for f in found for k in range(f.clause.first, f.clause.last + 1)}
    for notice in _carried_notice_of_motion(paras):
        if notice.clause.first not in taken:
            found.append(notice)
            found.sort(key=lambda f: f.clause.first)
    return found


def resolutions_of(
    found: Sequence[Found], paras: Sequence[Para], truncated: bool
) -> list[tuple[Resolution, Clause]]:
    """Found clauses -> Resolution records (text tidied, kind, truncation, rule), each with
    the clause it was made from."""
    out: list[tuple[Resolution, Clause]] = []
    last = len(paras) - 1
    for f in found:
        text = tidy(f.clause.text)
        if not text:
            continue
        kind: ResolutionKind = (
            kind_of(text) or (kind_of(f.intro) if f.intro else None) or "decision"
        )
        resolution = Resolution(
            number=f.clause.number,
            text=text,
            kind=kind,
            truncated=truncated and f.clause.last >= last and f is found[-1],
            rule=f.rule,
        )
        out.append((resolution, f.clause))
    return out


def extract_resolutions(paragraphs: Sequence[str], *, truncated: bool = False) -> list[Resolution]:
    """Every resolution clause in a list of paragraphs, verbatim, with its kind and rule.

    The paragraphs are read as one ``minutes`` field (the detector reads an item's fields
    with provenance: ``parsers.grammar.detector.detect_item``). ``truncated`` says the text
    was cut by the site: the resolution that runs to the end is then flagged (seed 000
    item 21, ``RESOLVED to note the content of`` and then the marker).
    """
    text = "\n\n".join(p for p in paragraphs if isinstance(p, str))
    paras, marker = prepare(text)
    return [r for r, _ in resolutions_of(find_resolutions(paras), paras, truncated or marker)]


def tidy(text: str) -> str:
    """A clause's words as shown: no surrounding quotes, no table cell separators."""
    return strip_quotes(" ".join(text.split()))


# ---------------------------------------------------------------------------
# The stop test every clause shares


def starts_elsewhere(para: str) -> bool:
    """A paragraph a clause never runs into: a keyword, a mover's line, a REASON line."""
    return bool(keyword_match(para) or _mover_line(para) or REASON.match(para))


_MOVER_HEADS = ("ove", "OVE", "eco", "ECO", "rop", "ROP", "ouncillor")


def _mover_line(para: str) -> bool:
    """A line naming a motion's mover or seconder, and nothing of the motion itself."""
    head = para.lstrip("•· ")[:12]
    if len(para) > 200 or not any(w in head for w in _MOVER_HEADS):
        return False
    return bool(MOVER_LINE.match(para)) and not MOVED.search(para) and not BE_IT.match(para)


# ---------------------------------------------------------------------------
# 1. keyword


Hit = tuple[list[Found], int]


def _keyword(paras: Sequence[Para], i: int) -> Hit | None:
    m = keyword_match(paras[i].text)
    if not m:
        return None
    rest = m.group("rest").strip()
    if not re.search(r"[:;,–—-]", m.group("sep")) and not RESOLUTION_START.match(rest):
        return None
    label = m.group("kw").upper().startswith(("AGREED", "DECISION", "RESOLUTION"))
    if not rest and label and not _agreed_what(paras, i + 1):
        # "AGREED" closing a motion or a discussion, a "Decision:" label over a heading
        # ("Salford City Council - Record of Decision"): no clause of its own.
        return None
    if (agreed := AGREEMENT.match(rest)) is not None:
        rest = rest[agreed.end() :]  # "Decision: The Committee agreed to ..." -> "to ..."
    return _clauses_after_lead(paras, i, rest, "keyword")


def _agreed_what(paras: Sequence[Para], j: int) -> bool:
    """Whether the paragraph after a lone "AGREED" is what was agreed: a clause or a list."""
    j = skip_furniture(paras, j)
    if j >= len(paras):
        return False
    text = paras[j].text
    return split_label(text) is not None or _decision_shaped(text)


def _clauses_after_lead(
    paras: Sequence[Para], i: int, rest: str, rule: str, *, whole: bool = True
) -> Hit:
    """The clause(s) a lead-in in ``paras[i]`` introduces; ``rest`` is what follows it.

    ``whole`` says ``rest`` runs to the paragraph's end (a keyword at the start); a lead-in
    found in running text passes the rest of its sentence only.
    """
    rest, reason_cut = cut_reason(rest)
    j = i + 1
    if not reason_cut and whole:
        rest, j = continue_sentence(rest, paras, j, starts_elsewhere)

    labelled = split_label(rest) if rest else None
    if labelled is not None:
        # "RESOLVED: (A) That ..." / "RESOLVED: a. That ..." - the first clause is inline.
        clauses, end = collect_clauses(paras, j, starts_elsewhere, first=labelled, first_index=i)
        return [Found(c, rule) for c in clauses], end

    next_index = skip_furniture(paras, j)
    next_is_list = next_index < len(paras) and split_label(paras[next_index].text) is not None
    is_intro = not rest or rest.lower() in {"to", "that"} or rest.endswith(":")
    if next_is_list and is_intro and not reason_cut and whole:
        # "RESOLVED to" + (1) (2) (3); "RESOLVED: That Cabinet:" + (1) Noted ...
        clauses, end = collect_clauses(paras, next_index, starts_elsewhere)
        if clauses:
            if _intro_is_a_clause(rest):
                # "I, Councillor X, ... do hereby approve:" + (a) ... (b) ...: one decision.
                listed = " ".join(f"{c.number or ''} {c.text}".strip() for c in clauses)
                return [Found(Clause(None, f"{rest} {listed}", i, clauses[-1].last), rule)], end
            return [Found(c, rule, rest) for c in clauses], end
    bare = not rest or rest.lower() in {"to", "that"}
    if bare and whole and next_index < len(paras) and not starts_elsewhere(paras[next_index].text):
        # "Resolved" / "PENDERFYNWYD:" / "And Resolved:" alone: the body is the next
        # paragraph ("RESOLVED to" / "Note the report." keeps its "to").
        body, end = continue_sentence(
            paras[next_index].text, paras, next_index + 1, starts_elsewhere
        )
        body, _ = cut_reason(body)
        text = f"{rest} {body}" if rest else body
        return [Found(Clause(None, text, next_index, end - 1), rule)], end
    if rest.endswith(":") and not reason_cut and whole:
        # Kent item 127: "It was RESOLVED that the Committee noted that the following
        # dates had been reserved ...:" + one unlabelled date per paragraph.
        listed, end = _list_lines(paras, next_index)
        if listed:
            return [Found(Clause(None, f"{rest} {'; '.join(listed)}", i, end - 1), rule)], end
    return [Found(Clause(None, rest, i, j - 1), rule)], j


def _intro_is_a_clause(intro: str) -> bool:
    """An intro that itself decides (``... do hereby approve:``), unlike ``That Cabinet:``."""
    return bool(RECORD_LEAD.match(intro))


def _list_lines(paras: Sequence[Para], j: int) -> tuple[list[str], int]:
    """The unlabelled list-like paragraphs (dates, names, short lines) from ``paras[j]``.

    They continue a resolution whose text ends with ":". The lines are joined
    with "; " after the colon ("...in 2019/20: Friday 24 May 2019; Tuesday 16
    July 2019") so the record stays one line wherever it is shown (lists,
    CSV), its words verbatim. It ends at the first paragraph that reads
    as prose: a long one, or a full sentence ending with a full stop.
    """
    listed: list[str] = []
    while j < len(paras):
        para = paras[j].text
        if starts_elsewhere(para) or REASON.search(para):
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


# ---------------------------------------------------------------------------
# 2. motion


class _Motions:
    """The motions of one field: clauses after movers' lines and inline motions, with
    outcomes. Built once per field (most fields have no mover at all)."""

    def __init__(self, paras: Sequence[Para]) -> None:
        self.paras = paras
        self.moving = [_may_move(p.text) for p in paras]
        self.any = any(self.moving)
        self.moved: set[tuple[int, int]] = set()  # (paragraph, sentence offset) of motions

    def at(self, i: int) -> Hit | None:
        if not self.any:
            return None
        para = self.paras[i].text
        m = BE_IT.match(para)
        if m is not None:
            return self._motion_clauses(i, m.end())
        if _mover_line(para):
            return self._after_mover_lines(i)
        if THAT_CLAUSE.match(para) and i > 0:
            k = i - 1
            while k > 0 and PAGE_FURNITURE.match(self.paras[k].text):
                k -= 1
            previous = self.paras[k].text
            if (_mover_line(previous) or MOTION_INTRO.search(previous)) and not _reported(previous):
                return self._motion_clauses(i, None)
        return None

    def _after_mover_lines(self, i: int) -> Hit | None:
        j = i
        while j < len(self.paras) and (
            _mover_line(self.paras[j].text) or PAGE_FURNITURE.match(self.paras[j].text)
        ):
            j += 1
        # The mover lines are read once whatever follows them (a run of them is not
        # scanned again from each line).
        if j >= len(self.paras):
            return [], j
        para = self.paras[j].text
        if keyword_match(para):
            return [], j  # "Proposed by ..." / "And Resolved:": the keyword rule reads it
        m = BE_IT.match(para)
        if m is not None:
            return self._motion_clauses(j, m.end())
        if DECISION_SHAPED.match(para):
            return self._motion_clauses(j, 0)
        return [], j

    def _motion_clauses(self, j: int, start: int | None) -> Hit | None:
        """The motion's clause in ``paras[j]`` (from ``start``) and its "And that" clauses."""
        para = self.paras[j].text
        body = para[start:] if start else para
        clauses = [self._clause(body, j)]
        end = clauses[0].last + 1
        while end < len(self.paras) and (m := AND_THAT.match(self.paras[end].text)):
            clauses.append(self._clause(self.paras[end].text[m.end() :], end))
            end = clauses[-1].last + 1
        fate, at = self._fate(end)
        if at is not None and at == end:
            end += 1  # "Carried." / "Motion Carried Unanimously" is the motion's, not a clause
        if fate == "lost":
            return [], end
        return [Found(c, "motion") for c in clauses], end

    def _clause(self, body: str, j: int) -> Clause:
        """One clause of a motion from ``paras[j]``; a list under its ":" stays with it
        (Wilmot: "... to consider the following:" + "1. Human Resources Matter ...")."""
        body, end = continue_sentence(body, self.paras, j + 1, starts_elsewhere)
        if body.rstrip().endswith(":") and end < len(self.paras):
            listed, after = collect_clauses(self.paras, end, _ends_a_motion_list)
            if listed:
                items = " ".join(f"{c.number}. {c.text}" if c.number else c.text for c in listed)
                return Clause(None, f"{body} {items}", j, after - 1)
        return Clause(None, body, j, end - 1)

    def _fate(self, j: int) -> tuple[str | None, int | None]:
        """What the paragraphs from ``j`` say became of the motion before them, and the
        index of the paragraph that is nothing but that outcome."""
        for k in range(j, min(len(self.paras), j + 4)):
            para = self.paras[k].text
            if _mover_line(para) or (keyword_match(para) and outcome(para) is None):
                return None, None
            pieces = sentences(para)
            for _, sentence in pieces:
                result = outcome(sentence)
                if result is not None:
                    return result, (k if len(pieces) == 1 else None)
        return None, None

    def inline(self, i: int) -> list[Found]:
        """Motions moved inside running text, kept when carried (Yakima, US minutes).

        An amendment moved while a motion is pending is voted on first; the motion's own
        outcome is the one after it ("The question was called for a vote on the motion,
        as amended. Unanimously carried."). A motion that never reaches an outcome before
        another is moved was superseded or is still under debate.
        """
        if not self.moving[i]:
            return []
        para = self.paras[i].text
        found: list[Found] = []
        pending: list[Clause] = []
        for offset, sentence in self.paras[i].sentences():
            result = outcome(sentence)
            if result is not None and pending:
                motion = pending.pop()
                if result == "carried":
                    found.append(Found(motion, "motion"))
                continue
            m = MOVED.search(sentence)
            if m is None or (keyword_match(sentence) and not m.group("agreed")):
                continue
            self.moved.add((i, offset))
            text = sentence[m.end() :]
            if m.group("agreed"):
                # "Proposed by Cllr A, seconded by Cllr B and resolved that ...": carried.
                found.append(Found(Clause(None, text, i, i), "motion"))
                continue
            if not _amends(text):
                pending.clear()  # a new motion: any earlier one did not reach a vote here
            pending.append(Clause(None, text, i, i))
        if pending:
            fate, _ = self._fate(i + 1)
            if fate == "carried":
                found.append(Found(pending[-1], "motion"))
        found.sort(key=lambda f: para.find(f.clause.text))
        return found


def _ends_a_motion_list(para: str) -> bool:
    return starts_elsewhere(para) or outcome(para) is not None


_MOVE_NEEDS = ("ove", "OVE", "ropos", "ROPOS", "econd", "ECOND", "esolved", "ESOLVED", "/")


def _may_move(para: str) -> bool:
    """Whether a paragraph may hold a mover, a moved motion or "Be it resolved"."""
    return holds_any(para, _MOVE_NEEDS)


def _amends(text: str) -> bool:
    return bool(re.match(r"to\s+amend\s+the\s+(?:main\s+)?motion\b", text, re.I))


# What introduces a resolution reported from elsewhere, not made here: "Comments made by
# the Pension Fund Panel ... were reported:" (Merton), "the following amendment to
# Standing Orders was proposed, seconded and agreed at that Meeting:" (Limerick).
REPORTED_INTRO = re.compile(
    r"\b(?:reported|stated|said|read\s+out|at\s+(?:that|the\s+previous|its|their|an\s+earlier)"
    r"\s+[Mm]eeting|previously\s+(?:agreed|resolved|approved))\s*[:–-]*\s*$"
)


def _reported(para: str) -> bool:
    return bool(REPORTED_INTRO.search(para))


# What introduces a proposal, not a decision: "Recommendation:", "The report recommended:",
# "Options considered:" (an agenda's text, or the officer's advice the minutes repeat).
PROPOSAL_INTRO = re.compile(
    r"\b(?:[Rr]ecommend\w*|RECOMMENDATIONS?|[Pp]ropos\w*|[Oo]ptions?)\b[^.]*:\s*$"
)


def _proposed(para: str) -> bool:
    return para.endswith(":") and bool(PROPOSAL_INTRO.search(para))


def _carried_notice_of_motion(paras: Sequence[Para]) -> list[Found]:
    """An Irish notice of motion recorded only as carried (Limerick items 16, 21, 22).

    The motion is printed first ("I will move at the next Meeting that ..."), the
    debate follows, and the outcome is a sentence: "The Motion was seconded by
    Councillor Sheahan (J) and unanimously agreed.", "the Motion was agreed.",
    "declared the Motion ... carried". The resolution is the motion's text from
    "that", up to the proposer's speech; a defeated or referred motion gives none.
    """
    texts = [p.text for p in paras]
    start = next((k for k, p in enumerate(texts) if NOTICE_OF_MOTION.match(p)), None)
    if start is None:
        # "Councillor Galvin proposed the following motion:" + the motion's paragraph.
        intro = next((k for k, p in enumerate(texts[:-1]) if _following_motion(p)), None)
        start = None if intro is None else intro + 1
    if start is None:
        return []
    # The motion's fate is the last said of it; an amendment's is not (Limerick item 17:
    # "declared the amendment defeated ... declared the Motion ... carried").
    fates = [
        fate
        for p in texts[start:]
        for _, s in sentences(p)
        if (fate := outcome(s)) is not None and not _about_an_amendment(s)
    ]
    if not fates or fates[-1] != "carried":
        return []
    text = NOTICE_OF_MOTION.sub("", texts[start], count=1)
    j = start + 1
    while j < len(texts) and not PROPOSING.search(texts[j]) and split_label(texts[j]):
        text = f"{text} {texts[j]}"  # the motion's own (3) (4) clauses
        j += 1
    speech = PROPOSING.search(text)
    if speech is not None:
        text = text[: speech.start()]
    if not text.strip():
        return []
    return [Found(Clause(None, text, start, j - 1), "motion")]


def _about_an_amendment(sentence: str) -> bool:
    return "amendment" in sentence and "Motion" not in sentence and "motion" not in sentence


def _following_motion(para: str) -> bool:
    """``FOLLOWING_MOTION.search(para)``, run only on a paragraph ending in its ":" or dash."""
    return para.rstrip()[-1:] in (":", "–", "—", "-") and bool(FOLLOWING_MOTION.search(para))


# ---------------------------------------------------------------------------
# 3. inline-verb (and the motions and agreed requests of running text)


def _in_running_text(paras: Sequence[Para], i: int, motions: _Motions) -> list[Found]:
    """Decisions inside a paragraph no paragraph rule claimed, sentence by sentence."""
    para = paras[i].text
    found = motions.inline(i)
    may_agree = _may_agree(para)
    may_caps = _may_caps(para)
    may_request = "greed" in para and REQUESTED_THAT.search(para) is not None
    may_tail = "econded" in para
    if not (may_agree or may_caps or may_request or may_tail):
        return found
    pieces = paras[i].sentences()
    for n, (offset, sentence) in enumerate(pieces):
        if (i, offset) in motions.moved:
            continue
        last = n == len(pieces) - 1
        hit = _agreement(paras, i, sentence, last, offset) if may_agree else None
        caps = CAPS_OUTCOME_PATTERN.search(sentence) if hit is None and may_caps else None
        if caps is not None and not NOT_AN_OUTCOME.search(sentence[: caps.start()]):
            hit = [Found(Clause(None, sentence, i, i), "inline-verb")]
        if hit is None and may_tail and (m := PROPOSED_AFTER.search(sentence)):
            clause = sentence[: m.start()]
            if _resolution_verb(clause) and not MOVED.search(sentence):
                hit = [Found(Clause(None, clause, i, i), "motion")]
        if hit is None and may_request and n + 1 < len(pieces):
            m = REQUESTED_THAT.search(sentence)
            if m is not None and THIS_WAS_AGREED.match(pieces[n + 1][1]):
                hit = [Found(Clause(None, sentence[m.end() :], i, i), "motion")]
        if hit:
            found.extend(hit)
    return found


# Necessary conditions for the running-text patterns (a substring test; the pattern decides).
_AGREEMENT_NEEDS = ("agreed", "decided", "resolved", "approved", "endorsed", "adopted", "voted")


def _may_agree(para: str) -> bool:
    """AGREEMENT's and AGREED_OBJECT's verbs."""
    return holds_any(para, _AGREEMENT_NEEDS)


def _may_caps(para: str) -> bool:
    """CAPS_OUTCOME's capitalised participles."""
    return holds_any(para, _CAPS_OUTCOME_NEEDS)


def _agreement(
    paras: Sequence[Para], i: int, sentence: str, last: bool, offset: int
) -> list[Found] | None:
    m = AGREEMENT.search(sentence)
    whole = False
    if m is None:
        m = AGREED_OBJECT_PATTERN.search(sentence)
        if m is None:
            return None
        whole = True
    before = sentence[: m.start()]
    if REPORTED.search(before) or re.search(r"\b(?:not|never)\s*$", before):
        return None
    if whole:
        start = _subject_start(sentence, m)
        text = sentence[start:]
        if PROCEDURAL.search(text):
            return None
        return [Found(Clause(None, text, i, i), "inline-verb")]
    rest = sentence[m.end() :].strip()
    if PROCEDURAL.search(rest) or not (rest or last):
        return None
    if rest.startswith(":"):
        rest = rest[1:].strip()
    if last:
        # The agreement runs to the paragraph's end: its clause may go on (a list under
        # "it was agreed that the following Members would attend:").
        hits, _ = _clauses_after_lead(paras, i, rest, "inline-verb", whole=True)
        return hits or None
    return [Found(Clause(None, rest, i, i), "inline-verb")]


def _subject_start(sentence: str, m: re.Match[str]) -> int:
    """Where the deciding body's name starts: "Decision taken Cabinet agreed" -> "Cabinet"."""
    start = m.start()
    words = sentence[start : m.end()]
    lead = re.match(r"(?:[Tt]he\s+)?", words)
    # The body pattern may take a few capitalised words before the noun ("Full Council");
    # page labels run into the sentence ("Decision taken Cabinet") are not part of it.
    head = words[lead.end() if lead else 0 :].split()
    for k, word in enumerate(head):
        if any(word.startswith(b.split()[0]) for b in BODIES):
            prefix = " ".join(head[:k])
            if prefix and not re.fullmatch(r"(?:Full|Special|Joint|Extraordinary|Annual)", prefix):
                return start + words.find(word, len(prefix))
            break
    return start


# ---------------------------------------------------------------------------
# 4. decision-record


def _record(paras: Sequence[Para], i: int) -> Hit | None:
    """A clause of a decision record: "1. To amend ...", "That Cabinet approved ...",
    "I, Councillor X, ... do hereby approve:", "That Council be recommended to:" + list."""
    para = paras[i].text
    if RECORD_HEADING.match(para) and not DECISION_SHAPED.match(para):
        return None
    if RECORD_LEAD.match(para):
        return _clauses_after_lead(paras, i, para, "decision-record")
    labelled = split_label(para)
    if labelled is not None:
        body = labelled[2]
        if not _decision_shaped(body):
            return None
        clauses, end = collect_clauses(paras, i, starts_elsewhere)
        kept = [c for c in clauses if _decision_shaped(c.text)]
        return [Found(c, "decision-record") for c in kept], end
    if (
        not _decision_shaped(para)
        and not NOTED_OUTCOME.match(para)
        and not re.match(r"^It\s+was\s+(?:noted|agreed|resolved|decided)\b", para)
    ):
        return None
    return _clauses_after_lead(paras, i, para, "decision-record")


def _decision_shaped(text: str) -> bool:
    """A clause that reads as a decision: opening "That"/"To" or a resolution verb, and
    holding a verb the tables know (not "The Chairman welcomed those present")."""
    text = text.strip()
    if DECISION_SHAPED.match(text) or RECORD_LEAD.match(text):
        return kind_of(text) is not None or text.rstrip().endswith(":")
    first = text.split(None, 1)[0] if text else ""
    # "Approve ...", "Noted ...", "Endorsed ..." (North Herts); not a plural noun that is
    # also a verb ("Requests for call-in are only used ...", Salford's page text).
    if first.endswith("s") and not first.endswith("ss"):
        return False
    return bool(first[:1].isupper() and kind_of(first) is not None)


# ---------------------------------------------------------------------------
# 5. bare-clause


def _bare_clauses(paras: Sequence[Para], i: int, *, record: bool) -> Hit | None:
    para = paras[i].text
    first = split_label(para)
    if first is None:
        return _bare_that(paras, i)
    if not _that_clause(first[2]):
        return None
    if i > 0 and split_label(paras[i - 1].text) is not None:
        return None  # the middle of a list that did not start with a "That" clause
    clauses, end = collect_clauses(paras, i + 1, starts_elsewhere, first=first, first_index=i)
    family = first[1]
    run = [p.text for p in paras[i:end] if (s := split_label(p.text)) and s[1] == family]
    if not all(_that_clause(split_label(p)[2]) for p in run):  # type: ignore[index]
        return None
    return [Found(c, "bare-clause") for c in clauses], end


def _that_clause(body: str) -> bool:
    """A labelled "That ..." (Durham) or "that ..." (Sandwell, labels stripped) clause."""
    return bool(re.match(r"""^[“"‘']?(?:That|THAT|that)\b""", body)) and kind_of(body) is not None


def _bare_that(paras: Sequence[Para], i: int) -> Hit | None:
    """An unlabelled ``That ... be approved`` paragraph standing as the item's decision
    (Rotherham, Wiltshire, Wolverhampton: the RESOLVED label lost)."""
    para = paras[i].text
    if not para.startswith(("That ", "That, ", "THAT ")):
        return None  # a quoted "That" is a motion's, read with its mover (rule 2)
    if para.endswith("?") or not _resolution_verb(para):
        return None
    if i > 0 and (_reported(paras[i - 1].text) or _proposed(paras[i - 1].text)):
        return None
    body, end = continue_sentence(para, paras, i + 1, starts_elsewhere)
    body, _ = cut_reason(body)
    return [Found(Clause(None, body, i, end - 1), "bare-clause")], end


# The verb of a bare "That" clause: a subjunctive or passive ("be approved", "is hereby
# given"), or a present tense after the subject ("That Cabinet notes ...").
_SUBJUNCTIVE = re.compile(r"\b(?:be|is|are)\s+(?:\w+\s+){0,2}?\w+(?:ed|en)\b|\b\w+s\s+(?:the|to)\b")


def _resolution_verb(text: str) -> bool:
    return kind_of(text) is not None and bool(_SUBJUNCTIVE.search(text))


# ---------------------------------------------------------------------------
# 6. noted-outcome


def _noted_outcome(paras: Sequence[Para], i: int, *, record: bool) -> Hit | None:
    """``NOTED`` standing as an item's whole outcome (Merton item 7).

    Only the whole paragraph counts, so a sentence that merely contains "noted"
    ("Members noted the concerns raised and asked ...") is not a resolution.
    """
    para = paras[i].text
    pattern = NOTED_OUTCOME if record else NOTED_ALONE
    if not pattern.match(para):
        return None
    return [Found(Clause(None, para, i, i), "noted-outcome")], i + 1


__all__ = [
    "AGREEMENTS",
    "KEYWORDS",
    "MOVERS",
    "OUTCOMES",
    "Found",
    "LeadIn",
    "classify",
    "extract_resolutions",
    "find_resolutions",
    "keyword_match",
    "resolutions_of",
]
