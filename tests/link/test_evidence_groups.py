"""A proposition reported for years is graded from groups of like claims, read in the
database, and a denial contradicts each origin that asserts it once: linking then costs
the origins of a proposition, not every repetition (bench/scale.py)."""

from __future__ import annotations

from pathlib import Path

from watchfloor.assess import assess_groups, assess_proposition, load_registry
from watchfloor.pipeline import extract, ingest, link
from watchfloor.settings import Settings
from watchfloor.store import Store
from watchfloor.types import Stance

from .test_across import write_jsonl

# Reports of one story share its details (linking joins claims only within one story).
REPEATS = [
    "Nasha Niva reported that Belarus had started a hidden mobilisation of "
    "reservists, with call-up papers handed to men in Minsk, Hrodna and Brest and "
    "reservists told to report to enlistment offices.",
    "Nasha Niva reported again that Belarus was carrying out a hidden mobilisation, "
    "handing call-up papers to reservists in Minsk, Hrodna and Brest and sending "
    "them to enlistment offices.",
    "According to Nasha Niva, a covert mobilisation of reservists is under way in "
    "Belarus, with call-up papers handed out in Minsk, Hrodna and Brest and men "
    "reporting to enlistment offices.",
    "Nasha Niva said that the hidden mobilisation in Belarus continued this week, "
    "with more call-up papers handed to reservists in Minsk, Hrodna and Brest and "
    "queues at enlistment offices.",
]


def reports() -> list[dict[str, str]]:
    records = [
        {
            "title": f"Report {i}",
            "text": text,
            "outlet": "Nasha Niva",
            "published": f"2022-10-{10 + i:02d}T10:00:00Z",
        }
        for i, text in enumerate(REPEATS)
    ]
    records.append(
        {
            "title": "Intelligence",
            "text": "Ukrainian intelligence said that a hidden mobilisation of reservists had "
            "begun in Belarus, with call-up papers handed out in Minsk, Hrodna and Brest and men "
            "sent to enlistment offices.",
            "outlet": "Ukrainska Pravda",
            "published": "2022-10-14T10:00:00Z",
        }
    )
    records.append(
        {
            "title": "Denial",
            "text": "The Belarusian Defence Ministry denied reports of a hidden mobilisation of "
            "reservists in Belarus, of call-up papers handed out in Minsk, Hrodna and Brest "
            "and of men sent to enlistment offices.",
            "outlet": "BelTA",
            "published": "2022-10-15T10:00:00Z",
        }
    )
    return records


def test_a_denial_contradicts_each_asserting_origin_once(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    ingest(store, [str(write_jsonl(tmp_path / "r.jsonl", reports()))], settings=settings)
    extract(store)
    link(store)
    [proposition] = [p for p in store.list_propositions() if p.family == "mobilization"]
    found = store.get_proposition(proposition.id)
    assert found is not None
    full, contradictions = found
    nasha = [c for c in full.claims if c.origin_name == "Nasha Niva"]
    assert len({c.article_id for c in nasha}) == len(REPEATS)  # all four joined
    with store.linking() as session:
        groups = session.evidence_groups([proposition.id], article_id=0)[proposition.id]
    nasha_groups = [g for g in groups if g.origin_name == "Nasha Niva"]
    assert sum(g.claims for g in nasha_groups) == len(nasha)
    assert len(nasha_groups) < len(nasha)  # two of its reports are alike
    denials = [c.why for c in contradictions if c.kind == "denial"]
    # one per group of like claims of each origin that asserts it, not per repetition
    asserting = [g for g in nasha_groups if g.stance is Stance.SUPPORTS]
    assert asserting
    assert sum("what Nasha Niva asserts" in why for why in denials) == len(asserting)
    assert len(denials) == len(asserting) + 1  # and once the Ukrainian report
    # the grade lists each group once, with how many claims it holds
    assert full.assessment is not None
    listed = [e for e in full.assessment["evidence"] if e["origin"] == "Nasha Niva"]
    assert sorted(e["claims"] for e in listed) == sorted(g.claims for g in nasha_groups)


def test_groups_grade_as_the_claims_do(tmp_path: Path, store: Store, settings: Settings) -> None:
    ingest(store, [str(write_jsonl(tmp_path / "r.jsonl", reports()))], settings=settings)
    extract(store)
    link(store)
    registry = load_registry(None)
    for proposition in store.list_propositions():
        found = store.get_proposition(proposition.id)
        assert found is not None
        with store.linking() as session:
            groups = session.evidence_groups([proposition.id], article_id=0)[proposition.id]
        by_claims = assess_proposition(found[0].claims, registry)
        by_groups = assess_groups(groups, registry)
        assert sum(g.claims for g in groups) == len(found[0].claims)
        assert (by_groups.credibility, by_groups.probability, by_groups.likelihood) == (
            by_claims.credibility,
            by_claims.probability,
            by_claims.likelihood,
        )
        assert by_groups.credibility_reason == by_claims.credibility_reason
