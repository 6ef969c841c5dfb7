"""Long articles are annotated in pieces; the ledger must not show the seams."""

from __future__ import annotations

import pytest

import watchfloor.extract as extract
from watchfloor.extract import annotate, chunks

PARAGRAPHS = [
    "Alexander Lukashenko met his generals in Minsk on Monday. BelTA reported that the "
    "meeting lasted three hours and covered the state of the army's reserves.",
    "The ministry said that about 3,000 reservists had been called up for training, "
    "and officials expected more than 40 units to take part in the exercises.",
    "Lukashenka later told reporters that no mobilisation was planned. He added that "
    "the drills near Brest would end before the spring.",
]
TEXT = "\n\n".join(PARAGRAPHS)


def test_chunks_cover_the_text_exactly_and_stay_under_the_limit() -> None:
    text = ("A paragraph of words. " * 40 + "\n\n") * 300
    pieces = chunks(text, 5_000)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 5_000 for _, piece in pieces)
    assert [offset for offset, _ in pieces] == sorted(offset for offset, _ in pieces)
    assert chunks("short", 5_000) == [(0, "short")]
    huge = "word " * 500_000  # 2.5 million characters, over spaCy's max_length
    assert all(len(piece) <= 30_000 for _, piece in chunks(huge, 30_000))


def test_a_ledger_made_in_pieces_matches_one_made_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = annotate(TEXT)
    monkeypatch.setattr(extract, "CHUNK_CHARS", 200)
    made: list[int] = []
    real_chunks = extract.chunks

    def spy(text: str, limit: int) -> list[tuple[int, str]]:
        pieces: list[tuple[int, str]] = real_chunks(text, limit)
        made.append(len(pieces))
        return pieces

    monkeypatch.setattr(extract, "chunks", spy)
    pieces = annotate(TEXT)
    assert made == [3], "the article was annotated in three pieces"
    for ledger in (whole, pieces):
        for claim in ledger.claims:
            assert TEXT[claim.content.start : claim.content.end] == claim.content.text
        for quantity in ledger.quantities:
            assert TEXT[quantity.start : quantity.end] == quantity.text
        for entity in ledger.entities:
            for mention in entity.mentions:
                assert TEXT[mention.start : mention.end] == mention.text
    assert [c.content.text for c in pieces.claims] == [c.content.text for c in whole.claims]
    assert [q.value for q in pieces.quantities] == [q.value for q in whole.quantities]
    lukashenko = [e for e in pieces.entities if e.gazetteer_id == "lukashenko"]
    assert len(lukashenko) == 1 and len(lukashenko[0].mentions) == 2, "merged across pieces"
    assert len({c.id for c in pieces.claims}) == len(pieces.claims)
    ids = {e.id for e in pieces.entities}
    assert all(c.source.entity in ids for c in pieces.claims if c.source and c.source.entity)
