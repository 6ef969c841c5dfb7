"""One entity per referent within an article.

Reads ``doc.ents`` (with gazetteer ids) and writes ``doc._.wf_entities``: clusters of
mentions. A surname joins its full name in any spelling; titles and appositions give a
person's role; definite descriptions ("the paper", "the minister", "the 68-year-old
leader") join the most recent entity they can refer to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from watchfloor.extract import geo
from watchfloor.extract.gazetteer import Gazetteer, GazetteerEntry, gazetteer_of
from watchfloor.lang.entity_words import entity_words
from watchfloor.lang.lexicon import (
    MEDIA_DESCRIPTIONS,
    ORG_DESCRIPTIONS,
    PERSON_DESCRIPTIONS,
    ROLE_TITLES,
    is_title_word,
)
from watchfloor.lang.names import name_skeleton, similar_skeletons

__all__ = ["EntityCluster", "entity_of", "transcript_label"]

_WORDS = entity_words()
"""Words of entity names, from ``lang/data/<language>/entities.toml``."""
_COUNTRY_ADJECTIVES = _WORDS.country_adjectives
_MEDIA_WORDS = _WORDS.media_words
_GOVERNMENT_WORDS = _WORDS.government_words
_MILITARY_WORDS = _WORDS.military_words
_NATIONAL_BODIES = _WORDS.national_bodies
_BODY_MODIFIERS = _WORDS.body_modifiers


@dataclass(slots=True)
class EntityCluster:
    """Mentions of one referent, as the extraction components see them."""

    type: str
    entry: GazetteerEntry | None = None
    mentions: list[Span] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    country: str | None = None
    named: bool = True
    """False for entities known only by descriptions."""

    @property
    def kind(self) -> str:
        if self.entry is not None:
            return self.entry.kind
        if self.type == "PERSON":
            return "person"
        if self.type in ("GPE", "LOC", "FAC", "NORP"):
            return "place"
        if self.type == "EVENT":
            return "event"
        words = {w.lower() for m in self.mentions for w in m.text.split()}
        words |= {t.lemma_.lower() for m in self.mentions for t in m}
        if words & _MEDIA_WORDS:
            return "media"
        if words & _MILITARY_WORDS:
            return "military"
        if words & _GOVERNMENT_WORDS:
            return "government"
        return "organisation"

    @property
    def medium(self) -> str | None:
        return self.entry.medium if self.entry else None

    @property
    def name(self) -> str:
        if self.entry is not None:
            return self.entry.name
        named = [m for m in self.mentions if any(t.pos_ == "PROPN" for t in m)]
        if self.type == "PERSON":  # "Prime Minister Viktor Orbán" is Viktor Orbán
            untitled = [m for m in named if not any(is_title_word(t.text) for t in m)]
            named = untitled or named
        names = [_base_form(m) for m in named] or [_base_form(m) for m in self.mentions]
        if self.type == "PERSON":  # "MS. DALTON:", a transcript's label, is Ms. Dalton
            names = [n for n in names if not n.isupper()] or [unshouted(n) for n in names]
        return _POSSESSIVE_END.sub("", max(names, key=len))  # "Kelly O’s question"

    def all_roles(self) -> set[str]:
        return self.roles | ({self.entry.role} if self.entry and self.entry.role else set())


_POSSESSIVE_END = re.compile(r"(?<=\w)['’]s$")


def unshouted(name: str) -> str:
    """A name written in capitals, as a name ("MS. SHARMA" -> "Ms. Sharma")."""
    return " ".join(word.capitalize() for word in name.split())


def _base_form(mention: Span) -> str:
    """A name as a dictionary would give it: the nominative Natasha found for an inflected
    Russian name ("Путиным" -> "Путин"), else the text."""
    normals: dict[tuple[int, int], str] | None = mention.doc._.wf_normal
    if normals:
        for (start, end), normal in normals.items():
            if start <= mention.start_char and mention.end_char <= end:
                if (start, end) == (mention.start_char, mention.end_char):
                    return normal
                words, inner = normal.split(), mention.text.split()
                full = mention.doc.text[start:end].split()
                if len(words) == len(full):  # a mention trimmed from the found name
                    first = full.index(inner[0]) if inner[0] in full else 0
                    return " ".join(words[first : first + len(inner)])
    return mention.text


ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})
"""Referents the ledger tracks; numbers, dates and the like are not entities. Products
are tracked only when the gazetteer knows them (weapon systems): the NER's are noise."""


def _tracked(ent: Span) -> bool:
    return ent.label_ in ENTITY_TYPES or (ent.label_ == "PRODUCT" and bool(ent.kb_id_))


def _bare_title(ent: Span) -> bool:
    """'Supreme' of "Supreme Commander-in-Chief": a title the NER took for a name."""
    return not ent.kb_id_ and all(is_title_word(t.text) or not t.is_alpha for t in ent)


def _join_of_place(ents: list[Span]) -> list[Span]:
    """'Border Police of' + 'Moldova': an organisation the NER cut before its country."""
    joined: list[Span] = []
    for ent in ents:
        previous = joined[-1] if joined else None
        if previous is not None and previous.label_ == "ORG" and ent.label_ in ("GPE", "LOC"):
            gap = [t.lower_ for t in ent.doc[previous.end : ent.start]]
            cut_at_of = previous[-1].lower_ == "of"
            whole = Span(ent.doc, previous.start, ent.end, label="ORG")
            if (cut_at_of and not gap and not previous.kb_id_) or (
                # 'Ministry of Foreign Affairs' + 'of the' + 'Republic of Belarus': a listed body
                (["of"] if cut_at_of else []) + gap in (["of"], ["of", "the"])
                and organisation_key(whole.text) in _organisation_keys(gazetteer_of(ent.doc))
            ):
                joined[-1] = whole
                continue
        joined.append(ent)
    return joined


_ARTICLES = frozenset(["the", "a", "an", "this", "that", "these", "those"])


def _function_word(token: Token) -> bool:
    """Words an entity's edges shed: prepositions, conjunctions, punctuation and articles
    (a determiner that is part of a name stays: "Наша Нива")."""
    return token.pos_ in ("ADP", "CCONJ", "PUNCT") or (
        token.pos_ == "DET" and token.lower_ in _ARTICLES
    )


_HONORIFICS = frozenset(["MR", "MS", "MRS", "DR"])


def transcript_label(token: Token) -> bool:
    """A transcript's speaker marks, not part of a name: "Q" opening a reporter's question,
    "MR." or "MS." of a speaker label ("MR. KIRBY:") at the start of a line."""
    doc = token.doc
    at_line_start = token.i == 0 or "\n" in doc[token.i - 1].text_with_ws
    if token.text == "Q":
        return at_line_start
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return token.text in _HONORIFICS and at_line_start and nxt is not None and nxt.text == "."


def _trim_function_words(ent: Span) -> Span | None:
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (transcript_label(doc[start]) or doc[start].text == "."):
        start += 1
    while end > start and _function_word(doc[end - 1]):
        end -= 1
    while start < end and (_function_word(doc[start]) or doc[start].pos_ == "ADV"):
        start += 1
    if start == end:
        return None
    if (start, end) == (ent.start, ent.end):
        return ent
    return Span(doc, start, end, label=ent.label_, kb_id=ent.kb_id_)


def entity_of(doc: Doc, token: Token) -> int | None:
    """Index in ``doc._.wf_entities`` of the entity a token is part of a mention of."""
    index: dict[int, int] = doc._.wf_entity_of
    return index.get(token.i)


_COUNTRY_NAMES = _WORDS.country_names
_SPELLINGS = _WORDS.spellings


def organisation_key(text: str) -> str:
    """Order-free key of an organisation's name: "Belarusian Armed Forces", "Armed Forces
    of Belarus" and "the armed forces of Belarus" share one; so do "Defense Ministry" and
    "Ministry of Defence"."""
    words = []
    for word in re.findall(r"[\w-]+", re.sub(r"['\u2019]s\b", "", text.lower())):
        if word in ("of", "the", "and", "for", "republic"):  # "of the Republic of Belarus"
            continue
        country = _COUNTRY_ADJECTIVES.get(word)
        words.extend(
            (_COUNTRY_NAMES.get(country, word) if country else _SPELLINGS.get(word, word)).split()
        )
    return " ".join(sorted(words))


_ORGANISATION_KEYS: dict[int, dict[str, GazetteerEntry]] = {}


def _organisation_keys(gazetteer: Gazetteer) -> dict[str, GazetteerEntry]:
    """Listed organisations by the order-free key of each of their names."""
    keys = _ORGANISATION_KEYS.get(id(gazetteer))
    if keys is None:
        keys = {}
        for entry in gazetteer:
            if entry.type == "ORG":
                for name in entry.names:
                    keys.setdefault(organisation_key(name), entry)
        _ORGANISATION_KEYS[id(gazetteer)] = keys
    return keys


def _listed_organisation(ent: Span, gazetteer: Gazetteer) -> GazetteerEntry | None:
    """A gazetteer body named in an order or form the list does not spell: "Belarus's
    Defence Ministry" ("Belarus's" may be a place of its own before it), "the Ministry of
    Defence of Belarus"."""
    keys = _organisation_keys(gazetteer)
    doc = ent.doc
    text = ent.text
    if (
        ent.start >= 2
        and doc[ent.start - 1].tag_ == "POS"
        and doc[ent.start - 2].ent_type_ == "GPE"
    ):
        owner = doc[ent.start - 2]
        while owner.i > 0 and doc[owner.i - 1].ent_type_ == "GPE" and owner.ent_iob_ == "I":
            owner = doc[owner.i - 1]
        text = doc[owner.i : ent.end].text
    return keys.get(organisation_key(text))


def _surname_key(span: Span) -> str:
    words = [t for t in span if t.is_alpha and t.text[0].isupper()]
    return name_skeleton(words[-1].text) if words else name_skeleton(span.text)


def _strip_determiner(span: Span) -> Span:
    start = span.start
    while start < span.end - 1 and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    return span.doc[start : span.end]


class EntityClusterer:
    def __call__(self, doc: Doc) -> Doc:
        clusters: list[EntityCluster] = []
        owner: dict[int, int] = {}
        by_key: dict[str, int] = {}
        gazetteer = gazetteer_of(doc)
        for ent in _join_of_place(list(doc.ents)):
            if _named_outlet(ent):
                ent = Span(doc, ent.start, ent.end, label="ORG")
            if not _tracked(ent):
                continue
            trimmed = _trim_function_words(ent)
            if trimmed is None or _bare_title(trimmed):
                continue
            if (
                trimmed.label_ == "ORG"
                and trimmed.root.lower_ in ROLE_TITLES
                and not trimmed.kb_id_
            ):
                continue  # "Minister of Foreign Affairs of": a title the NER took for a body
            ent = trimmed
            entry = gazetteer.entries.get(ent.kb_id_) if ent.kb_id_ else None
            if entry is None and ent.label_ == "ORG":
                entry = _listed_organisation(ent, gazetteer)
            if _demonym_adjective(ent):
                country = entry.country if entry else _COUNTRY_ADJECTIVES.get(ent.root.lower_)
                entry = (gazetteer.state(country) if country else None) or entry
            index = self._find(clusters, by_key, ent, entry)
            if index is None:
                clusters.append(
                    EntityCluster(type=entry.type if entry else ent.label_, entry=entry)
                )
                index = len(clusters) - 1
            cluster = clusters[index]
            cluster.mentions.append(_strip_determiner(ent))
            if entry is not None:
                cluster.country = entry.country
                by_key[f"kb:{entry.id}"] = index
            else:
                by_key[f"{ent.label_}:{name_skeleton(_strip_determiner(ent).text)}"] = index
                if ent.label_ == "ORG":
                    by_key[f"org:{organisation_key(ent.text)}"] = index
            for token in ent:
                owner[token.i] = index
            if cluster.type == "PERSON":
                by_key.setdefault(f"surname:{_surname_key(ent)}", index)
                self._read_role(ent, cluster, owner, index)
            if cluster.type == "PERSON" or (cluster.type == "ORG" and cluster.entry is None):
                self._read_following_apposition(ent, cluster, owner, index)
            self._read_apposition(ent, cluster, owner, index)
        self._resolve_descriptions(doc, clusters, owner)
        self._resolve_national_bodies(doc, clusters, owner, by_key, gazetteer)
        self._resolve_possessive_bodies(doc, clusters, owner, by_key, gazetteer)
        doc._.wf_entities = clusters
        doc._.wf_entity_of = owner
        return doc

    @staticmethod
    def _find(
        clusters: list[EntityCluster],
        by_key: dict[str, int],
        ent: Span,
        entry: GazetteerEntry | None,
    ) -> int | None:
        if entry is not None:
            return by_key.get(f"kb:{entry.id}")
        key = f"{ent.label_}:{name_skeleton(_strip_determiner(ent).text)}"
        if key in by_key:
            return by_key[key]
        if ent.label_ == "ORG" and f"org:{organisation_key(ent.text)}" in by_key:
            return by_key[f"org:{organisation_key(ent.text)}"]
        if ent.label_ != "PERSON":
            return None
        surname = _surname_key(ent)
        for candidate_key, index in by_key.items():
            if not candidate_key.startswith("surname:"):
                continue
            if similar_skeletons(surname, candidate_key.split(":", 1)[1]) and _compatible(
                clusters[index], ent
            ):
                return index
        return _by_given_name(clusters, ent)

    @staticmethod
    def _read_role(ent: Span, cluster: EntityCluster, owner: dict[int, int], index: int) -> None:
        """Titles before a person's name: "Russian President Vladimir Putin"."""
        doc = ent.doc
        i = ent.start - 1
        titled = False
        while i >= 0 and doc[i].pos_ in ("PROPN", "NOUN", "ADJ") and doc[i].ent_iob_ != "I":
            role = ROLE_TITLES.get(doc[i].lower_)
            if role:
                cluster.roles.add(role)
                titled = True
            country = _COUNTRY_ADJECTIVES.get(doc[i].lower_)
            if country and cluster.country is None:
                cluster.country = country
            i -= 1
        if titled:
            _add_description(doc[i + 1 : ent.start], cluster, owner, index)

    @staticmethod
    def _read_following_apposition(
        ent: Span, cluster: EntityCluster, owner: dict[int, int], index: int
    ) -> None:
        """'Andriy Yusov, a spokesman for the agency,': a title after a person's name gives
        the role (and makes a name the NER took for an organisation a person's)."""
        for child in ent.root.rights:
            if child.dep_ != "appos" or child.i < ent.end or child.pos_ != "NOUN":
                continue
            role = ROLE_TITLES.get(child.lower_)
            if role is None and child.lemma_.lower() not in PERSON_DESCRIPTIONS:
                continue
            if role:
                cluster.roles.add(role)
            cluster.type = "PERSON"
            _add_description(_phrase_of(child), cluster, owner, index)

    @staticmethod
    def _read_apposition(
        ent: Span, cluster: EntityCluster, owner: dict[int, int], index: int
    ) -> None:
        """'the Minister of Foreign Affairs of Belarus, Vladimir Makei', 'the weekly
        newspaper, Nasha Niva': the noun phrase beside the name describes it."""
        doc = ent.doc
        root = ent.root
        head = root.head
        if head.pos_ not in ("NOUN", "PROPN") or head.i >= ent.start or head.i in owner:
            return
        if root.dep_ == "conj" and not (ent.start > 0 and doc[ent.start - 1].text == ","):
            return  # "the minister and Vladimir Makei" are two people
        if root.dep_ not in ("appos", "conj"):
            return
        lemma = head.lemma_.lower()
        if cluster.type == "PERSON":
            role = ROLE_TITLES.get(head.lower_)
            if role is None and lemma not in PERSON_DESCRIPTIONS:
                return
            if role:
                cluster.roles.add(role)
        elif cluster.kind == "media" or (cluster.entry is None and cluster.type == "ORG"):
            if lemma not in MEDIA_DESCRIPTIONS:  # an unknown name with "the weekly" is media
                return
        elif ORG_DESCRIPTIONS.get(lemma) != cluster.kind:
            return
        description = doc[head.left_edge.i : head.i + 1]
        for child in head.rights:
            if child.dep_ == "prep" and child.right_edge.i < ent.start:
                description = doc[head.left_edge.i : child.right_edge.i + 1]
        _add_description(description, cluster, owner, index)

    def _resolve_descriptions(
        self, doc: Doc, clusters: list[EntityCluster], owner: dict[int, int]
    ) -> None:
        try:
            chunks = list(doc.noun_chunks)
        except NotImplementedError:
            return  # no noun chunks for this language: definite descriptions are English
        for chunk in chunks:
            head = chunk.root
            if head.i in owner or head.pos_ != "NOUN":
                continue
            if not any(t.lower_ in ("the", "this", "that") for t in chunk[:1]):
                continue
            named = _named_in(chunk, clusters, owner)
            target = named if named is not None else resolve_description(chunk, clusters, owner)
            if target is None:
                continue
            span = _strip_determiner(chunk)
            clusters[target].mentions.append(span)
            for token in span:
                owner.setdefault(token.i, target)

    @staticmethod
    def _resolve_possessive_bodies(
        doc: Doc,
        clusters: list[EntityCluster],
        owner: dict[int, int],
        by_key: dict[str, int],
        gazetteer: Gazetteer,
    ) -> None:
        """ "Ukraine's military intelligence": a listed body named by its country in the
        possessive and words the NER did not take for a name."""
        for head in doc:
            if head.pos_ != "NOUN" or head.i in owner:
                continue
            owners = [
                c
                for c in head.children
                if c.dep_ == "poss" and c.i in owner and clusters[owner[c.i]].type == "GPE"
            ]
            if not owners:
                continue
            phrase = doc[owners[0].left_edge.i : head.i + 1]
            entry = _organisation_keys(gazetteer).get(organisation_key(phrase.text))
            if entry is None:
                continue
            mention = doc[owners[0].right_edge.i + 1 : head.i + 1]
            while len(mention) > 1 and mention[0].dep_ == "case":  # the "'s"
                mention = doc[mention.start + 1 : mention.end]
            _add_listed_mention(mention, head, entry, entry.country, clusters, owner, by_key)

    @staticmethod
    def _resolve_national_bodies(
        doc: Doc,
        clusters: list[EntityCluster],
        owner: dict[int, int],
        by_key: dict[str, int],
        gazetteer: Gazetteer,
    ) -> None:
        """'Ukrainian forces', 'Russian troops', 'Minsk's regime', 'the Lukashenko
        regime': a country's armed forces or government, named by metonymy."""
        for head in doc:
            body = _NATIONAL_BODIES.get(head.lower_)
            if body is None or head.i in owner or head.pos_ not in ("NOUN", "PROPN"):
                continue
            country = None
            start = head.i
            between: list[Token] = []
            for token in reversed(doc[head.left_edge.i : head.i]):
                country = _country_named_by(token, clusters, owner, body)
                if country is not None:
                    start = token.i
                    break
                if token.dep_ == "case":
                    continue  # "Minsk's regime"
                if token.dep_ in ("det", "poss", "punct"):
                    break
                between.append(token)
            if country is None or any(t.lower_ not in _BODY_MODIFIERS[body] for t in between):
                continue
            entry = gazetteer.national_body(country, body)
            if entry is None:
                continue
            mention = doc[start : head.i + 1]
            _add_listed_mention(mention, head, entry, country, clusters, owner, by_key)


def _add_listed_mention(
    mention: Span,
    head: Token,
    entry: GazetteerEntry,
    country: str | None,
    clusters: list[EntityCluster],
    owner: dict[int, int],
    by_key: dict[str, int],
) -> None:
    """A mention of a listed body the NER did not tag joins that body's entity (made if the
    article has none yet); its head word is the body's even inside another mention."""
    index = by_key.get(f"kb:{entry.id}")
    if index is None:
        clusters.append(EntityCluster(type=entry.type, entry=entry, country=country))
        index = by_key[f"kb:{entry.id}"] = len(clusters) - 1
    clusters[index].mentions.append(mention)
    for token in mention:
        owner.setdefault(token.i, index)
    owner[head.i] = index


def _demonym_adjective(ent: Span) -> bool:
    """'Belarusian' in 'the Belarusian weekly' refers to Belarus, the state; 'Belarusians'
    (the people) stay a group of their own."""
    return (
        ent.label_ == "NORP"
        and len(ent) == 1
        and (ent.root.pos_ == "ADJ" or ent.root.dep_ in ("amod", "compound"))
        and not ent.root.lower_.endswith("s")
    )


def _is_state_or_capital(cluster: EntityCluster) -> bool:
    """'Minsk's regime' is Belarus's government; 'Kharkiv's authorities' are not Ukraine's."""
    if cluster.country is None:
        return False
    names = {m.text.casefold() for m in cluster.mentions} | {cluster.name.casefold()}
    capital = geo.capital_of(cluster.country)
    state = geo.country_code(cluster.name)
    return state == cluster.country or (capital is not None and capital.casefold() in names)


def _country_named_by(
    token: Token, clusters: list[EntityCluster], owner: dict[int, int], body: str
) -> str | None:
    """The country a modifier stands for: its adjective, the state or its capital, or
    (for a government only) its head of state or government."""
    country = _COUNTRY_ADJECTIVES.get(token.lower_)
    if country is not None or token.i not in owner:
        return country
    cluster = clusters[owner[token.i]]
    if cluster.type == "NORP" or (cluster.type == "GPE" and _is_state_or_capital(cluster)):
        return cluster.country
    leaders = {"head_of_state", "head_of_government"}
    if body == "government" and cluster.type == "PERSON" and cluster.all_roles() & leaders:
        return cluster.country
    return None


def _named_outlet(ent: Span) -> bool:
    """'a weekly, Veidas': a title the NER took for a product or work is an outlet."""
    root = ent.root
    return (
        ent.label_ in ("PRODUCT", "WORK_OF_ART")
        and root.dep_ == "appos"
        and root.head.lemma_.lower() in MEDIA_DESCRIPTIONS
    )


def _phrase_of(token: Token) -> Span:
    """The phrase a token heads."""
    return token.doc[token.left_edge.i : token.right_edge.i + 1]


def _add_description(span: Span, cluster: EntityCluster, owner: dict[int, int], index: int) -> None:
    """A description becomes a mention; names inside it ("of Belarus") stay their own, and
    a transcript's "Q" before it is no part of it."""
    start = span.start
    while start < span.end and transcript_label(span.doc[start]):
        start += 1
    span = _strip_determiner(span.doc[start : span.end])
    if len(span) == 0 or span.root.i in owner:
        return
    cluster.mentions.append(span)
    for token in span:
        owner.setdefault(token.i, index)


def resolve_description(
    chunk: Span, clusters: list[EntityCluster], owner: dict[int, int]
) -> int | None:
    """The most recent entity before ``chunk`` that a description like it can refer to."""
    head = chunk.root
    lemma = head.lemma_.lower()
    modifiers = {t.lower_ for t in chunk if t.i != head.i}
    country = next((_COUNTRY_ADJECTIVES[m] for m in modifiers if m in _COUNTRY_ADJECTIVES), None)
    media = MEDIA_DESCRIPTIONS.get(lemma)
    roles = PERSON_DESCRIPTIONS.get(lemma)
    org_kind = ORG_DESCRIPTIONS.get(lemma)
    if media is None and roles is None and org_kind is None:
        return None
    seen: list[int] = []
    for token_i in range(chunk.start - 1, -1, -1):
        index = owner.get(token_i)
        if index is not None and index not in seen:
            seen.append(index)
    for index in seen:
        cluster = clusters[index]
        if country and cluster.country != country and (org_kind is not None or cluster.country):
            continue
        if (
            media is not None
            and cluster.kind == "media"
            and (cluster.medium is None or cluster.medium in media)
        ):
            return index
        if roles is not None and cluster.type == "PERSON" and cluster.all_roles() & roles:
            return index
        if org_kind is not None and cluster.kind == org_kind and cluster.type == "ORG":
            if lemma == "ministry" and not any(
                "ministry" in m.text.lower() for m in cluster.mentions
            ):
                continue
            return index
    return None


def _named_in(chunk: Span, clusters: list[EntityCluster], owner: dict[int, int]) -> int | None:
    """'the Russian Izvestia newspaper': a description that names its referent."""
    lemma = chunk.root.lemma_.lower()
    for token in chunk:
        index = owner.get(token.i)
        if index is None or token.i == chunk.root.i:
            continue
        kind = clusters[index].kind
        if lemma in MEDIA_DESCRIPTIONS and kind == "media":
            return index
        if (
            lemma in ORG_DESCRIPTIONS
            and kind == ORG_DESCRIPTIONS[lemma]
            and clusters[index].type == "ORG"
        ):
            return index
    return None


def _by_given_name(clusters: list[EntityCluster], ent: Span) -> int | None:
    """A person called by the given name alone ("Jake", in a transcript where "Jake
    Sullivan" speaks) is the one person of the article with that given name and a full
    name; with two or none, nobody."""
    words = [t for t in _strip_determiner(ent) if not t.is_punct]
    if len(words) != 1 or not words[0].text[:1].isupper():
        return None
    given = words[0].text.casefold()
    found = [
        index
        for index, cluster in enumerate(clusters)
        if cluster.type == "PERSON"
        and any(
            len(m) > 1 and m[0].pos_ == "PROPN" and m[0].text.casefold() == given
            for m in cluster.mentions
        )
    ]
    return found[0] if len(found) == 1 else None


def _compatible(cluster: EntityCluster, ent: Span) -> bool:
    """A full name joins a cluster unless both give first names that differ."""
    if len(ent) < 2:
        return True
    firsts = [m[0].text for m in cluster.mentions if len(m) > 1 and m[0].pos_ == "PROPN"]
    if not firsts:
        return True
    return any(
        similar_skeletons(name_skeleton(f), name_skeleton(ent[0].text), threshold=0.75)
        for f in firsts
    )


# The dependency parse is read where a pipeline has one (English); Ukrainian and
# Belarusian pipelines have none, so it is not a requirement.
@Language.factory(
    "watchfloor_entities",
    requires=["doc.ents", "token.tag"],
    assigns=["doc._.wf_entities", "doc._.wf_entity_of"],
)
def make_entity_clusterer(nlp: Language, name: str) -> EntityClusterer:
    return EntityClusterer()
