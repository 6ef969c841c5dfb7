"""Quantity extraction measured on public test sets (never used for tuning).

- quantulum3's English tests: value F1 (a predicted quantity is right when its span
  overlaps the expected surface and its value equals the expected one; for ranges the
  expected value is the midpoint, as ours is).
- Recognizers-Text NumberModel: value F1 on numbers; NumberRangeModel: comparator
  accuracy (our comparator or range, as an interval, against the expected interval).

    python bench/eval_quantities.py
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from spacy.tokens import Doc

from watchfloor.extract import load_pipeline
from watchfloor.extract.quantities import find_quantities, merge_bounds
from watchfloor.types import Quantity

SETS = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "quantities"


def _quantities(doc: Doc) -> list[Quantity]:
    return merge_bounds(doc, find_quantities(doc))


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def overlaps(q: Quantity, start: int, end: int) -> bool:
    return q.start < end and start < q.end


def f1(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def quantulum(nlp, name: str) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    tp = pred = gold = 0
    for case in json.loads((SETS / "quantulum3" / name).read_text()):
        text = case["req"]
        found = _quantities(nlp(text))
        pred += len(found)
        used: set[int] = set()
        for expected in case["res"]:
            gold += 1
            start = text.find(expected["surface"])
            end = start + len(expected["surface"])
            for index, q in enumerate(found):
                if (
                    index not in used
                    and overlaps(q, start, end)
                    and close(q.value, float(expected["value"]))
                ):
                    used.add(index)
                    tp += 1
                    break
    return tp, pred, gold


def number_model(nlp) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    tp = pred = gold = 0
    for case in json.loads((SETS / "number-ranges" / "NumberModel.json").read_text()):
        text = case["Input"]
        found = _quantities(nlp(text))
        pred += len(found)
        used: set[int] = set()
        for expected in case["Results"]:
            gold += 1
            try:
                value = float(expected["Resolution"]["value"])
            except (KeyError, ValueError):
                continue
            start, end = expected["Start"], expected["End"] + 1
            for index, q in enumerate(found):
                if index not in used and overlaps(q, start, end) and close(q.value, value):
                    used.add(index)
                    tp += 1
                    break
    return tp, pred, gold


_INTERVAL = re.compile(r"^([\[(])\s*([^,]*)\s*,\s*([^\])]*)\s*([\])])$")


def as_interval(q: Quantity) -> tuple[float | None, float | None]:
    if q.low is not None and q.high is not None:
        return q.low, q.high
    return {
        ">": (q.value, None), ">=": (q.value, None), "<": (None, q.value), "<=": (None, q.value),
    }.get(q.comparator or "", (q.value, q.value))  # fmt: skip


def comparator_of(q: Quantity) -> str:
    if q.low is not None and q.high is not None:
        return "range"
    return q.comparator or "="


def expected_comparator(left: str, low: str, high: str, right: str) -> str:
    if low and high:
        return "=" if low == high else "range"
    if low:
        return ">=" if left == "[" else ">"
    return "<=" if right == "]" else "<"


def range_model(nlp) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    matched = right = pred = gold = 0
    for case in json.loads((SETS / "number-ranges" / "NumberRangeModel.json").read_text()):
        text = case["Input"]
        found = _quantities(nlp(text))
        pred += sum(1 for q in found if q.comparator or q.low is not None)
        for expected in case["Results"]:
            gold += 1
            match = _INTERVAL.match(expected["Resolution"]["value"])
            if not match:
                continue
            left, low, high, close_mark = match.groups()
            start, end = expected["Start"], expected["End"] + 1
            candidates = [q for q in found if overlaps(q, start, end)]
            if not candidates:
                continue
            matched += 1
            q = candidates[0]
            lo, hi = as_interval(q)
            bounds_ok = (not low or (lo is not None and close(lo, float(low)))) and (
                not high or (hi is not None and close(hi, float(high)))
            )
            if bounds_ok and comparator_of(q) == expected_comparator(left, low, high, close_mark):
                right += 1
    return right, matched, pred, gold


def main() -> None:
    nlp = load_pipeline("en")
    print("quantity extraction on public test sets")
    for name in ("quantities.json", "quantities.ambiguity.json"):
        tp, pred, gold = quantulum(nlp, name)
        p, r, f = f1(tp, pred, gold)
        print(
            f"quantulum3 {name:<26} value P {p:.2f} R {r:.2f} F1 {f:.2f}"
            f"  ({tp}/{gold} found, {pred} predicted)"
        )
    tp, pred, gold = number_model(nlp)
    p, r, f = f1(tp, pred, gold)
    print(
        f"Recognizers-Text NumberModel          value P {p:.2f} R {r:.2f} F1 {f:.2f}  ({tp}/{gold})"
    )
    right, matched, pred, gold = range_model(nlp)
    accuracy = right / matched if matched else 0.0
    overall = right / gold if gold else 0.0
    print(
        f"Recognizers-Text NumberRangeModel     found {matched}/{gold} ranges ({pred} predicted); "
        f"comparator accuracy on found {accuracy:.2f}; over all {overall:.2f}"
    )  # fmt: skip


if __name__ == "__main__":
    main()
