"""Recognising catalogue items in a job ad: plain Python over plain data, no Django.

The ad is normalised once (lower case; every run of characters other than
letters, digits, "+" and "#" becomes one space) with a map back to the original
characters, so that every match can be shown in the ad's own words. Aliases are
normalised the same way and matched all at once by an Aho–Corasick automaton
(pyahocorasick): one pass over the text whatever the number of aliases, no
pattern written by a user, nothing that can backtrack. A match counts only on
word boundaries; where matches overlap, the leftmost and then the longest wins.

Variants an alias matches besides itself:
    number       "feature store" also matches "feature stores" (and "-ies"/"-es" forms), and
                 "neural networks" also matches "neural network"
    hyphen       "fine-tuning" matches "fine tuning", "fine-tuning" and "finetuning", each
                 hyphen on its own ("fine-tune pre-trained" matches "fine-tune pretrained")
    verb         "build models" also matches "builds models", "built models", "building models"
    gap          "fine-tune … models" matches "fine-tune BERT-style models": up to four words
                 between its two parts, within one line or sentence

Gapped aliases, and the cue for working with people ("work with the platform team": a verb of
working together followed within a few words by people), are small regular expressions of
escaped literals with a bounded gap, run per unit: still no pattern a user writes.

Concept rules catch what ads say in their own words: a catalogue item is recognised where words of
two or three concepts stand together in one unit, close to each other ("label, clean and
balance image data": a data-preparation verb with a kind of data). Every concept word of every
rule is found by a second Aho–Corasick automaton in the same single pass; the words a concept
lists inside longer phrases that mean something else ("CI pipelines", "business model") do not
count. The excerpt highlights the words from the first concept word to the last.

Around the matches the ad is read in units (a line, or a sentence of a long
line; a line break inside a sentence, as in text copied from a PDF, does not
split it) for the cues a reader uses: which section a requirement sits in
("Requirements" or "Nice to have", or a short line of its own holding such a
word, such as "Your responsibilities:"), inline words that soften one ("is a plus",
"preferred"), the seniority (title words such as "Senior" or "Staff", then "5+
years"), the degree asked for, and the cloud named. Phrases that follow "experience
with", "knowledge of"... and match nothing are returned as unrecognised terms.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate, product

import ahocorasick

KIND_SKILL, KIND_DUTY, KIND_EDUCATION, KIND_CERTIFICATION, KIND_ROLE = (
    "skill",
    "duty",
    "education",
    "certification",
    "role",
)
ITEM_KINDS = (KIND_SKILL, KIND_DUTY, KIND_EDUCATION, KIND_CERTIFICATION)

REQUIRED, NICE = "required", "nice"
# The qualification a named certification counts towards (career fixtures: education.json).
CERTIFICATION_QUALIFICATION = "ai-certification"
# An alias with a gap ("fine-tune … models") matches its two parts with up to GAP_WORDS words between
# them ("fine-tune BERT-style models", "fine-tune large language models"), within one line or sentence.
GAP, GAP_WORDS = "…", 4
# The skill a cloud provider's certification asks for besides the certification (career fixtures: skills.json).
CLOUD_SKILL = "scalable-cloud-systems"
# The duty that working with people in other roles names (career fixtures: duties.json).
COLLABORATION_DUTY = "cross-functional-collaboration"


# A concept rule's words count together only within this many words, from its first word to its last, in one
# line or sentence: "label, clean and balance image data" is one thought, the two ends of a long sentence
# are not.
CONCEPT_SPAN_WORDS = 10
# Rules whose first concept is a verb that must come before the second concept's word, with nothing between
# them that makes the object another thing's: "develop and improve detection and segmentation models" names
# building models, while in "design the backend services around our ML models", "build dashboards that
# track our models" or "the models our data scientists build" the verb governs something else.
VERB_FIRST_RULES = frozenset({"design-implement-models"})
_OBJECT_BREAKS = frozenset(
    """that which who whom whose for of on around by using used with to from in into as so behind across where
    when how while than via""".split()  # noqa: SIM905 (a word list reads better as words)
)

# Excerpts shown beside each recognised item: characters of context on each side, and how many per item.
EXCERPT_CONTEXT = 60
EXCERPTS_PER_ITEM = 3


_WORD = re.compile(r"(?:[^\W_]|[+#])+")


@dataclass(frozen=True)
class Normalised:
    """The normalised text and, for each of its words, where it starts there and where it sits in the original."""

    text: str
    starts: tuple[int, ...]  # word starts in `text`
    original_starts: tuple[int, ...]
    original_ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original characters of the words from `start` to `end` (both on word boundaries)."""
        first = bisect_right(self.starts, start) - 1
        last = bisect_right(self.starts, end - 1) - 1
        return self.original_starts[first], self.original_ends[last]

    def start_from(self, original: int) -> int:
        """Where, in `text`, the first word that starts at or after `original` in the original starts; the
        end of `text` when none does."""
        word = bisect_left(self.original_starts, original)
        return self.starts[word] if word < len(self.starts) else len(self.text)

    def gap_after(self, word: int, original: str) -> str:
        """The original characters between a word and the next one."""
        return original[self.original_ends[word] : self.original_starts[word + 1]]


def normalise(text: str) -> Normalised:
    """The text in lower case with every other run of separators as one space, with its words' positions."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer ("İ"): lower each word alone
        spans = [found.span() for found in _WORD.finditer(text)]
        pieces = [text[start:end].lower() for start, end in spans]
    else:
        spans = [found.span() for found in _WORD.finditer(lowered)]
        pieces = [lowered[start:end] for start, end in spans]
    starts = list(accumulate((len(piece) + 1 for piece in pieces[:-1]), initial=0)) if pieces else []
    return Normalised(
        " ".join(pieces), tuple(starts), tuple(start for start, _ in spans), tuple(end for _, end in spans)
    )


def normalise_phrase(phrase: str) -> str:
    return normalise(phrase).text


_MAX_HYPHENS = 3


def phrase_variants(phrase: str) -> set[str]:
    """The normalised forms an alias matches: itself, its plural or singular, and a hyphenated word pair joined up."""
    base = normalise_phrase(phrase)
    if not base:
        return set()
    forms = {base}
    # Each hyphen may be written as a space or left out, independently: "fine-tune pre-trained" also
    # matches "fine-tune pretrained" and "finetune pretrained".
    pieces = phrase.split("-")
    for joins in product((" ", ""), repeat=min(len(pieces) - 1, _MAX_HYPHENS)):
        joined = "".join(piece + join for piece, join in zip(pieces, joins, strict=False)) + "-".join(
            pieces[len(joins) :]
        )
        forms.add(normalise_phrase(joined))
    forms |= {f"{inflected}{form[len(verb) :]}" for form in forms for verb, inflected in _inflections(form)}
    variants = set(forms)
    for form in forms:
        head, _, last = form.rpartition(" ")
        others = _singulars(last) if last.endswith("s") else _plurals(last)
        variants.update(f"{head} {other}" if head else other for other in others)
    return variants


# Verbs that open duty-like aliases, with the forms ads write them in: "build models" also matches
# "builds models", "built models" and "building models" ("you have built and shipped...").
_VERBS = {
    "build": ("builds", "built", "building"),
    "train": ("trains", "trained", "training"),
    "deploy": ("deploys", "deployed", "deploying"),
    "develop": ("develops", "developed", "developing"),
    "design": ("designs", "designed", "designing"),
    "ship": ("ships", "shipped", "shipping"),
    "fine tune": ("fine tunes", "fine tuned", "fine tuning"),
    "finetune": ("finetunes", "finetuned", "finetuning"),
    "integrate": ("integrates", "integrated", "integrating"),
    "maintain": ("maintains", "maintained", "maintaining"),
    "implement": ("implements", "implemented", "implementing"),
    "automate": ("automates", "automated", "automating"),
    "optimise": ("optimises", "optimised", "optimising"),
    "optimize": ("optimizes", "optimized", "optimizing"),
    "serve": ("serves", "served", "serving"),
    "collaborate": ("collaborates", "collaborated", "collaborating"),
    "adapt": ("adapts", "adapted", "adapting"),
    "monitor": ("monitors", "monitored", "monitoring"),
    "evaluate": ("evaluates", "evaluated", "evaluating"),
    "retrain": ("retrains", "retrained", "retraining"),
    "scale": ("scales", "scaled", "scaling"),
}


def _regular(verb: str) -> tuple[str, str, str]:
    """The -s, -ed and -ing forms of a regular verb ("label" → "labels", "labelled"... is written out below)."""
    head, _, rest = verb.partition(" ")
    rest = f" {rest}" if rest else ""
    if head.endswith("e"):
        forms = (head + "s", head + "d", head[:-1] + "ing")
    elif head.endswith("y") and head[-2] not in "aeiou":
        forms = (head[:-1] + "ies", head[:-1] + "ied", head + "ing")
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        forms = (head + "es", head + "ed", head + "ing")
    else:
        forms = (head + "s", head + "ed", head + "ing")
    return tuple(form + rest for form in forms)


# Verbs that concept rules use, each in its other forms ("_" joins the words of a verb such as "roll out").
_VERBS.update(
    {
        verb.replace("_", " "): _regular(verb.replace("_", " "))
        for verb in """
        clean cleanse annotate curate balance rebalance deduplicate augment preprocess pre_process transform
        validate normalise normalize wrangle featurise featurize enrich tokenise tokenize resample subsample
        impute redact anonymise anonymize pseudonymise pseudonymize create architect own extend improve migrate
        operate orchestrate schedule harden modernise modernize prototype invent roll_out productionise
        productionize export compile containerise containerize launch quantise quantize prune compress profile
        port execute target measure track detect alert_on investigate diagnose debug connect hook_up expose
        embed bridge explain present communicate translate convey articulate walk_through facilitate share link
        ensure meet guarantee handle reduce version register promote roll_back approve reproduce recalibrate
        author draft publish deliver add alert surface sync ingest load replicate pull stream land research
        trigger streamline standardise standardize iterate experiment wire drift
        """.split()  # noqa: SIM905 (a word list reads better as words)
    }
)
_VERBS.update(
    {
        "label": ("labels", "labelled", "labeled", "labelling", "labeling"),
        "distil": ("distils", "distilled", "distilling"),
        "distill": ("distills", "distilled", "distilling"),
        "dedupe": ("dedupes", "deduped", "deduping"),
        "scrub": ("scrubs", "scrubbed", "scrubbing"),
        "run": ("runs", "ran", "running"),
        "write": ("writes", "wrote", "written", "writing"),
        "write up": ("writes up", "wrote up", "written up", "writing up"),
        "lead": ("leads", "led", "leading"),
        "keep": ("keeps", "kept", "keeping"),
        "put": ("puts", "putting"),
        "bring": ("brings", "brought", "bringing"),
        "show": ("shows", "showed", "shown", "showing"),
        "catch": ("catches", "caught", "catching"),
        "send": ("sends", "sent", "sending"),
        "hold": ("holds", "held", "holding"),
        "set up": ("sets up", "setting up"),
        "shrink": ("shrinks", "shrank", "shrunk", "shrinking"),
        "give": ("gives", "gave", "given", "giving"),
        "take": ("takes", "took", "taken", "taking"),
        "get": ("gets", "got", "gotten", "getting"),
        "move": ("moves", "moved", "moving"),
        "push": ("pushes", "pushed", "pushing"),
        "spot": ("spots", "spotted", "spotting"),
        "plan": ("plans", "planned", "planning"),
        "wrap": ("wraps", "wrapped", "wrapping"),
        "plug": ("plugs", "plugged", "plugging"),
        "flag": ("flags", "flagged", "flagging"),
        "squeeze": ("squeezes", "squeezed", "squeezing"),
        "watch": ("watches", "watched", "watching"),
        "tune": ("tunes", "tuned", "tuning"),
        "fit": ("fits", "fitted", "fitting"),
        "pre train": ("pre trains", "pre trained", "pre training"),
        "pretrain": ("pretrains", "pretrained", "pretraining"),
        "post train": ("post trains", "post trained", "post training"),
    }
)


def _inflections(form: str) -> list[tuple[str, str]]:
    """(verb, inflected form) for each other form of the verb a phrase opens with."""
    for verb, inflected in _VERBS.items():
        if form == verb or form.startswith(verb + " "):
            return [(verb, other) for other in inflected]
    return []


def _plurals(word: str) -> tuple[str, ...]:
    if len(word) < 3 or not word.isalpha():
        return ()
    if word.endswith("y") and word[-2] not in "aeiou":
        return (word[:-1] + "ies",)
    if word.endswith(("x", "ch", "sh")):
        return (word + "es",)
    return (word + "s",)


# Endings of words that are not plurals although they end in "s" ("access", "analysis", "axis", "status",
# "kudos", "MLOps"), and "-ics" whose singular means something else ("robotic process automation" is not
# robotics).
_NOT_PLURAL = ("ss", "sis", "xis", "us", "os", "ops", "ics")


def _singulars(word: str) -> tuple[str, ...]:
    """The singular of an English plural, so "neural networks" also matches "a neural network". Where the
    spelling leaves it open ("approaches", "caches"; "companies", "movies") both readings are kept: the
    wrong one is not a word and never occurs. None for short words (acronyms such as "AWS") and for
    words that only look plural."""
    if len(word) < 4 or not word.isalpha() or word.endswith(_NOT_PLURAL):
        return ()
    if word.endswith("ies"):
        return (word[:-3] + "y", word[:-1])
    if word.endswith(("xes", "ches", "shes", "sses")):
        return (word[:-2], word[:-1])
    return (word[:-1],)


@dataclass(frozen=True)
class Alias:
    """A phrase that names a catalogue item (or, for kind "role", a job title)."""

    phrase: str
    kind: str
    key: str


@dataclass(frozen=True)
class Concept:
    """Words ads use for one idea ("pipeline", "ETL", "ingestion"), and the longer phrases in which one of
    them means something else ("CI pipeline", "sales pipeline"): inside those it does not count."""

    name: str
    words: tuple[str, ...]
    not_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConceptRule:
    """A catalogue item named by a word of each of two or three concepts in one line or sentence, at most
    CONCEPT_SPAN_WORDS words from the first to the last ("build the pipeline that loads our click data")."""

    name: str
    kind: str
    key: str
    concepts: tuple[Concept, ...]


@dataclass(frozen=True)
class Match:
    kind: str
    key: str
    phrase: str  # the alias that matched, as curators wrote it
    start: int  # in the original text
    end: int
    strength: str  # REQUIRED or NICE: the context the mention sits in
    by_rule: bool = False  # found by a concept rule (words of two or three concepts together), not by an alias


@dataclass(frozen=True)
class Excerpt:
    before: str
    match: str
    after: str


@dataclass(frozen=True)
class Mention:
    """Everything the ad says about one catalogue item."""

    kind: str
    key: str
    strength: str  # REQUIRED when any mention is in a required context
    excerpts: tuple[Excerpt, ...]
    count: int


@dataclass(frozen=True)
class Cues:
    seniority: str | None  # a seniority slug (junior, mid, senior, lead) or None when nothing says
    seniority_source: str  # "title", "years", "text" or ""
    seniority_phrase: str  # the words it came from
    years: int | None  # the largest "N years" asked for
    degree_level: int | None  # 2 Bachelor's, 3 Master's, 4 PhD
    degree_phrase: str
    equivalent_experience: bool  # "or equivalent experience" accepted instead of the degree
    degree_strength: str
    clouds: tuple[str, ...]  # aws, google, azure: in order of first mention
    roles: tuple[str, ...]  # role slugs named in the title (else in the text), most likely first


@dataclass(frozen=True)
class Recognition:
    mentions: tuple[Mention, ...]
    cues: Cues
    unrecognised: tuple[str, ...]
    matches: tuple[Match, ...] = field(repr=False, default=())

    def item_keys(self) -> set[tuple[str, str]]:
        return {(m.kind, m.key) for m in self.mentions}


class Matcher:
    """Every alias of the catalogue in one automaton, built once per catalogue revision."""

    def __init__(self, aliases: Iterable[Alias], rules: Iterable[ConceptRule] = ()):
        self._rules = list(rules)
        self._concepts = _ConceptFinder(self._rules)
        self._items = ahocorasick.Automaton()
        self._roles = ahocorasick.Automaton()
        aliases = list(aliases)
        for alias in aliases:
            if GAP in alias.phrase and alias.kind != KIND_ROLE:
                continue
            automaton = self._roles if alias.kind == KIND_ROLE else self._items
            for form in phrase_variants(alias.phrase):
                existing = automaton.get(form, None)
                # The first alias written for a form wins; curators are told when two clash (Alias.clean).
                if existing is None:
                    automaton.add_word(form, (len(form), alias))
        for automaton in (self._items, self._roles):
            if len(automaton):
                automaton.make_automaton()
        self._gapped = [
            (_gap_pattern(alias.phrase), alias) for alias in aliases if alias.kind != KIND_ROLE and GAP in alias.phrase
        ]

    def find(self, normalised: str, *, roles: bool = False) -> list[tuple[int, int, Alias]]:
        """Non-overlapping whole-word matches (start, end) in `normalised`: leftmost, then longest."""
        automaton = self._roles if roles else self._items
        if not len(automaton):
            return []
        found = []
        size = len(normalised)
        for end, (length, alias) in automaton.iter(normalised):
            start = end - length + 1
            if start > 0 and normalised[start - 1] != " ":
                continue
            if end + 1 < size and normalised[end + 1] != " ":
                continue
            found.append((start, end + 1, alias))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        chosen, reach = [], -1
        for start, end, alias in found:
            if start >= reach:
                chosen.append((start, end, alias))
                reach = end
        return chosen

    def recognise(self, text: str, *, title: str = "", seniorities: Iterable[tuple[str, int]] = ()) -> Recognition:
        """What the ad asks for. `seniorities` are (slug, typical years) from junior up, for "N years" cues."""
        words = normalise(text)
        normalised = words.text
        found = self.find(normalised)
        units = _units(text, words, [(start, end) for start, end, _ in found])
        matches = []
        for start, end, alias in found:
            unit = _unit_at(units, start)
            original_start, original_end = words.original_span(start, end)
            matches.append(
                Match(
                    kind=alias.kind,
                    key=alias.key,
                    phrase=alias.phrase,
                    start=original_start,
                    end=original_end,
                    strength=unit.strength,
                )
            )
        # Aliases with a gap, and working with people: each counts where no alias of the same item already
        # covers its words.
        spread = [
            (start, end, alias) for pattern, alias in self._gapped for start, end in _within(pattern, normalised, units)
        ]
        collaboration = Alias("", KIND_DUTY, COLLABORATION_DUTY)
        spread += [(start, end, collaboration) for start, end in _collaborations(text, words, units)]
        spread += [
            (start, end, Alias(_BY_RULE, rule.kind, rule.key))
            for rule, start, end in self._concepts.find(self._rules, text, words, units)
        ]
        # Per item, the spans of its aliases (sorted, never overlapping) and the furthest end of those found
        # this way so far, taken in the order they start: each check is a lookup, so that an ad repeating one
        # phrase thousands of times still takes time in proportion to its length.
        alias_spans: dict[str, tuple[list[int], list[int]]] = {}
        for start, end, alias in found:
            starts, ends = alias_spans.setdefault(alias.key, ([], []))
            starts.append(start)
            ends.append(end)
        reach: dict[str, int] = {}
        spread_found: list[tuple[int, int]] = []
        for start, end, alias in sorted(spread, key=lambda spread_match: spread_match[:2]):
            starts, ends = alias_spans.get(alias.key, ((), ()))
            first_after = bisect_right(ends, start)
            if reach.get(alias.key, -1) > start or (first_after < len(starts) and starts[first_after] < end):
                continue
            reach[alias.key] = max(reach.get(alias.key, -1), end)
            spread_found.append((start, end))
            original_start, original_end = words.original_span(start, end)
            matches.append(
                Match(
                    kind=alias.kind,
                    key=alias.key,
                    phrase=normalised[start:end] if alias.phrase in ("", _BY_RULE) else alias.phrase,
                    start=original_start,
                    end=original_end,
                    strength=_unit_at(units, start).strength,
                    by_rule=alias.phrase == _BY_RULE,
                )
            )
        matches.sort(key=lambda m: m.start)
        matches = _asked(text, words, matches)
        cues = _cues(self, normalised, units, title=title, seniorities=list(seniorities))
        return Recognition(
            mentions=_mentions(text, matches),
            cues=cues,
            # Words that named an item, by an alias or together with others, are not "not in our catalogue".
            unrecognised=_unrecognised(text, words, units, _merged([(s, e) for s, e, _ in found] + spread_found)),
            matches=tuple(matches),
        )


_BY_RULE = "\x00rule"  # the phrase of the stand-in alias of a concept rule's match (never a normalised word)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int, None]]:
    """The spans sorted, with those that overlap joined into one: none overlaps another."""
    joined: list[list[int]] = []
    for start, end in sorted(spans):
        if joined and start < joined[-1][1]:
            joined[-1][1] = max(joined[-1][1], end)
        else:
            joined.append([start, end])
    return [(start, end, None) for start, end in joined]


# --- Clauses that ask nothing of the candidate --------------------------------------------

# A clause is what lies between two marks of punctuation that part a sentence ("You won't be training models
# – the ML team owns those – but you will keep them up"), or a word that opens a contrast ("but", "however").
# Hyphens inside words ("GPU-backed") do not part it.
_CLAUSE_MARK = re.compile(
    r"[,;:()\[\]–—\n]| - |[.!?](?:\s|$)|\s(?=(?:but|however|although|though|whereas)\b)", re.IGNORECASE
)
# A clause that says what the candidate will not do ("You won't be training models", "you will not own the
# models"), unless it only says the candidate does more ("you won't just train models") or is an idiom for
# doing it ("you're not afraid to dive into Kubernetes", "you don't shy away from SQL").
_NOT_ASKED = re.compile(
    r"\byou (?:won t|will not|wouldn t|would not|don t|do not|re not|are not|aren t|will never|never)\b"
    r"(?! (?:just|only|simply|merely|afraid|scared|shy|hesitate|mind|settle|need (?:hand holding|to be told"
    r"|permission|supervision)|stop (?:learning|improving))\b)"
)
# A clause whose subject is other people: what another team does asks nothing of the candidate ("the
# services our ML team builds", "model teams own their models", "our data scientists train the models").
# Building on a platform and developing one's skills are not the others' model work.
_OTHERS_DO = re.compile(
    r"\b(?:teams?|scientists|researchers|engineers|analysts|annotators|labellers|labelers)"
    r" (?:who |that )?(?:already |also |currently )?(?:build|builds|train|trains|own|owns|develop|develops|design"
    r"|designs|maintain|maintains|create|creates|ship|ships|deploy|deploys|fine tune|fine tunes|label|labels"
    r"|experiment with|experiments with|iterate on|iterates on)\b"
    r"(?! (?:on|upon)\b)(?! (?:their |your |new )?(?:skills|careers?|craft)\b)"
)
# Unless the candidate is one of those others ("join a small team that builds...", "one of the engineers who
# build...", "in teams that deploy..."), or works for them ("the platform that lets teams train...", "tooling
# for the teams who build..."): then the work is the candidate's too.
_ONE_OF_THEM = re.compile(
    r"\b(?:join|joins|joining|part of|in|within|one of|member of|on|lets|let|letting|helps|help|helping|enables"
    r"|enable|enabling|allows|allow|for|so|so that)(?: (?:a|an|the|our|your|their|other))?(?: [a-z0-9]+){0,2} $"
)
# Unless the candidate leads those others: "lead the team that trains our models" makes the training theirs.
_LEADS_OTHERS = re.compile(
    r"\b(?:lead|leads|leading|manage|manages|managing|head|heads|heading|mentor|mentors|mentoring|grow|grows)"
    r" (?:and [a-z]+ )?(?:the |a |our |your )?(?:[a-z0-9]+ ){0,3}?"
    r"(?:teams?|scientists|researchers|engineers|analysts)\b"
)
# The others' subject opens with its determiner and a word or two ("our research team", "the data scientists").
_SUBJECT_LEAD = re.compile(r"(?:^| )(?P<word>our|the|their|its|your|a|an|other)(?: [a-z0-9]+){0,2} $")
# What the others' clause describes, just before its subject: "the summarisation services [our team builds]".
_OBJECT_LEAD = re.compile(r"(?:^| )(?P<word>the|our|their|its|these|those|a|an)(?: [a-z0-9]+){0,6} $")
# Where the candidate comes back as the subject, the others' stretch ends ("…, and you build the tools").
# So does a verb of the candidate's applied to the others' work ("…our researchers train, and serve them").
_CANDIDATE_AGAIN = re.compile(
    r"\b(?:and you|you ll|you will|rely on you|relies on you|by [a-z]+ing|(?:and|to) [a-z]+ (?:them|it))\b"
)
_LOOK_BACK = 80  # characters of the normalised text read before the others' subject


@dataclass(frozen=True)
class _Others:
    """Where, in the normalised text, another team's work is described: from the thing it describes (`start`),
    through its subject (`subject`), to where the clause or the others' stretch ends."""

    start: int
    subject: int
    end: int


def _others(text: str, low: int, high: int) -> _Others | None:
    """The stretch of a clause (`low` to `high` in the normalised text) that says what others do, if any."""
    if _LEADS_OTHERS.search(text, low, high):
        return None
    for hit in _OTHERS_DO.finditer(text, low, high):
        before = text[max(low, hit.start() - _LOOK_BACK) : hit.start()]
        if _ONE_OF_THEM.search(before):
            continue
        lead = _SUBJECT_LEAD.search(before)
        subject = hit.start() - len(before) + lead.start("word") if lead else hit.start()
        described_from = max(low, subject - _LOOK_BACK)
        described = _OBJECT_LEAD.search(text[described_from:subject])
        start = described_from + described.start("word") if described else subject
        again = _CANDIDATE_AGAIN.search(text, hit.end(), high)
        return _Others(start=start, subject=subject, end=again.start() if again else high)
    return None


def _asked(text: str, words: Normalised, matches: list[Match]) -> list[Match]:
    """The matches that ask something of the candidate: not those in a clause that says the candidate will not
    do it, nor the work another team does. From the others' clause only the others' work is dropped, and the
    thing it describes ("the models [our data scientists develop]"): the candidate's own verb before it
    ("deploy and monitor the models…") still asks, and so does a tool named after it ("…train in PyTorch"),
    which is the stack the candidate works in."""
    marks = [found.end() for found in _CLAUSE_MARK.finditer(text)]
    clauses: dict[int, tuple[bool, _Others | None]] = {}  # by clause start: each clause is read once
    kept = []
    for match in matches:
        at = bisect_right(marks, match.start) - 1
        start = marks[at] if at >= 0 else 0
        if start not in clauses:
            end = _CLAUSE_MARK.search(text, match.start)
            # The clause's words in the normalised text, read where they are rather than normalised again.
            low = words.start_from(start)
            last = bisect_left(words.original_starts, end.start() if end else len(text))
            high = words.starts[last] - 1 if last < len(words.starts) else len(words.text)
            clauses[start] = (bool(_NOT_ASKED.search(words.text, low, high)), _others(words.text, low, high))
        not_asked, others = clauses[start]
        # Working with those others is the candidate's own part ("work with the teams that build the models").
        if match.key == COLLABORATION_DUTY:
            kept.append(match)
            continue
        if not_asked:
            continue
        if others is not None:
            at_text = words.start_from(match.start)
            last = bisect_left(words.original_starts, match.end) - 1
            ends_at = words.starts[last] if 0 <= last < len(words.starts) else len(words.text)
            theirs = match.kind == KIND_DUTY or match.by_rule or at_text < others.subject
            # A match that reaches past the others' stretch holds the candidate's own words ("…and serve them").
            if others.start <= at_text and ends_at < others.end and theirs:
                continue
        kept.append(match)
    return kept


# --- Concept rules ------------------------------------------------------------------------


class _ConceptFinder:
    """Every word of every concept in one automaton; finds where each rule's concepts stand together."""

    def __init__(self, rules: list[ConceptRule]):
        concepts = list({concept.name: concept for rule in rules for concept in rule.concepts}.values())
        self._index = {concept.name: number for number, concept in enumerate(concepts)}
        forms: dict[str, list[tuple[int, bool]]] = {}
        for number, concept in enumerate(concepts):
            for phrases, shadow in ((concept.words, False), (concept.not_in, True)):
                for phrase in phrases:
                    for form in phrase_variants(phrase):
                        if (number, shadow) not in forms.setdefault(form, []):
                            forms[form].append((number, shadow))
        self._count = len(concepts)
        self._automaton = ahocorasick.Automaton()
        for form, owners in forms.items():
            self._automaton.add_word(form, (len(form), tuple(owners)))
        if forms:
            self._automaton.make_automaton()

    def _hits(self, normalised: str) -> list[list[tuple[int, int]]]:
        """For each concept, the (start, end) of its words in the text, leaving out those inside one of its
        phrases that mean something else. All matches, overlapping ones too: one pass over the text."""
        hits: list[list[tuple[int, int]]] = [[] for _ in range(self._count)]
        shadows: list[list[tuple[int, int]]] = [[] for _ in range(self._count)]
        size = len(normalised)
        for end, (length, owners) in self._automaton.iter(normalised):
            start = end - length + 1
            if (start > 0 and normalised[start - 1] != " ") or (end + 1 < size and normalised[end + 1] != " "):
                continue
            for number, shadow in owners:
                (shadows if shadow else hits)[number].append((start, end + 1))
        for number, spans in enumerate(shadows):
            if spans:
                spans.sort()
                starts = [start for start, _ in spans]
                reach = list(accumulate((end for _, end in spans), max))
                hits[number] = [hit for hit in hits[number] if not _inside(hit, starts, reach)]
        return hits

    def find(self, rules: list[ConceptRule], text: str, words: Normalised, units: list[_Unit]):
        """(rule, start, end) for each place a rule's concepts stand together: one word of each, none sharing
        a word with another, in one unit, within CONCEPT_SPAN_WORDS words from the first to the last."""
        if not self._count or not units:
            return []
        hits = self._hits(words.text)
        unit_starts = [unit.start for unit in units]
        found = []
        for rule in rules:
            groups = [self._index[concept.name] for concept in rule.concepts]
            if not all(hits[number] for number in groups):
                continue  # a concept with no word in the ad: the rule cannot match anywhere
            tagged = sorted((start, end, place) for place, number in enumerate(groups) for start, end in hits[number])
            latest: list[tuple[int, int] | None] = [None] * len(groups)
            unit = -1
            for start, end, place in tagged:
                here = bisect_right(unit_starts, start) - 1
                if here != unit:
                    unit, latest = here, [None] * len(groups)
                latest[place] = (start, end)
                if any(hit is None for hit in latest):
                    continue
                chosen = sorted(latest)
                if any(chosen[i][1] > chosen[i + 1][0] for i in range(len(chosen) - 1)):
                    continue
                if rule.name in VERB_FIRST_RULES and (
                    latest[0][0] > latest[1][0] or _object_broken(text, words, latest[0][1], latest[1][0])
                ):
                    continue
                first, last = chosen[0][0], max(hit_end for _, hit_end in chosen)
                if _words_between(words, first, last) > CONCEPT_SPAN_WORDS:
                    continue
                found.append((rule, first, last))
                latest = [None] * len(groups)
        return found


def _object_broken(text: str, words: Normalised, start: int, end: int) -> bool:
    """Whether a word between a verb and its object (`start` to `end` in the normalised text) makes the object
    another thing's ("dashboards that track our models"). A word joined to its neighbours by hyphens is part of
    a modifier ("state-of-the-art models", "end-to-end ML models"), not a break."""
    first, last = bisect_left(words.starts, start), bisect_left(words.starts, end)
    for word in range(first, last):
        following = words.starts[word + 1] - 1 if word + 1 < len(words.starts) else len(words.text)
        if words.text[words.starts[word] : following] not in _OBJECT_BREAKS:
            continue
        joined_before = word > 0 and words.gap_after(word - 1, text) == "-"
        joined_after = word + 1 < len(words.starts) and words.gap_after(word, text) == "-"
        if not (joined_before or joined_after):
            return True
    return False


def _inside(hit: tuple[int, int], starts: list[int], reach: list[int]) -> bool:
    """Whether a span that starts at or before the hit (sorted `starts`; `reach`, the furthest end among the
    first so many of them) ends at or after it."""
    last = bisect_right(starts, hit[0]) - 1
    return last >= 0 and reach[last] >= hit[1]


def _words_between(words: Normalised, start: int, end: int) -> int:
    """How many words the normalised text holds from `start` to `end`."""
    return bisect_left(words.starts, end) - bisect_right(words.starts, start) + 1


# --- Units and sections --------------------------------------------------------------

# Headings that open a section of requirements the ad insists on, or of ones it only would like.
_REQUIRED_HEADINGS = (
    "requirements",
    "required",
    "required qualifications",
    "required skills",
    "minimum qualifications",
    "basic qualifications",
    "must have",
    "must haves",
    "what you ll need",
    "what you will need",
    "what you need",
    "what we re looking for",
    "what we are looking for",
    "who you are",
    "about you",
    "qualifications",
    "skills",
    "skills and experience",
    "experience",
    "you have",
    "you ll have",
    "you will have",
    "you bring",
    "what you bring",
    "responsibilities",
    "key responsibilities",
    "what you ll do",
    "what you will do",
    "what you ll own",
    "what you will own",
    "what you ll work on",
    "what you will work on",
    "what you ll be doing",
    "what you will be doing",
    "what the role involves",
    "what the job involves",
    "the role",
    "your role",
    "in this role you will",
    "day to day",
    # European and UK layouts: "Your tasks" / "Your profile", a person specification's "Essential" criteria.
    "your tasks",
    "tasks",
    "your profile",
    "profile",
    "duties",
    "key duties",
    "main duties",
    "accountabilities",
    "key accountabilities",
    "essential",
    "essential criteria",
    "essential skills",
    "person specification",
    "your background",
    "the position",
    "the opportunity",
)
# Headings that may open the duties (the UK civil service's) or the company's blurb (many job boards' exports):
# what follows is read as the text before any heading is, where what the company says about itself asks nothing.
_OPENING_HEADINGS = (
    "job description",
    "role description",
    "position description",
    "job summary",
    "role summary",
    "position summary",
    "job overview",
    "role overview",
    "position overview",
)
_NICE_HEADINGS = (
    "nice to have",
    "nice to haves",
    "nice to have skills",
    "preferred",
    "preferred qualifications",
    "preferred skills",
    "bonus",
    "bonus points",
    "bonus points if",
    "bonus points if you have",
    "pluses",
    "plus",
    "desirable",
    "desired",
    "desired skills",
    "good to have",
    "it would be great if",
    "ideally",
    "ideally you also have",
    "extra credit",
    "what would make you stand out",
    "what sets you apart",
    "even better if",
    "even better if you have",
    "we d love",
    "we d love to see",
    "not required but helpful",
    "asset",
    "assets",
    "desirable criteria",
    "desirable skills",
)
# Headings that end the requirements: what follows is about the company, pay or process.
_OTHER_HEADINGS = (
    "about us",
    "about the company",
    "about the team",
    "who we are",
    "benefits",
    "perks",
    "what we offer",
    "we offer",
    "compensation",
    "salary",
    "how to apply",
    "our stack",
    "why join us",
    "why us",
    "why work with us",
    "location",
    "the team",
    "company profile",
    "company description",
    "company overview",
    # Benefits, although they open with "what you'll", as the responsibilities do.
    "what you ll get",
    "what you will get",
    "what you get",
    "what you ll gain",
    "what you will gain",
    "why you ll love",
    "why you ll love it here",
    "why you ll love working here",
    "what s in it for you",
    "what awaits you",
    "what we offer you",
)
_NICE_INLINE = (
    " nice to have",
    " is a plus",
    " are a plus",
    " a plus ",
    " a big plus",
    " bonus",
    " preferred",
    " ideally",
    " desirable",
    " advantageous",
    " an advantage",
    " would be great",
    " would be nice",
    " helpful but not required",
    " not required",
    " we d love",
    " is welcome",
    " are welcome",
    " good to have",
    " an asset",
    " a strong asset",
    " not essential",
    " isn t essential",
)
# One pass over a unit for every softening phrase (fixed strings: nothing to backtrack over).
_NICE_INLINE_PATTERN = re.compile("|".join(map(re.escape, _NICE_INLINE)))
_HEADING_MAX_WORDS = 8


@dataclass(frozen=True)
class _Unit:
    start: int  # in the normalised text
    end: int
    section: str  # REQUIRED, NICE or "other"
    strength: str


def _heading_kind(words: str) -> str | None:
    if words in _OPENING_HEADINGS:
        return _OPENED
    if words in _NICE_HEADINGS:
        return NICE
    if words in _REQUIRED_HEADINGS:
        return REQUIRED
    if words in _OTHER_HEADINGS:
        return "other"
    return None


_CUT = re.compile(r"\n|[.!?;](?:\s|$)|[•·]")


# Words that make a short line of its own a heading when it is not one of the headings above
# ("Your responsibilities:", "What you'll work on", "You might be a fit if", "About Acme"): the
# first kind found in the order pay, nice, required, other decides. Pay and benefits come first, so that
# "Salary, bonus and equity:" is not read as a nice-to-have, nor "What you'll get in return" as duties.
_HEADING_WORDS = (
    (
        "other",
        (
            "salary",
            "compensation",
            "equity",
            "benefits",
            "perks",
            "we offer",
            "in return",
            "in it for you",
            "awaits you",
            "you ll love",
        ),
    ),
    (
        NICE,
        (
            "nice to have",
            "bonus",
            "preferred",
            "desirable",
            "ideally",
            "would be great",
            "great if",
            "good to have",
            "stand out",
            "even better",
            "extra credit",
            "plus",
            "pluses",
            "we d love",
            "asset",
            "assets",
        ),
    ),
    (
        REQUIRED,
        (
            "responsibilities",
            "responsibility",
            "requirements",
            "required",
            "qualifications",
            "what you ll",
            "what you will",
            "what you d",
            "you ll",
            "you will",
            "who you are",
            "about you",
            "looking for",
            "from you",
            "what we need",
            "you might",
            "a fit",
            "role",
            "day to day",
            "your impact",
            "you bring",
            "must have",
            "skills",
            "you have",
            "your mission",
            "the job",
            "tasks",
            "profile",
            "duties",
            "accountabilities",
            "essential",
            "criteria",
            "person specification",
            "your background",
            "experience",
            "position",
            "the opportunity",
        ),
    ),
    (
        "other",
        (
            "about",
            "apply",
            "why join",
            "why us",
            "location",
            "team",
            "stack",
            "culture",
            "process",
            "equal opportunity",
        ),
    ),
)
_HEADING_WORDS_MAX = 8
_LOOK = 200  # characters looked at on each side of a line break
_LIST_ITEM = re.compile(r"[-*•·–—>+]|\d{1,2}[.)]\s")


def _loose_heading_kind(line: str, text: str, original_start: int, original_end: int) -> str | None:
    """The kind of a short line that stands alone (no bullet before it, nothing after it but a colon), ends
    with a colon or opens a list, and holds a heading word; None otherwise."""
    if line.count(" ") >= _HEADING_WORDS_MAX:
        return None
    before = text[text.rfind("\n", 0, original_start) + 1 : original_start]
    after_end = text.find("\n", original_end)
    after = text[original_end : after_end if after_end >= 0 else len(text)]
    if before.strip() or after.strip() not in ("", ":"):
        return None
    # A heading ends with a colon or opens a list; a short requirement on a line of its own does neither.
    following = text[after_end : after_end + _LOOK].lstrip() if after_end >= 0 else ""
    if after.strip() != ":" and not _LIST_ITEM.match(following):
        return None
    padded = f" {line} "
    return next((kind for kind, cues in _HEADING_WORDS if any(f" {cue} " in padded for cue in cues)), None)


def _units(text: str, words: Normalised, matched: Iterable[tuple[int, int]] = ()) -> list[_Unit]:
    """The ad as lines and sentences, each with the section it is in and how strongly it asks.

    A short line that is a known heading switches the section, and so does a short line of its own
    with a heading word in it that names nothing the ad asks for (`matched` are the spans of the
    matches). A unit with a softening word ("is a plus", "preferred") asks only nicely, whatever
    its section.
    """
    matched_starts = sorted(start for start, _ in matched)
    normalised = words.text
    # A unit ends where a line or a sentence of the original ends between two words: each cut in the
    # original text falls before the first word that starts after it.
    cuts = []
    for found in _CUT.finditer(text):
        if found.group() == "\n" and _continues(text, found.start()):
            continue
        word = bisect_left(words.original_starts, found.end())
        if 0 < word < len(words.starts):
            cut = words.starts[word] - 1
            if not cuts or cuts[-1] != cut:
                cuts.append(cut)
    units = []
    section = _INTRO
    start = 0
    for cut in [*cuts, len(normalised)]:
        line = normalised[start:cut].strip()
        heading = _heading_kind(line) if line.count(" ") < _HEADING_MAX_WORDS else None
        if heading is None and line and bisect_left(matched_starts, start) == bisect_left(matched_starts, cut):
            first = start + len(normalised[start:cut]) - len(normalised[start:cut].lstrip())
            original_start, original_end = words.original_span(first, first + len(line))
            heading = _loose_heading_kind(line, text, original_start, original_end)
        if heading is not None:
            section = heading
            units.append(_Unit(start, cut, "other", "other"))
        else:
            padded = f" {line} "
            soft = _NICE_INLINE_PATTERN.search(padded) is not None
            asking = section in (REQUIRED, _INTRO, _OPENED)
            strength = NICE if soft or section == NICE else (REQUIRED if asking else "other")
            units.append(_Unit(start, cut, section, strength))
        start = cut + 1
    if any(unit.section != _INTRO for unit in units):
        # Before the first heading, what the company says about itself ("we partner with 300 hospitals", "our
        # forecasting models") asks nothing; a sentence addressed to the candidate ("you will help build...")
        # or about neither ("Experience with Terraform") still does, and so does an item of a list, which a
        # "Job description" heading opens for the duties ("3. Integrate the assistant with our case system").
        # Under a heading that may open the duties as well as the blurb ("Job description"), a sentence is the
        # company's only when the company is its subject ("We build...", "Acme AI trains..."): the duties of
        # such ads say "our" all the time ("Responsibilities include developing our credit risk models").
        units = [
            _Unit(unit.start, unit.end, "other", "other")
            if unit.section in (_INTRO, _OPENED)
            and (
                _company_subject(text, words, unit, matched_starts)
                if unit.section == _OPENED
                else bool(_ABOUT_US.search(normalised, unit.start, unit.end))
            )
            and not _ADDRESSED.search(normalised, unit.start, unit.end)
            and not _list_item(text, words, unit)
            else unit
            for unit in units
        ]
    return units


def _company_subject(text: str, words: Normalised, unit: _Unit, matched_starts: list[int]) -> bool:
    """Whether a unit's subject is the company: "we", "our team/customers/models…", "the company", or its name
    in capitals before a verb ("Acme AI trains foundation models"), a name that is not a catalogue item's
    ("Python is a must")."""
    if _COMPANY_SUBJECT.match(words.text, unit.start):
        return True
    first = bisect_left(words.starts, unit.start)
    for word in range(first, min(first + _NAME_WORDS, len(words.starts) - 1)):
        at = bisect_left(matched_starts, words.starts[word])
        if not text[words.original_starts[word]].isupper() or (
            at < len(matched_starts) and matched_starts[at] == words.starts[word]
        ):
            return False
        following_end = words.starts[word + 2] - 1 if word + 2 < len(words.starts) else len(words.text)
        following = words.text[words.starts[word + 1] : following_end]
        if following in _COMPANY_VERBS and words.starts[word + 1] < unit.end:
            return True
    return False


def _list_item(text: str, words: Normalised, unit: _Unit) -> bool:
    """Whether a unit opens a line with a bullet or a number ("- ", "3. ")."""
    first = bisect_left(words.starts, unit.start)
    if first >= len(words.starts):
        return False
    original = words.original_starts[first]
    line_start = text.rfind("\n", max(0, original - _LOOK), original) + 1
    lead = text[line_start:original]
    return bool(lead.strip()) and bool(_LIST_ITEM.match(lead.lstrip()))


_INTRO = "intro"
_OPENED = "opened"  # the section after a heading such as "Job description": duties or the company's blurb
_ABOUT_US = re.compile(r"\b(?:we|our|us|ours|we re|we ve|the company)\b")
_COMPANY_SUBJECT = re.compile(
    r"(?:we|we re|we ve|us|the company|our (?:[a-z0-9]+ ){0,2}?(?:company|mission|team|teams|platform|product"
    r"|products|customers|clients|users|founders|scientists|researchers|engineers|people|investors|story|vision"
    r"|models|technology|software|business))\b"
)
# A company's name in capitals, of up to this many words, and the verbs that follow it in a blurb.
_NAME_WORDS = 3
_COMPANY_VERBS = frozenset(
    "is are was has have builds trains develops provides offers makes helps serves powers runs sells uses".split()  # noqa: SIM905
)
# The opening that says whom the company wants ("We are looking for a Senior ML Engineer with PyTorch")
# asks for what it names, although it says "we" and not "you"; so does a sentence whose subject is the post
# ("The post holder will develop…", "This role owns…").
_ADDRESSED = re.compile(
    r"\b(?:you|your|you ll|you re|you d|looking for|seeking|hiring|we need|candidates?|someone|ideal|join"
    r"|post ?holder|job ?holder|role holder|this role|the role|this position|the position|successful applicant"
    r"|responsibilities|duties|will be responsible|the (?:ml|ai|data|software|machine learning) engineer will)\b"
)


def _continues(text: str, newline: int) -> bool:
    """Whether a line break falls inside a sentence, as in text copied from a PDF: the line before ends
    with a word, a comma or a hyphen and the next line goes on in lower case, with no bullet."""
    # Bounded slices: a copy of the whole text at every line break would cost time quadratic in its length.
    before = text[max(0, newline - _LOOK) : newline].rstrip(" \t")
    after = text[newline + 1 : newline + 1 + _LOOK].lstrip(" \t")
    return bool(before) and bool(after) and (before[-1].isalnum() or before[-1] in ",-") and after[0].islower()


def _unit_at(units: list[_Unit], index: int) -> _Unit:
    low, high = 0, len(units) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if units[middle].start <= index:
            low = middle
        else:
            high = middle - 1
    return units[low]


def _mentions(text: str, matches: list[Match]) -> tuple[Mention, ...]:
    by_item: dict[tuple[str, str], list[Match]] = {}
    # What the company says about itself or its benefits asks nothing of the candidate.
    for match in [m for m in matches if m.strength in (REQUIRED, NICE)]:
        by_item.setdefault((match.kind, match.key), []).append(match)
    # A named certification the ad asks for is a certification requirement too; one its benefits pay for is not.
    for match in [m for m in matches if m.kind == KIND_CERTIFICATION and m.strength in (REQUIRED, NICE)]:
        by_item.setdefault((KIND_EDUCATION, CERTIFICATION_QUALIFICATION), []).append(match)
    # A certification of a cloud provider ("AWS certification preferred") asks for that cloud as well.
    for match in by_item.get((KIND_EDUCATION, CERTIFICATION_QUALIFICATION), []):
        if match.kind == KIND_EDUCATION and _clouds.find(normalise_phrase(match.phrase)):
            by_item.setdefault((KIND_SKILL, CLOUD_SKILL), []).append(match)
    mentions = []
    for (kind, key), found in by_item.items():
        strength = REQUIRED if any(m.strength == REQUIRED for m in found) else NICE
        mentions.append(
            Mention(
                kind=kind,
                key=key,
                strength=strength,
                excerpts=tuple(_excerpt(text, m) for m in found[:EXCERPTS_PER_ITEM]),
                count=len(found),
            )
        )
    return tuple(mentions)


def _excerpt(text: str, match: Match) -> Excerpt:
    before = text[max(0, match.start - EXCERPT_CONTEXT) : match.start]
    after = text[match.end : match.end + EXCERPT_CONTEXT]
    before = before.rsplit("\n", 1)[-1]
    after = after.split("\n", 1)[0]
    lead = "…" if match.start - len(before) > 0 and text[match.start - len(before) - 1] != "\n" else ""
    tail = "…" if match.end + len(after) < len(text) and text[match.end + len(after)] != "\n" else ""
    # A list's bullet ("- ", "• ") is layout, not the ad's words.
    before = before.lstrip().lstrip("-*•·–—>").lstrip()
    return Excerpt(before=lead + before, match=text[match.start : match.end], after=after + tail)


# --- Working with people ----------------------------------------------------------------

# Ads write collaboration in open-ended ways ("work with the platform team", "partner with clinicians,
# product managers and compliance", "pair with the dialogue team"), which no list of phrases covers. A
# verb of working together counts when people follow it within a few words of the same line or sentence,
# so "we partner with 300 hospitals" and "work with large datasets" do not.
_COLLABORATION = re.compile(
    r"\b(?P<verb>work|works|working|partner|partners|partnering|liaise|liaises|liaising|"
    r"collaborate|collaborates|collaborating|team up|teaming up|pair|pairs|pairing|coordinate|coordinates|"
    r"coordinating|cooperate|cooperates|cooperating|engage|engages|engaging|interface|interfaces|interfacing|"
    r"discussions|meetings|sessions|sit|sits|sitting|meet|meets|consult|consults|consulting|together)"
    r"(?: closely| really closely| very closely| tightly| directly| daily| day to day| hand in hand| side by side"
    r"| regularly)? "
    r"(?:with|alongside) (?P<gap>(?:[a-z0-9+#]+ ){0,8}?)"
    r"(?P<people>teams?|engineers|scientists|researchers|leads|managers|designers|stakeholders|clinicians|"
    r"experts|colleagues|analysts|officers|specialists|owners|squads?|partners|staff|departments|"
    r"disciplines|groups|counterparts|peers|other functions|business functions|designer|pm|pms|ceo|cto|founders?|"
    r"planners|operators|underwriters|traders|lawyers|attorneys|doctors|nurses|radiologists|pathologists|"
    r"product owners?|subject matter experts|domain experts)\b"
    # Or a department named bare, as people: "work with Security on access controls", "partner with Legal".
    r"|\b(?P<dverb>work|works|working|partner|partners|partnering|liaise|liaises|liaising|collaborate|"
    r"collaborates|collaborating|coordinate|coordinates|coordinating|talk|talks|talking) (?:closely |directly )?with "
    r"(?:our |the )?(?P<department>security|legal|compliance|finance|marketing|sales|product|design|research|"
    r"operations|support|procurement)"
    # …or several: "partner with Legal and Compliance to review data usage".
    r"(?: (?:and )?(?:security|legal|compliance|finance|marketing|sales|product|design|research|operations|support"
    r"|procurement|engineering))*(?= (?:on|to|so|when|about|and then)\b|$)"
)
# Between the verb and the people: up to this many words ("the store operations"), or a longer or
# punctuated list that names a department ("hardware, store operations and product leads"). Never a
# preposition: in "Spark, Kafka and Flink in product teams" the work is with the tools, not the teams.
_COLLABORATION_GAP_WORDS = 4
_DEPARTMENTS = frozenset(
    """
    product design data engineering research science sales marketing operations ops legal compliance
    security privacy finance support customer clinical medical platform infrastructure infra business ml ai
    hardware software mobile backend frontend web qa hr people policy risk trust safety quality analytics growth
    """.split()  # noqa: SIM905 (a word list reads better as words)
)
_PREPOSITIONS = frozenset(
    ["in", "on", "at", "for", "from", "into", "using", "via", "by", "to", "within", "through", "over", "across"]
)


def _collaborations(text: str, words: Normalised, units: list[_Unit]) -> list[tuple[int, int]]:
    """(start, end) in the normalised text of each mention of working with people."""
    spans = []
    for unit in units:
        for hit in _COLLABORATION.finditer(words.text, unit.start, unit.end):
            if hit.group("department"):
                spans.append(hit.span())
                continue
            gap = hit.group("gap").split()
            if _PREPOSITIONS.intersection(gap):
                continue
            if (len(gap) > _COLLABORATION_GAP_WORDS or (gap and _punctuated(text, words, hit))) and not (
                _DEPARTMENTS.intersection(gap)
            ):
                continue
            spans.append(hit.span())
    return spans


def _punctuated(text: str, words: Normalised, hit: re.Match) -> bool:
    """Whether a comma or other mark of a list or clause stands between the verb's "with" and the people."""
    with_word = bisect_right(words.starts, hit.start("gap") - 2) - 1
    people_word = bisect_right(words.starts, hit.start("people")) - 1
    between = text[words.original_ends[with_word] : words.original_starts[people_word]]
    return any(mark in between for mark in ",;:()/")


def _within(pattern: re.Pattern, normalised: str, units: list[_Unit]) -> list[tuple[int, int]]:
    """(start, end) in `normalised` of each match of `pattern`, never across two units."""
    # Units are cut at spaces, so a match inside a unit is a match in the whole text: one pass over the
    # text settles it for most patterns, which occur in no ad at all.
    if pattern.search(normalised) is None:
        return []
    return [hit.span() for unit in units for hit in pattern.finditer(normalised, unit.start, unit.end)]


def _gap_pattern(phrase: str) -> re.Pattern:
    """An alias such as "fine-tune … models": its words before the gap, up to a few others, then its words after."""
    head, _, tail = phrase.partition(GAP)
    heads = "|".join(sorted(map(re.escape, phrase_variants(head)), key=len, reverse=True))
    tails = "|".join(sorted(map(re.escape, phrase_variants(tail)), key=len, reverse=True))
    return re.compile(rf"(?<![^ ])(?:{heads})(?: [^ ]+){{0,{GAP_WORDS}}}? (?:{tails})(?![^ ])")


# --- Cues ------------------------------------------------------------------------------

# Title and text words naming a seniority: (normalised words, seniority slug).
_TITLE_SENIORITY = (
    ("intern", "junior"),
    ("internship", "junior"),
    ("graduate", "junior"),
    ("new grad", "junior"),
    ("junior", "junior"),
    ("jr", "junior"),
    ("entry level", "junior"),
    ("associate", "junior"),
    ("early career", "junior"),
    ("mid level", "mid"),
    ("mid", "mid"),
    ("intermediate", "mid"),
    ("senior", "senior"),
    ("sr", "senior"),
    ("lead", "lead"),
    ("tech lead", "lead"),
    ("staff", "lead"),
    ("principal", "lead"),
    ("head of", "lead"),
    ("director", "lead"),
    ("manager", "lead"),
)
_TEXT_SENIORITY = (
    ("entry level", "junior"),
    ("graduate", "junior"),
    ("new grad", "junior"),
    ("recent graduates", "junior"),
    ("early career", "junior"),
    ("junior", "junior"),
    ("staff level", "lead"),
    ("principal", "lead"),
    ("staff engineer", "lead"),
    ("technical lead", "lead"),
    ("tech lead", "lead"),
)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
}
_YEAR_WORDS = ("years", "year", "yrs", "yr")
_MAX_PLAUSIBLE_YEARS = 30
_RATE_WORDS = ("a", "an", "per", "each", "every")

# Degree cues: normalised words and the degree level (the "degree" qualification's scale).
_DEGREES = (
    ("bachelor", 2),
    ("bachelors", 2),
    ("bachelor s", 2),
    ("bs", 2),
    ("bsc", 2),
    ("b sc", 2),
    ("b s", 2),
    ("ba", 2),
    ("beng", 2),
    ("undergraduate degree", 2),
    ("degree", 2),
    ("master", 3),
    ("masters", 3),
    ("master s", 3),
    ("ms", 3),
    ("msc", 3),
    ("m sc", 3),
    ("m s", 3),
    ("meng", 3),
    ("graduate degree", 3),
    ("advanced degree", 3),
    ("phd", 4),
    ("ph d", 4),
    ("doctorate", 4),
    ("doctoral", 4),
)
_EQUIVALENT = (
    "or equivalent experience",
    "or equivalent practical experience",
    "or equivalent work experience",
    "or equivalent industry experience",
    "or equivalent",
    "or comparable experience",
    "or similar experience",
)
_CLOUDS = (
    ("aws", "aws"),
    ("amazon web services", "aws"),
    ("sagemaker", "aws"),
    ("amazon bedrock", "aws"),
    ("aws bedrock", "aws"),
    ("gcp", "google"),
    ("google cloud", "google"),
    ("google cloud platform", "google"),
    ("vertex ai", "google"),
    ("vertex", "google"),
    ("bigquery", "google"),
    ("azure", "azure"),
    ("microsoft azure", "azure"),
    ("azure ml", "azure"),
)


def _fixed(pairs) -> Matcher:
    return Matcher(Alias(phrase=words, kind="cue", key=str(value)) for words, value in pairs)


_title_seniority = _fixed(_TITLE_SENIORITY)
_text_seniority = _fixed(_TEXT_SENIORITY)
_degrees = _fixed(_DEGREES)
_clouds = _fixed(_CLOUDS)


def _cues(matcher, normalised, units, *, title, seniorities) -> Cues:
    # The title, or the ad's first line when no title was given.
    head = normalise_phrase(title) if title.strip() else normalised[: units[0].end] if units else ""
    seniority, source, phrase = None, "", ""
    in_title = _title_seniority.find(head)
    if in_title:
        # The most senior word in the title: "Senior ... Lead" is a lead post.
        order = ["junior", "mid", "senior", "lead"]
        start, end, alias = max(in_title, key=lambda m: order.index(m[2].key))
        seniority, source, phrase = alias.key, "title", head[start:end]
    years, years_phrase = _years(normalised)
    if seniority is None and years is not None and seniorities:
        seniority = next((slug for slug, minimum in reversed(seniorities) if years >= minimum), seniorities[0][0])
        source, phrase = "years", years_phrase
    if seniority is None:
        in_text = _text_seniority.find(normalised)
        if in_text:
            seniority, source, phrase = in_text[0][2].key, "text", normalised[in_text[0][0] : in_text[0][1]]
    level, degree_phrase, strength = _degree(normalised, units)
    roles = [m[2].key for m in matcher.find(head, roles=True)]
    if not roles:
        roles = [m[2].key for m in matcher.find(normalised, roles=True)]
    clouds = []
    for _, _, alias in _clouds.find(normalised):
        if alias.key not in clouds:
            clouds.append(alias.key)
    return Cues(
        seniority=seniority,
        seniority_source=source,
        seniority_phrase=phrase,
        years=years,
        degree_level=level,
        degree_phrase=degree_phrase,
        equivalent_experience=any(f" {cue} " in f" {normalised} " for cue in _EQUIVALENT),
        degree_strength=strength,
        clouds=tuple(clouds),
        roles=tuple(dict.fromkeys(roles)),
    )


def _years(normalised: str) -> tuple[int | None, str]:
    """The largest number of years of experience asked for ("5+ years", "three or more years", "3-5 yrs")."""
    words = normalised.split(" ")
    best, phrase = None, ""
    for index, word in enumerate(words):
        if word not in _YEAR_WORDS:
            continue
        # "Ten days a year", "5 training days per year": a rate of leave or training, not years of experience.
        if index and words[index - 1] in _RATE_WORDS:
            continue
        # Look back over "+", "or more", a range's upper end: the first number found is the minimum asked.
        window = words[max(0, index - 4) : index]
        numbers = [_number(w) for w in window]
        numbers = [n for n in numbers if n is not None]
        if not numbers:
            continue
        following = " ".join(words[index + 1 : index + 4])
        if following.startswith(("old", "ago")):
            continue
        found = numbers[0] if len(numbers) == 1 else min(numbers)
        if found <= _MAX_PLAUSIBLE_YEARS and (best is None or found > best):
            best, phrase = found, " ".join([*window, word])
    return best, phrase


def _number(word: str) -> int | None:
    word = word.rstrip("+")
    if word.isdigit() and len(word) <= 2:
        return int(word)
    return _NUMBER_WORDS.get(word)


def _degree(normalised: str, units: list[_Unit]) -> tuple[int | None, str, str]:
    """The lowest degree the ad accepts where it asks for one, with its wording and strength.

    "BS/MS in Computer Science" accepts a Bachelor's; "MS or PhD" a Master's. A degree named
    only where the ad asks nicely ("PhD preferred") is returned with strength NICE.
    """
    found = []
    for start, end, alias in _degrees.find(normalised):
        words = normalised[start:end]
        unit = _unit_at(units, start) if units else None
        # "degree" alone counts only beside a field ("degree in computer science", "a related degree").
        if words == "degree" and not _near_degree_field(normalised, start, end):
            continue
        # Two-letter abbreviations count only next to a degree word or a field ("BS in", "MS/PhD").
        if len(words.replace(" ", "")) <= 2 and not _near_degree_field(normalised, start, end):
            continue
        found.append((int(alias.key), words, unit.strength if unit else REQUIRED))
    if not found:
        return None, "", ""
    required = [f for f in found if f[2] != NICE]
    pool = required or found
    level, words, _ = min(pool, key=lambda f: f[0])
    return level, words, NICE if not required else REQUIRED


_DEGREE_CONTEXT = (
    " in computer science",
    " in cs",
    " in a related",
    " in engineering",
    " in mathematics",
    " in statistics",
    " in data science",
    " in machine learning",
    " in physics",
    " in electrical",
    " in robotics",
    " in a quantitative",
    " in ai",
    " in linguistics",
    " or ms",
    " or phd",
    " ms ",
    " phd",
    " degree",
    " in a technical",
    " or equivalent",
    " related field",
    " in mechanical",
    " in computational",
)


def _near_degree_field(normalised: str, start: int, end: int) -> bool:
    after = normalised[end : end + 30] + " "
    before = " " + normalised[max(0, start - 20) : start]
    return any(after.startswith(cue) for cue in _DEGREE_CONTEXT) or before.endswith(
        (" related ", " a ", " relevant ", " technical ", " quantitative ", " bs ", " ms ")
    )


# --- Unrecognised terms ----------------------------------------------------------------

_TERM_LEADS = (
    "experience with",
    "experience in",
    "experience using",
    "experience of",
    "knowledge of",
    "familiarity with",
    "familiar with",
    "proficiency in",
    "proficiency with",
    "proficient in",
    "proficient with",
    "expertise in",
    "expertise with",
    "skilled in",
    "hands on with",
    "hands on experience with",
    "understanding of",
    "exposure to",
    "background in",
    "fluency in",
    "fluent in",
    "comfortable with",
    "working knowledge of",
)
_TERM_MAX_WORDS = 4
_TERM_MAX_PER_AD = 40
# Words that make up phrases about anything rather than a requirement we could list.
_GENERIC = frozenset(
    """
    a an the of in on at to for with and or our your their its this that these those some any strong
    solid good great deep excellent proven demonstrated hands practical working modern relevant related
    similar common popular other various one more least experience knowledge skills skill understanding
    background ability abilities tools tooling tool technologies technology systems system frameworks
    framework environment environments concepts techniques practices methods approaches production large
    scale real world complex data team teams projects project building build using use writing work
    field areas area etc e g ie i e is are be will would can you we they it plus preferred ideally
    required bonus least years year yrs professional industry commercial at least new them us
    all both each
    """.split()  # noqa: SIM905 (a word list reads better as words)
)


def _unrecognised(text: str, words: Normalised, units: list[_Unit], matches) -> tuple[str, ...]:
    """Phrases after "experience with", "knowledge of"... in a requirement that match no alias."""
    # Matches are sorted and never overlap: the one starting last before a phrase's end is the only one to check.
    covered_starts = [start for start, _, _ in matches]
    covered_ends = [end for _, end, _ in matches]
    terms: dict[str, None] = {}
    normalised = words.text
    # Lists after a lead ("experience with Kafka, Flink and dbt"), and short names in any requirement
    # ("Python and C++", "Strong Python and Go"): a name is written with a capital, a digit, "+" or "#".
    spans = [(end + 1, _unit_at(units, start), False) for start, end, _ in _term_leads.find(normalised)]
    # Names are looked for in short units only (a list's items), not in the prose around them.
    spans += [
        (unit.start, unit, True) for unit in units if normalised.count(" ", unit.start, unit.end) < _NAME_UNIT_MAX_WORDS
    ]
    for begin, unit, names_only in spans:
        if unit.strength not in (REQUIRED, NICE):
            continue
        for chunk in _chunks(text, words, begin, unit.end):
            piece = list(chunk)
            # Trim generic words at either end ("strong python skills" → "python").
            while piece and piece[0][0] in _GENERIC:
                piece = piece[1:]
            while piece and piece[-1][0] in _GENERIC:
                piece = piece[:-1]
            plain = [word for word, _ in piece]
            if not plain or len(plain) > _TERM_MAX_WORDS or plain[0] in _QUESTION_WORDS:
                continue
            if all(w in _GENERIC or w.rstrip("+").isdigit() for w in plain):
                continue
            if names_only and (len(plain) > _NAME_MAX_WORDS or not _looks_like_a_name(text, words, piece, unit)):
                continue
            first, last = piece[0][1], piece[-1][1] + len(piece[-1][0])
            before = bisect_right(covered_starts, last - 1) - 1
            if before >= 0 and covered_ends[before] > first:
                continue
            terms.setdefault(" ".join(plain), None)
            if len(terms) >= _TERM_MAX_PER_AD:
                return tuple(terms)
    return tuple(terms)


_NAME_MAX_WORDS = 2
_NAME_UNIT_MAX_WORDS = 14
_QUESTION_WORDS = frozenset({"what", "how", "why", "when", "which", "who", "where", "whether"})


def _looks_like_a_name(text: str, words: Normalised, piece: list[tuple[str, int]], unit: _Unit) -> bool:
    first = bisect_right(words.starts, piece[0][1]) - 1
    last = bisect_right(words.starts, piece[-1][1]) - 1
    original = text[words.original_starts[first] : words.original_ends[last]]
    # A capital on the unit's first word is only the start of a sentence.
    if piece[0][1] == unit.start:
        original = original[1:]
    return any(char.isupper() or char.isdigit() or char in "+#" for char in original)


_term_leads = _fixed((lead, lead) for lead in _TERM_LEADS)
_TERM_SPLIT_WORDS = frozenset({"and", "or", "such", "as", "including", "e", "g", "like", "plus", "etc", "with"})
_TERM_SPLIT_MARKS = frozenset(",/();:")


def _chunks(text: str, words: Normalised, start: int, end: int):
    """The items of a list such as "Kafka, Flink and Spark Streaming", as lists of (word, offset)."""
    normalised = words.text
    chunk: list[tuple[str, int]] = []
    index = max(0, bisect_right(words.starts, start) - 1)
    while index < len(words.starts) and words.starts[index] < end:
        offset = words.starts[index]
        word_end = words.starts[index + 1] - 1 if index + 1 < len(words.starts) else len(normalised)
        word = normalised[offset:word_end]
        if word in _TERM_SPLIT_WORDS:
            if chunk:
                yield chunk
            chunk = []
        else:
            chunk.append((word, offset))
        ends_item = index + 1 < len(words.starts) and not _TERM_SPLIT_MARKS.isdisjoint(words.gap_after(index, text))
        if chunk and ends_item:
            yield chunk
            chunk = []
        index += 1
    if chunk:
        yield chunk
