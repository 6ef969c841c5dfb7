"""Russian NER and name normalisation on the FactRuEval-2016 development set, watchfloor's
Russian pipeline next to bare Natasha on the same texts.

Gold mentions come from each document's ``.objects``: Person -> PER, Org -> ORG,
Location and LocOrg -> LOC. A mention's extent runs from its first to its last *name*
span (descriptors such as "мэрии", "министр" are not part of a name); an Org whose only
names are places ("мэрии Москвы") is left out, since its name is the place's. A predicted
mention is right when type, start and end are all equal (exact match).

Base forms: for each gold Person mention found with the right extent, the predicted
nominative against the gold ``.coref`` name parts the mention spells out (name ->
firstname, surname -> lastname, patronymic -> patronymic), compared without case and
with ё as е.

    python bench/eval_ner_ru.py [--limit N]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEVSET = REPO.parent / "shared" / "eval" / "ner-ru" / "factRuEval-2016-dev" / "devset"

_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
_NAME_SPANS = {"loc_name", "surname", "org_name", "name", "patronymic", "nickname", "geo_adj"}
_PART = {"name": "firstname", "surname": "lastname", "patronymic": "patronymic"}
_OURS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    type: str


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def gold(book: str) -> tuple[str, set[Mention], dict[Mention, str]]:
    text = (DEVSET / f"{book}.txt").read_text(encoding="utf-8")
    spans: dict[str, tuple[str, int, int]] = {}
    for line in (DEVSET / f"{book}.spans").read_text(encoding="utf-8").splitlines():
        fields = line.split("#")[0].split()
        if len(fields) >= 4:
            spans[fields[0]] = (fields[1], int(fields[2]), int(fields[2]) + int(fields[3]))
    names: dict[str, dict[str, str]] = {}
    for block in (DEVSET / f"{book}.coref").read_text(encoding="utf-8").split("\n\n"):
        lines = [x for x in block.splitlines() if x.strip()]
        if not lines:
            continue
        parts = dict(x.split(" ", 1) for x in lines[1:] if " " in x)
        for mention_id in lines[0].split()[1:]:
            names[mention_id] = parts
    mentions: set[Mention] = set()
    normal: dict[Mention, str] = {}
    for line in (DEVSET / f"{book}.objects").read_text(encoding="utf-8").splitlines():
        fields = line.split("#")[0].split()
        if len(fields) < 3 or fields[1] not in _TYPES:
            continue
        own = [spans[s] for s in fields[2:] if s in spans and spans[s][0] in _NAME_SPANS]
        if not own or (fields[1] == "Org" and all(t in ("loc_name", "geo_adj") for t, _, _ in own)):
            continue
        mention = Mention(min(s for _, s, _ in own), max(e for _, _, e in own), _TYPES[fields[1]])
        mentions.add(mention)
        if mention.type == "PER" and fields[0] in names:
            parts = names[fields[0]]
            ordered = sorted(own, key=lambda x: x[1])
            wanted = [parts.get(_PART.get(t, ""), "") for t, _, _ in ordered]
            if all(wanted):
                normal[mention] = _fold(" ".join(wanted))
    return text, mentions, normal


def natasha_bare(text: str) -> tuple[set[Mention], dict[Mention, str]]:
    from natasha import Doc

    from watchfloor.extract.slavic.natasha import natasha_models

    models = natasha_models()
    doc = Doc(text)
    doc.segment(models.segmenter)
    doc.tag_morph(models.morph)
    doc.parse_syntax(models.syntax)
    doc.tag_ner(models.ner)
    found: set[Mention] = set()
    normal: dict[Mention, str] = {}
    for span in doc.spans:
        span.normalize(models.morph_vocab)
        mention = Mention(span.start, span.stop, span.type)
        found.add(mention)
        normal[mention] = _fold(span.normal)
    return found, normal


def watchfloor_ru(text: str) -> tuple[set[Mention], dict[Mention, str]]:
    from watchfloor.extract import load_pipeline

    doc = load_pipeline("ru")(text)
    found: set[Mention] = set()
    normal: dict[Mention, str] = {}
    normals = doc._.wf_normal or {}
    for ent in doc.ents:
        label = _OURS.get(ent.label_)
        if label is None:
            continue
        mention = Mention(ent.start_char, ent.end_char, label)
        found.add(mention)
        normal[mention] = _fold(normals.get((ent.start_char, ent.end_char), ent.text))
    return found, normal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    books = sorted({p.stem for p in DEVSET.glob("book_*.txt")}, key=lambda b: int(b[5:]))
    books = books[: args.limit] if args.limit else books
    from watchfloor.extract import load_pipeline

    load_pipeline("ru")
    systems = {"natasha (bare)": natasha_bare, "watchfloor ru": watchfloor_ru}
    print(f"FactRuEval-2016 dev: {len(books)} documents, exact-match mentions")
    print(f"{'system':<16} {'type':<4} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}  base forms")
    for name, run in systems.items():
        counts: dict[str, Counter[str]] = {t: Counter() for t in ("PER", "ORG", "LOC", "all")}
        base_right = base_total = 0
        started = time.perf_counter()
        for book in books:
            text, expected, normal = gold(book)
            found, predicted_normal = run(text)
            for kind in ("PER", "ORG", "LOC"):
                g = {m for m in expected if m.type == kind}
                p = {m for m in found if m.type == kind}
                for key in (kind, "all"):
                    counts[key]["tp"] += len(g & p)
                    counts[key]["fp"] += len(p - g)
                    counts[key]["fn"] += len(g - p)
            for mention, wanted in normal.items():
                if mention in found:
                    base_total += 1
                    base_right += predicted_normal.get(mention) == wanted
        seconds = time.perf_counter() - started
        for kind, c in counts.items():
            precision = c["tp"] / max(c["tp"] + c["fp"], 1)
            recall = c["tp"] / max(c["tp"] + c["fn"], 1)
            f1 = 2 * precision * recall / max(precision + recall, 1e-9)
            extra = ""
            if kind == "all":
                accuracy = base_right / max(base_total, 1)
                extra = f"  {accuracy:.3f} ({base_right}/{base_total}); {seconds:.1f} s"
            print(
                f"{name:<16} {kind:<4} {precision:>6.3f} {recall:>6.3f} {f1:>6.3f} "
                f"{c['tp'] + c['fn']:>6}{extra}"
            )


if __name__ == "__main__":
    main()
