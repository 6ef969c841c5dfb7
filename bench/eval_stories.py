"""Do propositions join only reports of one story? FNC-1 bodies through the whole pipeline.

    python bench/eval_stories.py [--split dev] [--limit N] [--db PATH]

Ingests the split's article bodies with one shared publication date into a fresh SQLite
store, extracts and links them, and compares the article pairs that share a proposition
with FNC-1's stories (a story: a connected component of (headline, body) pairs whose
stance is not `unrelated`). Prints pair precision (shared a proposition and same story),
pair recall (of the same-story pairs), the share of propositions over two or more articles
that mix stories, and the number of person entities holding two different given names.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from _fnc import STANCE_DIR, Pair, read_split

PUBLISHED = "2017-06-01T12:00:00Z"


def stories(pairs: list[Pair]) -> dict[str, int]:
    """Body id -> story number: components of the bodies joined through a shared headline
    with a related stance."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        if pair.stance != "unrelated":
            a, b = find("h:" + pair.headline), find("b:" + pair.body_id)
            if a != b:
                parent[a] = b
    roots: dict[str, int] = {}
    out = {}
    for pair in pairs:
        if pair.stance != "unrelated":
            out[pair.body_id] = roots.setdefault(find("b:" + pair.body_id), len(roots))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, help="only the first N bodies")
    parser.add_argument("--db", type=Path, help="keep the store here (default: a temp file)")
    parser.add_argument(
        "--relink",
        action="store_true",
        help="reuse the extracted articles of --db: forget the linking and link again",
    )
    args = parser.parse_args()
    folder = STANCE_DIR / f"fnc1-{args.split}"
    if not folder.exists():
        print(f"skipped: {folder} is not here")
        return
    from watchfloor.pipeline import extract, ingest, link
    from watchfloor.settings import load_settings
    from watchfloor.store import open_store

    pairs, bodies = read_split(folder)
    story_of = stories(pairs)
    ids = sorted(bodies, key=int)[: args.limit]
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / f"fnc1-{args.split}.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for body_id in ids:
                record = {
                    "id": body_id,
                    "text": bodies[body_id],
                    "language": "en",
                    "published": PUBLISHED,
                }
                handle.write(json.dumps(record) + "\n")
        db = args.db or Path(work) / "stories.db"
        relink = args.relink and db.exists()
        if db.exists() and not relink:
            db.unlink()
        settings = load_settings(db=str(db))
        started = time.time()
        if relink:
            _forget_linking(db)
        with open_store(str(db), must_exist=False) as store:
            if not relink:
                ingest(store, [str(source)], settings=settings)
                extract(store)
            link(store)
            elapsed = time.time() - started
            body_of = {a.id: a.record or "" for a in store.iter_articles() if a.id is not None}
            assigned = _assigned_stories(db, body_of)
            propositions = store.list_propositions(limit=None)
            denied = _denied_contents(store, body_of)
            people = [e for e in store.list_entities(limit=None) if e.type == "PERSON"]
    articles_of = {p.id: sorted({body_of[c.article_id] for c in p.claims}) for p in propositions}
    shared: set[tuple[str, str]] = set()
    multi = mixed = 0
    for members in articles_of.values():
        if len(members) < 2:
            continue
        multi += 1
        known = {story_of.get(b, f"none:{b}") for b in members}
        mixed += len(known) > 1
        shared |= set(itertools.combinations(members, 2))
    same = sum(1 for a, b in shared if a in story_of and story_of.get(a) == story_of.get(b))
    by_story: dict[int, list[str]] = defaultdict(list)
    for body_id in ids:
        if body_id in story_of:
            by_story[story_of[body_id]].append(body_id)
    gold_pairs = sum(len(m) * (len(m) - 1) // 2 for m in by_story.values())
    precision = same / len(shared) if shared else 1.0
    recall = same / gold_pairs if gold_pairs else 0.0
    two_names = [e for e in people if _given_names(e) > 1]
    in_one = [
        (a, b) for a, b in itertools.combinations(sorted(assigned), 2) if assigned[a] == assigned[b]
    ]
    story_hits = sum(1 for a, b in in_one if a in story_of and story_of[a] == story_of.get(b))
    print(
        f"FNC-1 {args.split}: {len(ids)} bodies, {len(by_story)} stories, "
        f"{gold_pairs} same-story pairs; ingest+extract+link {elapsed:.0f}s"
    )
    print(f"{'measure':52} {'value':>8} {'target':>8}")
    print(f"{'pair precision (pairs sharing a proposition)':52} {precision:>8.3f} {'>= 0.95':>8}")
    print(f"{'pair recall (of same-story pairs)':52} {recall:>8.3f} {'>= 0.50':>8}")
    share = mixed / multi if multi else 0.0
    print(f"{'propositions over 2+ articles that mix stories':52} {share:>8.3f} {'<= 0.02':>8}")
    print(f"{'  (mixed / over 2+ articles)':52} {f'{mixed}/{multi}':>8}")
    print(f"{'article pairs sharing a proposition':52} {len(shared):>8d}")
    print(
        f"{'story gate: pairs put in one story (precision, recall)':52} "
        f"{story_hits / max(len(in_one), 1):>8.3f} {story_hits / max(gold_pairs, 1):>8.3f}"
    )
    print(f"{'person entities with two different given names':52} {len(two_names):>8d} {'0':>8}")
    precision_d, recall_d, judged = _denial_scores(pairs, denied)
    print(
        f"{'denials: a denied claim about the headline (P, R)':52} {precision_d:>8.3f} "
        f"{recall_d:>8.3f}  over {judged} agree/disagree pairs"
    )
    for entity in two_names[:10]:
        print(f"  #{entity.id} {entity.name}: {', '.join(entity.aliases)}")
    sys.stdout.flush()


def _denied_contents(store: Any, body_of: dict[int, str]) -> dict[str, list[frozenset[str]]]:
    """Body id -> the content words of each of its claims the ledger reads as denied."""
    from watchfloor.link.propositions import content_words
    from watchfloor.types import Ledger, Polarity, from_jsonable

    out: dict[str, list[frozenset[str]]] = {}
    for article_id, body_id in body_of.items():
        stored = store.get_ledger(article_id)
        if stored is None:
            continue
        ledger = from_jsonable(Ledger, stored)
        out[body_id] = [
            content_words(c.content.text) for c in ledger.claims if c.polarity is Polarity.DENIED
        ]
    return out


def _denial_scores(
    pairs: list[Pair], denied: dict[str, list[frozenset[str]]]
) -> tuple[float, float, int]:
    """Denial precision and recall on the pairs FNC-1 labels agree or disagree: a body
    "denies" a headline when one of its denied claims shares two content words with it."""
    from watchfloor.link.propositions import content_words

    hits = predicted = gold = judged = 0
    for pair in pairs:
        if pair.stance not in ("agree", "disagree") or pair.body_id not in denied:
            continue
        judged += 1
        words = content_words(pair.headline)
        says_no = any(len(words & claim) >= 2 for claim in denied[pair.body_id])
        predicted += says_no
        gold += pair.stance == "disagree"
        hits += says_no and pair.stance == "disagree"
    return hits / max(predicted, 1), hits / max(gold, 1), judged


def _assigned_stories(db: Path, body_of: dict[int, str]) -> dict[str, int]:
    """Body id -> the story linking put its article in."""
    import sqlite3

    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT article_id, story_id FROM article_stories").fetchall()
    return {body_of[a]: s for a, s in rows if a in body_of}


def _forget_linking(db: Path) -> None:
    """Clear what linking wrote in a SQLite store, keeping articles and ledgers."""
    import sqlite3

    with sqlite3.connect(db) as connection:
        for table in (
            "linked_articles",
            "contradictions",
            "proposition_claims",
            "proposition_blocks",
            "propositions",
            "entity_links",
            "entity_aliases",
            "entities",
            "article_stories",
            "story_keys",
        ):
            connection.execute(f"DELETE FROM {table}")
        connection.execute(
            "UPDATE events SET proposition_id = NULL, credibility = NULL, credibility_reason = NULL"
        )


def _given_names(entity: object) -> int:
    """How many different given names the person's full names hold ('Joe Biden' and
    'Hunter Biden': 2; 'Alexander' and 'Aliaksandr' are one name spelt two ways)."""
    from watchfloor.lang.names import name_skeleton, similar_skeletons
    from watchfloor.link.entities import given_name, is_description

    names = [getattr(entity, "name", ""), *getattr(entity, "aliases", ())]
    given: list[str] = []
    for name in names:
        words = [w for w in name.replace(".", " ").split() if w[:1].isupper()]
        if len(words) < 2 or is_description(name) or len(words[0]) < 2:
            continue
        skeleton = name_skeleton(given_name(words[0].split("-")[0]))
        if not any(similar_skeletons(skeleton, g, threshold=0.6) for g in given):
            given.append(skeleton)
    return len(given)


if __name__ == "__main__":
    main()
