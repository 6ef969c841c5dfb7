"""Who a claim's source is: the phrase before or around a cue resolved to an entity, a
pronoun's antecedent, a transcript's speaker, a description or an unnamed source.

``SourceResolver`` is the part of the attribution finder that reads the parse and
``doc._.wf_entities`` around a cue; ``speaker_labels`` finds a transcript's speaker labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Span, Token

from watchfloor.extract.drafts import SourceDraft
from watchfloor.extract.entities import (
    EntityCluster,
    resolve_description,
    transcript_label,
    unshouted,
)
from watchfloor.extract.gazetteer import gazetteer_of
from watchfloor.lang.lexicon import (
    ANONYMOUS_NOUNS,
    CITE_LEMMAS,
    EVIDENTIAL_VERBS,
    EXPERT_NOUNS,
    MEDIA_DESCRIPTIONS,
    MILITARY_NOUNS,
    OFFICIAL_NOUNS,
    PERSON_ROLE_KIND,
    ROLE_TITLES,
    SPEAKING_GROUPS,
    SPEAKS_FOR,
    UNNAMED_MARKERS,
    is_title_word,
    speaking_nouns,
)
from watchfloor.lang.names import same_name
from watchfloor.types import SourceKind

__all__ = [
    "SourceDraft",
    "SourceResolver",
    "noun_phrase",
    "quoted_as_saying",
    "shown_name",
    "source_kind_of",
    "speaker_labels",
]

_HUMAN_PRONOUNS = frozenset({"he", "she", "him", "her"})
_THING_PRONOUNS = frozenset({"it"})
_GROUP_PRONOUNS = frozenset({"they", "them"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_AUTHORED = re.compile(
    r"[ \t]*(?:Joint |Official |Press )?(?:Statement|Press release|Comment|Communiqu[eé]|"
    r"Declaration|Address|Remarks|Appeal|Message|Briefing)s?\b[^\n]{0,40}?\b(?:of|by|from)\b",
    re.IGNORECASE,
)
"""A title line that names who wrote or spoke the document."""
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_POSSESSIVES = {"my": "i", "our": "we", "your": "you", "his": "he", "its": "it", "their": "they"}
"""A possessive standing for its pronoun ("in our view": we); "her" is one already."""
_PLACE_TYPES = frozenset({"GPE", "LOC", "NORP", "FAC"})
_QUESTION_LABEL = re.compile(r"(?m)^[ \t]*(Q)(?:[ \t]|[:.][ \t])")
"""'Q' opening a reporter's turn in a briefing transcript: its 'I' and 'we' are the
reporter's, not the official's who spoke before."""
_AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ee", "man", "woman", "person")
"""reporter, commentator, analyst, politician, participant, resident, employee, spokesman,
businesswoman, chairperson"""
_SPEAKER_LABEL = re.compile(
    # "MS. JEAN-PIERRE:", "THE PRESIDENT:" (White House) or "Vladimir Putin:" (Kremlin)
    r"(?m)^[ \t]*((?:THE |MR\. |MS\. |MRS\. |DR\. |SENATOR |SECRETARY |GENERAL |AMBASSADOR )?"
    r"[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3}|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,3}):[ \t]"
)

_INLINE_SPEAKER_LABEL = re.compile(
    # "President of Russia Vladimir Putin:" at a line's start, or in a transcript flattened to
    # one line after a sentence's end ("... Mr President. President of the Republic of Belarus
    # Alexander Lukashenko: Friends, ..."): a name of two to four capitalised words, with
    # title words and "of the" before it.
    r"(?:(?<=[.!?\u2026\u201d\"])[ \t]+|(?<=\n)[ \t]*|\A[ \t]*)"
    r"((?:[A-Z][a-z]+ (?:(?:of|of the|for|and) )?){0,8}[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,3}):[ \t]"
)
_LABEL_WORDS = frozenset(["Question", "Remark", "Answer", "Response", "To", "Dear"])
"""Words that open a line or sentence before a colon without naming a speaker (a
question, a letter's "To ...:" and "Dear ...:")."""


def speaker_labels(text: str) -> list[tuple[int, int]]:
    """Character spans of a transcript's speaker labels, at a line's start ("MS. JEAN-PIERRE:",
    "Q") or after a sentence's end in a transcript flattened to one line; a headline in
    title case before a colon ("The Latest: ...") is none."""
    found = [m.span(1) for m in _SPEAKER_LABEL.finditer(text)]
    found += [m.span(1) for m in _QUESTION_LABEL.finditer(text)]
    found += [
        m.span(1)
        for m in _INLINE_SPEAKER_LABEL.finditer(text)
        if m.group(1).split()[0] not in _LABEL_WORDS
    ]
    return sorted({(s, e) for s, e in found if may_name_someone(text[s:e])})


def naming_someone(
    doc: Doc, labels: list[tuple[int, int]], is_person: Callable[[Token], bool]
) -> list[tuple[int, int]]:
    """The speaker labels of ``doc`` that name a speaker. All-capitals labels and "Q" are a
    transcript's own convention; a title-case label must end in a person's name or a title
    ("Pat Caddell:", "Defence Minister Sergei Shoigu:", "The President:"). A headline or a
    subheading ("The Latest: ...", "Veto Power Impedes Peace Efforts: ...") names no one:
    taken for a label, it made the rest of the article its "turn" (72 claims of "The
    Latest" and the like on PolNeAR dev)."""
    named = []
    for start, end in labels:
        if not any(c.islower() for c in doc.text[start:end]):
            named.append((start, end))
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and (is_person(span[-1]) or is_title_word(span[-1].text)):
            named.append((start, end))
    return named


def _speaks(head: Token) -> bool:
    """Whether a source's head word names someone or something that can speak."""
    lemma = head.lemma_.lower()
    return (
        lemma in _SHARES  # "46 percent said": a share of those asked
        or head.pos_ in ("PROPN", "PRON")
        or (head.is_title and head.i > head.sent.start)  # a name parsed as a noun
        or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        or lemma in SPEAKING_GROUPS
        or lemma in speaking_nouns()
        or lemma in MEDIA_DESCRIPTIONS
        or lemma in ANONYMOUS_NOUNS | OFFICIAL_NOUNS | MILITARY_NOUNS | EXPERT_NOUNS
        or lemma.endswith(_AGENT_ENDINGS)
    )


def _counted(head: Token) -> Token:
    """What a quantity of people counts: "supporters" of "many of his supporters", "voters"
    of "a majority of voters"; ``head`` itself when it counts nothing."""
    if head.lemma_.lower() not in _QUANTIFIERS and not head.like_num:
        return head
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "per"):  # "forty per cent"
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return head


_QUANTIFIERS = frozenset(
    "many some most all few several none each either neither both any half majority "
    "minority number third quarter dozen dozens hundreds thousands millions one".split()
)
_SHARES = frozenset({"percent", "%", "cent"})  # "cent" of "per cent"


def may_name_someone(label: str) -> bool:
    """Whether a speaker label, read without a parse, may name a speaker: not a headline
    in title case ("The Latest", "Stealth Over Health"). ``naming_someone`` then looks at
    a label's words where the text is parsed (a later piece of a long text is not, where
    the label before it is carried in)."""
    if not any(c.islower() for c in label):
        return True
    words = label.split()
    if words[0] in ("The", "A", "An") and not is_title_word(words[-1]):
        return False
    return not any(w in _HEADLINE_WORDS for w in words[1:])


_HEADLINE_WORDS = frozenset(
    "A An The Of On Over In At To For From With By And Or But Is Are Was Were".split()
)
"""Function words a headline capitalises and a name or title does not ("President of
the Republic of Belarus" keeps "of the" in lower case)."""

_TITLE_NAME = r"[A-Z][\w’'-]+"


def label_name(label: str, title: str | None, by_surname: Callable[[str], Any]) -> str | None:
    """The full name a transcript's speaker label stands for, from the document's title:
    "MS. JEAN-PIERRE:" -> "Karine Jean-Pierre" in "... by Press Secretary Karine
    Jean-Pierre and ...", "THE PRESIDENT:" -> the person "President Biden" names (through
    the gazetteer: "Joe Biden"). None when the title does not say."""
    words = label.strip().rstrip(":.").split()
    if not title or not words:
        return None
    last = words[-1].strip(".:")
    if is_title_word(last):  # "THE PRESIDENT": the title's "President <Surname>"
        found = re.search(rf"\b{re.escape(last.title())}\s+({_TITLE_NAME})", title)
        if found is None:
            return None
        entry = by_surname(found.group(1))
        return str(entry.name) if entry is not None else f"{last.title()} {found.group(1)}"
    found = re.search(rf"((?:{_TITLE_NAME}\s+){{1,2}})({re.escape(last)})\b", title, re.I)
    if found is None:
        return None
    given = [w for w in found.group(1).split() if not is_title_word(w)]
    if not given:
        return None
    return f"{given[-1]} {found.group(2)}"


class SourceResolver:
    """Resolves the source of a cue in the document being read. The attribution finder
    sets the state below for each document before it asks."""

    doc: Doc
    clusters: list[EntityCluster]
    owner: dict[int, int]
    history: list[SourceDraft]
    text: str
    speakers: list[tuple[int, int]]
    quotes: list[tuple[int, int]]
    author: int | None

    def source_of(self, cue: Token) -> SourceDraft | None:
        quoted = quoted_as_saying(cue)
        if quoted is not None:  # "X was quoted by TASS as saying": X speaks, TASS relays
            subject = subject_of(quoted)
            return self.resolve(subject) if subject is not None else None
        verb = cue
        subject = subject_of(verb)
        if subject is None and not (cue.dep_ in ("advcl", "conj", "xcomp") and cue.tag_ == "VBG"):
            # "..., an officer reportedly informed": the parser hung the cue off the
            # content; its source is the phrase right before it, not the content's subject.
            subject = self._phrase_before(cue)
        while subject is None and verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
            verb = verb.head
            subject = subject_of(verb)
        if subject is None:
            subject = self._phrase_before(cue)
        if subject is None:
            return SourceDraft(None, None, SourceKind.UNATTRIBUTED)
        if subject.dep_ == "nsubjpass":
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return self.resolve(pobj)
            return SourceDraft(None, None, SourceKind.UNATTRIBUTED)
        if subject.lower_ in _RELATIVE and verb.dep_ == "relcl":
            subject = verb.head
        if (
            subject.lower_ == "it"
            and cue.tag_ in ("VBN", "VBD")  # the parser may take "it is, though, said" for a past
            and subject.i < cue.i
            and any(t.lemma_ == "be" for t in self.doc[subject.i + 1 : cue.i])
        ):
            return SourceDraft(None, None, SourceKind.UNATTRIBUTED)  # "it is speculated that"
        return self.resolve(subject)

    def can_speak(self, source: SourceDraft, cue: Token) -> bool:
        """Sources of speech and belief are people, groups and organisations; evidential
        cues (show, indicate, prove, confirm, reveal) also take things as subjects."""
        if source.span is None or source.entity is not None:
            return True
        if source.kind is not SourceKind.ORGANISATION or cue.lemma_.lower() in EVIDENTIAL_VERBS:
            return True
        span = source.span
        heads = [span.root, *(c for c in span.root.conjuncts if span.start <= c.i < span.end)]
        return any(_speaks(_counted(head)) for head in heads)  # "my siblings and I"

    def _is_person(self, token: Token) -> bool:
        """Whether ``token`` is part of a person's name (the entity it belongs to, else the
        parser's entity type)."""
        index = self.owner.get(token.i)
        if index is not None:
            return self.clusters[index].type == "PERSON"
        return token.ent_type_ == "PERSON"

    def _person_by_surname(self, word: str) -> int | None:
        """The one person the text names elsewhere whose name ends with ``word`` (a
        capitalised word opening a sentence may be anything; a surname is a person)."""
        found = {
            index
            for index, cluster in enumerate(self.clusters)
            if cluster.type == "PERSON"
            for mention in cluster.mentions
            if len(mention) > 1 and mention[-1].text == word
        }
        return found.pop() if len(found) == 1 else None

    def _phrase_before(self, cue: Token) -> Token | None:
        """'..., an officer of the army reportedly informed.': the noun phrase right before
        the cue, when the parser left the cue without a subject."""
        doc = self.doc
        j = cue.i - 1
        while j >= cue.sent.start and (doc[j].pos_ == "ADV" or doc[j].text == ","):
            j -= 1
        if j < cue.sent.start or doc[j].pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
        candidate = doc[j]
        while (
            candidate.head.i < cue.i
            and candidate.head.i != candidate.i
            and candidate.head.pos_ in ("NOUN", "PROPN", "ADP")
            and candidate.dep_ in ("pobj", "prep", "compound", "poss")
        ):
            candidate = candidate.head
        if candidate.pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
        before = doc[candidate.left_edge.i - 1] if candidate.left_edge.i > cue.sent.start else None
        if before is not None and not before.is_punct:
            return None  # the phrase is part of something larger
        return candidate

    def resolve(self, head: Token) -> SourceDraft:
        doc, owner = self.doc, self.owner
        span = noun_phrase(head)
        lower = head.lower_
        if head.pos_ == "PRON" or lower in _HUMAN_PRONOUNS | _THING_PRONOUNS | _GROUP_PRONOUNS:
            return self._pronoun(head, span)
        if head.i in owner:
            return SourceDraft(span, owner[head.i], self._entity_kind(owner[head.i]))
        for child in head.children:
            if child.dep_ == "appos" and child.i in owner:
                return SourceDraft(span, owner[child.i], self._entity_kind(owner[child.i]))
        if head.is_title and len(span) == 1:  # "Wines believes": the NER missed a surname
            person = self._person_by_surname(head.text)
            if person is not None:
                return SourceDraft(span, person, self._entity_kind(person))
        lemma = head.lemma_.lower()
        attached = {c.lower_ for c in head.children if c.i < head.i}
        unnamed = bool(attached & (UNNAMED_MARKERS | {"a", "an", "one"})) or (
            head.tag_ == "NNS" and not attached & {"the", "these", "those", "its", "their"}
        )
        if lemma in SPEAKS_FOR or head.lower_ in SPEAKS_FOR:
            for token in head.subtree:
                if token.dep_ == "pobj" and token.i in owner and token.head.lower_ in ("of", "for"):
                    index = owner[token.i]
                    kind = self._entity_kind(index)
                    return SourceDraft(
                        span, index, SourceKind.OFFICIAL if kind is SourceKind.GOVERNMENT else kind
                    )
        if lemma in ANONYMOUS_NOUNS and (unnamed or lemma == "source"):
            return SourceDraft(span, None, SourceKind.ANONYMOUS)
        definite = any(t.lower_ in ("the", "this", "that") and t.i < head.i for t in span)
        if head.pos_ == "NOUN" and definite:
            described = resolve_description(
                doc[head.left_edge.i : head.i + 1], self.clusters, owner
            )
            if described is not None:
                return SourceDraft(span, described, self._entity_kind(described))
        if lemma in EXPERT_NOUNS:
            return SourceDraft(span, None, SourceKind.EXPERT)
        if lemma in MILITARY_NOUNS:
            return SourceDraft(span, None, SourceKind.ANONYMOUS if unnamed else SourceKind.MILITARY)
        if lemma in OFFICIAL_NOUNS:
            return SourceDraft(span, None, SourceKind.ANONYMOUS if unnamed else SourceKind.OFFICIAL)
        if lemma in ANONYMOUS_NOUNS:
            return SourceDraft(span, None, SourceKind.ANONYMOUS)
        for token in span:
            if token.i in owner and not (
                head.pos_ == "NOUN" and self.clusters[owner[token.i]].type in _PLACE_TYPES
            ):  # "the New York businessman" is a businessman, not New York
                return SourceDraft(span, owner[token.i], self._entity_kind(owner[token.i]))
        personal = head.ent_type_ == "PERSON" or lemma.endswith(("man", "woman", "person"))
        return SourceDraft(span, None, SourceKind.PERSON if personal else SourceKind.ORGANISATION)

    def _speaker(self, head: Token, span: Span) -> SourceDraft | None:
        """'I' and 'we' in a transcript: the speaker whose label ("MS. JEAN-PIERRE:")
        last came before."""
        labels = self._labels_before(head)
        if not labels:
            turn = self.doc._.wf_turn  # the label came before this piece of a long text
            return self.labelled(None, turn[2], turn) if turn else None
        start, end = labels[-1]
        label = self.doc.char_span(start, end, alignment_mode="expand")
        if label is None:
            return None
        return self.labelled(label, label.text, None)

    def _labels_before(self, head: Token) -> list[tuple[int, int]]:
        return [(s, e) for s, e in self.speakers if e <= head.idx]

    def labelled(
        self, label: Span | None, text: str, outside: tuple[int, int, str] | None
    ) -> SourceDraft:
        if text == "Q":  # a reporter's question: somebody the transcript does not name
            return SourceDraft(label, None, SourceKind.ANONYMOUS, outside)
        surname = text.split()[-1]
        # "THE PRESIDENT:" is the host's president, named by a title only: matching the
        # title to "President Putin" in the text would make the host's speech Putin's
        named = not is_title_word(surname.strip(".:"))
        for index, cluster in enumerate(self.clusters):
            if (
                named
                and cluster.type == "PERSON"
                and any(same_name(m[-1].text, surname) for m in cluster.mentions if len(m))
            ):
                return SourceDraft(label, index, self._entity_kind(index), outside)
        gazetteer = gazetteer_of(self.doc)
        entry = gazetteer.person_by_surname(surname.title())
        kind = (
            SourceKind.OFFICIAL
            if entry is not None or text.startswith("THE ")
            else SourceKind.PERSON
        )
        # nobody of that name in the text: the title ("Press Briefing by Press Secretary
        # Karine Jean-Pierre", "Remarks by President Biden") or the gazetteer names them
        name = label_name(text, self.doc._.wf_title, gazetteer.person_by_surname)
        if name is None and entry is not None and named:
            name = entry.name
        words = text.rstrip(":. ").split()
        if name is None and len(words) > 1 and words[-1].lower() in ANONYMOUS_NOUNS:
            # "SENIOR ADMINISTRATION OFFICIAL:": an unnamed official, not a name
            return SourceDraft(label, None, SourceKind.ANONYMOUS, outside, name=text.lower())
        if name is None and named and text.isupper():
            name = unshouted(" ".join(words))  # "MS. SHARMA" -> "Ms. Sharma"
        return SourceDraft(label, None, kind, outside, name=name)

    def _pronoun(self, head: Token, span: Span) -> SourceDraft:
        lower = _pronoun_of(head)
        if lower in _FIRST_PERSON:
            speaker = self._speaker(head, span) if self.speakers or self.doc._.wf_turn else None
            if speaker is not None:
                return speaker
            if self.author is not None:  # "Statement of the Ministry ...": "we" is the ministry
                personal = self.clusters[self.author].type == "PERSON"
                if personal == (lower in ("i", "me")):
                    return SourceDraft(span, self.author, self._entity_kind(self.author))
            # Without a speaker label, "I" and "we" are someone the text does not name.
            return SourceDraft(span, None, SourceKind.PERSON)
        if lower == "you":
            return self._addressee(head, span)
        wanted_human = lower in _HUMAN_PRONOUNS
        for earlier in reversed(self.history):
            if earlier.span is not None and earlier.span.start >= head.i:
                continue
            human = self._is_human(earlier)
            one = earlier.span is not None and _pronoun_of(earlier.span.root) in _HUMAN_PRONOUNS
            if lower in _GROUP_PRONOUNS and one:
                continue  # "he ... they": not the one person "he" stood for
            if wanted_human == human or lower in _GROUP_PRONOUNS:
                since = earlier.span.end if earlier.span is not None else 0
                title = self._title_between(since, head) if wanted_human else None
                if title is not None:  # "the President ... He": nearer than the last source
                    return _standing(span, self.resolve(title))
                return SourceDraft(span, earlier.entity, earlier.kind, name=earlier.name)
        # no earlier source: the nearest entity, or a person named by title nearer
        title = self._title_between(0, head) if wanted_human else None
        for index in _entities_before(self.doc, self.owner, head.i):
            cluster = self.clusters[index]
            if (cluster.type == "PERSON") == wanted_human and cluster.type in ("PERSON", "ORG"):
                if title is not None and not any(
                    title.i < m.start and m.end <= head.i for m in cluster.mentions
                ):
                    break  # mentioned only before the title: the title is nearer
                return SourceDraft(span, index, self._entity_kind(index))
        if title is not None:
            return _standing(span, self.resolve(title))
        return SourceDraft(
            span,
            None,
            SourceKind.UNATTRIBUTED if lower == "it" else SourceKind.PERSON,
            resolved=False,
        )

    def _title_between(self, start: int, pronoun: Token) -> Token | None:
        """The nearest "the President", "the Prime Minister" (a person named by a title
        alone) from token ``start`` to ``pronoun``, within the pronoun's sentence and the
        two before it; not inside a quotation the pronoun is outside ("'The head of our
        country met them,' he said": he is the speaker)."""
        doc = self.doc
        sentence = pronoun.sent
        floor = sentence.start
        for _ in range(2):
            if floor == 0:
                break
            floor = doc[floor - 1].sent.start
        for token in reversed(doc[max(start, floor) : pronoun.i]):
            if (
                token.lower_ in ROLE_TITLES
                and token.i not in self.owner
                and not any(s <= token.idx < e and not s <= pronoun.idx < e for s, e in self.quotes)
                and any(c.lower_ == "the" for c in token.lefts)
                and token.dep_ not in ("compound", "poss", "npadvmod")
                and not any(c.dep_ in ("compound", "appos") for c in token.rights)
            ):
                return token
        return None

    def _author(self) -> int | None:
        """The entity a document's title line names as its author: "Statement of the
        Ministry of Foreign Affairs of Belarus", "Address by President X"."""
        text = self.text
        line_end = text.find("\n")
        line = text[: line_end if line_end >= 0 else min(len(text), 200)]
        match = _AUTHORED.match(line)
        if match is None:
            return None
        for token in self.doc:
            if token.idx >= len(line):
                break
            if token.idx >= match.end() and token.i in self.owner:
                index = self.owner[token.i]
                if self.clusters[index].type in ("PERSON", "ORG", "GPE"):
                    return index
        return None

    def _addressee(self, head: Token, span: Span) -> SourceDraft:
        """'You' in a transcript: in a reporter's question, the official who spoke last; in
        an official's answer, the reporter. Elsewhere a person the text does not name."""
        labels = self._labels_before(head)
        if not labels:
            return SourceDraft(span, None, SourceKind.PERSON)
        text = self.text
        if text[labels[-1][0] : labels[-1][1]] != "Q":
            return SourceDraft(span, None, SourceKind.ANONYMOUS)
        for start, end in reversed(labels):
            if text[start:end] != "Q":
                label = self.doc.char_span(start, end, alignment_mode="expand")
                if label is not None:
                    addressed = self.labelled(label, label.text, None)
                    return SourceDraft(span, addressed.entity, addressed.kind)
        return SourceDraft(span, None, SourceKind.OFFICIAL)  # asked before anyone answered

    def _is_human(self, source: SourceDraft) -> bool:
        if source.entity is not None:
            return self.clusters[source.entity].type == "PERSON"
        if source.span is None:
            return False
        if source.span.root.lower_ in _HUMAN_PRONOUNS:
            return True
        return (
            source.span.root.lemma_.lower()
            in ANONYMOUS_NOUNS | MILITARY_NOUNS - {"army", "military", "force", "forces", "command"}
            or source.span.root.ent_type_ == "PERSON"
        )

    def _entity_kind(self, index: int) -> SourceKind:
        return source_kind_of(self.clusters[index])

    # -- chains ----------------------------------------------------------------------

    def cites(self, cue: Token) -> list[SourceDraft]:
        """Sources the source relies on: "citing X", "quoting X" near the cue."""
        cited: list[SourceDraft] = []
        candidates = [t for t in cue.sent if t.lemma_.lower() in CITE_LEMMAS and t.i != cue.i]
        for token in candidates:
            if not (
                token.head == cue
                or cue in token.ancestors
                or token.head in cue.children
                or token.head == cue.head
            ):
                continue
            for child in token.children:
                if child.dep_ in ("dobj", "pobj", "attr"):
                    cited.append(self.resolve(child))
                    cited.extend(self.resolve(c) for c in child.conjuncts)
        return cited

    def medium(self, cue: Token) -> SourceDraft | None:
        """Where the source spoke: "in an interview with X", "told X", "wrote on X", "was
        quoted by X as saying"."""
        quoted = quoted_as_saying(cue)
        for agent in quoted.children if quoted is not None else ():
            for token in agent.subtree if agent.dep_ == "agent" else ():
                if token.i in self.owner and self.clusters[self.owner[token.i]].kind == "media":
                    index = self.owner[token.i]
                    return SourceDraft(noun_phrase(token), index, SourceKind.MEDIA)
        for child in cue.children:
            if (
                child.dep_ == "dative" or (child.dep_ == "dobj" and cue.lemma_ == "tell")
            ) and child.i in self.owner:
                index = self.owner[child.i]
                if self.clusters[index].kind == "media":
                    return SourceDraft(noun_phrase(child), index, SourceKind.MEDIA)
            if child.dep_ == "prep" and child.lower_ in ("in", "on", "to"):
                for token in child.subtree:
                    if token.i in self.owner and self.clusters[self.owner[token.i]].kind == "media":
                        index = self.owner[token.i]
                        return SourceDraft(noun_phrase(token), index, SourceKind.MEDIA)
        return None


def source_kind_of(cluster: EntityCluster) -> SourceKind:
    """The kind of source an entity is when it speaks: a ministry is official, a paper
    media, a general military."""
    kind = cluster.kind
    if kind == "media":
        return SourceKind.MEDIA
    if kind == "military":
        return SourceKind.MILITARY
    if kind in ("government", "place"):
        return SourceKind.OFFICIAL
    if kind == "person":
        # Who a listed person is comes from the list: "the exiled opposition leader" does
        # not make Tsikhanouskaya a head of state.
        listed = cluster.entry.role if cluster.entry is not None else None
        for role in {listed} if listed else cluster.all_roles():
            mapped = PERSON_ROLE_KIND.get(role)
            if mapped == "military":
                return SourceKind.MILITARY
            if mapped == "official":
                return SourceKind.OFFICIAL
        return SourceKind.PERSON
    return SourceKind.ORGANISATION


def subject_of(verb: Token) -> Token | None:
    """The verb's subject; of two (a dateline "MOSCOW, May 3 - Putin said" parsed as a
    second subject), the one nearest before the verb."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    before = [c for c in subjects if c.i < verb.i]
    if before:
        return before[-1]
    return subjects[0] if subjects else None


def quoted_as_saying(cue: Token) -> Token | None:
    """The passive "quoted" (or "cited") of "X was quoted by Y as saying ...", for the cue
    "saying"."""
    head = cue.head
    if cue.dep_ == "pcomp" and head.lower_ == "as" and head.head.lemma_.lower() in CITE_LEMMAS:
        verb = head.head
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            return verb
    return None


def noun_phrase(head: Token) -> Span:
    """The head's phrase without relative clauses, trailing commas or the cue's clause."""
    doc = head.doc
    left = head.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ in ("relcl", "acl", "punct", "advcl", "ccomp"):
            break
        right = child.right_edge.i
    while right > head.i and doc[right].is_punct:
        right -= 1
    while left < head.i and (doc[left].is_punct or transcript_label(doc[left])):
        left += 1
    return doc[left : right + 1]


def _pronoun_of(token: Token) -> str:
    """The pronoun a word is, a possessive as its pronoun ("our" -> "we")."""
    return _POSSESSIVES.get(token.lower_, token.lower_)


def _standing(span: Span, named: SourceDraft) -> SourceDraft:
    """A pronoun's source: its own span, standing for whom ``named`` names."""
    name = named.name or (named.span.text if named.span is not None else None)
    return SourceDraft(span, named.entity, named.kind, named.outside, named.resolved, name=name)


def _entities_before(doc: Doc, owner: dict[int, int], index: int) -> list[int]:
    """The entities mentioned before token ``index``, nearest first, but for names the
    speaker addresses: "Thanks, Karine." names no one a later "he" or "she" stands for."""
    seen: list[int] = []
    for i in range(index - 1, -1, -1):
        if i in owner and owner[i] not in seen and not _addressed(doc[i]):
            seen.append(owner[i])
    return seen


def _addressed(token: Token) -> bool:
    """Whether a name is spoken to, not about: "Thanks, Karine.", "Karine, following up
    on ..." (a vocative: a name set off by a comma, no verb's subject or object)."""
    head = token
    while head.dep_ in ("compound", "flat") and head.head is not head:
        head = head.head
    doc = head.doc
    before = doc[head.left_edge.i - 1] if head.left_edge.i > 0 else None
    after = doc[head.right_edge.i + 1] if head.right_edge.i + 1 < len(doc) else None
    if head.dep_ in ("npadvmod", "intj") and before is not None and before.text == ",":
        return True
    return head.dep_ == "ROOT" and after is not None and after.text == ","


_NAME_BREAKS = re.compile(r"[:\"“”«»]+")


def shown_name(phrase: Span) -> str:
    """A source phrase as a name: without a leading conjunction ("And a question"), a
    possessive ending ("Kelly O's") or what a colon or quotation mark glued to it
    ('words:"NATO representatives', one token to the tokenizer)."""
    start, end = phrase.start, phrase.end
    doc = phrase.doc
    while end - start > 1 and (doc[start].dep_ == "cc" or doc[start].is_punct):
        start += 1
    while end - start > 1 and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    text = doc[start:end].text
    pieces = [p.strip() for p in _NAME_BREAKS.split(text) if p.strip()]
    if len(pieces) > 1:
        head = phrase.root.text
        text = next((p for p in reversed(pieces) if head in p), pieces[-1])
    return text
