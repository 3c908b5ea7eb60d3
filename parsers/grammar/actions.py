"""Action points: who must do what, and by when, as an item's minutes record it.

Three sources, in this order (``ActionPoint.source_kind``):

* ``resolution`` – every resolution clause of kind ``action`` (``ask each agency
  to look at ...``, ``that the Director be authorised to ...``);
* ``explicit`` – ``ACTION:`` / ``Action:`` lines (``ACTION: Jane Smith to
  circulate ...``, or ``Action: Clerk`` under the paragraph it applies to);
* ``narrative`` – commitments in the running text (``X agreed to write to``,
  ``Officers would circulate``, ``X undertook to``, ``requested that ... be
  brought to a future meeting``).

Lettered and bulleted points are the "following information was highlighted"
lists of statements of fact, so narrative commitments are only looked for in
ordinary paragraphs. Notings, approvals of minutes and "None." never match a
pattern. An action already found is not emitted again from another source.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence

from parsers.grammar.dates import parse_date
from parsers.grammar.resolutions import CLAUSE_LABEL, DELEGATION, keyword_match, verb_lemma
from parsers.model import ActionPoint, Resolution

# ---------------------------------------------------------------------------
# Named patterns

# "ACTION: Jane Smith to circulate ...", "Action: Clerk", "Actions - all members"
EXPLICIT_LINE = re.compile(r"^(?:ACTIONS?|Actions?)(?:\s+by)?\s*[:–—-]\s*(?P<body>.+)$")
# "... to the next meeting. Action: Clerk" (the label closing a paragraph)
EXPLICIT_TAIL = re.compile(
    r"^(?P<text>.+?[.;])\s*(?:ACTIONS?|Actions?)(?:\s+by)?\s*:\s*(?P<owner>[^.:;]{1,60})\.?$"
)
# The owner leading an action line: "Jane Smith to circulate", "The Clerk to write".
OWNER_TO = re.compile(r"^(?P<owner>[A-Z][^,;:]{0,50}?)\s+to\s+[a-z]")

# Verbs that make a narrative sentence a commitment rather than a report of fact.
COMMITMENT_VERBS = frozenset(
    {"write", "circulate", "send", "report", "provide", "arrange", "bring", "investigate",
     "look", "contact", "liaise", "update", "share", "forward", "prepare", "produce",
     "review", "raise", "refer", "pursue", "seek", "organise", "organize", "check", "clarify",
     "respond", "chase", "feed", "invite", "submit", "present", "distribute", "explore",
     "confirm", "establish", "draft", "publish", "email", "e-mail", "speak", "meet",
     "discuss", "ask", "request", "notify", "inform", "advise", "consider", "include", "add"}
)  # fmt: skip
# "X agreed to write", "X undertook to look into", "It was agreed to refer".
PROMISE = re.compile(
    r"\b(?P<verb>agreed|undertook|undertaken|offered|promised|volunteered)\s+"
    r"(?:himself\s+|herself\s+|themselves\s+)?to\s+(?P<infinitive>[a-z][\w-]*)"
)
# "Officers to circulate the report to members." - the minute-taker's action shorthand.
OWNER_TO_SENTENCE = re.compile(
    r"^(?P<owner>[A-Z][\w’'.&/-]*(?:\s+[\w’'.&/-]+){0,5}?)\s+to\s+(?P<infinitive>[a-z][\w-]*)"
)
# "Officers would circulate", "The Director will report back", "the Clerk is to write".
MODAL = re.compile(
    r"\b(?P<modal>will|would|shall|(?:is|are)\s+to)\s+(?:also\s+|now\s+|then\s+)?"
    r"(?P<infinitive>[a-z][\w-]*)"
)
# "information ... would be circulated to the Members" - a commitment with no owner named.
PASSIVE_MODAL = re.compile(
    r"\b(?:will|would|shall)\s+(?:also\s+|now\s+)?be\s+(?P<participle>circulated|sent|provided|"
    r"brought|reported|submitted|forwarded|shared|arranged|published|written|investigated|"
    r"referred|distributed|emailed|e-mailed|invited|organised|scheduled|presented)\b"
    # "Tablets would be provided by the I.C.T. Department over the coming weeks"
    r"(?:[^,;]*?\bby\s+(?P<agent>(?:the\s+)?[A-Z][\w.’'&-]*(?:\s+(?:[A-Z][\w.’'&-]*|of|and|for))*))?"
)
# "requested that ... be brought to a future meeting", "asked for a letter to be sent".
REQUEST = re.compile(
    r"\b(?:requested|asked)\s+(?:that|for)\s+.{1,200}?\b(?:be|to\s+be)\s+"
    r"(?P<participle>brought|submitted|presented|reported|circulated|provided|sent|referred|"
    r"invited|added|included|considered|scheduled|arranged|forwarded|shared|written|"
    r"investigated|reviewed|placed|listed)\b"
)
# "The Members asked to be circulated with Schedule 3"
ASKED_TO_BE = re.compile(r"\b(?:asked|requested)\s+to\s+be\s+(?:circulated|sent|provided|updated)")
# "The Chair asked the Director to provide an update" - the one asked is the owner.
ASKED_SOMEONE = re.compile(
    r"\b(?:asked|requested|instructed|invited|urged)\s+"
    r"(?P<owner>(?:the\s+)?[A-Za-z][\w’' -]{0,50}?)\s+to\s+(?P<infinitive>[a-z][\w-]*)"
)

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
PRONOUNS = frozenset(
    {"he", "she", "they", "it", "we", "i", "this", "which", "who", "that", "there", "you"}
)

# Due dates: "by 31 March 2024", "by the end of March 2024", "before 1st April, 2024".
MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
DUE_DAY = re.compile(
    r"\b(?:by|before|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|deadline\s+of)\s+"
    r"(?:the\s+)?(?P<date>(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTHS + r",?\s+\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{2,4})",
    re.I,
)
DUE_MONTH = re.compile(
    r"\b(?:by|before|no\s+later\s+than)\s+(?P<end>the\s+end\s+of\s+)?"
    r"(?P<month>" + MONTHS + r")\s+(?P<year>\d{4})\b",
    re.I,
)

SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
ABBREVIATION_END = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Cllr|St|No|Co|Rev|Prof)|\b[A-Z])\.$")
CONTENT_WORD = re.compile(r"[a-z][a-z’'-]{3,}")
STOPWORDS = frozenset(
    {"that", "this", "with", "from", "have", "been", "were", "would", "will", "shall", "their",
     "they", "them", "there", "which", "about", "into", "also", "being", "agreed", "resolved"}
)  # fmt: skip


# ---------------------------------------------------------------------------
# Public API


def extract_actions(
    paragraphs: Sequence[str], resolutions: Sequence[Resolution]
) -> list[ActionPoint]:
    """Every action point in an item: action resolutions, ACTION lines, commitments.

    ``resolutions`` are the item's resolutions as ``extract_resolutions`` found
    them in the same ``paragraphs``; narrative commitments that repeat one of
    them are not emitted again.
    """
    found: list[ActionPoint] = []

    def add(action: ActionPoint) -> None:
        # Two clauses may read alike ("ask officers to report on X", "... on Y"); only
        # a narrative repeating a resolution or an ACTION line is a duplicate.
        if not action.text or any(a.text == action.text for a in found):
            return
        if action.source_kind == "narrative" and any(
            a.source_kind != "narrative" and _same_action(action.text, a.text) for a in found
        ):
            return
        found.append(action)

    for resolution in resolutions:
        if resolution.kind == "action":
            add(
                ActionPoint(
                    text=resolution.text,
                    owner=resolution_owner(resolution.text),
                    due=due_date(resolution.text),
                    source_kind="resolution",
                )
            )

    paras = [" ".join(p.split()) for p in paragraphs if isinstance(p, str)]
    paras = [p for p in paras if p]
    resolution_texts = [" ".join(r.text.split()) for r in resolutions]
    explained: set[int] = set()  # paragraphs an ACTION line stands for
    for index, para in enumerate(paras):
        explicit = _explicit_action(para, paras[index - 1] if index else None)
        if explicit is not None:
            add(explicit)
            explained.add(index)
            if index and explicit.text == paras[index - 1]:
                explained.add(index - 1)
    for index, para in enumerate(paras):
        if index in explained:
            continue
        if CLAUSE_LABEL.match(para) or keyword_match(para):
            continue  # factual lettered points; resolutions were handled above
        if any(para in text or text in para for text in resolution_texts):
            continue  # a resolution found without a keyword (motions, bare clauses)
        for sentence in _sentences(para):
            action = narrative_action(sentence)
            if action is not None:
                add(action)
    return found


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
        if hit is not None and hit[1] == "action" and prev not in DETERMINERS:
            if raw[:1].isupper():
                continue  # part of a name or title: "the Work Programme Group"
            return _clean_owner(" ".join(words[:i]))
    return None


def narrative_action(sentence: str) -> ActionPoint | None:
    """A commitment recorded in one sentence of running text, or None.

    Each pattern is searched only when the sentence holds a word it cannot match
    without (the ``_may_*`` tests): most sentences commit to nothing, and seven
    failed searches over each of them were a sixth of a text page's parse.
    """
    modal = _may_be_modal(sentence)
    if _may_promise(sentence) and (m := PROMISE.search(sentence)):
        verb = m.group("verb")
        lemma = verb_lemma(m.group("infinitive"))
        if verb != "agreed" or (lemma is not None and lemma[0] in COMMITMENT_VERBS):
            return _narrative(sentence, _subject(sentence[: m.start()]))
    if (m := OWNER_TO_SENTENCE.match(sentence)) and _looks_like_owner(m.group("owner")):
        lemma = verb_lemma(m.group("infinitive"))
        if lemma is not None and lemma[0] in COMMITMENT_VERBS:
            return _narrative(sentence, _clean_owner(m.group("owner")))
    if (modal or _may_be_is_to(sentence)) and (m := MODAL.search(sentence)):
        lemma = verb_lemma(m.group("infinitive"))
        first_person = re.search(r"\b(?:I|[Ww]e)\W*$", sentence[: m.start()])
        if lemma is not None and lemma[0] in COMMITMENT_VERBS and not first_person:
            # "I will ask at the next Meeting ..." is a notice of a question, not a commitment.
            return _narrative(sentence, _subject(sentence[: m.start()]))
    if modal and (m := PASSIVE_MODAL.search(sentence)):
        agent = m.group("agent")
        return _narrative(sentence, _clean_owner(agent) if agent else None)
    asked = "asked" in sentence or "requested" in sentence
    if asked and REQUEST.search(sentence):
        return _narrative(sentence, None)
    if asked and ASKED_TO_BE.search(sentence):
        return _narrative(sentence, None)
    if (asked or "instructed" in sentence or "invited" in sentence or "urged" in sentence) and (
        m := ASKED_SOMEONE.search(sentence)
    ):
        lemma = verb_lemma(m.group("infinitive"))
        if lemma is not None and lemma[0] in COMMITMENT_VERBS:
            owner = m.group("owner")
            return _narrative(sentence, None if owner.lower() in PRONOUNS else owner)
    return None


def due_date(text: str) -> dt.date | None:
    """The deadline a text states: ``by 31 March 2024``; ``by the end of March 2024``.

    A month without a day means its last day. ``at the next meeting`` is no date.
    """
    if m := DUE_DAY.search(text):
        return parse_date(m.group("date"))
    if m := DUE_MONTH.search(text):
        month_date = parse_date(f"1 {m.group('month')} {m.group('year')}")
        if month_date is None:
            return None
        last = calendar.monthrange(month_date.year, month_date.month)[1]
        return month_date.replace(day=last)
    return None


# ---------------------------------------------------------------------------
# Helpers


# Necessary conditions for the narrative patterns: each is true whenever its
# pattern can match (a plain substring test; the pattern still decides).


def _may_promise(sentence: str) -> bool:
    """PROMISE's verbs."""
    return (
        "agreed" in sentence
        or "undert" in sentence  # undertook, undertaken
        or "offered" in sentence
        or "promised" in sentence
        or "volunteered" in sentence
    )


def _may_be_modal(sentence: str) -> bool:
    """MODAL's and PASSIVE_MODAL's will/would/shall."""
    return "will" in sentence or "would" in sentence or "shall" in sentence


def _may_be_is_to(sentence: str) -> bool:
    """MODAL's ``(?:is|are)\\s+to``. In a printable string the only space is " "."""
    if "to" not in sentence:
        return False
    if not sentence.isprintable():
        return True  # a tab or an odd space may stand between: let the pattern decide
    return "is " in sentence or "are " in sentence


def _explicit_action(para: str, previous: str | None) -> ActionPoint | None:
    if m := EXPLICIT_LINE.match(para):
        body = m.group("body").strip()
        if owner := OWNER_TO.match(body):
            return ActionPoint(
                text=body,
                owner=_clean_owner(owner.group("owner")),
                due=due_date(body),
                source_kind="explicit",
            )
        if _looks_like_owner(body) and previous and not EXPLICIT_LINE.match(previous):
            # "Action: Clerk" under the paragraph that says what to do.
            return ActionPoint(
                text=previous,
                owner=body.rstrip("."),
                due=due_date(previous),
                source_kind="explicit",
            )
        return ActionPoint(text=body, owner=None, due=due_date(body), source_kind="explicit")
    if "ACTION" not in para and "Action" not in para:
        return None  # EXPLICIT_TAIL's label; its lazy ".+?" made the failed match costly
    if (m := EXPLICIT_TAIL.match(para)) and _looks_like_owner(m.group("owner")):
        text = m.group("text").strip()
        return ActionPoint(
            text=text, owner=m.group("owner").strip(), due=due_date(text), source_kind="explicit"
        )
    return None


def _looks_like_owner(text: str) -> bool:
    """A short name-like phrase ("Clerk", "Jane Smith", "All members", "HB/JS")."""
    words = text.rstrip(".").split()
    return 0 < len(words) <= 6 and not any(verb_lemma(w) for w in words[1:] if w.islower())


def _narrative(sentence: str, owner: str | None) -> ActionPoint:
    return ActionPoint(
        text=sentence.strip(), owner=owner, due=due_date(sentence), source_kind="narrative"
    )


def _subject(before: str) -> str | None:
    """The grammatical subject just before a verb: "She advised that the Clerk" -> "the Clerk"."""
    clause = re.split(r",\s*|;\s*|\b(?:that|and|but|who|which)\s+", before)[-1].strip(" *")
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


def _sentences(para: str) -> list[str]:
    """Split a paragraph into sentences, not after "Mr." or an initial."""
    parts = SENTENCE_SPLIT.split(para)
    sentences: list[str] = []
    for part in parts:
        if sentences and ABBREVIATION_END.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return sentences


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
