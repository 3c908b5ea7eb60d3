"""The verbs of the grammar, and the kind of a clause from its governing verb.

A resolution clause is ``noted`` (it only notes, receives, welcomes), a ``decision``
(approves, agrees, adopts, appoints, refuses ...) or an ``action`` (it directs or commits
someone to do something after the meeting: report back, write, circulate, refer ...).
``classify`` finds the clause's governing verb (``governing_verbs``) and maps it through
three named verb tables, ``NOTING_VERBS``, ``DECISION_VERBS`` and ``ACTION_VERBS``; adding
a verb is a word in one of them and a line in ``tests/test_grammar_verbs.py``.
"""

from __future__ import annotations

import re

from parsers.model import ResolutionKind

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
     "organise", "organize", "progress", "identify", "promote", "submit", "draft",
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
# "take forward", "take action", "take steps": the only takings that send someone to act.
TAKE_ACTION = frozenset({"forward", "action", "steps", "up"})
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
    if w.startswith("re-") and len(w) > 5:
        # "re-submitted", "re-considered": the verb done again is the same kind of deed.
        return verb_lemma(w[3:])
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
    if kind == "action" and index > 0 and words[index - 1].lower() in {"not", "never"}:
        # "that the minutes ... are not submitted to the Council" (Sandwell): a decision
        # not to act directs no one.
        kind = "decision"
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
        if hit is not None:
            k, lemma, kind = hit
            # A coordinated verb takes the governing verb's form: "agree ... and ensure",
            # "notes ... and asks"; "agree the proposed changes to X and circulated" is
            # not a second predicate (the benchmark's word salad showed it).
            direct = k == a + 1 and governing_form in (None, _verb_form(words[k]))
            passive = k <= a + 8 and _after_copula(words, k)
            if direct or passive:
                found.append((lemma, kind))
                continue
        # A second subjunctive further on: "That the contents of the report be noted and the
        # recommendation that the Council continues to monitor performance ..., be agreed"
        # (Newcastle-under-Lyme): its "be <participle>" is the second predicate.
        second = _subjunctive(words, a + 1, a + 40)
        if second is not None:
            found.append(second)
    return found


def _subjunctive(words: list[str], start: int, stop: int) -> tuple[str, ResolutionKind] | None:
    """The verb of the first "be <participle>" in ``words[start:stop]``."""
    for k in range(start, min(stop, len(words) - 1)):
        if words[k].lower() == "and":
            return None  # the next coordinated predicate's own
        if words[k].lower() != "be":
            continue
        j = k + 1
        while j < len(words) and words[j].lower() in PASSIVE_FILLERS:
            j += 1
        if j < len(words) and _participle(words[j]):
            return verb_lemma(words[j])
    return None


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
                following = words[k + 1].lower() if k + 1 < len(words) else ""
                if hit[0] == "call" and following not in {"on", "upon", "for"}:
                    return k, "call", "decision"
                return k, hit[0], hit[1]
            continue
        hit = verb_lemma(word)
        if hit is None:
            continue
        following = words[i + 1].lower() if i + 1 < len(words) else ""
        if hit[0] == "call" and following not in {"on", "upon", "for"}:
            hit = ("call", "decision")  # "be called to order" (Wilmot) asks no one to act
        if hit[0] == "take" and following not in TAKE_ACTION:
            hit = ("take", "decision")  # "would take the Chair" (Limerick OCR) is no errand
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


def classify(text: str) -> ResolutionKind:
    """The kind of one resolution clause: ``noted``, ``decision`` or ``action``.

    Finds the clause's governing verb (see ``governing_verbs``) and maps it through
    the named verb lists; a clause with no recognisable verb is a decision, since a
    resolution records what was decided.
    """
    return kind_of(text) or "decision"


def kind_of(text: str) -> ResolutionKind | None:
    """The kind the clause's verbs give, or None when it has no verb the tables know."""
    verbs = governing_verbs(text)
    if DELEGATION.search(text):
        verbs.append(("delegate", "action"))
    if not verbs:
        return None
    return max((kind for _, kind in verbs), key=KIND_RANK.__getitem__)
