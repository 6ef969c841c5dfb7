"""The gazetteer of the region's actors, and the spaCy component that tags them.

Reads ``doc.ents`` from the statistical NER and writes them back with gazetteer matches
taking precedence; each matched span gets the entry id as ``ent_id_`` (and ``kb_id_``).
Name variants not listed (another transliteration, the Belarusian form of a Russian name)
are linked by their skeleton (``watchfloor.lang.names``).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from watchfloor.errors import ConfigError
from watchfloor.extract import geo
from watchfloor.lang.names import name_skeleton, romanisations, similar_skeletons

__all__ = ["ENTRY_TYPES", "Gazetteer", "GazetteerEntry", "gazetteer_of", "load_gazetteer"]


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    id: str
    type: str
    kind: str
    names: tuple[str, ...]
    native: tuple[str, ...] = ()
    role: str | None = None
    medium: str | None = None
    country: str | None = None
    wikidata: str | None = None

    @property
    def name(self) -> str:
        return self.names[0]

    def spellings(self) -> list[str]:
        """Every surface form: listed names, native names and their romanisations."""
        out = list(dict.fromkeys([*self.names, *self.native]))
        for native in self.native:
            out.extend(r for r in sorted(romanisations(native)) if r not in out)
        return out


ENTRY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT"})
"""spaCy's labels for what the gazetteer lists (PRODUCT: weapon systems)."""

_FUZZY_CACHE = 50_000


@dataclass(slots=True)
class Gazetteer:
    entries: dict[str, GazetteerEntry]
    surnames: dict[str, list[str]] = field(default_factory=dict)
    """Skeleton of a person's last name -> entry ids."""
    _fuzzy: dict[str, list[str]] = field(default_factory=dict, repr=False)
    """Skeletons already looked up fuzzily -> entry ids (bounded by _FUZZY_CACHE)."""

    def __post_init__(self) -> None:
        index: dict[str, list[str]] = defaultdict(list)
        for entry in self.entries.values():
            if entry.type != "PERSON":
                continue
            for spelling in entry.spellings():
                last = spelling.split()[-1]
                key = name_skeleton(last)
                if len(key) >= 3 and entry.id not in index[key]:
                    index[key].append(entry.id)
        self.surnames = dict(index)

    def person_by_surname(self, word: str) -> GazetteerEntry | None:
        """The one person whose last name ``word`` spells, in any script or scheme."""
        key = name_skeleton(word)
        ids = self.surnames.get(key)
        if ids is None and len(key) >= 5:
            # a fuzzy scan of every surname: done once per skeleton, not per mention
            if key not in self._fuzzy:
                if len(self._fuzzy) >= _FUZZY_CACHE:
                    self._fuzzy.clear()
                self._fuzzy[key] = [
                    i for k, v in self.surnames.items() if similar_skeletons(key, k) for i in v
                ]
            ids = self._fuzzy[key]
        if ids and len(set(ids)) == 1:
            return self.entries[ids[0]]
        return None

    def state(self, country: str) -> GazetteerEntry | None:
        """The entry of the state itself ("BY" -> Belarus)."""
        for entry in self.entries.values():
            if (
                entry.type == "GPE"
                and entry.country == country
                and entry.kind == "place"
                and any(geo.country_code(name) == country for name in entry.names)
            ):
                return entry
        return None

    def national_body(self, country: str, body: str) -> GazetteerEntry | None:
        """A country's armed forces (``body="armed forces"``) or government
        (``body="government"``), when the gazetteer has an entry for it."""
        kind = "military" if body == "armed forces" else "government"
        for entry in self.entries.values():
            if (
                entry.kind == kind
                and entry.country == country
                and entry.type == "ORG"
                and any(body in name.lower() for name in entry.names)
            ):
                return entry
        return None

    def __iter__(self) -> Iterator[GazetteerEntry]:
        return iter(self.entries.values())


def _read(path: Path | None) -> list[dict[str, object]]:
    if path is None:
        text = (
            resources.files("watchfloor.extract").joinpath("data/gazetteer.yaml").read_text("utf-8")
        )
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read gazetteer {path}: {exc.strerror or exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"gazetteer {path or 'built-in'} is not valid YAML: {exc}") from exc
    if not isinstance(data, list):
        raise ConfigError(f"gazetteer {path or 'built-in'} must be a YAML list of entries")
    return data


@functools.cache
def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The built-in gazetteer, or one from a YAML file of the same form. Components after
    the gazetteer component read the one it loaded (``doc._.wf_gazetteer``, see
    ``gazetteer_of``), so a user's file reaches every step."""
    entries: dict[str, GazetteerEntry] = {}
    for raw in _read(path):
        try:
            entry = GazetteerEntry(
                id=str(raw["id"]),
                type=str(raw["type"]),
                kind=str(raw["kind"]),
                names=tuple(str(n) for n in raw["names"]),  # type: ignore[attr-defined]
                native=tuple(str(n) for n in raw.get("native", ())),  # type: ignore[attr-defined]
                role=raw.get("role"),  # type: ignore[arg-type]
                medium=raw.get("medium"),  # type: ignore[arg-type]
                country=raw.get("country"),  # type: ignore[arg-type]
                wikidata=raw.get("wikidata"),  # type: ignore[arg-type]
            )
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"gazetteer entry {raw!r} lacks a field: {exc}") from exc
        if entry.type not in ENTRY_TYPES:
            raise ConfigError(
                f"gazetteer entry {entry.id!r} has type {entry.type!r}; "
                f"use one of {', '.join(sorted(ENTRY_TYPES))}"
            )
        if entry.id in entries:
            raise ConfigError(f"gazetteer id {entry.id!r} is used twice")
        entries[entry.id] = entry
    return Gazetteer(entries)


def gazetteer_of(doc: Doc) -> Gazetteer:
    """The gazetteer this document was tagged with (the built-in one when none ran)."""
    found = doc._.wf_gazetteer
    return found if isinstance(found, Gazetteer) else load_gazetteer()


_TYPE_ORDER = {label: rank for rank, label in enumerate(("GPE", "ORG", "PERSON", "LOC", "FAC"))}


class GazetteerTagger:
    """Tag gazetteer names in ``doc.ents`` and link name variants to entries."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        # Cyrillic names match by NORM: the dictionary form where the tokenizer gives one
        # (Russian: "Белоруссии" is "белоруссия"), the lower case otherwise.
        self.normed = PhraseMatcher(nlp.vocab, attr="NORM")
        exact: dict[str, list[Doc]] = defaultdict(list)
        folded: dict[str, list[Doc]] = defaultdict(list)
        normed: dict[str, list[Doc]] = defaultdict(list)
        for entry in gazetteer:
            for spelling in entry.spellings():
                doc = nlp.make_doc(spelling)
                if any("\u0400" <= c <= "\u04ff" for c in spelling):
                    normed[entry.id].append(doc)
                    continue
                # One-word names match by exact case ("US" is not "us"); longer ones fold case.
                (exact if len(doc) == 1 else folded)[entry.id].append(doc)
                if len(doc) == 1 and entry.type in ("GPE", "LOC") and not spelling.isupper():
                    exact[entry.id].append(nlp.make_doc(spelling.upper()))  # "MINSK, May 3 -"
        for entry_id, docs in exact.items():
            self.exact.add(entry_id, docs)
        for entry_id, docs in folded.items():
            self.folded.add(entry_id, docs)
        for entry_id, docs in normed.items():
            self.normed.add(entry_id, docs)

    def __call__(self, doc: Doc) -> Doc:
        found: list[Span] = []
        for match_id, start, end in [*self.exact(doc), *self.folded(doc), *self.normed(doc)]:
            entry = self.gazetteer.entries[doc.vocab.strings[match_id]]
            span = Span(doc, start, end, label=entry.type, kb_id=entry.id, span_id=entry.id)
            if entry.type == "PRODUCT" and _inside_longer(span, doc.ents):
                continue  # "Patriot Act", "Iskander Akhmedov": the NER's longer name stands
            found.append(span)
        # Two entries on one span (a stem shared by "Беларусь" and "беларусы"): the state.
        found.sort(key=lambda span: _TYPE_ORDER.get(span.label_, len(_TYPE_ORDER)))
        kept = filter_spans(found)
        taken = {i for span in kept for i in range(span.start, span.end)}
        merged = list(kept)
        for ent in doc.ents:
            if any(i in taken for i in range(ent.start, ent.end)):
                continue
            merged.append(self._link(ent))
            taken.update(range(ent.start, ent.end))
        for token in doc:  # proper names the NER missed, in a spelling the list lacks
            if token.i in taken or token.pos_ != "PROPN" or not token.is_title or len(token) < 5:
                continue
            person = self._person(token)
            if person is not None:
                merged.append(
                    Span(
                        doc,
                        token.i,
                        token.i + 1,
                        label="PERSON",
                        kb_id=person.id,
                        span_id=person.id,
                    )
                )
        doc.ents = filter_spans(merged)
        doc._.wf_gazetteer = self.gazetteer
        return doc

    def _person(self, surname: Token) -> GazetteerEntry | None:
        """The gazetteer person with this surname, as written or in its dictionary form
        ("Путиным" is Путин)."""
        found = self.gazetteer.person_by_surname(surname.text)
        if found is None and surname.norm_ != surname.lower_:
            found = self.gazetteer.person_by_surname(surname.norm_.title())
        return found

    def _link(self, ent: Span) -> Span:
        if ent.label_ != "PERSON" and not (
            len(ent) == 1 and ent[0].pos_ == "PROPN" and ent.label_ in ("ORG", "NORP", "GPE")
        ):
            return ent  # a lone proper noun the NER called ORG may be a surname
        entry = self._person(ent[-1])
        if entry is None:
            return ent
        if len(ent) > 1 and not _first_names_agree(ent[0].text, entry):
            return ent  # another person with the same surname
        return Span(ent.doc, ent.start, ent.end, label="PERSON", kb_id=entry.id, span_id=entry.id)


def _inside_longer(span: Span, ents: Iterable[Span]) -> bool:
    return any(
        ent.start <= span.start and span.end <= ent.end and len(ent) > len(span) for ent in ents
    )


def _first_names_agree(first: str, entry: GazetteerEntry) -> bool:
    firsts = [s.split()[0] for s in entry.spellings() if len(s.split()) > 1]
    if not firsts:
        return True
    key = name_skeleton(first)
    return any(similar_skeletons(key, name_skeleton(f), threshold=0.75) for f in firsts)


@Language.factory(
    "watchfloor_gazetteer",
    requires=["doc.ents", "token.tag"],  # POS comes from the tags (attribute ruler)
    assigns=["doc.ents", "token.ent_kb_id", "doc._.wf_gazetteer"],
    default_config={"path": None},
)
def make_gazetteer_tagger(nlp: Language, name: str, path: str | None) -> GazetteerTagger:
    return GazetteerTagger(nlp, load_gazetteer(Path(path) if path else None))
