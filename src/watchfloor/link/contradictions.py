"""Contradictions: two claims about one proposition that cannot both be true.

Three reasons, each stated in plain words: one source denies what another asserts; two
sources give numbers that cannot both hold (2,000 against 5,000 recruits; an estimate is
read as +-25%, an exact figure as +-5%); two sources date it days apart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from watchfloor.types import ClaimStance, Contradiction, Quantity, Stance

__all__ = ["ClaimView", "contradictions_in", "interval_of", "numbers_disagree"]

APPROXIMATE_SPREAD = 0.25
EXACT_SPREAD = 0.05
DATE_TOLERANCE_DAYS = 2


@dataclass(frozen=True, slots=True)
class ClaimView:
    """What contradiction checks need of a claim, wherever it is stored."""

    key: str
    """The claim's id in the output ("c3", or "12:c3" across articles)."""
    stance: ClaimStance
    source: str
    date: str | None = None


def interval_of(quantity: Quantity) -> tuple[float, float]:
    """The values a reported number allows."""
    if quantity.low is not None and quantity.high is not None:
        return quantity.low, quantity.high
    value = quantity.value
    spread = APPROXIMATE_SPREAD if quantity.approximate else EXACT_SPREAD
    low, high = value * (1 - spread), value * (1 + spread)
    match quantity.comparator:
        case ">" | ">=":
            return value, math.inf
        case "<" | "<=":
            return 0.0, value
    return low, high


def numbers_disagree(a: Quantity, b: Quantity) -> bool:
    low_a, high_a = interval_of(a)
    low_b, high_b = interval_of(b)
    return high_a < low_b or high_b < low_a


def _days_apart(a: str, b: str) -> int | None:
    from datetime import date

    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


def contradictions_in(
    proposition: str | None,
    claims: Sequence[ClaimView],
    *,
    describe: Callable[[Quantity], str] | None = None,
    involving: Collection[str] | None = None,
) -> list[Contradiction]:
    """Every contradicting pair among the claims of one proposition, each once; claims
    with the same origin never contradict each other (a source correcting itself is a
    revision, not a second opinion). ``involving``: only pairs with at least one of these
    claims (the new ones: pairs among the others were found when they came), so that a
    proposition reported for years costs each new article its new pairs, not all pairs."""
    describe = describe or (lambda q: q.text)
    new = (lambda c: c.key in involving) if involving is not None else (lambda c: True)
    found: list[Contradiction] = []
    seen: set[frozenset[str]] = set()

    def add(a: ClaimView, b: ClaimView, kind: str, why: str) -> None:
        pair = frozenset((a.key, b.key))
        if pair in seen or a.stance.origin == b.stance.origin:
            return
        seen.add(pair)
        found.append(
            Contradiction(claims=(a.key, b.key), kind=kind, why=why, proposition=proposition)
        )

    deniers = [c for c in claims if c.stance.stance is Stance.DENIES]
    asserters = [c for c in claims if c.stance.stance is Stance.SUPPORTS]
    for denial, claim in _crossed(deniers, asserters, new):
        add(denial, claim, "denial", f"{denial.source} denies what {claim.source} asserts")
    sized = [c for c in asserters if c.stance.size is not None]
    for a, b in _pairs(sized, new):
        assert a.stance.size is not None and b.stance.size is not None
        if numbers_disagree(a.stance.size, b.stance.size):
            add(
                a,
                b,
                "number",
                f"{a.source} gives {describe(a.stance.size)}, {b.source} gives "
                f"{describe(b.stance.size)}",
            )
    dated = [c for c in asserters if c.date]
    for a, b in _pairs(dated, new):
        assert a.date is not None and b.date is not None
        apart = _days_apart(a.date, b.date)
        if apart is not None and apart > DATE_TOLERANCE_DAYS:
            add(a, b, "date", f"{a.source} dates it {a.date}, {b.source} {b.date}")
    return found


def _pairs(
    items: Sequence[ClaimView], new: Callable[[ClaimView], bool]
) -> Iterable[tuple[ClaimView, ClaimView]]:
    """Unordered pairs of ``items`` with at least one new claim, in order."""
    for i, a in enumerate(items):
        if new(a):
            yield from ((a, b) for b in items[i + 1 :])
        else:
            yield from ((a, b) for b in items[i + 1 :] if new(b))


def _crossed(
    left: Sequence[ClaimView], right: Sequence[ClaimView], new: Callable[[ClaimView], bool]
) -> Iterable[tuple[ClaimView, ClaimView]]:
    """(l, r) pairs with at least one new claim; cost: new claims x others."""
    fresh_right = [r for r in right if new(r)]
    for a in left:
        yield from ((a, b) for b in (right if new(a) else fresh_right))


def source_names(chains: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """The name to show for each claim's source: the last link of its chain."""
    return {key: chain[-1] if chain else "unattributed" for key, chain in chains.items()}
