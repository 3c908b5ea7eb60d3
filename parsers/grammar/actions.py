"""Action points: who must do what, and by when, as an item's text records it.

Three sources (``ActionPoint.source_kind``), each with its rules (``ActionPoint.rule``):

* ``resolution`` – every resolution clause of kind ``action`` (rule ``resolution-clause``:
  ``ask each agency to look at ...``, ``that the Director be authorised to ...``);
* ``explicit`` – the minute-taker's action lines: ``ACTION:`` / ``Action: NAME`` lines and
  columns (rule ``action-line``), and an owner with ``to`` (rule ``owner-to``: ``IJ to
  contact SUSTRANS``, ``Clerk to seek tenders``, ``Officers to circulate ...``);
* ``narrative`` – commitments, requests, invitations and deferrals in running text, read by
  the forms of ``ACTION_FORMS`` (rules ``narrative-commitment``, ``request``, ``invitation``,
  ``deferral``): ``X undertook to ...``, ``Officers would circulate ...``, ``would be
  re-considered at a future meeting``, ``asked that ... be kept advised``, ``Members were
  invited to ...``, ``This item was deferred to allow ...``; and the future commitment
  inside a noting (``to note that the Director will report back`` is a noted resolution and
  an action).

What was merely reported or discussed is not an action: the forms need a commitment verb
(``COMMITMENT_VERBS``) or a future or requested deed, and a notice of a question (``I will
ask at the next Meeting``) or a thing that will not happen (``funding would not be
available``) is none. An action already found is not emitted again from another source.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.grammar.clauses import CLAUSE_LABEL, Para, prepare, sentences
from parsers.grammar.due import stated_date
from parsers.grammar.resolutions import keyword_match
from parsers.grammar.verbs import DELEGATION, verb_lemma
from parsers.model import ActionPoint, ActionSource, Resolution

# Verbs that make a sentence a commitment rather than a report of fact.
COMMITMENT_VERBS = frozenset(
    {"write", "circulate", "send", "report", "provide", "arrange", "bring", "investigate",
     "look", "contact", "liaise", "update", "share", "forward", "prepare", "produce",
     "review", "raise", "refer", "pursue", "seek", "organise", "organize", "check", "clarify",
     "respond", "chase", "feed", "invite", "submit", "present", "distribute", "explore",
     "confirm", "establish", "draft", "publish", "email", "e-mail", "speak", "meet",
     "discuss", "ask", "request", "notify", "inform", "advise", "consider", "include", "add",
     "keep", "ascertain", "attend", "visit", "order", "purchase", "procure", "obtain",
     "follow", "set", "source", "collect", "compile", "agree", "reconsider", "re-consider",
     "monitor", "work", "identify", "resubmit", "re-submit", "approach", "issue",
     "progress", "develop", "examine", "assess", "do", "carry", "undertake", "circulated",
     "put", "place", "instruct", "apply", "book", "install", "repair", "replace",
     "remove", "erect", "clear", "cut", "test", "inspect", "survey", "quote",
     "deliver", "fix", "amend", "finalise", "finalize", "complete", "reply",
     # Welsh infinitives after "yn mynd i" (is going to): cyflwyno (present, introduce),
     # ysgrifennu (write), anfon (send), trefnu (arrange), adrodd (report)
     "gyflwyno", "cyflwyno", "ysgrifennu", "anfon", "threfnu", "trefnu", "adrodd"}
)  # fmt: skip
PRONOUNS = frozenset(
    {"he", "she", "they", "it", "we", "i", "this", "which", "who", "that", "there", "you"}
)


def commitment(word: str) -> bool:
    """Whether ``word`` is a form of a commitment verb: "circulate", "circulated", "writes"."""
    w = word.lower().strip("’'")
    if w in COMMITMENT_VERBS:
        return True
    for stem in (w[:-1], w[:-2], w[:-3], w[:-3] + "e", w[:-2] + "e"):
        if stem in COMMITMENT_VERBS:
            return True
    return False


@dataclass(frozen=True)
class ActionForm:
    """One way minutes record that someone must act, with a real sentence that does.

    ``pattern`` is searched in a sentence (``needs``: it is tried only when the sentence
    holds one of these words); ``verb`` names its group that must be a commitment verb
    (None: any); ``owner`` says where the owner is: a group's name, ``"subject"`` (the
    subject before the match) or None (a passive names none). ``example`` and
    ``example_owner`` are what ``tests/test_grammar_leadins.py`` checks; ``source`` names the
    page, or starts "constructed:" for a form issue 15 lists that no corpus page prints.
    """

    rule: str
    pattern: re.Pattern[str]
    needs: tuple[str, ...]
    verb: str | None
    owner: str | None
    example: str
    example_owner: str | None
    source: str


# Any commitment verb in its base form, longest first.
_COMMITMENT = (
    "(?:" + "|".join(re.escape(v) for v in sorted(COMMITMENT_VERBS, key=len, reverse=True)) + ")"
)
_NAME = r"[A-Z][\w’'.&/-]*(?:\s+(?:[A-Z][\w’'.&/-]*|of|and|for|the|on))*"
_ROLE = (
    r"(?:(?:Councillor|Cllr\.?|Mr|Mrs|Ms|Miss|Dr|PC|Sgt|Rev)\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?|"
    r"(?:[Tt]he\s+)?(?:Clerk|Deputy\s+Clerk|Chair(?:man|person|woman)?|Vice[-\s]Chair|"
    r"Secretary|Treasurer|Mayor|Officers?|Members?|Councillors?|Cllrs?\.?|Director|Manager|"
    r"Head\s+of\s+[A-Z][\w ]{2,40}?|RFO|Proper\s+Officer|Town\s+Clerk|Parish\s+Clerk|"
    r"Chief\s+Executive|All(?:\s+[Mm]embers)?|Everyone))"
)
_INITIALS = r"[A-Z]{2,4}(?:\s*(?:/|&|and)\s*[A-Z]{2,4})*"
_PARTICIPLES = (
    r"(?:circulated|sent|provided|brought|reported|submitted|forwarded|shared|arranged|"
    r"published|written|investigated|referred|distributed|emailed|e-mailed|invited|organised|"
    r"organized|scheduled|presented|done|prepared|re-considered|reconsidered|considered|"
    r"reviewed|kept|made\s+available|ordered|notified|contacted|appended|added|included|placed|"
    r"listed|raised|followed\s+up|progressed|chased|obtained|sought|explored|updated|issued|"
    r"completed|checked|costed|purchased|put|asked|requested|returned)"
)

ACTION_FORMS = (
    # The owner-to shorthand: initials, a role or a name, "to", a verb.
    ActionForm("owner-to",
               re.compile(r"(?<![\w’'.&/-])(?P<owner>" + _INITIALS +
                          r")\s+to\s+(?P<verb>[a-z][\w-]*)"),
               (" to ",), None, "owner", "IJ to contact SUSTRANS", "IJ",
               "Nether Lochaber community council, December 2017"),
    ActionForm("owner-to",
               re.compile(r"(?:^|(?<=[–—:;]\s)|(?<=\s-\s))(?P<owner>" + _ROLE +
                          r")\s+to\s+(?P<verb>[a-z][\w-]*)"),
               (" to ",), "verb", "owner",
               "Cairn walk, T2520 memorial site, – Clerk to seek tenders for provision of "
               "transport.", "Clerk", "Tredegar town council, September 2019"),
    # Promises: "X undertook to", "agreed to write", "committed to working with".
    ActionForm("narrative-commitment",
               re.compile(r"\b(?P<promise>agreed|undertook|undertaken|offered|promised|"
                          r"volunteered|committed)\s+(?:himself\s+|herself\s+|themselves\s+)?"
                          r"to\s+(?P<verb>[a-z][\w-]*)"),
               ("agreed", "undert", "offered", "promised", "volunteered", "committed"),
               "verb", "subject",
               "It was his view that the Council should proceed with the completion of the "
               "estate and he committed to working with the Members in relation to items of "
               "concern.", None, "Limerick, full council minutes, item 8(b)"),
    # "X are to do a radar survey", "Transport Scotland is to be notified".
    ActionForm("narrative-commitment",
               re.compile(r"\b(?:is|are)\s+to\s+be\s+(?P<verb>" + _PARTICIPLES + r")\b"),
               ("is to be ", "are to be "), None, None,
               "Transport Scotland is to be notified that NLCC is putting in a formal request "
               "to participate in this forum", None, "Nether Lochaber, December 2017"),
    ActionForm("narrative-commitment",
               re.compile(r"^(?P<owner>" + _NAME + r")\s+(?:is|are)\s+to\s+(?P<verb>[a-z][\w-]*)"),
               ("is to ", "are to "), "verb", "owner", "Highland Council are to do a radar survey",
               "Highland Council", "Nether Lochaber, December 2017"),
    # "The Clerk would meet with the Mayor ...", "PC Itze will meet IJ on site".
    ActionForm("narrative-commitment",
               re.compile(r"\b(?P<modal>will|would|shall|(?:is|are)\s+to)\s+"
                          r"(?:also\s+|now\s+|then\s+|personally\s+)?(?P<verb>[a-z][\w-]*)"),
               ("will ", "would ", "shall ", "is to ", "are to "), "verb", "subject",
               "The Clerk would meet with the Mayor to ascertain how he wishes to take forward "
               "the decisions from this meeting.", "The Clerk",
               "Torbay, ieListDocuments 2017-07 (inquorate meeting)"),
    # "information ... would be circulated to the Members", "would need to be followed up".
    ActionForm("narrative-commitment",
               re.compile(r"\b(?:will|would|shall)\s+(?:also\s+|now\s+|then\s+)?(?:need\s+to\s+)?"
                          r"be\s+(?:(?:then|also|duly|further)\s+)?(?P<verb>" + _PARTICIPLES +
                          r"|available\s+(?:at|to|for|before)\b)"
                          r"(?:[^,;]*?\bby\s+(?P<agent>(?:the\s+)?[A-Z][\w.’'&-]*(?:\s+"
                          r"(?:[A-Z][\w.’'&-]*|of|and|for))*))?"),
               ("will", "would", "shall"), None, "agent",
               "The Administrative Officer, Corporate Services, advised that Tablets would be "
               "provided by the I.C.T. Department over the coming weeks.",
               "the I.C.T. Department", "Limerick, Newcastle West (OCR), item 5"),
    ActionForm("narrative-commitment",
               re.compile(r"\b(?:reports?|updates?|information|details|papers?|briefings?|"
                          r"responses?|replies|letters?|a\s+response)\b[^.]{0,40}?\b(?:will|would|"
                          r"shall)\s+(?:be\s+)?follow\b"),
               ("ll follow", "ld follow"), None, None,
               "More detailed reports would follow on risk management and internal control.",
               None, "Merton, Audit Committee joint session, September 2009"),
    # "is going to", Welsh "yn mynd i" (Newport: "Mae Rheolwr y Gwasanaethau Democrataidd yn
    # mynd i gyflwyno sesiynau galw heibio" - the Democratic Services Manager is going to
    # introduce drop-in sessions).
    ActionForm("narrative-commitment",
               re.compile(r"(?:^|\b)(?:Mae\s+(?P<owner>[A-Z][^.]{2,60}?)\s+yn\s+mynd\s+i|"
                          r"\b(?:is|are)\s+going\s+to)\s+(?P<verb>[a-z][\w-]*)"),
               ("mynd", "going"), "verb", "owner",
               "Mae Rheolwr y Gwasanaethau Democrataidd yn mynd i gyflwyno sesiynau galw heibio "
               "o natur fwy anffurfiol.", "Rheolwr y Gwasanaethau Democrataidd",
               "Newport, mgAi 10144 (Welsh)"),
    # Requests: "asked that ... be kept advised", "asked for a letter to be sent",
    # "the Chair did ask that Members on external bodies, submit a report".
    ActionForm("request",
               re.compile(r"\b(?:requested|asked|did\s+ask|requests|asks)\s+(?:that|for)\s+.{1,200}?"
                          r"\b(?:be|to\s+be)\s+(?!(?:noted|minuted|recorded|acknowledged|"
                          r"welcomed|thanked|congratulated)\b)(?P<verb>" + _PARTICIPLES +
                          r"|advised|\w+ed)\b"),
               ("ask", "request"), None, None,
               "Members noted these comments and asked that Audit Committee be kept advised of "
               "progress on the issues raised by the Pension Fund Panel.", None,
               "Merton, Audit Committee joint session, September 2009"),
    ActionForm("request",
               re.compile(r"\b(?:asked|requested)\s+to\s+be\s+(?P<verb>circulated|sent|provided|"
                          r"updated|kept|informed|consulted|invited|notified)"),
               ("asked", "requested"), None, None,
               "The Members asked to be circulated with Schedule 3 of the Local Government "
               "Reform Act, 2014.", None, "Limerick, Newcastle West (OCR), item 4"),
    ActionForm("request",
               re.compile(r"\b(?:did\s+ask|asked|requested|requests|asks)\s+that\s+(?P<owner>"
                          r"[A-Z][^,;]{1,60}?),?\s+(?P<verb>" + _COMMITMENT + r")\b"),
               ("ask", "request"), "verb", "owner",
               "There were no outside body reports submitted but the Chair did ask that Members "
               "on external bodies, submit a report so that other Members were aware of what was "
               "discussed.", "Members on external bodies", "Peak District NPA, mgAi 25195"),
    # "The Chair asked the Director to provide an update", "asked Board member to consider".
    ActionForm("request",
               re.compile(r"\b(?:asked|requested|instructed|invited|urged|encouraged|tasked)\s+"
                          r"(?!if\b|whether\b|what\b|how\b|why\b|when\b)"
                          r"(?P<owner>(?:the\s+)?[A-Za-z][\w’' -]{0,50}?)\s+to\s+"
                          r"(?P<verb>[a-z][\w-]*)"),
               ("asked", "requested", "instructed", "invited", "urged", "encouraged", "tasked"),
               "verb", "owner",
               "The Chair asked Board member to consider how Board meetings could be made more "
               "accessible to young people.", "Board member", "Slough, ieIssueDetails 41815"),
    # "Members were invited/requested/encouraged to ...": the invitation names its owner.
    ActionForm("invitation",
               re.compile(r"^(?P<owner>" + _NAME + r"|[Mm]embers|[Aa]ll\s+[Mm]embers)\s+were\s+"
                          r"(?:(?:also|further|again)\s+)?(?:invited|requested|encouraged|asked|"
                          r"reminded|urged)\s+to\s+(?P<verb>[a-z][\w-]*)"),
               ("were invited", "were requested", "were encouraged", "were asked", "were reminded",
                "were urged", "were also", "were further", "were again"), "verb", "owner",
               "Members were encouraged to submit their comments to the Clerk by the end of the "
               "month.", "Members", "constructed: issue 15's Members were invited to ..."),
    # "Community donations to be held over until January": a thing to be done.
    ActionForm("narrative-commitment",
               re.compile(r"^(?P<what>(?:[A-Za-z][\w’'/-]*\s+){1,8}?)to\s+be\s+(?P<verb>"
                          + _PARTICIPLES + r"|held\s+over)\b"),
               (" to be ",), None, None,
               "Community donations to be held over until January.", None,
               "Nether Lochaber, December 2017"),
    # "This item was deferred to allow officers to ...": a deferral that asks for something.
    ActionForm("deferral",
               re.compile(r"\b(?:was|were|be|is)\s+(?:(?:therefore|accordingly)\s+)?deferred\b"
                          r"[^.]{0,120}?\b(?:to\s+allow|to\s+enable|so\s+that|in\s+order\s+to|"
                          r"pending|for\s+(?:further|more)\b|until)"),
               ("deferred",), None, None,
               "This item was deferred to allow officers to obtain further information on the "
               "costs.", None, "constructed: issue 15's This item was deferred to allow ..."),
)  # fmt: skip

# "ACTION: Jane Smith to circulate ...", "Action: Clerk", "Actions - all members"
EXPLICIT_LINE = re.compile(r"^(?:ACTIONS?|Actions?)(?:\s+by)?\s*[:–—-]\s*(?P<body>.*)$")
# "... to the next meeting. Action: Clerk" (the label closing a paragraph)
EXPLICIT_TAIL = re.compile(
    r"^(?P<text>.+?[.;])\s*(?:ACTIONS?|Actions?)(?:\s+by)?\s*:\s*(?P<owner>[^.:;]{1,60})\.?$"
)
# The owner leading an action line: "Jane Smith to circulate", "The Clerk to write".
OWNER_TO = re.compile(r"^(?P<owner>[A-Z][^,;:]{0,50}?)\s+to\s+[a-z]")
# Words that never stand for the verb after "X to": "IJ to the meeting", "due to the".
NOT_VERBS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "all", "its", "his", "her", "their",
     "our", "my", "your", "which", "whom", "whether", "and", "or", "date", "be", "note",
     "each", "any", "some", "follow", "order"}
)  # fmt: skip

# Resolution clauses: "ask each agency to look at ...", "delegate authority to X to ...".
ASK_CLAUSE = re.compile(
    r"^(?:to\s+)?(?:ask|asks|request|requests|instruct|instructs|invite|invites|urge|urges|"
    r"encourage|encourages|direct|directs|call\s+(?:on|upon))\s+(?P<owner>.+?)\s+to\s+[a-z]",
    re.I,
)
DELEGATE_CLAUSE = re.compile(
    r"\bdelegate[sd]?\s+(?:(?:the\s+)?(?:authority|power|powers|responsibility)\s+)?to\s+"
    r"(?P<owner>.+?)\s+(?:to|for)\s+[a-z]",
    re.I,
)
THAT_SUBJECT = re.compile(r"""^[“"‘']?(?:that|That|THAT)[\s,]+""")
AUTHORITY_PARTICIPLES = frozenset(
    {"authorised", "authorized", "asked", "requested", "instructed", "delegated", "invited",
     "urged", "encouraged", "empowered", "directed", "mandated", "tasked"}
)  # fmt: skip
COPULA = frozenset({"be", "is", "are"})
SUBJECT_MODALS = frozenset({"will", "would", "should", "shall", "must"})
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "this", "these", "those", "of"})

# How many resolution or explicit actions back a narrative is compared with.
NEARBY = 40
CONTENT_WORD = re.compile(r"[a-z][a-z’'-]{3,}")
STOPWORDS = frozenset(
    {"that", "this", "with", "from", "have", "been", "were", "would", "will", "shall", "their",
     "they", "them", "there", "which", "about", "into", "also", "being", "agreed", "resolved"}
)  # fmt: skip
# What a commitment is not: "funding would not be available", "I will ask at the next
# Meeting" (a notice of a question, Limerick), "would welcome", hopes and conditions.
NEGATED = re.compile(r"\b(?:not|never|no\s+longer|unable)\b")
FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e)\W*$")
CONDITIONAL = re.compile(r"^(?:If|Should|Where|When|Unless)\b")
HYPOTHETICAL = re.compile(r"\b(?:[Aa]ny|[Ii]f|[Uu]nless|[Ww]henever|[Ss]hould)\b")
PERSONAL = re.compile(r"(?:^|\W)(?:[Hh]e|[Ss]he|[Tt]hey)\W*$")
IMPERSONAL = re.compile(r"(?:^|\W)(?:[Tt]his|[Ii]t|[Ww]hich|[Tt]hat|[Tt]hese|[Tt]here)\W*$")


@dataclass(slots=True)
class FoundAction:
    """An action a rule found, and the paragraph it was read from."""

    action: ActionPoint
    para: int | None  # None: read from a resolution clause


# ---------------------------------------------------------------------------
# Public API


def find_actions(
    paras: Sequence[Para],
    resolutions: Sequence[tuple[Resolution, int, int]],
    *,
    narrative: bool = True,
) -> list[FoundAction]:
    """Every action point in one text field: action resolutions, action lines, commitments.

    ``resolutions`` are the field's resolutions with the paragraphs each spans; their
    paragraphs are not read again for narrative, but a noting's own future commitment is.
    ``narrative`` off reads only resolutions and action lines (an agenda's description
    promises what a report will do, not what the meeting asked for).
    """
    found: list[FoundAction] = []
    texts_found: set[str] = set()
    stated: list[str] = []  # the texts of resolution and explicit actions, in order

    def add(action: ActionPoint, para: int | None) -> None:
        # Two clauses may read alike ("ask officers to report on X", "... on Y"); only
        # a narrative repeating a resolution or an ACTION line is a duplicate. It repeats
        # one nearby: the last few are compared, so a field of thousands of clauses (a
        # hostile page) stays linear.
        if not action.text or action.text in texts_found:
            return
        if action.source_kind == "narrative" and any(
            _same_action(action.text, text) for text in stated[-NEARBY:]
        ):
            return
        found.append(FoundAction(action, para))
        texts_found.add(action.text)
        if action.source_kind != "narrative":
            stated.append(action.text)

    for resolution, first, _ in resolutions:
        if resolution.kind == "action":
            add(
                ActionPoint(
                    text=resolution.text,
                    owner=resolution_owner(resolution.text),
                    due=due_date(resolution.text),
                    source_kind="resolution",
                    rule="resolution-clause",
                ),
                None,
            )
        elif resolution.kind == "noted" and narrative and _may_commit(resolution.text):
            # "to note that the Director will report back in March": a noting and an action.
            inner = narrative_action(resolution.text, noting=True)
            if inner is not None:
                add(inner, first)

    texts = [p.text for p in paras]
    explained: set[int] = set()  # paragraphs an ACTION line stands for
    for index, para in enumerate(texts):
        explicit = _explicit_action(
            para,
            texts[index - 1] if index else None,
            texts[index + 1] if index + 1 < len(texts) else None,
        )
        if explicit is not None:
            action, used_next = explicit
            add(action, index)
            explained.add(index)
            if index and action.text == texts[index - 1]:
                explained.add(index - 1)
            if used_next:
                explained.add(index + 1)
    if not narrative:
        return found
    by_para: dict[int, list[str]] = {}
    for r, first, last in resolutions:
        for k in range(first, last + 1):
            by_para.setdefault(k, []).append(" ".join(r.text.split()))
    for index, para in enumerate(texts):
        if index in explained:
            continue
        label = CLAUSE_LABEL.match(para)
        body = para[label.end() :] if label else para
        # A resolution's own words are read once, as the resolution (a noting's future
        # commitment above); the rest of its paragraph is running text like any other.
        mine = by_para.get(index, ())
        pieces = paras[index].sentences() if body is para else sentences(body)
        for _, sentence in pieces:
            if keyword_match(sentence) or any(
                sentence in text or text in sentence or _overlaps(sentence, text) for text in mine
            ):
                continue
            for action in narrative_actions(sentence):
                add(action, index)
    return found


def _overlaps(sentence: str, clause: str) -> bool:
    """A sentence that is a piece of a clause hard-wrapped over sentences, or holds one."""
    head = clause[:40]
    return bool(head) and (head in sentence or sentence[:40] in clause)


def extract_actions(
    paragraphs: Sequence[str], resolutions: Sequence[Resolution]
) -> list[ActionPoint]:
    """Every action point in a list of paragraphs and the resolutions found in them.

    The paragraphs are read as one ``minutes`` field (the detector reads an item's fields
    with provenance: ``parsers.grammar.detector.detect_item``); a paragraph holding a
    resolution's text is not read again for narrative commitments.
    """
    paras, _ = prepare("\n\n".join(p for p in paragraphs if isinstance(p, str)))
    texts = [" ".join(r.text.split()) for r in resolutions]
    spans = []
    for resolution, text in zip(resolutions, texts, strict=True):
        hits = [k for k, p in enumerate(paras) if text and (p.text in text or text in p.text)]
        spans.append((resolution, hits[0] if hits else -1, hits[-1] if hits else -1))
    return [f.action for f in find_actions(paras, spans)]


def narrative_actions(sentence: str) -> list[ActionPoint]:
    """The actions one sentence of running text records: usually none, one, or an owner's
    list split at its semicolons ("Clerk to submit ...; procure services of ...")."""
    action = narrative_action(sentence)
    if action is None:
        return []
    if action.rule != "owner-to" or ";" not in action.text:
        return [action]
    return _split_owner_list(action)


def narrative_action(sentence: str, *, noting: bool = False) -> ActionPoint | None:
    """A commitment recorded in one sentence of running text, or None.

    The forms of ``ACTION_FORMS`` are tried in order; each runs only when the sentence
    holds a word it cannot match without (most sentences commit to nothing). ``noting``
    reads a noted resolution clause, where only a future deed counts.
    """
    if "  " in sentence or not sentence.isprintable():
        sentence = " ".join(sentence.split())  # the forms' words are spaced by single spaces
    if CONDITIONAL.match(sentence):
        return None
    for form in ACTION_FORMS:
        for word in form.needs:  # a plain loop: a generator here was a fifth of the cost
            if word in sentence:
                break
        else:
            continue
        if noting and form.rule != "narrative-commitment":
            continue
        for m in form.pattern.finditer(sentence):
            action = _action_from(form, sentence, m)
            if action is not None:
                return action
    return None


def resolution_owner(text: str) -> str | None:
    """Who a resolution clause directs to act, when it names them.

    ``ask each agency to look at ...`` -> ``each agency``; ``that the Director be
    authorised to ...`` -> ``the Director``; ``That the Chairperson writes to
    ...`` -> ``the Chairperson``; ``delegate authority to the Chief Executive to
    ...`` -> ``the Chief Executive``. A passive (``that the letter be
    circulated``) names no owner.
    """
    clause = " ".join(text.split())
    if m := ASK_CLAUSE.match(clause):
        return _clean_owner(m.group("owner"))
    if m := DELEGATE_CLAUSE.search(clause):
        return _clean_owner(m.group("owner"))
    m = THAT_SUBJECT.match(clause)
    if m is None:
        return None
    words = clause[m.end() :].split()
    for i, raw in enumerate(words[:12]):
        word = raw.strip(",;:.").lower()
        if i == 0:
            continue
        if word in COPULA:
            following = [w.strip(",;:.").lower() for w in words[i + 1 : i + 3]]
            if following and following[0] == "hereby":
                following = following[1:]
            delegated = bool(following) and following[0] == "given" and DELEGATION.search(clause)
            if following and (following[0] in AUTHORITY_PARTICIPLES or delegated):
                return _clean_owner(" ".join(words[:i]))
            return None
        following = words[i + 1].strip(",;:.").lower() if i + 1 < len(words) else ""
        if word in SUBJECT_MODALS or (word == "to" and following not in COPULA):
            if following in COPULA:
                return None  # "that the letter ... will be circulated": no owner named
            return _clean_owner(" ".join(words[:i]))
        if word == "to":
            return None
        hit = verb_lemma(word)
        prev = words[i - 1].strip(",;:.").lower()
        # "that the Clerk obtain three quotations" (a subjunctive): any commitment verb.
        acts = (hit is not None and hit[1] == "action") or (
            word in COMMITMENT_VERBS and raw.strip(",;:.") == word
        )
        if acts and prev not in DETERMINERS:
            if raw[:1].isupper():
                continue  # part of a name or title: "the Work Programme Group"
            return _clean_owner(" ".join(words[:i]))
    return None


def due_date(text: str) -> dt.date | None:
    """The deadline a text states: ``by 31 March 2024``; ``by the end of March 2024``.

    A month without a day means its last day. ``at the next meeting`` is no date here: what
    a deadline relative to the meeting means is ``parsers.grammar.due``'s to say.
    """
    return stated_date(text)


# ---------------------------------------------------------------------------
# Helpers

_SOURCE_OF: dict[str, ActionSource] = {"owner-to": "explicit", "action-line": "explicit"}


def _action_from(form: ActionForm, sentence: str, m: re.Match[str]) -> ActionPoint | None:
    before = sentence[: m.start()]
    if form.verb is not None:
        verb = m.group(form.verb)
        if verb.lower() in NOT_VERBS or not commitment(verb):
            return None
    if NEGATED.search(sentence[m.start() : m.end()]) or re.search(r"\bnot\s*$", before):
        return None
    if m.group(0).startswith(("will", "would", "shall")) and HYPOTHETICAL.search(
        re.split(r"[,;]|\b(?:that|and|but)\b", before)[-1]
    ):
        # "any Member disclosing a prejudicial interest would be asked to withdraw"
        # (Haringey): a rule for whoever it may concern, not a deed someone owes.
        return None
    if (
        "promise" in form.pattern.groupindex
        and m.group("promise") == "committed"
        and re.search(r"\b(?:is|are|was|were|be|been)\s*$", before)
    ):
        return None  # "a workforce that is committed to learning": an adjective
    if "modal" in form.pattern.groupindex and (
        FIRST_PERSON.search(before) or IMPERSONAL.search(before)
    ):
        # "I will ask at the next Meeting ..." is a notice of a question; "This will help
        # to ...", "it would provide ..." say what a thing will do, not who will act.
        return None
    if (
        "modal" in form.pattern.groupindex
        and _subject(before) is None
        and not PERSONAL.search(before)
    ):
        # Someone must be doing it: "2017/18 will look to embed these new approaches"
        # (seed 000 item 22) is a plan's year, not an owner.
        return None
    if form.rule == "owner-to":
        owner_text = m.group("owner")
        if not _looks_like_owner(owner_text):
            return None
        text = sentence[m.start("owner") :].strip()
        return _narrative(text, _clean_owner(owner_text), form.rule)
    if form.owner == "subject":
        owner = _subject(before)
    elif form.owner == "agent":
        agent = m.group("agent")
        owner = _clean_owner(agent) if agent else None
    elif form.owner is not None:
        raw = m.group(form.owner)
        owner = None if raw is None or raw.lower() in PRONOUNS else _clean_owner(raw)
    else:
        owner = None
    return _narrative(sentence.strip(), owner, form.rule)


def _split_owner_list(action: ActionPoint) -> list[ActionPoint]:
    """ "Clerk to submit X; procure services of Y; hi viz coats to be ordered" -> three
    actions: a bare verb carries the owner on, a passive names none (Tredegar)."""
    parts = [p.strip() for p in action.text.split(";") if p.strip()]
    out = [_narrative(parts[0], action.owner, action.rule)]
    for part in parts[1:]:
        first = part.split(None, 1)[0]
        if first[:1].islower() and commitment(first):
            out.append(_narrative(part, action.owner, action.rule))
        elif re.search(r"\bto\s+be\s+" + _PARTICIPLES + r"\b", part):
            out.append(_narrative(part, None, "narrative-commitment"))
        else:
            out[-1] = _narrative(f"{out[-1].text}; {part}", out[-1].owner, out[-1].rule)
    return out


def _may_commit(text: str) -> bool:
    return "will" in text or "would" in text or "shall" in text or "to be" in text


def _explicit_action(
    para: str, previous: str | None, following: str | None
) -> tuple[ActionPoint, bool] | None:
    """An ``ACTION:`` line, and whether it took its owner from the next paragraph."""
    if m := EXPLICIT_LINE.match(para):
        body = m.group("body").strip()
        used_next = False
        if not body:
            # A two-column table flattened: "Action:" and its owner on the next line.
            if following is None or not _looks_like_owner(following) or previous is None:
                return None
            body, used_next = following, True
        if owner := OWNER_TO.match(body):
            action = ActionPoint(
                body,
                _clean_owner(owner.group("owner")),
                due_date(body),
                "explicit",
                rule="action-line",
            )
            return action, used_next
        if _looks_like_owner(body) and previous and not EXPLICIT_LINE.match(previous):
            # "Action: Clerk" under the paragraph that says what to do.
            action = ActionPoint(
                previous, body.rstrip("."), due_date(previous), "explicit", rule="action-line"
            )
            return action, used_next
        return ActionPoint(body, None, due_date(body), "explicit", rule="action-line"), used_next
    if "ACTION" not in para and "Action" not in para:
        return None  # EXPLICIT_TAIL's label; its lazy ".+?" made the failed match costly
    if (m := EXPLICIT_TAIL.match(para)) and _looks_like_owner(m.group("owner")):
        text = m.group("text").strip()
        action = ActionPoint(
            text, m.group("owner").strip(), due_date(text), "explicit", rule="action-line"
        )
        return action, False
    return None


def _looks_like_owner(text: str) -> bool:
    """A short name-like phrase ("Clerk", "Jane Smith", "All members", "HB/JS")."""
    words = text.rstrip(".").split()
    return 0 < len(words) <= 6 and not any(verb_lemma(w) for w in words[1:] if w.islower())


def _narrative(text: str, owner: str | None, rule: str) -> ActionPoint:
    return ActionPoint(
        text=text,
        owner=owner,
        due=due_date(text),
        source_kind=_SOURCE_OF.get(rule, "narrative"),
        rule=rule,
    )


def _subject(before: str) -> str | None:
    """The grammatical subject just before a verb: "She advised that the Clerk" -> "the Clerk"."""
    # "and" between capitalised words is part of a name: "The Travel and Transportation
    # Department would meet with Members" (Limerick).
    clause = re.split(r",\s*|;\s*|\b(?:that|but|who|which)\s+|\band\s+(?![A-Z])", before)[-1]
    clause = clause.strip(" *")
    clause = re.sub(r"^(?:and|but|then|also)\s+", "", clause)
    if not clause or clause.lower() in PRONOUNS:
        return None
    if re.fullmatch(r"(?:[Ii]t|[Tt]his)\s+was(?:\s+\w+)?", clause):
        return None  # "It was agreed to ...", "It was further agreed to ..."
    if re.search(r"\b(?:was|were|is|are|had|has|have)\b", clause):
        return None
    words = clause.split()
    if len(words) > 8:
        return None
    return _clean_owner(clause)


_TRAILING_COPULA = re.compile(r"\s+(?:is|are|was|were)$")


def _clean_owner(owner: str) -> str | None:
    owner = owner.strip(" ,;:“”\"'")
    # "The Clerk is to write to the applicant": the owner is "The Clerk", not "The Clerk is".
    owner = _TRAILING_COPULA.sub("", owner)
    if not owner or owner.lower() in PRONOUNS or len(owner.split()) > 10:
        return None
    return owner


def _content_words(text: str) -> set[str]:
    words = {w.rstrip("s’'") for w in CONTENT_WORD.findall(text.lower())}
    return words - STOPWORDS


def _same_action(a: str, b: str) -> bool:
    """Two texts describe the same action (a narrative repeating a resolution clause)."""
    if a == b:
        return True
    wa, wb = _content_words(a), _content_words(b)
    if not wa or not wb:
        return False
    shared = len(wa & wb)
    ratio = shared / min(len(wa), len(wb))
    return ratio >= 0.6 or (shared >= 4 and ratio >= 0.35)
