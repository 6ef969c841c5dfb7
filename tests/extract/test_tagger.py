"""The trained attribution tagger: its encoder, windows, tags and grouping, on sentences
written for these tests."""

from __future__ import annotations

import itertools
import json
import struct

import numpy as np
import pytest

from watchfloor.encoder import Wordpieces, load_encoder, read_safetensors
from watchfloor.extract.grouping import group_spans
from watchfloor.extract.tagger import (
    TAGS,
    TaggedSpan,
    load_tagger,
    pack_windows,
    spans_from_tags,
    tags_from_spans,
    viterbi,
)


def _pieces(text: str) -> Wordpieces:
    return load_encoder().wordpieces(text)


def test_safetensors_are_read_without_a_library() -> None:
    values = np.arange(6, dtype="<f4")
    header = json.dumps({"w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]}}).encode()
    data = struct.pack("<Q", len(header)) + header + values.tobytes()
    tensors = read_safetensors(data)
    assert tensors["w"].shape == (2, 3)
    assert tensors["w"][1, 2] == 5.0


def test_the_encoder_is_the_published_one_and_keeps_offsets() -> None:
    encoder = load_encoder()
    text = "Lukashenko's spokesman denied it."
    pieces = encoder.wordpieces(text)
    # offsets point into the text as written (case kept), not the lower-cased pieces
    words = [text[s:e] for s, e in pieces.offsets.tolist()]
    assert "".join(words[: words.index("'")]) == "Lukashenko"  # one word's pieces, case kept
    assert words[-1] == "."
    vectors = encoder.encode(pieces, range(len(encoder.layers)))
    assert vectors.shape == (len(pieces), 384)
    assert np.isfinite(vectors).all()


def test_sentence_vectors_tell_related_from_unrelated() -> None:
    encoder = load_encoder()

    def vector(text: str) -> np.ndarray:
        v = encoder.encode(encoder.wordpieces(text), range(6)).mean(0)
        unit: np.ndarray = v / np.linalg.norm(v)
        return unit

    troops = vector("Tanks were moved to the western border overnight.")
    armour = vector("Armoured vehicles crossed towards the frontier in the night.")
    cake = vector("Whisk the eggs with sugar until the batter is pale.")
    assert float(troops @ armour) > float(troops @ cake) + 0.2


def test_windows_are_whole_sentences_within_the_limit() -> None:
    text = " ".join(f"Sentence number {i} says very little at all." for i in range(60))
    pieces = _pieces(text)
    windows = pack_windows(pieces, text, size=40)
    assert windows[0][0] == 0 and windows[-1][1] == len(pieces)
    for (_, end), (start, _) in itertools.pairwise(windows):
        assert end == start  # no gap, no overlap
    for start, end in windows:
        assert end - start <= 40
        last = text[pieces.offsets[end - 1, 0] : pieces.offsets[end - 1, 1]]
        assert last == "."  # a window ends where a sentence does


def test_a_sentence_longer_than_a_window_is_cut() -> None:
    text = "word " * 100
    pieces = _pieces(text)
    windows = pack_windows(pieces, text, size=30)
    assert all(end - start <= 30 for start, end in windows)
    assert sum(end - start for start, end in windows) == len(pieces)


def test_tags_and_spans_round_trip() -> None:
    text = "The governor said the bridge would reopen in May."
    pieces = _pieces(text)
    spans = [("Source", 0, 12), ("Cue", 13, 17), ("Content", 18, 48)]
    tags = tags_from_spans(pieces, spans)
    assert TAGS[tags[0]] == "B-Source" and TAGS[tags[1]] == "I-Source"
    back = spans_from_tags(pieces, tags)
    assert [(s.label, s.start, s.end) for s in back] == spans


def test_viterbi_never_starts_a_span_inside() -> None:
    # emissions that prefer I-Cue everywhere: the best legal path opens with B-Cue
    emissions = np.full((4, len(TAGS)), -5.0, dtype=np.float32)
    emissions[:, TAGS.index("I-Cue")] = 5.0
    best = viterbi(emissions, np.zeros((len(TAGS), len(TAGS)), dtype=np.float32))
    assert TAGS[best[0]] == "B-Cue"
    assert all(TAGS[t] == "I-Cue" for t in best[1:])


def _tagged(label: str, text: str, words: str) -> TaggedSpan:
    start = text.index(words)
    return TaggedSpan(label, start, start + len(words))


def test_grouping_follows_news_word_orders() -> None:
    text = (
        "The mayor said the dam held. "
        "The levee will be raised, an engineer added. "
        "\u201cWe are ready. Pumps are running,\u201d she told reporters."
    )
    spans = [
        _tagged("Source", text, "The mayor"),
        _tagged("Cue", text, "said"),
        _tagged("Content", text, "the dam held"),
        _tagged("Content", text, "The levee will be raised"),
        _tagged("Source", text, "an engineer"),
        _tagged("Cue", text, "added"),
        _tagged("Content", text, "We are ready. Pumps are running"),
        _tagged("Source", text, "she"),
        _tagged("Cue", text, "told"),
    ]
    starts = [0, text.index("The levee"), text.index("\u201cWe"), text.index("Pumps")]
    groups = group_spans(sorted(spans, key=lambda s: s.start), starts)
    found = {
        text[g.content.start : g.content.end]: (
            text[g.source.start : g.source.end] if g.source else None,
            text[g.cue.start : g.cue.end] if g.cue else None,
        )
        for g in groups
    }
    assert found == {
        "the dam held": ("The mayor", "said"),
        "The levee will be raised": ("an engineer", "added"),
        "We are ready. Pumps are running": ("she", "told"),
    }


def test_a_content_nobody_says_is_dropped() -> None:
    text = "Rain fell all week. Nothing else happened."
    groups = group_spans([_tagged("Content", text, "Rain fell all week")], [0])
    assert groups == []


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        (
            "The port authority said on Friday that two cranes had been damaged by the storm.",
            "The port authority",
            "said",
            "two cranes had been damaged by the storm",
        ),
        (
            "Water rationing will continue until March, the city's utility company announced.",
            "the city's utility company",
            "announced",
            "Water rationing will continue until March",
        ),
        (
            "Several farmers believe the new canal will ruin their wells.",
            "Several farmers",
            "believe",
            "the new canal will ruin their wells",
        ),
    ],
    ids=["said-that", "content-first", "belief"],
)
def test_the_shipped_tagger_finds_sources_cues_and_contents(
    text: str, source: str, cue: str, content: str
) -> None:
    from watchfloor.extract import annotate

    claims = annotate(text).claims
    assert any(
        c.source is not None
        and c.source.text == source
        and c.cue is not None
        and c.cue.text == cue
        and content in c.content.text
        for c in claims
    ), [(c.source and c.source.text, c.cue and c.cue.text, c.content.text) for c in claims]


def test_the_tagger_refuses_to_guess_without_its_parse() -> None:
    with pytest.raises(ValueError, match="parse"):
        load_tagger()("The minister said the plant would close.")


def test_the_tokenizer_normalises_as_bert_uncased_does() -> None:
    encoder = load_encoder()
    vocab = encoder.vocab
    text = "Café MINSK x\x00y 北京 \u2014 “Yes”"
    pieces = encoder.wordpieces(text)
    shown = [text[s:e] for s, e in pieces.offsets.tolist()]
    # accents and case go, offsets keep the text as written
    assert pieces.ids[0] == vocab["cafe"] and shown[0] == "Café"
    assert pieces.ids[1] == vocab["minsk"] and shown[1] == "MINSK"
    # a control character is dropped inside a word, not a break
    joined = encoder.wordpieces("xy").ids.tolist()
    assert pieces.ids[2 : 2 + len(joined)].tolist() == joined
    # CJK ideographs and punctuation stand alone
    assert "北" in shown and "京" in shown and "\u2014" in shown and "“" in shown


def test_an_unknown_word_is_one_unknown_piece() -> None:
    encoder = load_encoder()
    pieces = encoder.wordpieces("a \U0001f600\U0001f600 b")
    assert pieces.ids.tolist() == [
        encoder.vocab["a"],
        encoder.vocab["[UNK]"],
        encoder.vocab["b"],
    ]


def test_a_content_interrupted_by_its_cue_is_one_content() -> None:
    text = "\u201cThe bridge,\u201d the engineer said, \u201cwill hold another winter.\u201d"
    spans = [
        _tagged("Content", text, "The bridge"),
        _tagged("Source", text, "the engineer"),
        _tagged("Cue", text, "said"),
        _tagged("Content", text, "will hold another winter"),
    ]
    [group] = group_spans(spans, [0])
    assert text[group.content.start : group.content.end].startswith("The bridge")
    assert text[group.content.start : group.content.end].endswith("another winter")
    assert group.source is not None and text[group.source.start : group.source.end] == (
        "the engineer"
    )


def test_a_quote_its_source_interrupts_with_a_long_description_is_one_content() -> None:
    """ "A," said X, a long description. "B." is one quotation of X: its two pieces are one
    content (PolNeAR marks them so), not a claim and a stray continuation."""
    text = (
        "\u201cThe dam is cracking,\u201d said Olena Bondar, a hydrologist who has advised the "
        "regional water authority in Zaporizhzhia for two decades. \u201cWe have weeks, "
        "not months.\u201d"
    )
    spans = [
        _tagged("Content", text, "The dam is cracking"),
        _tagged("Cue", text, "said"),
        _tagged(
            "Source",
            text,
            "Olena Bondar, a hydrologist who has advised the regional"
            " water authority in Zaporizhzhia for two decades",
        ),
        _tagged("Content", text, "We have weeks, not months"),
    ]
    sentence_two = text.index("\u201cWe")
    [group] = group_spans(spans, [0, sentence_two], text)
    content = text[group.content.start : group.content.end]
    assert content.startswith("The dam is cracking") and content.endswith("not months")
    assert group.joined


def test_a_quote_far_from_its_first_piece_is_not_joined_to_it() -> None:
    text = (
        "\u201cThe dam is cracking,\u201d said Olena Bondar. "
        + "The reservoir " * 20
        + "was drained in spring. \u201cWe have weeks, not months.\u201d"
    )
    spans = [
        _tagged("Content", text, "The dam is cracking"),
        _tagged("Cue", text, "said"),
        _tagged("Source", text, "Olena Bondar"),
        _tagged("Content", text, "We have weeks, not months"),
    ]
    starts = [0, text.index("The reservoir"), text.index("\u201cWe")]
    groups = group_spans(spans, starts, text)
    assert not any(g.joined for g in groups)
    assert text[groups[0].content.start : groups[0].content.end] == "The dam is cracking"


def test_windows_are_batched_with_little_padding() -> None:
    """Each window once; a batch pads its windows to its longest, so none is much shorter
    (a text's windows padded to one length were 30% padding on briefings)."""
    from watchfloor.extract.tagger import PADDING, _batches

    lengths = [254, 250, 40, 12, 254, 180, 175, 3, 90, 254, 251, 248, 60, 61, 59] * 3
    windows, start = [], 0
    for length in lengths:
        windows.append((start, start + length))
        start += length
    batches = _batches(windows)
    assert sorted(w for b in batches for w in b) == sorted(windows)
    for batch in batches:
        assert len(batch) <= 16
        longest = max(end - start for start, end in batch) + 2
        assert all((end - start + 2) >= (1 - PADDING) * longest for start, end in batch)
    used = sum(end - start + 2 for start, end in windows)
    padded = sum(len(b) * (max(e - s for s, e in b) + 2) for b in batches)
    assert used / padded > 0.9


@pytest.mark.parametrize(
    ("text", "cue", "content", "kept"),
    [
        ("The governor cited the flood damage as the reason.", "cited", "the flood damage "
         "as the reason", True),
        ("The paper cited unnamed officials.", "cited", "unnamed officials", False),
        ("The army retreated, citing military sources.", "citing", "military sources", False),
    ],
)  # fmt: skip
def test_what_a_source_cites_is_a_content_unless_it_is_a_source(
    text: str, cue: str, content: str, kept: bool
) -> None:
    spans = [_tagged("Cue", text, cue), _tagged("Content", text, content)]
    groups = group_spans(sorted(spans, key=lambda s: s.start), [0], text)
    assert bool(groups) is kept


def test_a_content_tagged_with_the_one_cited_keeps_what_follows_that() -> None:
    """ "X reported, citing Y, that Z" tagged as cues "reported", "citing" and one content
    "Y, that Z": the claim is Z, reported; Y is only cited."""
    text = "The agency reported, citing two officials, that the bridge had been closed."
    spans = [
        _tagged("Source", text, "The agency"),
        _tagged("Cue", text, "reported"),
        _tagged("Cue", text, "citing"),
        _tagged("Content", text, "two officials, that the bridge had been closed"),
    ]
    [group] = group_spans(spans, [0], text)
    assert group.cue is not None and text[group.cue.start : group.cue.end] == "reported"
    assert text[group.content.start : group.content.end] == "the bridge had been closed"
    without_that = text.replace(", that", ",")
    spans = [
        _tagged("Cue", without_that, "citing"),
        _tagged("Content", without_that, "two officials"),
    ]
    assert group_spans(spans, [0], without_that) == []
