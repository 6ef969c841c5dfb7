"""Dates in Russian, Ukrainian and Belarusian, resolved against publication."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from watchfloor.extract import annotate
from watchfloor.extract.slavic.dates import find_dates

THURSDAY = datetime(2022, 10, 13, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ru", "вчера", "2022-10-12"),
        ("ru", "на прошлой неделе", "2022-W40"),
        ("ru", "20 февраля 2022 года", "2022-02-20"),
        ("ru", "в феврале", "2022-02"),
        ("ru", "в ноябре", "2021-11"),  # a month after publication is last year's
        ("ru", "в 2021 году", "2021"),
        ("uk", "минулого тижня", "2022-W40"),
        ("uk", "20 лютого", "2022-02-20"),
        ("uk", "у 2021 році", "2021"),
        ("be", "учора", "2022-10-12"),
        ("be", "у лютым", "2022-02"),
    ],
)
def test_expressions_resolve(language: str, text: str, expected: str) -> None:
    [found] = find_dates(f"Это было {text}.", language, THURSDAY)
    assert (found.text, found.value) == (text, expected)


def test_relative_dates_stay_open_without_a_publication_date() -> None:
    [found] = find_dates("Об этом сообщили в четверг.", "ru", None)
    assert found.relative and found.value is None


def test_a_russian_ledger_has_its_dates() -> None:
    text = "Во вторник Минобороны Белоруссии сообщило, что учения начнутся 20 февраля."
    ledger = annotate(text, language="ru", published=THURSDAY)
    assert [(d.text, d.value) for d in ledger.dates] == [
        ("Во вторник", "2022-10-11"),
        ("20 февраля", "2022-02-20"),
    ]
    for mention in ledger.dates:
        assert text[mention.start : mention.end] == mention.text
