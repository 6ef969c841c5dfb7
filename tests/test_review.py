"""The analyst's review loop on a real store: each verdict is stored with who, when and
why, changes what it is about, regrades what that touches with the explanation saying so,
and undoing it restores everything it replaced."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import build_store
from watchfloor.errors import NothingToReviewError, ReviewError
from watchfloor.pipeline.registry import source_registry
from watchfloor.pipeline.review import Review, review, undo
from watchfloor.store import Store
from watchfloor.verdicts import VerdictKind, claim_as_reviewed


@pytest.fixture
def desk(tmp_path: Path, db_location: str) -> Iterator[tuple[Store, Any]]:
    """A linked store with alerts, on SQLite and on PostgreSQL."""
    store, settings = build_store(tmp_path, db_location)
    try:
        yield store, source_registry(store, settings.sources)
    finally:
        store.close()


def _proposition_with(store: Store, source: str) -> Any:
    return next(
        p
        for p in store.list_propositions(limit=None)
        if any(c.source_name == source for c in p.claims)
    )


def _state(store: Store, proposition_id: int) -> tuple[Any, ...]:
    found = store.get_proposition(proposition_id)
    assert found is not None
    p = found[0]
    stances = tuple(sorted((c.key, c.stance.value, c.source_name, c.origin) for c in p.claims))
    assert p.assessment is not None
    return p.credibility, p.likelihood, p.assessment["explanation"], stances, p.judgement


def test_a_corrected_polarity_changes_the_stance_and_the_grade_and_undo_restores_it(
    desk: tuple[Store, Any],
) -> None:
    store, registry = desk
    target = _proposition_with(store, "Belarusian Defence Ministry")
    before = _state(store, target.id)
    assert before[0] == 3  # supported by three origins, denied by the ministry
    denials = [c for c in target.claims if c.stance.value == "denies"]
    done = []
    for claim in denials:
        asked = Review(
            kind=VerdictKind.CLAIM,
            field="polarity",
            value="affirmed",
            note="the ministry confirms the call-up in this sentence",
            article_id=claim.article_id,
            claim_id=claim.claim_id,
        )
        done.append(review(store, asked, by="token ana", registry=registry))
    assert all(target.id in d.regraded for d in done)
    after = _state(store, target.id)
    assert after[0] == 1  # confirmed: nobody denies it any more
    assert "analyst's review" in after[2]
    assert "polarity denied -> affirmed" in after[2] and "token ana" in after[2]
    assert {s[1] for s in after[3] if s[2] == "Belarusian Defence Ministry"} == {"supports"}
    # the events about it carry the new grade and say why
    graded = [e.data["credibility"] for e in store.list_events(limit=500)]
    about = [g for g in graded if g["proposition"] == target.id]
    assert about and all(g["grade"] == 1 and "analyst's review" in g["reason"] for g in about)
    for d in reversed(done):
        undo(store, d.verdict.id, by="token bo", registry=registry)
    assert _state(store, target.id) == before
    log = store.list_verdicts(proposition_id=None, kind=VerdictKind.CLAIM)
    assert [(v.made_by, v.undone_by, v.active) for v in log] == [
        ("token ana", "token bo", False)
    ] * 2


def test_a_claim_that_is_no_claim_leaves_its_proposition_until_undone(
    desk: tuple[Store, Any],
) -> None:
    store, registry = desk
    target = _proposition_with(store, "Belarusian Defence Ministry")
    before = _state(store, target.id)
    claim = next(c for c in target.claims if c.source_name == "An officer")
    asked = Review(
        kind=VerdictKind.CLAIM,
        field="not_a_claim",
        article_id=claim.article_id,
        claim_id=claim.claim_id,
        note="a forecast by the reporter",
    )
    done = review(store, asked, by="tester", registry=registry)
    after = _state(store, target.id)
    assert claim.key not in {s[0] for s in after[3]}
    assert "is not a claim" in after[2]
    ledger = store.get_ledger(claim.article_id)
    assert ledger is not None
    shown = next(c for c in ledger["claims"] if c["id"] == claim.claim_id)
    assert claim_as_reviewed(shown, store.list_verdicts(article_id=claim.article_id))["not_a_claim"]
    undo(store, done.verdict.id, by="tester", registry=registry)
    assert _state(store, target.id) == before


def test_a_corrected_source_is_its_own_origin_and_its_span_is_found(
    desk: tuple[Store, Any],
) -> None:
    store, registry = desk
    target = _proposition_with(store, "An officer")
    claim = next(c for c in target.claims if c.source_name == "An officer")
    asked = Review(
        kind=VerdictKind.CLAIM,
        field="source",
        value="Nasha Niva",
        article_id=claim.article_id,
        claim_id=claim.claim_id,
    )
    done = review(store, asked, by="tester", registry=registry)
    assert done.verdict.previous["source"] == "An officer"
    assert done.verdict.previous["span"] is not None  # "Nasha Niva" is in the article
    after = _state(store, target.id)
    assert (claim.key, "supports", "Nasha Niva", "name:nasha niva") in after[3]


def test_a_proposition_judged_false_turns_its_supporters_records_until_undone(
    desk: tuple[Store, Any],
) -> None:
    store, registry = desk
    target = _proposition_with(store, "Nasha Niva")

    def record(name: str) -> dict[str, Any]:
        return next(r for r in store.source_records() if r["source"] == name)

    before = record("Nasha Niva")
    asked = Review(
        kind=VerdictKind.PROPOSITION,
        field="truth",
        value="false",
        proposition_id=target.id,
        note="satellite images show no gathering",
    )
    done = review(store, asked, by="tester", registry=registry)
    assert record("Nasha Niva")["doubted"] == before["doubted"] + 1
    state = _state(store, target.id)
    assert state[4] == "false" and "judged false" in state[2]
    undo(store, done.verdict.id, by="tester", registry=registry)
    assert record("Nasha Niva") == before
    assert _state(store, target.id)[4] is None
    with pytest.raises(ReviewError, match="true, false, unresolved"):
        review(store, replace(asked, value="maybe"), by="t", registry=registry)


def test_a_claim_split_out_gets_a_proposition_of_its_own_until_undone(
    desk: tuple[Store, Any],
) -> None:
    store, registry = desk
    target = _proposition_with(store, "Ukrainska Pravda")
    before = _state(store, target.id)
    claim = next(c for c in target.claims if c.source_name == "Ukrainska Pravda")
    asked = Review(
        kind=VerdictKind.SPLIT,
        field="proposition",
        article_id=claim.article_id,
        claim_id=claim.claim_id,
        proposition_id=target.id,
    )
    done = review(store, asked, by="tester", registry=registry)
    into = int(done.verdict.previous["into"])
    assert set(done.regraded) == {target.id, into}
    moved = store.get_proposition(into)
    assert moved is not None and [c.key for c in moved[0].claims] == [claim.key]
    assert claim.key not in {s[0] for s in _state(store, target.id)[3]}
    undo(store, done.verdict.id, by="tester", registry=registry)
    assert store.get_proposition(into) is None
    assert _state(store, target.id) == before


def test_an_undone_merge_and_alert_verdicts_are_kept_and_reversible(
    desk: tuple[Store, Any],
) -> None:
    store, registry = desk
    [first, second, *_] = store.list_entities(limit=None)
    store.merge_entities(second.id, first.id, "same person")
    done = review(
        store,
        Review(kind=VerdictKind.UNMERGE, field="merge", entity_id=second.id, note="two men"),
        by="tester",
        registry=registry,
    )
    assert store.get_entity(second.id).merged_into is None  # type: ignore[union-attr]
    undo(store, done.verdict.id, by="tester", registry=registry)
    assert store.get_entity(second.id).merged_into == first.id  # type: ignore[union-attr]
    with pytest.raises(ReviewError, match="not merged"):
        review(
            store,
            Review(kind=VerdictKind.UNMERGE, field="merge", entity_id=first.id),
            by="tester",
            registry=registry,
        )

    [alert, *_] = store.alerts(limit=10)
    assert alert.id is not None
    for field, value in (("acknowledge", None), ("assign", "bo"), ("dismiss", None)):
        review(
            store,
            Review(kind=VerdictKind.ALERT, field=field, value=value, alert_id=alert.id),
            by="tester",
            registry=registry,
        )
    latest = store.list_verdicts(alert_ids=[alert.id], active=True)
    assert [v.field for v in latest] == ["dismiss", "assign", "acknowledge"]
    assert "dismissed as a false trigger" in latest[0].describe()
    undo(store, latest[0].id, by="tester", registry=registry)
    assert [v.field for v in store.list_verdicts(alert_ids=[alert.id], active=True)] == [
        "assign",
        "acknowledge",
    ]


def test_a_verdict_on_nothing_or_with_a_wrong_value_says_what_is_wrong(
    desk: tuple[Store, Any],
) -> None:
    store, registry = desk
    claim = store.list_propositions(limit=1)[0].claims[0]
    on_claim = Review(
        kind=VerdictKind.CLAIM,
        field="polarity",
        value="denied",
        article_id=claim.article_id,
        claim_id=claim.claim_id,
    )
    with pytest.raises(NothingToReviewError, match="no claim c99"):
        review(store, replace(on_claim, claim_id="c99"), by="t", registry=registry)
    with pytest.raises(ReviewError, match="affirmed, denied"):
        review(store, replace(on_claim, value="maybe"), by="t", registry=registry)
    with pytest.raises(ReviewError, match="sets one of"):
        review(store, replace(on_claim, field="truth"), by="t", registry=registry)
    dismiss = Review(kind=VerdictKind.ALERT, field="dismiss", alert_id=999)
    with pytest.raises(NothingToReviewError, match="no alert"):
        review(store, dismiss, by="t", registry=registry)
    with pytest.raises(NothingToReviewError, match="no verdict"):
        undo(store, 999, by="t", registry=registry)
    hedged = replace(on_claim, field="modality", value="possible")
    done = review(store, hedged, by="t", registry=registry)
    undo(store, done.verdict.id, by="t", registry=registry)
    with pytest.raises(ReviewError, match="undone already"):
        undo(store, done.verdict.id, by="t", registry=registry)
    assert store.list_verdicts(active=True) == []


def test_the_command_line_reviews_lists_undoes_and_exports_corrections(tmp_path: Path) -> None:
    from tests.test_cli import run

    store, settings = build_store(tmp_path)
    claim = _proposition_with(store, "An officer").claims
    officer = next(c for c in claim if c.source_name == "An officer")
    niva = next(c for c in claim if c.source_name == "Nasha Niva")
    store.close()
    db = settings.db
    given = run(
        "review", "claim", str(officer.article_id), officer.claim_id, "--source", "Nasha Niva",
        "--note", "the paper's own reporting", db=db,
    )  # fmt: skip
    assert given.returncode == 0, given.stderr
    assert "source An officer -> Nasha Niva (cli" in given.stderr
    assert "propositions graded again" in given.stderr
    dropped = run("review", "claim", str(niva.article_id), niva.claim_id, "--not-a-claim", db=db)
    assert dropped.returncode == 0, dropped.stderr
    both = run("review", "claim", "1", "c1", "--polarity", "denied", "--cue", "x", db=db)
    assert both.returncode == 2 and "give one of" in both.stderr
    listed = run("review", "list", "--format", "csv", db=db)
    assert listed.stdout.count("\n") == 3 and "the paper's own reporting" in listed.stdout

    out = tmp_path / "corrections"
    exported = run("export", "--format", "corrections", "-o", str(out), db=db)
    assert exported.returncode == 0, exported.stderr
    [ann] = (out / "attributions").glob("*_desk.ann")
    text = (out / "text" / f"{ann.stem.rsplit('_', 1)[0]}.txt").read_text(encoding="utf-8")
    spans = {}
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            ident, middle, covered = line.split("\t")
            label, start, end = middle.split()
            assert text[int(start) : int(end)] == covered
            spans[ident] = (label, covered)
    assert ("Source", "Nasha Niva") in spans.values()
    assert not any(c == niva.content for label, c in spans.values() if label == "Content")
    assert any(line.startswith("E") for line in ann.read_text(encoding="utf-8").splitlines())

    first = listed.stdout.splitlines()[-1].split(",")[0]
    undone = run("review", "undo", first, db=db)
    assert undone.returncode == 0 and f"verdict #{first}" in undone.stderr
    again = run("review", "undo", first, db=db)
    assert again.returncode == 1 and "undone already" in again.stderr


def test_a_correction_outlives_linking_the_article_again(desk: tuple[Store, Any]) -> None:
    from watchfloor.pipeline import link
    from watchfloor.store._schema import linked_articles

    store, registry = desk
    target = _proposition_with(store, "Belarusian Defence Ministry")
    before = _state(store, target.id)
    denial = next(c for c in target.claims if c.stance.value == "denies")
    asked = Review(
        kind=VerdictKind.CLAIM,
        field="polarity",
        value="affirmed",
        article_id=denial.article_id,
        claim_id=denial.claim_id,
    )
    done = review(store, asked, by="tester", registry=registry)
    corrected = _state(store, target.id)
    # the article is linked again (as after a new ledger): its claim rows are written anew
    with store.linking() as session:
        session.connection.execute(
            linked_articles.delete().where(linked_articles.c.article_id == denial.article_id)
        )
    assert link(store, registry=registry).articles == 1
    again = _proposition_with(store, "Nasha Niva")
    state = _state(store, again.id)
    assert (denial.key, "supports") in {(s[0], s[1]) for s in state[3]}
    assert state[:3] == corrected[:3]
    undo(store, done.verdict.id, by="tester", registry=registry)
    assert _state(store, again.id)[:4] == before[:4]
