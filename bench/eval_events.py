"""Event typing on the PETRARCH2 unit-test records (measurement only).

Reads ../shared/eval/events/petrarch2-unit-tests/PETR.UnitTest.records.xml, maps each
expected CAMEO code to a PLOVER type with PLOVER's CAMEO table
(``watchfloor.lang.plover.cameo_to_plover``), annotates each sentence and compares the
set of PLOVER types found with the set expected. Records meant to raise coder errors and
the test-only codes (first two digits above 20, lettered codes) are skipped, as the data's
README says; codes without a PLOVER equivalent (01x statements, 02x appeals) are not scored.

    python bench/eval_events.py

Prints precision and recall of event types over sentences, and how many "no event"
sentences stayed empty.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RECORDS = (
    REPO.parent
    / "shared"
    / "eval"
    / "events"
    / "petrarch2-unit-tests"
    / "PETR.UnitTest.records.xml"
)


def scorable(code: str) -> bool:
    return code[:2].isdigit() and int(code[:2]) <= 20 and code.isdigit()


def main() -> None:
    if not RECORDS.exists():
        sys.exit(f"records not found at {RECORDS}")
    from watchfloor.extract import annotate
    from watchfloor.lang.plover import cameo_to_plover

    root = ElementTree.parse(RECORDS).getroot()
    tp = fp = fn = 0
    per_type: Counter[tuple[str, str]] = Counter()
    no_event_total = no_event_clean = sentences = 0
    for sentence in root.iter("Sentence"):
        codings = sentence.findall("EventCoding")
        if any(c.get("error") for c in codings):
            continue
        text = " ".join((sentence.findtext("Text") or "").split())
        if not text:
            continue
        found = {e.type for e in annotate(text).events}
        if any(c.get("noevents") == "True" for c in codings):
            no_event_total += 1
            no_event_clean += not found
            fp += len(found)
            continue
        codes = [c.get("eventcode") or "" for c in codings]
        if not all(scorable(c) for c in codes):
            continue
        expected = {t for t in (cameo_to_plover(c) for c in codes) if t}
        if not expected:
            continue
        sentences += 1
        tp += len(found & expected)
        fp += len(found - expected)
        fn += len(expected - found)
        for t in expected:
            per_type[(t, "hit" if t in found else "miss")] += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"PETRARCH2 unit tests: {sentences} scored sentences, {no_event_total} no-event")
    print(f"event types  P {precision:.2f}  R {recall:.2f}  F1 {f1:.2f}  (tp {tp} fp {fp} fn {fn})")
    print(f"no-event sentences left empty: {no_event_clean}/{no_event_total}")
    types = sorted({t for t, _ in per_type})
    print(
        "recall by expected type: "
        + ", ".join(
            f"{t} {per_type[(t, 'hit')]}/{per_type[(t, 'hit')] + per_type[(t, 'miss')]}"
            for t in types
        )
    )


if __name__ == "__main__":
    main()
