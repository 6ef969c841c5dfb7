"""Watchlist validation, and the alert rule as properties over any sequence of readings."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from watchfloor.errors import ConfigError
from watchfloor.indicators import Indicator, decide_alert, load_watchlist
from watchfloor.types import Alert, Reading

START = datetime(2024, 1, 1, tzinfo=UTC)


def indicator(cooldown_hours: float = 0) -> Indicator:
    return Indicator.model_validate(
        {
            "id": "size",
            "title": "size",
            "measure": "max_size",
            "cooldown": f"{cooldown_hours}h",
            "levels": [
                {"name": "watch", "above": 1000},
                {"name": "warning", "above": 3000},
                {"name": "alarm", "above": 5000},
            ],
        }
    )


def simulate(ind: Indicator, values: Sequence[float | None], step_hours: list[int]) -> list[Alert]:
    """Feed readings to the alert rule as the pipeline does: the last reading and the last
    alert are remembered."""
    alerts: list[Alert] = []
    previous: Reading | None = None
    moment = START
    for value, step in zip(values, step_hours, strict=True):
        moment += timedelta(hours=step)
        reading = Reading(
            indicator=ind.id,
            as_of=moment,
            value=value,
            approximate=False,
            level=ind.level_of(value),
            events=1,
        )
        alert = decide_alert(ind, reading, previous, alerts[-1] if alerts else None)
        if alert is not None:
            alerts.append(alert)
        previous = reading
    return alerts


values = st.lists(st.one_of(st.none(), st.floats(0, 8000, allow_nan=False)), max_size=40)


@given(st.lists(st.floats(0, 1000, allow_nan=False), max_size=40))
def test_no_alert_while_every_value_stays_below_the_first_level(below: list[float]) -> None:
    assert simulate(indicator(), below, [1] * len(below)) == []


@given(values)
def test_exactly_one_alert_per_crossing_without_a_cool_down(series: list[float | None]) -> None:
    ind = indicator()
    levels = [ind.level_of(v) for v in series]
    crossings = sum(
        1 for before, now in zip([None, *levels], levels, strict=False) if before != now
    )
    alerts = simulate(ind, series, [1] * len(series))
    assert len(alerts) == crossings
    for alert in alerts:
        assert alert.level != alert.previous_level
        assert alert.direction == (
            "up" if ind.rank(alert.level) > ind.rank(alert.previous_level) else "down"
        )


@settings(max_examples=200)
@given(values, st.integers(1, 48), st.data())
def test_no_two_alerts_within_the_cool_down(
    series: list[float | None], cooldown: int, data: st.DataObject
) -> None:
    steps = data.draw(st.lists(st.integers(0, 12), min_size=len(series), max_size=len(series)))
    alerts = simulate(indicator(cooldown), series, steps)
    for earlier, later in itertools.pairwise(alerts):
        assert later.as_of - earlier.as_of >= timedelta(hours=cooldown)
        assert later.previous_level == earlier.level  # no crossing is alerted twice


def test_the_bundled_watchlist_is_valid() -> None:
    watchlist = load_watchlist(REPO / "data" / "watchlist.yaml")
    assert {"by-mobilisation-size", "by-mobilisation-reports"} <= {
        i.id for i in watchlist.indicators
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("indicators: [{id: x, title: x, measure: reports, levels: []}]", "at least one level"),
        (
            "indicators: [{id: x, title: x, measure: reports, select: {event_type: MOBILISE},"
            " levels: [{name: a, above: 1}]}]",
            "unknown PLOVER type MOBILISE",
        ),
        (
            "indicators: [{id: x, title: x, measure: reports,"
            " levels: [{name: a, above: 5}, {name: b, above: 1}]}]",
            "lowest threshold to the highest",
        ),
        (
            "indicators: [{id: x, title: x, measure: reports, window: soon,"
            " levels: [{name: a, above: 1}]}]",
            "not a duration",
        ),
        (
            "indicators: [{id: x, title: x, measure: loudness, levels: [{name: a, above: 1}]}]",
            "measure",
        ),
        (
            "indicators: [{id: x, title: x, measure: reports, levels: [{name: a, above: 1}]}]\n"
            "notify: [{type: webhook}]",
            "webhook notifier needs url",
        ),
        ("- just a list", "mapping with an 'indicators' list"),
        ("indicators: [{id: x", "not valid YAML"),
    ],
)
def test_watchlist_errors_name_the_indicator_and_the_problem(
    tmp_path: Path, body: str, message: str
) -> None:
    path = tmp_path / "watchlist.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_watchlist(path)
    if "indicators: [{id: x," in body and "YAML" not in message and "notify" not in body:
        assert "indicator x" in str(caught.value)


def test_a_missing_watchlist_says_which_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read watchlist"):
        load_watchlist(tmp_path / "absent.yaml")
