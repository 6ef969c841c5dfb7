"""Indicators: watched measures over events, their readings, and alerts when a reading
crosses a level.

Entry function: ``read_indicator`` (an indicator's value at a moment, with its evidence);
``decide_alert`` says whether a reading raises an alert. ``watchfloor.pipeline`` reads events
from the store, calls these and stores readings and alerts; notifiers deliver the alerts.
"""

from watchfloor.indicators._readings import decide_alert, event_records, matches, read_indicator
from watchfloor.indicators.notifiers import NotifierError, alert_summary, alert_text, make_notifier
from watchfloor.indicators.watchlist import (
    Indicator,
    Level,
    Selector,
    Watchlist,
    load_watchlist,
    parse_duration,
)

__all__ = [
    "Indicator",
    "Level",
    "NotifierError",
    "Selector",
    "Watchlist",
    "alert_summary",
    "alert_text",
    "decide_alert",
    "event_records",
    "load_watchlist",
    "make_notifier",
    "matches",
    "parse_duration",
    "read_indicator",
]
