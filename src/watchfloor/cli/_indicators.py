"""``watchfloor indicators``, ``alerts``, ``events`` and ``watch``."""

from __future__ import annotations

import json
import signal
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Group
from rich.table import Table
from rich.text import Text

from watchfloor.cli._common import (
    FORMATS,
    db_option,
    format_option,
    handle_errors,
    quiet_option,
    require,
    settings_from,
    stderr,
    store_from,
    write_rows,
)
from watchfloor.indicators import Indicator, alert_summary, load_watchlist, make_notifier
from watchfloor.indicators.notifiers import alert_document, alert_text
from watchfloor.indicators.watchlist import Notifier as NotifierConfig
from watchfloor.pipeline import Cycle, evaluate_indicators, watch
from watchfloor.types import Reading, StoredEvent, to_jsonable
from watchfloor.views import AlertView

_BLOCKS = " ▁▂▃▄▅▆▇█"


def watchlist_option(function: Any) -> Any:
    return click.option(
        "--watchlist",
        type=click.Path(path_type=Path),
        help="Watchlist file [env WATCHFLOOR_WATCHLIST; default ./watchlist.yaml].",
    )(function)


def chart(values: list[float | None], thresholds: list[float], width: int = 40) -> str:
    """A one-line block chart of the last ``width`` values; the scale includes the
    thresholds, so a bar's height shows how near a level it came."""
    shown = values[-width:]
    known = [v for v in shown if v is not None]
    top = max([*known, *thresholds, 1e-9])
    out = []
    for value in shown:
        if value is None:
            out.append("·")
            continue
        out.append(_BLOCKS[max(1, round(value / top * (len(_BLOCKS) - 1)))] if value else "_")
    return "".join(out)


@click.command("indicators")
@db_option
@watchlist_option
@click.option(
    "--evaluate/--no-evaluate",
    default=True,
    show_default=True,
    help="Read the indicators over the stored events first (stores new readings and alerts).",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE|latest",
    help="Read the indicators at this time (ISO 8601) instead of now; 'latest' replays an "
    "archive at the newest event of a dated article.",
)
@format_option
@handle_errors
def indicators_command(
    db: str | None,
    watchlist: Path | None,
    evaluate: bool,
    as_of: str | None,
    output_format: str,
) -> None:
    """Each indicator's current level, value and a chart of its history.

    Indicators are read now, over the events of each indicator's window; --as-of replays
    another time. An article without a publication date counts when it was ingested."""
    settings = settings_from(db=db, watchlist=watchlist)
    watched = load_watchlist(settings.watchlist)
    with store_from(settings) as store:
        if evaluate:
            evaluate_indicators(store, watched, as_of=_clock(store, as_of))
        rows = []
        for indicator in watched.indicators:
            history = store.readings(indicator.id)
            rows.append(_indicator_row(indicator, history))
    columns = ["id", "title", "level", "value", "approximate", "as_of", "events", "levels"]
    write_rows(rows, output_format=output_format, columns=columns, table=_indicator_table)


def _clock(store: Any, as_of: str | None) -> datetime | None:
    """The time ``--as-of`` names: None (now), the data's clock, or a date."""
    if as_of is None:
        return None
    if as_of == "latest":
        clock: datetime | None = store.data_clock()
        require(clock is not None, "--as-of latest: no dated event is stored yet")
        return clock
    try:
        moment = datetime.fromisoformat(as_of)
    except ValueError:
        raise click.BadParameter(f"{as_of!r} is not an ISO 8601 date or 'latest'") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _indicator_row(indicator: Indicator, history: list[Reading]) -> dict[str, Any]:
    last = history[-1] if history else None
    return {
        "id": indicator.id,
        "title": indicator.title,
        "measure": indicator.measure,
        "level": last.level if last else None,
        "value": last.value if last else None,
        "approximate": last.approximate if last else False,
        "as_of": last.as_of.isoformat() if last else None,
        "events": last.events if last else 0,
        "levels": {level.name: level.threshold for level in indicator.levels},
        "history": [
            {"as_of": r.as_of.isoformat(), "value": r.value, "level": r.level} for r in history
        ],
        "evidence": [to_jsonable(e) for e in last.evidence] if last else [],
    }


def _indicator_table(rows: list[dict[str, Any]]) -> Group:
    table = Table(title="Indicators")
    for name in ("indicator", "level", "value", "levels", "history", "as of"):
        table.add_column(name)
    for row in rows:
        value = "-" if row["value"] is None else f"{row['value']:g}"
        if row["approximate"]:
            value = f"~{value}"
        levels = ", ".join(f"{k} {v:g}" for k, v in row["levels"].items())
        history = chart([h["value"] for h in row["history"]], list(row["levels"].values()))
        table.add_row(
            Text(f"{row['id']}\n{row['title']}"),
            Text(row["level"] or "below levels", style="bold red" if row["level"] else "green"),
            Text(value),
            Text(levels),
            Text(history),
            Text((row["as_of"] or "-")[:16]),
        )
    evidence = []
    for row in rows:
        for item in row["evidence"]:
            event = item["event"]
            article = item.get("article") or {}
            sources = "; ".join(
                f"{c['stance']} {c['source'].get('name') or c['source'].get('text')}"
                for c in item.get("claims", [])
            )
            evidence.append(
                Text(
                    f"{row['id']}: {event['type']} {event['status']}"
                    f"{' size ' + format(event['size'], 'g') if event['size'] else ''}"
                    f" — {article.get('title') or 'article ' + str(article.get('id'))}"
                    f" — {sources}"
                )
            )
    return Group(table, *evidence)


@click.command("alerts")
@db_option
@click.option("--indicator", help="Only this indicator's alerts.")
@click.option(
    "--id",
    "alert_id",
    type=click.IntRange(min=1),
    help="One alert in full: each event's sentence, claims, grade and article.",
)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@format_option
@handle_errors
def alerts_command(
    db: str | None, indicator: str | None, alert_id: int | None, limit: int, output_format: str
) -> None:
    """Alerts raised by indicators, newest first, with their evidence (json, or --id N)."""
    settings = settings_from(db=db)
    with store_from(settings) as store:
        if alert_id is not None:
            one = store.get_alert(alert_id)
            require(one is not None, f"no alert #{alert_id}: see 'watchfloor alerts'")
            assert one is not None
            if output_format == "table":
                sys.stdout.write(alert_text(one, settings.public_url) + "\n")
            else:
                document = alert_document(one, settings.public_url)
                sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
            return
        found = store.alerts(indicator=indicator, limit=limit)
    rows = [
        {**AlertView.shown(a).model_dump(mode="json"), "summary": alert_summary(a)} for a in found
    ]
    columns = ["id", "indicator", "level", "previous_level", "direction", "value", "as_of"]

    def table(rows: list[dict[str, Any]]) -> Table:
        out = Table(title="Alerts")
        for name in ("id", "alert", "events"):
            out.add_column(name)
        for row in rows:
            out.add_row(str(row["id"]), Text(row["summary"]), str(len(row["evidence"])))
        return out

    write_rows(rows, output_format=output_format, columns=columns, table=table)


@click.command("events")
@db_option
@click.option("--type", "event_type", help="Only this PLOVER type (MOBILIZE, COOPERATE, ...).")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice([*FORMATS, "plover"]),
    default="table",
    show_default=True,
    help="Output format; plover writes PLOVER JSON records, one per line.",
)
@handle_errors
def events_command(db: str | None, event_type: str | None, limit: int, output_format: str) -> None:
    """Stored events, newest first."""
    settings = settings_from(db=db)
    with store_from(settings) as store:
        found = store.events_between(
            datetime(1, 1, 1, tzinfo=UTC),
            datetime(9999, 1, 1, tzinfo=UTC),
            types=[event_type.upper()] if event_type else (),
            newest=limit,
        )
    if output_format == "plover":
        from watchfloor.exchange import plover_record

        for event in found:
            sys.stdout.write(json.dumps(plover_record(event), ensure_ascii=False) + "\n")
        return
    rows = [_event_row(e) for e in found]
    columns = ["id", "type", "mode", "status", "occurred_at", "place", "size", "actors", "article"]

    def table(rows: list[dict[str, Any]]) -> Table:
        out = Table(title="Events")
        for name in ("type", "status", "when", "place", "size", "actors", "trigger", "article"):
            out.add_column(name)
        for row in rows:
            out.add_row(
                Text(f"{row['type']} {row['mode'] or ''}".strip()),
                Text(row["status"]),
                Text(row["occurred_at"][:10]),
                Text(row["place"] or "-"),
                Text("-" if row["size"] is None else f"{row['size']:g}"),
                Text(", ".join(row["actors"])),
                Text(row["trigger"] or ""),
                Text(str(row["article"])),
            )
        return out

    write_rows(rows, output_format=output_format, columns=columns, table=table)


def _event_row(event: StoredEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "type": event.type,
        "mode": event.mode,
        "status": event.status.value,
        "occurred_at": event.occurred_at.isoformat(),
        "place": event.place,
        "size": event.size,
        "actors": [a["name"] for a in event.data.get("actors", [])],
        "trigger": event.data.get("event", {}).get("trigger", {}).get("text"),
        "article": event.article_id,
        "credibility": event.data.get("credibility"),
        "claims": event.data.get("claims", []),
    }


@click.command("watch")
@click.argument("sources", nargs=-1, required=True)
@db_option
@watchlist_option
@click.option(
    "--interval",
    type=click.FloatRange(min=0),
    default=300,
    show_default=True,
    help="Seconds between polls.",
)
@click.option("--once", is_flag=True, help="Run one cycle and stop.")
@click.option(
    "--replay",
    is_flag=True,
    help="Read indicators at the newest event of a dated article instead of now (an "
    "archive fed in as if it were arriving).",
)
@quiet_option
@handle_errors
def watch_command(
    sources: tuple[str, ...],
    db: str | None,
    watchlist: Path | None,
    interval: float,
    once: bool,
    replay: bool,
    quiet: bool,
) -> None:
    """Poll SOURCES (feeds, folders, files, URLs): ingest, extract, evaluate, notify.

    Stops cleanly on Ctrl-C or SIGTERM after the article in hand; a restart resumes where
    it stopped and repeats no alert.
    """
    settings = settings_from(db=db, watchlist=watchlist)
    watched = load_watchlist(settings.watchlist)

    def write(text: str) -> None:
        stderr.print(Text(text, style="bold"), soft_wrap=True)

    configured = watched.notify or (NotifierConfig(type="terminal"),)
    notifiers = [make_notifier(n, write, public_url=settings.public_url) for n in configured]
    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        if not quiet:
            stderr.print(f"stopping after the article in hand ({signal.Signals(signum).name})")
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}

    def on_cycle(cycle: Cycle) -> None:
        if quiet:
            return
        alerts = sum(1 for _, alert in cycle.readings if alert is not None)
        stderr.print(
            f"{datetime.now(UTC):%H:%M:%S} ingested {cycle.ingest.ingested}, "
            f"annotated {cycle.extract.annotated}, linked {cycle.link.articles}, "
            f"readings {len(cycle.readings)}, "
            f"alerts {alerts}"
        )
        for delivery in cycle.deliveries:
            if delivery.error:
                stderr.print(Text(f"alert {delivery.alert.id}: {delivery.error}", style="yellow"))

    try:
        with store_from(settings, must_exist=False) as store:
            watch(
                store,
                sources,
                settings=settings,
                watchlist=watched,
                notifiers=notifiers,
                interval=interval,
                stop=stop,
                cycles=1 if once else None,
                on_cycle=on_cycle,
                replay=replay,
            )
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


__all__ = [
    "alerts_command",
    "chart",
    "events_command",
    "indicators_command",
    "watch_command",
]
