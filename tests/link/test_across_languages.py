"""An English and a Russian report of one story: one entity per person whatever the
script, one proposition whatever the language (SQLite file and PostgreSQL server). The
story model reads no words across languages: the reports join on the party both name in
the event (Lukashenko), never on the event type and country alone."""

from __future__ import annotations

import json
from pathlib import Path

from watchfloor.pipeline import extract, ingest, link
from watchfloor.settings import Settings
from watchfloor.store import Store

REPORTS = [
    {
        "title": "Hidden mobilisation",
        "outlet": "Nasha Niva",
        "published": "2022-10-13T10:00:00Z",
        "url": "https://example.org/en",
        # Lukashenka in the reported mobilisation itself: the report and the Russian
        # article share a named actor (an earlier text named him only in the next
        # sentence, and passed because the old tagger ran the content into it)
        "text": "Nasha Niva reported on Thursday that Aliaksandr Lukashenka had ordered a "
        "hidden mobilisation in Belarus. The call-up began on Monday, an officer said.",
    },
    {
        "title": "Скрытая мобилизация",
        "outlet": "Медуза",
        "published": "2022-10-14T10:00:00Z",
        "url": "https://example.org/ru",
        "text": "Александр Лукашенко распорядился начать в Белоруссии скрытую мобилизацию, "
        "сообщил источник в армии. По его словам, призовут около двух тысяч мужчин.",
    },
]


def test_one_person_and_one_mobilisation_across_english_and_russian(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    path = tmp_path / "reports.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in REPORTS), "utf-8")
    ingest(store, [str(path)], settings=settings)
    assert [a.language for a in store.iter_articles()] == ["en", "ru"]  # detected
    assert extract(store).annotated == 2
    link(store)
    people = [e for e in store.list_entities() if e.type == "PERSON"]
    lukashenko = [e for e in people if e.name == "Alexander Lukashenko"]
    assert len(lukashenko) == 1 and lukashenko[0].articles == 2
    [mobilisation] = [p for p in store.list_propositions() if p.family == "mobilization"]
    assert {c.article_id for c in mobilisation.claims} == {1, 2}
    assert mobilisation.country == "BY"
