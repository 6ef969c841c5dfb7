from __future__ import annotations

from collections.abc import Callable

import pytest

from watchfloor.extract.quantities import parse_number_words
from watchfloor.types import Ledger

LedgerOf = Callable[..., Ledger]


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["five", "thousand"], 5000),
        (["1.5", "million"], 1_500_000),
        (["2k"], 2000),
        (["twenty", "-", "five"], 25),
        (["a", "dozen"], 12),
        (["two", "hundred", "and", "fifty"], 250),
        (["12,800"], 12800),
        (["3", "billion"], 3e9),
    ],
)
def test_number_words(words: list[str], value: float) -> None:
    assert parse_number_words(words) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("About 3,000 soldiers arrived.", ("About 3,000", 3000, "person", True, None)),
        ("More than 40 tanks were seen.", ("More than 40", 40, "vehicle", False, ">")),
        ("At least twelve helicopters landed.", ("At least twelve", 12, "aircraft", False, ">=")),
        ("Up to 2k drones were launched.", ("Up to 2k", 2000, "drone", False, "<=")),
        ("Fewer than 500 reservists reported.", ("Fewer than 500", 500, "person", False, "<")),
        ("Thousands of conscripts fled.", ("Thousands", 2000, "person", True, None)),
        ("Dozens of trucks queued.", ("Dozens", 24, "vehicle", True, None)),
        (
            "Nearly 1.5 million people left.",
            ("Nearly 1.5 million", 1_500_000, "person", True, None),
        ),
        (
            "If the recruits exceed eight thousand, the plan changes.",
            ("eight thousand", 8000, "person", False, ">"),
        ),
        ("An estimated 600 fighters stayed.", ("An estimated 600", 600, "person", True, None)),
    ],
)
def test_head_counts(ledger_of: LedgerOf, text: str, expected: tuple[object, ...]) -> None:
    [quantity] = [q for q in ledger_of(text).quantities if q.role == "count"]
    assert (
        quantity.text,
        quantity.value,
        quantity.unit,
        quantity.approximate,
        quantity.comparator,
    ) == expected


def test_ranges(ledger_of: LedgerOf) -> None:
    [quantity] = ledger_of("Between 3,000 and 5,000 troops are stationed there.").quantities
    assert (quantity.low, quantity.high, quantity.value) == (3000, 5000, 4000)
    [dash] = ledger_of("The unit has 200-300 vehicles.").quantities
    assert (dash.low, dash.high) == (200, 300)


@pytest.mark.parametrize(
    "text",
    [
        "The Zapad-2021 drills began in September 2021.",
        "He was the 3rd speaker at 10:30 on 24 February.",
        "The S-400 systems were moved.",
        "One of them left.",
    ],
)
def test_not_head_counts(ledger_of: LedgerOf, text: str) -> None:
    assert [q for q in ledger_of(text).quantities if q.role == "count"] == []


def test_ages_are_years_not_people(ledger_of: LedgerOf) -> None:
    quantities = ledger_of("The 71-year-old general and a man aged 40 were detained.").quantities
    assert [(q.value, q.unit, q.role) for q in quantities] == [
        (71, "year", "age"),
        (40, "year", "age"),
    ]


def test_money_is_an_amount(ledger_of: LedgerOf) -> None:
    [quantity] = ledger_of("The package is worth $1.2 billion.").quantities
    assert (quantity.value, quantity.unit, quantity.role) == (1.2e9, "USD", "amount")


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("two thirds", 2 / 3), ("one and a half million", 1_500_000), ("half a dozen", 6),
        ("three hundred and two dozens", 324), ("one hundred and three quarters", 100.75),
        ("two hundred point zero three", 200.03), ("€10M", 10_000_000), ("2 1/4", 2.25),
        (".5", 0.5),
    ],
)  # fmt: skip
def test_fractions_decimals_and_scales(words: str, value: float) -> None:
    assert parse_number_words(words.split()) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The drills lasted ten days.", (10, "day", "duration")),
        ("Sanctions were extended by six months.", (6, "month", "duration")),
    ],
)
def test_durations_are_quantities(
    ledger_of: LedgerOf, text: str, expected: tuple[object, ...]
) -> None:
    [quantity] = ledger_of(text).quantities
    assert (quantity.value, quantity.unit, quantity.role) == expected


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("Losses were larger than 300 vehicles.", ">"),
        ("They sent 500 soldiers or more.", ">="),
        ("The unit has fewer than or equal to 90 tanks.", "<="),
        ("No more than 40 officers remained.", "<="),
    ],
)
def test_comparator_phrasing(ledger_of: LedgerOf, text: str, comparator: str) -> None:
    [quantity] = ledger_of(text).quantities
    assert quantity.comparator == comparator


def test_two_bounds_make_one_range_only_when_consistent(ledger_of: LedgerOf) -> None:
    [bounded] = ledger_of(
        "Officials said more than 2,000 but fewer than 5,000 troops took part."
    ).quantities
    assert (bounded.low, bounded.high) == (2000, 5000)
    apart = ledger_of("More than 40 tanks and fewer than 10 aircraft were seen.").quantities
    assert [q.comparator for q in apart] == [">", "<"]


@pytest.mark.parametrize(
    "text", ["Call +1-222-555-0100 now.", "The file is dated 1995-01.", "We met at 2.30 pm."]
)
def test_phone_numbers_dates_and_times_are_not_quantities(ledger_of: LedgerOf, text: str) -> None:
    assert ledger_of(text).quantities == ()


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("two hundred and two thousand", 202_000), ("three million and a half", 3_500_000),
        ("one billion and three quarters million", 1_000_750_000), ("3 hundred and 21", 321),
        ("three lakh crore", 3e12), ("1.3e6", 1_300_000), ("2½", 2.5), ("10 bln", 1e10),
        ("two thirds of a million", 2e6 / 3), ("a hundred thousandths", 0.1),
        ("nine point nought four", 9.04), ("$2.174T", 2.174e12), ("4.5M", 4_500_000),
    ],
)  # fmt: skip
def test_more_ways_of_writing_numbers(words: str, value: float) -> None:
    assert parse_number_words(words.split()) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # thousands grouped with a space or a (narrow) no-break space, as in Europe
        ("Some 40 000 troops took part.", ("Some 40 000", 40_000, "person")),
        ("Some 12\u202f500 troops took part.", ("Some 12\u202f500", 12_500, "person")),
        ("The fund paid €10M to the families.", ("€10M", 10_000_000, "EUR")),
        ("One in five residents has left.", ("One in five", 0.2, "proportion")),
        ("Two out of three recruits were rural.", ("Two out of three", 2 / 3, "proportion")),
    ],
)
def test_written_forms_in_context(
    ledger_of: LedgerOf, text: str, expected: tuple[object, ...]
) -> None:
    [quantity] = ledger_of(text).quantities
    assert (quantity.text, pytest.approx(quantity.value), quantity.unit) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 2019 100 soldiers were moved.", [100]),  # a year, then a number: no grouping
        ("The plane landed at 9 pm in Minsk.", []),  # a time of day is no quantity
    ],
)
def test_numbers_that_must_not_join(ledger_of: LedgerOf, text: str, expected: list[int]) -> None:
    # the exact list: "all values < 1000" would hold for an empty one too
    assert [q.value for q in ledger_of(text).quantities] == expected


def test_a_range_written_with_its_unit_twice(ledger_of: LedgerOf) -> None:
    [quantity] = ledger_of("Shells fell between 2 km and 5 km from the border.").quantities
    assert (quantity.low, quantity.high, quantity.unit) == (2, 5, "length")


def test_a_second_comparison_is_not_a_bound_of_the_first(ledger_of: LedgerOf) -> None:
    quantities = ledger_of("The column was 200 tanks or more than 190 vehicles.").quantities
    assert [(q.value, q.comparator) for q in quantities] == [(200, None), (190, ">")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("More than half of the soldiers were drafted.", [(0.5, "proportion", "share", ">")]),
        ("Half the reservists stayed home.", [(0.5, "proportion", "share", None)]),
        ("In the second half of the year the army grew.", []),
        ("About half a million people fled.", [(500_000.0, "person", "count", None)]),
    ],
)
def test_half_is_a_share_unless_it_is_a_number_or_a_time(
    ledger_of: LedgerOf, text: str, expected: list[tuple[object, ...]]
) -> None:
    found = [(q.value, q.unit, q.role, q.comparator) for q in ledger_of(text).quantities]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "value", "bounds"),
    [
        ("The blast released about 4.2x10^15 joules.", 4.2e15, None),
        ("Its error rate was 3.1×10−4 in the trial.", 3.1e-4, None),
        ("The dose was 7.5x10-2 grams per litre.", 7.5e-2, None),
        ("The lab counted 3x2^8 samples.", 768, None),
        ("The growth factor was 1.05^12 over the year.", 1.05**12, None),
        ("The shell weighed 43.5±0.2 kg.", 43.5, (43.3, 43.7)),
        ("The yield was 12 +/- 3 kilotons.", 12, (9, 15)),
    ],
)
def test_powers_and_tolerances_are_one_number(
    ledger_of: LedgerOf, text: str, value: float, bounds: tuple[float, float] | None
) -> None:
    [quantity] = ledger_of(text).quantities
    assert quantity.value == pytest.approx(value)
    if bounds is not None:
        assert (quantity.low, quantity.high) == pytest.approx(bounds)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The 10-3 vote passed the motion.", [10, 3]),  # no mantissa: no power of ten
        ("They bought a 4x4 truck.", []),
    ],
)
def test_what_is_not_a_power(ledger_of: LedgerOf, text: str, expected: list[int]) -> None:
    assert [q.value for q in ledger_of(text).quantities] == expected


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("The ministry paid 3,45,000 rupees in compensation.", [345_000]),
        ("Der Etat stieg auf 1.250,5 Millionen.", [1250.5]),
        ("Inflation reached 2,5 per cent in March.", [2.5]),
        ("Pages 14,16,18,20 describe the drill.", [14, 16, 18, 20]),
    ],
)
def test_digit_groupings(ledger_of: LedgerOf, text: str, values: list[float]) -> None:
    found = [q.value for q in ledger_of(text).quantities]
    assert found == pytest.approx(values)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The odds were one over four at best.", 0.25),
        ("The score was 9 over 10.", 0.9),
        ("The answer is negative one over eight.", -0.125),
        ("The army recruited one fifth of the students.", 0.2),
        ("The unit lost one twenty-fifth of its tanks.", 1 / 25),
        ("A twenty-first of the budget went to drones.", 1 / 21),
        ("Seven twenty-firsts of the votes were void.", 7 / 21),
        ("The cost rose to one hundred and twenty fifths of a dollar.", 24),
        ("She ran two and seventy-five hundredths miles.", 2.75),
        ("They spent four million and one half on repairs.", 4_500_000),
        ("three million, two hundred & ten soldiers", 3_000_210),
    ],
)
def test_fractions_quotients_and_long_numbers(ledger_of: LedgerOf, text: str, value: float) -> None:
    [quantity] = ledger_of(text).quantities
    assert quantity.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a count over a time is no quotient
        ("Shelling killed 12 over three days.", [12, 3]),
        ("Over 300 soldiers crossed; over 3,000 are expected.", [300, 3000]),
        # an ordinal is no fraction, nor is a list of numbers with commas
        ("It was the one hundred twenty-first day of the war.", []),
        ("In 1945, two million, three million people fled.", [2_000_000, 3_000_000]),
    ],
)
def test_what_is_not_a_fraction_or_one_long_number(
    ledger_of: LedgerOf, text: str, expected: list[float]
) -> None:
    assert [q.value for q in ledger_of(text).quantities] == pytest.approx(expected)


def test_temperatures_and_negative_ranges(ledger_of: LedgerOf) -> None:
    [night] = ledger_of("At night it fell to -15C in Kharkiv.").quantities
    assert night.value == -15
    [span] = ledger_of("Temperatures ranged from -5 °C to -22 °C at the front.").quantities
    assert (span.low, span.high) == (-22, -5)


def test_a_number_inside_a_catalogue_name_is_not_a_quantity(ledger_of: LedgerOf) -> None:
    quantities = ledger_of("The pulsar PSR J0437-4715 and quasar 3C+273 were observed.").quantities
    assert not quantities


def test_more_than_half_ends_a_phrase(ledger_of: LedgerOf) -> None:
    [share] = ledger_of("More than half said they would not serve.").quantities
    assert (share.value, share.comparator, share.role) == (0.5, ">", "share")
    assert all(q.role != "share" for q in ledger_of("It took nearly half an hour.").quantities)


def test_time_ago_is_a_moment_not_a_duration(ledger_of: LedgerOf) -> None:
    assert not ledger_of("Four days ago, missiles came from the north.").quantities
    [lasting] = ledger_of("The drills lasted four days.").quantities
    assert (lasting.value, lasting.role) == (4, "duration")
