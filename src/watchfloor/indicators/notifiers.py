"""Where alerts go: the terminal, a JSONL file, a webhook, e-mail.

Each notifier sends one alert or raises ``NotifierError``; the pipeline records what was
delivered where, so an alert is sent once per notifier even across crashes and restarts.
"""

from __future__ import annotations

import json
import os
import smtplib
import time
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol

import httpx

from watchfloor.errors import WatchfloorError
from watchfloor.indicators.watchlist import Notifier as NotifierConfig
from watchfloor.types import Alert, to_jsonable
from watchfloor.version import __version__

__all__ = [
    "Notifier",
    "NotifierError",
    "alert_document",
    "alert_summary",
    "alert_text",
    "make_notifier",
]


class NotifierError(WatchfloorError):
    """An alert could not be delivered; it stays pending and is retried next time."""


class Notifier(Protocol):
    key: str

    def send(self, alert: Alert) -> None: ...


def alert_summary(alert: Alert) -> str:
    """One line: 'by-mobilisation-size: none -> watch (up), value 2000 (approx.)'."""
    value = "no value" if alert.value is None else f"value {alert.value:g}"
    if alert.value is not None and any(
        e.get("event", {}).get("approximate") for e in alert.evidence
    ):
        value += " (approx.)"
    return (
        f"{alert.indicator}: {alert.previous_level or 'none'} -> {alert.level or 'none'} "
        f"({alert.direction}), {value}, as of {alert.as_of:%Y-%m-%d %H:%M} UTC, "
        f"{len(alert.evidence)} events"
    )


def _first_claim(item: Mapping[str, Any]) -> str | None:
    claims = item.get("claims") or []
    return str(claims[0]["id"]) if claims and claims[0].get("id") else None


def reader_link(public_url: str, item: Mapping[str, Any]) -> str | None:
    """The dashboard's reader at an evidence item's article, opened at its first claim."""
    article = item.get("article") or {}
    if not article.get("id"):
        return None
    claim = _first_claim(item)
    return f"{public_url.rstrip('/')}/#/article/{article['id']}" + (
        f"?claim={claim}" if claim else ""
    )


def alert_document(alert: Alert, public_url: str | None = None) -> dict[str, Any]:
    """The alert as JSON for machines (JSONL, webhooks): the API's fields, and with a
    ``public_url`` a link back to the dashboard for the alert and for each piece of
    evidence."""
    document: dict[str, Any] = to_jsonable(alert)
    if public_url:
        document["link"] = f"{public_url.rstrip('/')}/#/alerts"
        for item in document["evidence"]:
            item["link"] = reader_link(public_url, item)
    return document


def alert_text(alert: Alert, public_url: str | None = None) -> str:
    """The alert and its evidence trail, for people (terminal, e-mail): each event with its
    article's title, outlet and date, the sentence, the grade, the claims and, with a
    ``public_url``, where to read it in the dashboard."""
    lines = [alert_summary(alert)]
    if public_url:
        lines.append(f"{public_url.rstrip('/')}/#/alerts")
    lines.append("")
    for item in alert.evidence:
        article = item.get("article") or {}
        event = item.get("event") or {}
        credibility = item.get("credibility") or {}
        published = article["published"][:10] if article.get("published") else "date unknown"
        lines.append(
            f"- {event.get('type')} ({event.get('status')}) in "
            f"{article.get('title') or 'article ' + str(article.get('id'))}"
            f"{', ' + article['outlet'] if article.get('outlet') else ''}, {published}"
            f"{' <' + article['url'] + '>' if article.get('url') else ''}"
        )
        if event.get("sentence"):
            lines.append(f"  \u201c{' '.join(str(event['sentence']).split())}\u201d")
        if credibility:
            lines.append(f"  credibility {credibility.get('grade')}: {credibility.get('reason')}")
        for claim in item.get("claims", []):
            source = claim.get("source") or {}
            who = source.get("name") or source.get("text") or source.get("kind")
            manner = ", ".join(str(claim[k]) for k in ("modality", "polarity") if claim.get(k))
            lines.append(
                f"  {claim['stance']}: {who} {claim.get('cue') or ''}"
                f"{' (' + manner + ')' if manner else ''}: {claim['content']}"
            )
        if public_url and (link := reader_link(public_url, item)):
            lines.append(f"  read: {link}")
    return "\n".join(lines)


class TerminalNotifier:
    def __init__(self, write: Callable[[str], None], key: str = "terminal") -> None:
        self.write = write
        self.key = key
        self.public_url: str | None = None

    def send(self, alert: Alert) -> None:
        self.write(alert_text(alert, self.public_url))


class JsonlNotifier:
    def __init__(self, path: os.PathLike[str] | str, key: str) -> None:
        self.path = path
        self.key = key
        self.public_url: str | None = None

    def send(self, alert: Alert) -> None:
        document = alert_document(alert, self.public_url)
        line = json.dumps(document, ensure_ascii=False) + "\n"
        try:
            with Path(self.path).open("a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise NotifierError(f"cannot append to {self.path}: {exc.strerror or exc}") from exc


class WebhookNotifier:
    """POST the alert as JSON; retried with backoff on connection errors and 5xx."""

    def __init__(
        self, url: str, key: str, *, timeout: float = 10.0, retries: int = 3, backoff: float = 0.5
    ) -> None:
        self.url, self.key = url, key
        self.timeout, self.retries, self.backoff = timeout, retries, backoff
        self.public_url: str | None = None

    def send(self, alert: Alert) -> None:
        payload: dict[str, Any] = {
            "summary": alert_summary(alert),
            "alert": alert_document(alert, self.public_url),
        }
        headers = {"User-Agent": f"watchfloor/{__version__}"}
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = httpx.post(self.url, json=payload, timeout=self.timeout, headers=headers)
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code < 300:
                return
            problem = f"HTTP {response.status_code}"
            if response.status_code < 500 and response.status_code != 429:
                break  # the receiver refuses it; retrying will not help
        raise NotifierError(f"webhook {self.url} failed after {attempt + 1} attempts: {problem}")


class EmailNotifier:
    def __init__(self, config: NotifierConfig, key: str) -> None:
        self.config = config
        self.key = key
        self.public_url: str | None = None

    def send(self, alert: Alert) -> None:
        config = self.config
        message = EmailMessage()
        message["Subject"] = f"[watchfloor] {alert_summary(alert)}"
        message["From"] = config.sender
        message["To"] = ", ".join(config.to)
        message.set_content(alert_text(alert, self.public_url))
        try:
            with smtplib.SMTP(config.host, config.port, timeout=config.timeout) as smtp:
                if config.starttls:
                    smtp.starttls()
                if config.username_env:
                    smtp.login(
                        os.environ.get(config.username_env, ""),
                        os.environ.get(config.password_env or "", ""),
                    )
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise NotifierError(
                f"cannot send e-mail through {config.host}:{config.port}: {exc}"
            ) from exc


def make_notifier(
    config: NotifierConfig, write: Callable[[str], None], *, public_url: str | None = None
) -> Notifier:
    """A notifier for a watchlist entry; ``write`` shows terminal alerts (the CLI's console).
    With ``public_url`` (``WATCHFLOOR_PUBLIC_URL``) what it sends links back to the
    dashboard."""
    notifier: TerminalNotifier | JsonlNotifier | WebhookNotifier | EmailNotifier
    if config.type == "terminal":
        notifier = TerminalNotifier(write, config.key)
    elif config.type == "jsonl":
        assert config.path is not None
        notifier = JsonlNotifier(config.path, config.key)
    elif config.type == "webhook":
        assert config.url is not None
        notifier = WebhookNotifier(
            config.url, config.key, timeout=config.timeout, retries=config.retries
        )
    else:
        notifier = EmailNotifier(config, config.key)
    notifier.public_url = public_url
    return notifier
