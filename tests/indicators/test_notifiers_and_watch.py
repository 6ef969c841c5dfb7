"""Indicators over a dated sequence of articles on real stores; notifiers against real
local servers; the watch loop stopping and resuming."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from watchfloor.indicators import NotifierError, Watchlist, make_notifier
from watchfloor.indicators.watchlist import Notifier as NotifierConfig
from watchfloor.pipeline import deliver_alerts, evaluate_indicators, extract, ingest, watch
from watchfloor.settings import Settings
from watchfloor.store import Store, open_store
from watchfloor.types import Alert

WATCHLIST = Watchlist.model_validate(
    {
        "indicators": [
            {
                "id": "by-size",
                "title": "Belarus mobilisation size",
                "select": {
                    "event_type": "MOBILIZE",
                    "country": "BY",
                    "statuses": ["reported", "future"],
                },
                "measure": "max_size",
                "window": "60d",
                "levels": [
                    {"name": "watch", "above": 1000},
                    {"name": "warning", "above": 3000},
                    {"name": "alarm", "above": 5000},
                ],
            }
        ]
    }
)

DAYS = [
    ("2024-03-01", "Belarus is calling up 1,500 reservists for training, the ministry said."),
    ("2024-03-08", "Belarus sports federation announces a new football season in Minsk."),
    ("2024-03-15", "About 4,000 reservists will be mobilised in Belarus, a local paper reported."),
    ("2024-03-20", "The defence ministry of Belarus said it had mobilized 4,000 reservists."),
]


def write_day(folder: Path, index: int) -> None:
    date, text = DAYS[index]
    record = {
        "id": f"day-{index}",
        "title": f"Report {index}",
        "url": f"https://example.org/{index}",
        "published": f"{date}T09:00:00Z",
        "text": text,
    }
    (folder / f"day-{index}.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")


def test_readings_follow_a_dated_sequence_of_articles(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    levels = []
    with open_store(settings.db) as store:
        for index in range(len(DAYS)):
            write_day(folder, index)
            ingest(store, [str(folder)], settings=settings)
            extract(store)
            evaluate_indicators(store, WATCHLIST, as_of=store.data_clock())  # a replay
            levels.append(store.readings("by-size")[-1].level)
        alerts = store.alerts()
        readings = store.readings("by-size")
    assert levels == ["watch", "watch", "warning", "warning"]
    assert [(a.previous_level, a.level) for a in reversed(alerts)] == [
        (None, "watch"),
        ("watch", "warning"),
    ]
    assert readings[-1].value == 4000
    assert readings[0].as_of == datetime(2024, 3, 1, 9, tzinfo=UTC)
    evidence = alerts[0].evidence
    assert {e["article"]["url"] for e in evidence} >= {"https://example.org/2"}
    assert any(e["article"]["published"].startswith("2024-03-15") for e in evidence)
    assert all(e["claims"] for e in evidence)
    # Nothing new: evaluating again stores no reading and no alert.
    with open_store(settings.db) as store:
        assert evaluate_indicators(store, WATCHLIST, as_of=store.data_clock()) == []
        assert len(store.alerts()) == 2


def test_undated_articles_and_duplicates_never_move_the_clock_or_count(
    settings: Settings, tmp_path: Path
) -> None:
    """An article without a date is counted at its ingest time and never moves the clock
    for the others; a repeat of an article (here an exact one, under a later date) is no
    new evidence: neither changes a reading or raises an alert."""
    folder = tmp_path / "feed"
    folder.mkdir()
    with open_store(settings.db) as store:
        for index in (0, 2):
            write_day(folder, index)
        ingest(store, [str(folder)], settings=settings)
        extract(store)
        evaluate_indicators(store, WATCHLIST, as_of=store.data_clock())
        clock = store.data_clock()
        before = store.readings("by-size")[-1]
        alerts = len(store.alerts())
        assert clock == datetime(2024, 3, 15, 9, tzinfo=UTC) and before.level == "warning"
        undated = {"id": "undated", "text": "Belarus has mobilised 6,000 reservists, a paper said."}
        repeat = {
            "id": "repeat",
            "url": "https://example.org/repeat",
            "published": "2024-04-30T09:00:00Z",
            "text": DAYS[2][1],
        }
        later = tmp_path / "later.jsonl"
        later.write_text(json.dumps(undated) + "\n" + json.dumps(repeat) + "\n", encoding="utf-8")
        ingest(store, [str(later)], settings=settings)
        extract(store)
        assert store.data_clock() == clock
        assert evaluate_indicators(store, WATCHLIST, as_of=clock) == []
        assert store.readings("by-size")[-1] == before
        assert len(store.alerts()) == alerts
        # read now (the default), the undated article counts at the time it was ingested:
        # today; the dated ones of March 2024 are out of the window
        [(now, _)] = [(r, a) for r, a in evaluate_indicators(store, WATCHLIST)]
        assert now.as_of > datetime.now(UTC) - timedelta(minutes=5)
        assert now.value == 6000 and now.events == 1


class Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []
    failures_left = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if Receiver.failures_left > 0:
            Receiver.failures_left -= 1
            self.send_response(503)
            self.end_headers()
            return
        Receiver.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[str]:
    Receiver.received = []
    Receiver.failures_left = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def an_alert() -> Alert:
    return Alert(
        indicator="by-size",
        level="warning",
        previous_level="watch",
        direction="up",
        value=4000.0,
        previous_value=1500.0,
        as_of=datetime(2024, 3, 15, tzinfo=UTC),
        evidence=(
            {
                "article": {"id": 3, "title": "Report 2", "url": "https://example.org/2"},
                "event": {"type": "MOBILIZE", "status": "future", "approximate": True},
                "claims": [
                    {
                        "stance": "supports",
                        "source": {"name": None, "text": "a local paper", "kind": "media"},
                        "cue": "reported",
                        "content": "About 4,000 reservists will be mobilised",
                    }
                ],
            },
        ),
        id=7,
    )


def test_the_webhook_retries_a_failing_receiver_and_delivers(http_server: str) -> None:
    Receiver.failures_left = 2
    notifier = make_notifier(
        NotifierConfig(type="webhook", url=http_server, retries=3, timeout=5), print
    )
    notifier.backoff = 0.01  # type: ignore[attr-defined]
    notifier.send(an_alert())
    assert len(Receiver.received) == 1
    payload = Receiver.received[0]
    assert payload["alert"]["level"] == "warning"
    assert payload["alert"]["evidence"][0]["article"]["url"] == "https://example.org/2"
    assert "watch -> warning" in payload["summary"]


def test_the_webhook_gives_up_with_a_clear_error(http_server: str) -> None:
    Receiver.failures_left = 10
    notifier = make_notifier(NotifierConfig(type="webhook", url=http_server, retries=1), print)
    notifier.backoff = 0.01  # type: ignore[attr-defined]
    with pytest.raises(NotifierError, match="after 2 attempts: HTTP 503"):
        notifier.send(an_alert())
    unreachable = make_notifier(
        NotifierConfig(type="webhook", url="http://127.0.0.1:9/hook", retries=0, timeout=1), print
    )
    with pytest.raises(NotifierError, match="ConnectError"):
        unreachable.send(an_alert())


def test_email_goes_through_a_real_smtp_server() -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received: list[Any] = []

    class Keep(Message):
        def handle_message(self, message: Any) -> None:
            received.append(message)

    import socket

    with socket.socket() as probe:  # a free port: aiosmtpd checks it is up by connecting
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        notifier = make_notifier(
            NotifierConfig.model_validate(
                {
                    "type": "email",
                    "host": "127.0.0.1",
                    "port": port,
                    "from": "watchfloor@example.org",
                    "to": ["desk@example.org"],
                }
            ),
            print,
        )
        notifier.send(an_alert())
    finally:
        controller.stop()
    assert len(received) == 1
    message = received[0]
    assert "watch -> warning" in message["Subject"]
    body = message.get_payload()
    assert "a local paper reported: About 4,000 reservists" in body
    assert "https://example.org/2" in body
    refused = make_notifier(
        NotifierConfig.model_validate(
            {"type": "email", "port": 9, "host": "127.0.0.1", "from": "a@b.c", "to": ["d@e.f"]}
        ),
        print,
    )
    with pytest.raises(NotifierError, match=r"cannot send e-mail through 127\.0\.0\.1:9"):
        refused.send(an_alert())


def test_jsonl_and_terminal_notifiers_write_the_alert(tmp_path: Path) -> None:
    lines: list[str] = []
    terminal = make_notifier(NotifierConfig(type="terminal"), lines.append)
    terminal.send(an_alert())
    assert "by-size: watch -> warning (up), value 4000 (approx.)" in lines[0]
    path = tmp_path / "alerts.jsonl"
    jsonl = make_notifier(NotifierConfig(type="jsonl", path=path), print)
    jsonl.send(an_alert())
    jsonl.send(an_alert())
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(rows) == 2 and rows[0]["level"] == "warning"


def test_watch_stops_cleanly_and_a_restart_repeats_no_delivery(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "feed"
    folder.mkdir()
    for index in range(len(DAYS)):
        write_day(folder, index)
    sink = tmp_path / "alerts.jsonl"
    notifiers = [make_notifier(NotifierConfig(type="jsonl", path=sink), print)]
    stop = threading.Event()
    stop.set()  # a signal before the first article: nothing is half-done
    with open_store(settings.db) as store:
        assert (
            watch(
                store,
                [str(folder)],
                settings=settings,
                watchlist=WATCHLIST,
                notifiers=notifiers,
                interval=0,
                stop=stop,
            )
            == 0
        )
        assert store.count_articles() <= 1
    for _ in range(2):  # two runs, as after a restart
        with open_store(settings.db) as store:
            cycles = watch(
                store,
                [str(folder)],
                settings=settings,
                watchlist=WATCHLIST,
                notifiers=notifiers,
                interval=0,
                stop=threading.Event(),
                cycles=1,
                replay=True,  # the feed's articles are of 2024
            )
            assert cycles == 1
    alerts = [json.loads(line) for line in sink.read_text().splitlines()]
    assert [a["level"] for a in alerts] == ["warning"]
    with open_store(settings.db) as store:
        assert store.count_articles() == len(DAYS)
        assert deliver_alerts(store, notifiers) == []


def test_a_failed_delivery_is_retried_on_the_next_round(store: Store, tmp_path: Path) -> None:
    class Flaky:
        key = "flaky"
        calls = 0

        def send(self, alert: Alert) -> None:
            Flaky.calls += 1
            if Flaky.calls == 1:
                raise NotifierError("receiver down")

    from watchfloor.types import Reading

    reading = Reading(
        indicator="x",
        as_of=datetime(2024, 1, 1, tzinfo=UTC),
        value=1.0,
        approximate=False,
        level="watch",
        events=1,
    )
    alert = Alert(
        indicator="x",
        level="watch",
        previous_level=None,
        direction="up",
        value=1.0,
        previous_value=None,
        as_of=reading.as_of,
    )
    store.add_reading(reading, alert)
    first = deliver_alerts(store, [Flaky()])
    assert [d.error for d in first] == ["receiver down"]
    second = deliver_alerts(store, [Flaky()])
    assert [d.error for d in second] == [None]
    assert deliver_alerts(store, [Flaky()]) == []


def test_what_notifiers_send_links_back_to_the_dashboard(tmp_path: Path, http_server: str) -> None:
    """Every notifier carries the evidence (title, outlet, date, sentence, claims) and,
    with WATCHFLOOR_PUBLIC_URL, where to read it in the dashboard."""
    alert = replace(
        an_alert(),
        evidence=(
            {
                **an_alert().evidence[0],
                "article": {
                    "id": 3,
                    "title": "Report 2",
                    "outlet": "Nasha Niva",
                    "published": None,
                },
                "event": {
                    "type": "MOBILIZE",
                    "status": "future",
                    "sentence": "About 4,000 reservists will be mobilised, a local paper said.",
                },
                "claims": [{**an_alert().evidence[0]["claims"][0], "id": "c2"}],
            },
        ),
    )
    url = "https://watch.example.org/"
    lines: list[str] = []
    make_notifier(NotifierConfig(type="terminal"), lines.append, public_url=url).send(alert)
    text = lines[0]
    assert "Report 2, Nasha Niva, date unknown" in text
    assert "“About 4,000 reservists will be mobilised, a local paper said.”" in text
    assert "read: https://watch.example.org/#/article/3?claim=c2" in text
    assert "https://watch.example.org/#/alerts" in text
    path = tmp_path / "alerts.jsonl"
    make_notifier(NotifierConfig(type="jsonl", path=path), print, public_url=url).send(alert)
    [row] = [json.loads(line) for line in path.read_text().splitlines()]
    assert row["link"] == "https://watch.example.org/#/alerts"
    assert row["evidence"][0]["link"] == "https://watch.example.org/#/article/3?claim=c2"
    assert row["evidence"][0]["event"]["sentence"].startswith("About 4,000")
    hook = make_notifier(NotifierConfig(type="webhook", url=http_server), print, public_url=url)
    hook.send(alert)
    assert Receiver.received[-1]["alert"]["evidence"][0]["link"].endswith("?claim=c2")
    plain: list[str] = []
    make_notifier(NotifierConfig(type="terminal"), plain.append).send(alert)
    assert "read:" not in plain[0] and "#/alerts" not in plain[0]  # no URL, no links
