"""Any text, in any of the Cyrillic pipelines: no crash, and every span the ledger gives
is the text at its offsets (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from watchfloor.extract import annotate

WORDS = st.sampled_from(
    [
        "заявил", "что", "по", "данным", "около", "двух", "тысяч", "Лукашенко", "Мінску",
        "заявив", "що", "тисяч", "«", "»", "—", ",", ".", "5", "000", "тыс.", "не", "менее",
        "2022", "году", "якобы", "\n\n", "  ", "\u00a0", "Путин", "источник", "сообщает",
    ]
)  # fmt: skip
TEXT = st.one_of(
    st.lists(WORDS, max_size=60).map(" ".join),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200),
)


@pytest.mark.parametrize("language", ["ru", "uk", "be"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
@example(text="Слово \U00017000 Лукашенко")  # pymorphy fails on characters Python cannot name
def test_any_text_gives_spans_that_fit(language: str, text: str) -> None:
    ledger = annotate(text, language=language)
    for claim in ledger.claims:
        assert text[claim.content.start : claim.content.end] == claim.content.text
    for quantity in ledger.quantities:
        assert text[quantity.start : quantity.end] == quantity.text
    for entity in ledger.entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
