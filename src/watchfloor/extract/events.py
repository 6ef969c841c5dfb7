"""Events on the PLOVER ontology: what happened, who did it, where, when, how big, and
which claims report or deny it.

Reads the parse, ``doc._.wf_entities``/``wf_entity_of``, ``wf_claims`` with
``wf_claim_attributes``, ``wf_quantities`` and ``wf_dates``; writes ``doc._.wf_events``.

A trigger word (``lang/data/<language>/events.toml``) starts an event mention. Mentions
that only refer back ("the mobilisation", "any mobilisation", a bare "mobilisation" with no
actor of its own) join the first earlier event of the same type, so one event gathers
every claim that reports or denies it. Following PLOVER, joint exercises and operations are
COOPERATE and a country's own exercises MOBILIZE. Each mention has a status: reported,
future, hypothetical, negated or denied; an event counts as having happened only if some
mention reports it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from watchfloor.extract.drafts import ClaimDraft
from watchfloor.extract.entities import EntityCluster
from watchfloor.extract.geo import country_code
from watchfloor.extract.modality import ClaimAttributes
from watchfloor.lang.lexicon import CUE_VERBS, DENIAL_VERBS
from watchfloor.lang.plover import (
    Trigger,
    event_words,
    family_of,
)
from watchfloor.types import EventStatus, Polarity, Quantity

__all__ = ["EventDraft", "EventFinder"]

_PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
_ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_LOCATIVE = frozenset(
    "in at near on across along into inside outside around off from over within".split()
)
_RECIPIENT_PREPS = frozenset({"against", "on", "to", "toward", "towards", "into"})
_CO_ACTOR_TYPES = frozenset({"COOPERATE", "CONSULT", "AGREE"})
_ANAPHORIC = frozenset({"the", "this", "that", "these", "those", "any", "such", "its", "their"})
_HYPOTHETICAL_MODALS = frozenset({"may", "might", "could", "would", "should", "can"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll"})
_FUTURE_GOVERNORS = frozenset({"plan", "intend", "prepare", "schedule", "set", "expect"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
_SIZE_UNITS = frozenset({"person", "vehicle", "aircraft", "vessel", "weapon", "unit"})
_SECURITY_OPERATION = frozenset(
    {
        "counter-terrorist",
        "counterterrorist",
        "counter-terrorism",
        "counterterrorism",
        "anti-terrorist",
        "antiterrorist",
        "anti-terror",
        "terrorist",
        "terrorism",
    }
)
_JOINT_WORDS = frozenset(
    {"joint", "combined", "allied", "bilateral", "multinational", "совместный", "совместные"}
)
_CLAUSE_DEPS = frozenset({"relcl", "acl", "ccomp", "advcl", "xcomp", "parataxis"})


@dataclass(slots=True)
class EventDraft:
    type: str
    mode: str | None
    context: str | None
    trigger: Span
    sentence: Span
    family: str | None = None
    actors: list[int] = field(default_factory=list)
    recipients: list[int] = field(default_factory=list)
    location: int | None = None
    location_inferred: bool = False
    date: int | None = None
    size: int | None = None
    supported_by: list[int] = field(default_factory=list)
    denied_by: list[int] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    statuses: list[EventStatus] = field(default_factory=list)

    @property
    def status(self) -> EventStatus:
        """Reported if any mention reports it; otherwise the strongest reason it did not
        (yet) happen."""
        for status in (
            EventStatus.REPORTED,
            EventStatus.FUTURE,
            EventStatus.HYPOTHETICAL,
            EventStatus.DENIED,
            EventStatus.NEGATED,
        ):
            if status in self.statuses:
                return status
        return EventStatus.REPORTED


class EventFinder:
    """Event mentions of one language's documents, by that language's event words."""

    def __init__(self, language: str = "en") -> None:
        self.words = event_words(language)

    def __call__(self, doc: Doc) -> Doc:
        self.doc = doc
        self.clusters: list[EntityCluster] = doc._.wf_entities or []
        self.owner: dict[int, int] = doc._.wf_entity_of or {}
        self.claims: list[ClaimDraft] = doc._.wf_claims or []
        self.attributes: list[ClaimAttributes] = doc._.wf_claim_attributes or []
        self.quantities: list[Quantity] = doc._.wf_quantities or []
        self.dates = doc._.wf_dates or []
        events: list[EventDraft] = []
        triggers = [(t, found) for t in doc if (found := self._trigger(t)) is not None]
        trigger_tokens = {t.i for t, _ in triggers}
        for token, found in triggers:
            if _setting_of_another(token, trigger_tokens):
                continue
            mention = self._mention(token, found)
            target = self._coreferent(events, mention, token)
            if target is None:
                events.append(mention)
            else:
                _merge(target, mention)
        focus = self._focus_place()
        for event in events:
            if event.location is None and focus is not None:
                event.location, event.location_inferred = focus, True
        doc._.wf_events = events
        return doc

    # --- triggers ---------------------------------------------------------------------

    def _trigger(self, token: Token) -> Trigger | None:
        if token.pos_ not in ("VERB", "NOUN", "PROPN"):
            return None
        lemma = token.lemma_.lower()
        joint = self._joint(token)
        if joint:
            return Trigger("COOPERATE", None, "military")
        if token.i in self.owner:
            return None  # part of a name: "Union Courage", "Security Council"
        security = self._security_operation(token)
        if security is not None:
            return security
        particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
        phrasal = next(
            (self.words.phrasal[(lemma, p)] for p in particles if (lemma, p) in self.words.phrasal),
            None,
        )
        if (
            phrasal is not None
            and token.pos_ == "VERB"
            and (not phrasal.military or self._military_setting(token))
        ):
            return phrasal
        hyphened = _hyphened(token)  # "call-up", which the tokenizer splits in three
        if hyphened is not None and hyphened in self.words.triggers:
            joined = self.words.triggers[hyphened]
            return None if joined.military and not self._military_setting(token) else joined
        trigger = self.words.triggers.get(lemma) or self.words.triggers.get(token.lower_)
        if trigger is None or token.pos_ == "PROPN":
            return None
        if trigger.pos == "verb" and token.pos_ != "VERB":
            return None
        if trigger.pos == "noun" and token.pos_ != "NOUN":
            return None
        if trigger.military and not self._military_setting(token):
            return None
        if lemma == "strike" and token.pos_ == "NOUN":
            return None
        return trigger

    def _security_operation(self, token: Token) -> Trigger | None:
        """'a counter-terrorist operation regime was introduced': security forces on alert."""
        if token.lemma_.lower() not in ("operation", "regime") or token.pos_ != "NOUN":
            return None
        words = {t.lower_ for t in token.subtree if t.i < token.i}
        if words & _SECURITY_OPERATION:
            return Trigger("MOBILIZE", "police", "security")
        return None

    def _joint(self, token: Token) -> bool:
        """'joint drills', 'Russia-Belarus exercises', 'a joint grouping with Russia'."""
        joint = self.words.joint_military_nouns
        if token.lower_ not in joint and token.lemma_.lower() not in joint:
            return False
        if token.pos_ not in ("NOUN", "PROPN"):
            return False
        modifiers = [c for c in token.children if c.i < token.i]
        if any(c.lower_ in _JOINT_WORDS or c.lemma_ in _JOINT_WORDS for c in modifiers):
            return True
        left = self.doc[token.left_edge.i : token.i]
        countries = {
            self.clusters[self.owner[t.i]].country
            for t in left
            if t.i in self.owner and self.clusters[self.owner[t.i]].type in ("GPE", "NORP")
        }
        countries.discard(None)
        return len(countries) >= 2 and self._military_setting(token)

    def _military_setting(self, token: Token) -> bool:
        setting = self.words.military_setting
        for t in token.sent:
            if t.lemma_.lower() in setting or t.lower_ in setting:
                return True
            if t.i in self.owner and self.clusters[self.owner[t.i]].kind == "military":
                return True
        return False

    # --- one mention ------------------------------------------------------------------

    def _mention(self, token: Token, trigger: Trigger) -> EventDraft:
        doc = self.doc
        mention = EventDraft(
            type=trigger.type,
            mode=trigger.mode,
            context=trigger.context,
            trigger=doc[token.i : token.i + (3 if _hyphened(token) in self.words.triggers else 1)],
            sentence=token.sent,
            family=family_of(token.lemma_),
        )
        mention.mentions.append(mention.trigger)
        actors, recipients = self._arguments(token, trigger.type)
        mention.actors, mention.recipients = actors, recipients
        mention.location = self._location(token)
        mention.date = self._date(token)
        mention.size = self._size(token)
        status = self._status(token)
        for index, claim in enumerate(self.claims):
            start, end = claim.content
            if start <= token.idx < end:
                denied = self.attributes[index].polarity is Polarity.DENIED
                (mention.denied_by if denied else mention.supported_by).append(index)
                if denied and status is EventStatus.REPORTED:
                    status = EventStatus.DENIED
        mention.statuses.append(status)
        return mention

    def _arguments(self, token: Token, type_: str) -> tuple[list[int], list[int]]:
        actors: list[int] = []
        recipients: list[int] = []
        for child in token.children:
            dep = child.dep_
            if dep in ("nsubj", "poss", "agent", "compound", "amod", "nmod") and child.i < token.i:
                actors += self._entities_in(child)
            elif dep == "agent":
                actors += [e for p in child.children for e in self._entities_in(p)]
            elif dep in ("dobj", "nsubjpass"):
                recipients += self._entities_in(child)
            elif dep == "prep":
                objects = [
                    e for p in child.children if p.dep_ == "pobj" for e in self._entities_in(p)
                ]
                word = child.lower_
                if word == "with" and type_ in _CO_ACTOR_TYPES:
                    actors += objects
                elif word == "by" or (word == "of" and token.pos_ == "NOUN" and not actors):
                    actors += [
                        o for o in objects if self.clusters[o].type not in _PLACE_TYPES - {"GPE"}
                    ]
                elif word in _RECIPIENT_PREPS:
                    recipients += [o for o in objects if self.clusters[o].type in _ACTOR_TYPES]
        if not actors:
            governor = _governing_verb(token)
            if governor is not None:
                for child in governor.children:
                    if child.dep_ in ("nsubj", "agent"):
                        actors += self._entities_in(child)
        actors = [a for a in dict.fromkeys(actors) if self.clusters[a].type in _ACTOR_TYPES]
        recipients = [r for r in dict.fromkeys(recipients) if r not in actors]
        return actors, recipients

    def _entities_in(self, head: Token) -> list[int]:
        """Entities named in the noun phrase headed by ``head``, not in clauses inside it."""
        found: list[int] = []
        stack = [head]
        while stack:
            token = stack.pop()
            if token.i in self.owner:
                found.append(self.owner[token.i])
                # A named head is the referent; its modifiers ("Russia's ally") are not.
                stack.extend(c for c in token.children if c.dep_ in ("conj", "appos"))
                continue
            stack.extend(
                c for c in token.children if c.dep_ not in _CLAUSE_DEPS and c.dep_ != "poss"
            )
        return list(dict.fromkeys(found))

    def _location(self, token: Token) -> int | None:
        candidates = [token]
        governor = _governing_verb(token)
        if governor is not None:
            candidates.append(governor)
        for head in candidates:
            for child in head.children:
                index = self.owner.get(child.i)
                if (  # "attacked Kharkiv"
                    child.dep_ == "dobj"
                    and index is not None
                    and self.clusters[index].type in _PLACE_TYPES
                ):
                    return index
                if child.dep_ == "prep" and child.lower_ in _LOCATIVE:
                    place = self._place_in(child)
                    if place is not None:
                        return place
        for child in token.sent:
            if child.dep_ == "prep" and child.lower_ in _LOCATIVE - {"from", "on"}:
                place = self._place_in(child)
                if place is not None:
                    return place
        return None

    def _place_in(self, prep: Token) -> int | None:
        for token in prep.subtree:
            index = self.owner.get(token.i)
            if index is not None and self.clusters[index].type in _PLACE_TYPES:
                return index
        return None

    def _date(self, token: Token) -> int | None:
        sentence = token.sent
        best: tuple[int, int] | None = None
        for index, date in enumerate(self.dates):
            if date.value and sentence.start_char <= date.start < sentence.end_char:
                distance = abs(date.start - token.idx)
                if best is None or distance < best[0]:
                    best = (distance, index)
        return best[1] if best else None

    def _size(self, token: Token) -> int | None:
        sentence = token.sent
        best: tuple[int, int] | None = None
        for index, quantity in enumerate(self.quantities):
            if quantity.role != "count" or quantity.unit not in _SIZE_UNITS:
                continue
            if sentence.start_char <= quantity.start < sentence.end_char:
                distance = abs(quantity.start - token.idx)
                if best is None or distance < best[0]:
                    best = (distance, index)
        return best[1] if best else None

    def _status(self, token: Token) -> EventStatus:
        verb = token if token.pos_ in ("VERB", "AUX") else _governing_verb(token)
        heads = [token] + ([verb] if verb is not None and verb is not token else [])
        for head in heads:
            if any(c.dep_ == "neg" or c.lower_ in ("no", "never") for c in head.children):
                return EventStatus.NEGATED
        for ancestor in [token, *token.ancestors]:
            if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in ancestor.children):
                return EventStatus.HYPOTHETICAL
        if verb is not None:
            auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
            if auxes & _HYPOTHETICAL_MODALS:
                return EventStatus.HYPOTHETICAL
            if auxes & _FUTURE_AUX or _going_to(verb):
                return EventStatus.FUTURE
            if "to" in auxes and verb.dep_ in ("acl", "relcl", "ROOT"):
                return EventStatus.FUTURE  # "2,000 men to be drafted"
            governor = verb.head if verb.dep_ in ("xcomp", "ccomp") else None
            if governor is not None and governor.lemma_.lower() in _FUTURE_GOVERNORS:
                return EventStatus.FUTURE
        return EventStatus.REPORTED

    # --- across mentions --------------------------------------------------------------

    def _coreferent(
        self, events: list[EventDraft], mention: EventDraft, token: Token
    ) -> EventDraft | None:
        same_type = [e for e in events if e.type == mention.type and e.mode == mention.mode]
        if not same_type:
            return None
        for event in same_type:  # one event per type and sentence
            if event.sentence == mention.sentence and _compatible(event, mention, self.clusters):
                return event
        if mention.size is not None:  # the same figure again: the same event
            quantity = self.quantities[mention.size]
            for event in same_type:
                if event.size is not None and self.quantities[event.size].value == quantity.value:
                    if quantity.approximate:  # a headline drops the hedge the body keeps
                        event.size = mention.size
                    return event
        determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "poss")}
        # "joint deployment" is its own event; "hidden mobilization" is the one discussed.
        joint = any(
            c.lower_ in ("joint", "combined", "allied", "bilateral") for c in token.children
        )
        definite = bool(determiners & _ANAPHORIC)
        own_arguments = joint or bool(
            (mention.actors and not definite) or mention.recipients or mention.size is not None
        )
        referring = not own_arguments and (not determiners or definite)
        if not referring:
            return None
        return next((e for e in same_type if _compatible(e, mention, self.clusters)), None)

    def _focus_place(self) -> int | None:
        """The country the article is mostly about: its most mentioned state, counting
        its adjective ("Belarusian") as a mention of it."""
        counts: Counter[str] = Counter()
        for cluster in self.clusters:
            if cluster.country and cluster.type in ("GPE", "NORP"):
                counts[cluster.country] += len(cluster.mentions)
        if not counts:
            return None
        (country, top), *rest = [*counts.most_common(2), ("", 0)]
        if rest and rest[0][1] == top:
            return None  # no one country dominates
        for index, cluster in enumerate(self.clusters):
            entry = cluster.entry
            if cluster.type == "GPE" and entry is not None and country_code(entry.name) == country:
                return index
        return None


def _merge(target: EventDraft, mention: EventDraft) -> None:
    target.mentions.extend(mention.mentions)
    target.statuses.extend(mention.statuses)
    target.actors += [a for a in mention.actors if a not in target.actors]
    target.recipients += [r for r in mention.recipients if r not in target.recipients]
    target.supported_by += [c for c in mention.supported_by if c not in target.supported_by]
    target.denied_by += [c for c in mention.denied_by if c not in target.denied_by]
    if target.location is None:
        target.location = mention.location
    if target.date is None:
        target.date = mention.date
    if target.size is None:
        target.size = mention.size


def _compatible(event: EventDraft, mention: EventDraft, clusters: list[EntityCluster]) -> bool:
    """Mentions with actors of their own must share one with the event, or their country."""
    if mention.actors and event.actors and not set(mention.actors) & set(event.actors):
        countries = {clusters[a].country for a in event.actors} - {None}
        if not countries & {clusters[a].country for a in mention.actors}:
            return False
    return not (
        mention.location is not None
        and event.location is not None
        and mention.location != event.location
    )


_SETTING_PREPOSITIONS = frozenset({"at", "during", "on", "in", "amid", "after", "before"})


def _setting_of_another(token: Token, triggers: set[int]) -> bool:
    """'announced a joint deployment at a summit': the summit is where the event was
    announced, not an event of its own; PLOVER codes the clause's event once. 'Tanks
    move during the drills' keeps the drills: nothing else in the clause is an event."""
    if token.pos_ != "NOUN" or token.dep_ != "pobj":
        return False
    preposition = token.head
    if preposition.lower_ not in _SETTING_PREPOSITIONS:
        return False
    anchor = preposition.head
    own = {t.i for t in token.subtree}
    return any(t.i in triggers and t.i not in own for t in anchor.subtree if t.i != token.i)


def _governing_verb(token: Token) -> Token | None:
    """The verb a noun trigger hangs from: 'conducting a mobilisation', 'the launch of ...';
    not a reporting verb, whose subject is the source of a claim, not an actor."""
    current = token
    for _ in range(6):
        if current.dep_ == "ROOT" and current.pos_ not in ("VERB", "AUX"):
            return None
        head = current.head
        if head is current:
            return None
        if head.pos_ in ("VERB", "AUX"):
            lemma = head.lemma_.lower()
            return None if lemma in CUE_VERBS or lemma in DENIAL_VERBS else head
        current = head
    return None


def _going_to(verb: Token) -> bool:
    return verb.dep_ == "xcomp" and verb.head.lower_ == "going"


# The dependency parse is read where a pipeline has one (English); see entities.py.
@Language.factory(
    "watchfloor_events",
    requires=[
        "doc._.wf_entities",
        "doc._.wf_claims",
        "doc._.wf_claim_attributes",
        "doc._.wf_quantities",
        "doc._.wf_dates",
    ],
    assigns=["doc._.wf_events"],
    default_config={"language": "en"},
)
def make_event_finder(nlp: Language, name: str, language: str) -> EventFinder:
    return EventFinder(language)


def _hyphened(token: Token) -> str | None:
    """The word a hyphen joins ``token`` to, as written ("call-up"), or None."""
    doc = token.doc
    if token.i + 2 >= len(doc) or token.whitespace_ or doc[token.i + 1].text != "-":
        return None
    if doc[token.i + 1].whitespace_:
        return None
    return f"{token.lower_}-{doc[token.i + 2].lower_}"
