"""Attribution measured on PolNeAR (political news): source, cue and content spans.

    python bench/eval_attribution.py --split dev            # the ledger's claims
    python bench/eval_attribution.py --split dev --system tagger   # the tagger's spans alone
    python bench/eval_attribution.py --split dev --system rules    # the rules alone

Exact match after trimming whitespace and punctuation at both ends (a discontinuous gold
span counts as its first-to-last extent), and a lenient match (token-overlap F1 >= 0.5);
then whole attributions (source, cue and content all exact). Printed next to the
published rows (CofeNet, COLING 2022, Table 6, PolNeAR test). Skips when
``../shared/eval/attribution/polnear`` is absent.

The ledger is scored twice in one run: every claim, and the claims at the top level only.
A claim reported inside another's content ("TASS reported that the minister announced
...") is a claim of its own in the ledger (origin chains need it), but PolNeAR's
annotators marked almost none (6 of 2,192 attributions with a cue on dev lie inside
another's content), so every such claim counts against precision there.
"""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

import _polnear

if TYPE_CHECKING:
    from watchfloor.types import Claim

PUBLISHED = [
    ("rule-based (published)", 10.7, 22.8, 5.6),
    ("CRF (published)", 50.6, 53.4, 28.6),
    ("BiLSTM-CRF (published)", 69.6, 66.7, 59.0),
    ("BERT-CRF (published)", 82.2, 74.9, 71.0),
    ("BERT+CofeNet (published)", 83.2, 75.3, 72.9),
]
TARGETS = {"Source": 0.75, "Cue": 0.72, "Content": 0.62}

Triple = tuple[tuple[int, int] | None, tuple[int, int] | None, tuple[int, int]]


def _tagger_predictions(text: str) -> tuple[dict[str, list[tuple[int, int]]], list[Triple]]:
    from watchfloor.extract import load_pipeline
    from watchfloor.extract.drafts import find_quotes
    from watchfloor.extract.grouping import group_spans
    from watchfloor.extract.tagger import load_tagger

    nlp = load_pipeline("en")
    doc = nlp.make_doc(text)
    for name, component in nlp.pipeline:  # the parse and entities the tagger reads
        if name == "watchfloor_attribution":
            break
        doc = component(doc)
    spans = load_tagger()(text, doc, find_quotes(text))
    groups = group_spans(spans, sorted(s.start_char for s in doc.sents), text)
    found: dict[str, list[tuple[int, int]]] = {label: [] for label in _polnear.LABELS}
    for span in spans:
        if span.label != "Content":
            found[span.label].append((span.start, span.end))
    found["Content"] = [(g.content.start, g.content.end) for g in groups]
    triples: list[Triple] = [
        (
            (g.source.start, g.source.end) if g.source else None,
            (g.cue.start, g.cue.end) if g.cue else None,
            (g.content.start, g.content.end),
        )
        for g in groups
    ]
    return found, triples


def _ledger_claims(text: str) -> list[Claim]:
    from watchfloor.extract import annotate

    return list(annotate(text).claims)


def _claim_predictions(
    claims: list[Claim],
) -> tuple[dict[str, list[tuple[int, int]]], list[Triple]]:
    found: dict[str, list[tuple[int, int]]] = {label: [] for label in _polnear.LABELS}
    triples: list[Triple] = []
    for claim in claims:
        source = None
        if claim.source is not None and claim.source.start is not None:
            assert claim.source.end is not None
            source = (claim.source.start, claim.source.end)
            found["Source"].append(source)
        cue = (claim.cue.start, claim.cue.end) if claim.cue is not None else None
        if cue is not None:
            found["Cue"].append(cue)
        content = (claim.content.start, claim.content.end)
        found["Content"].append(content)
        triples.append((source, cue, content))
    return found, triples


def _norm(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    if span is None:
        return None
    trimmed = _polnear.trim(text, *span)
    return trimmed if trimmed[1] > trimmed[0] else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument(
        "--system",
        default="ledger",
        choices=["ledger", "tagger", "rules", "tagger+rules", "tagger-only"],
        help="the ledger's claims as configured; the tagger's spans alone; the ledger with "
        "the rules only, with the rules' claims the tagger missed added, or without them",
    )
    parser.add_argument("--limit", type=int, default=0, help="articles (0: all)")
    args = parser.parse_args()
    if not _polnear.available():
        print(f"skipped: PolNeAR is not at {_polnear.POLNEAR}")
        return
    if args.system in ("rules", "tagger+rules", "tagger-only"):  # variants, for comparison
        from watchfloor.extract import load_pipeline
        from watchfloor.extract.attribution import AttributionFinder

        finder = load_pipeline("en").get_pipe("watchfloor_attribution")
        assert isinstance(finder, AttributionFinder)
        finder.use_tagger = args.system != "rules"
        finder.add_rule_claims = args.system == "tagger+rules"
    views = ["all claims", "top-level claims"] if args.system != "tagger" else ["spans"]
    scores = {view: Scores() for view in views}
    began = time.perf_counter()
    articles = list(_polnear.articles(args.split))
    if args.limit:
        articles = articles[: args.limit]
    words = 0
    for article in articles:
        text = article.text
        words += len(text.split())
        if args.system == "tagger":
            scores["spans"].add(article, *_tagger_predictions(text))
            continue
        claims = _ledger_claims(text)
        scores["all claims"].add(article, *_claim_predictions(claims))
        top = [c for c in claims if c.nested_in is None]
        scores["top-level claims"].add(article, *_claim_predictions(top))
    seconds = time.perf_counter() - began
    print(
        f"PolNeAR {args.split}: {len(articles)} articles, {words:,} words, "
        f"system {args.system} ({seconds:.0f} s, {words / seconds:,.0f} words/s)"
    )
    for view, score in scores.items():
        print(f"-- {args.system}, {view}")
        score.print()
    print(f"{'exact F1 x 100':44} {'source':>7} {'cue':>7} {'content':>7}")
    for view, score in scores.items():
        ours = [100 * score.counts[label].scores()[2] for label in _polnear.LABELS]
        name = f"watchfloor ({args.system}, {view}, {args.split})"
        print(f"  {name:42} {ours[0]:7.1f} {ours[1]:7.1f} {ours[2]:7.1f}")
    for name, source, cue, content in PUBLISHED:
        print(f"  {name:42} {source:7.1f} {cue:7.1f} {content:7.1f}")


class Scores:
    """Span counts of one system over the articles, per label and for whole attributions."""

    def __init__(self) -> None:
        self.counts = {label: _polnear.Counts() for label in _polnear.LABELS}
        self.whole = _polnear.Counts()

    def add(
        self,
        article: _polnear.Article,
        found: dict[str, list[tuple[int, int]]],
        triples: list[Triple],
    ) -> None:
        text = article.text
        for label in _polnear.LABELS:
            _polnear.count(text, article.spans(label), found[label], self.counts[label])
        gold_triples = {
            (
                _norm(text, a.spans.get("Source")),
                _norm(text, a.spans.get("Cue")),
                _norm(text, a.spans["Content"]),
            )
            for a in article.attributions
            if "Content" in a.spans
        }
        predicted = {(_norm(text, s), _norm(text, c), _norm(text, t)) for s, c, t in triples}
        self.whole.gold += len(gold_triples)
        self.whole.predicted += len(predicted)
        self.whole.exact += len(gold_triples & predicted)

    def print(self) -> None:
        print(f"{'exact match':28} {'P':>6} {'R':>6} {'F1':>6}   target F1")
        for label, c in self.counts.items():
            p, r, f = c.scores()
            mark = "ok" if f >= TARGETS[label] else "below"
            print(f"  {label:26} {p:6.3f} {r:6.3f} {f:6.3f}   >= {TARGETS[label]:.2f} {mark}")
        print(f"{'lenient (token F1 >= 0.5)':28}")
        for label, c in self.counts.items():
            p, r, f = c.scores(lenient=True)
            print(f"  {label:26} {p:6.3f} {r:6.3f} {f:6.3f}")
        p, r, f = self.whole.scores()
        print(f"{'whole attributions (exact)':28} {p:6.3f} {r:6.3f} {f:6.3f}")


if __name__ == "__main__":
    main()
