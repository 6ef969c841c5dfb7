"""``watchfloor review``: tell the system it is wrong, from the command line (the same
verdicts the dashboard gives), list them, undo them."""

from __future__ import annotations

from typing import Any

import click
from rich.table import Table

from watchfloor.cli._common import (
    db_option,
    format_option,
    handle_errors,
    settings_from,
    stderr,
    store_from,
    who,
    write_rows,
)
from watchfloor.errors import ConfigError
from watchfloor.pipeline.registry import source_registry
from watchfloor.pipeline.review import Review, Reviewed, review, undo
from watchfloor.verdicts import VerdictKind
from watchfloor.views import VerdictView

note_option = click.option("--note", default="", help="Why: kept with the verdict.")


@click.group("review")
def review_group() -> None:
    """Verdicts on the ledger: each is stored with who, when and why, regrades what it
    touches, and can be undone ('review undo ID')."""


def _give(db: str | None, asked: Review) -> None:
    settings = settings_from(db=db)
    with store_from(settings) as store:
        done = review(store, asked, by=who(), registry=source_registry(store, settings.sources))
    _said(done)


def _said(done: Reviewed) -> None:
    graded = f"; {len(done.regraded)} propositions graded again" if done.regraded else ""
    stderr.print(f"verdict #{done.verdict.id}: {done.verdict.describe()}{graded}")


@review_group.command("claim")
@click.argument("article", type=int)
@click.argument("claim")
@click.option("--source", help="The right source (as written in the article).")
@click.option("--cue", help="The right cue (the reporting word).")
@click.option("--polarity", type=click.Choice(["affirmed", "denied"]))
@click.option("--modality", type=click.Choice(["certain", "probable", "possible", "unknown"]))
@click.option("--not-a-claim", is_flag=True, help="It is not a claim at all.")
@note_option
@db_option
@handle_errors
def review_claim(
    article: int,
    claim: str,
    source: str | None,
    cue: str | None,
    polarity: str | None,
    modality: str | None,
    not_a_claim: bool,
    note: str,
    db: str | None,
) -> None:
    """Correct claim CLAIM of article ARTICLE: one of --source, --cue, --polarity,
    --modality or --not-a-claim."""
    given: dict[str, Any] = {
        "source": source, "cue": cue, "polarity": polarity, "modality": modality,
        "not_a_claim": "true" if not_a_claim else None,
    }  # fmt: skip
    chosen = [(k, v) for k, v in given.items() if v]
    if len(chosen) != 1:
        raise ConfigError("give one of --source, --cue, --polarity, --modality, --not-a-claim")
    [(field, value)] = chosen
    asked = Review(
        kind=VerdictKind.CLAIM, field=field, value=value, note=note,
        article_id=article, claim_id=claim,
    )  # fmt: skip
    _give(db, asked)


@review_group.command("proposition")
@click.argument("proposition", type=int)
@click.option(
    "--verdict", "truth", required=True, type=click.Choice(["true", "false", "unresolved"])
)
@note_option
@db_option
@handle_errors
def review_proposition(proposition: int, truth: str, note: str, db: str | None) -> None:
    """Judge proposition PROPOSITION true, false or unresolved: the track records of the
    sources that supported or denied it follow."""
    asked = Review(
        kind=VerdictKind.PROPOSITION, field="truth", value=truth, note=note,
        proposition_id=proposition,
    )  # fmt: skip
    _give(db, asked)


@review_group.command("split")
@click.argument("article", type=int)
@click.argument("claim")
@click.option("--proposition", type=int, help="The proposition to take it out of.")
@note_option
@db_option
@handle_errors
def review_split(
    article: int, claim: str, proposition: int | None, note: str, db: str | None
) -> None:
    """Take claim CLAIM of article ARTICLE out of the proposition linking put it in."""
    asked = Review(
        kind=VerdictKind.SPLIT, field="proposition", note=note, article_id=article,
        claim_id=claim, proposition_id=proposition,
    )  # fmt: skip
    _give(db, asked)


@review_group.command("unmerge")
@click.argument("entity", type=int)
@note_option
@db_option
@handle_errors
def review_unmerge(entity: int, note: str, db: str | None) -> None:
    """Undo the merge of entity ENTITY into another (kept as a verdict, reversible)."""
    _give(db, Review(kind=VerdictKind.UNMERGE, field="merge", note=note, entity_id=entity))


@review_group.command("alert")
@click.argument("alert", type=int)
@click.option("--acknowledge", "action", flag_value="acknowledge", help="Seen and handled.")
@click.option("--dismiss", "action", flag_value="dismiss", help="A false trigger.")
@click.option("--assign", metavar="NAME", help="Give it to NAME.")
@note_option
@db_option
@handle_errors
def review_alert(
    alert: int, action: str | None, assign: str | None, note: str, db: str | None
) -> None:
    """Acknowledge, assign or dismiss alert ALERT as a false trigger."""
    if bool(action) == bool(assign):
        raise ConfigError("give one of --acknowledge, --assign NAME, --dismiss")
    field = "assign" if assign else str(action)
    asked = Review(kind=VerdictKind.ALERT, field=field, value=assign, note=note, alert_id=alert)
    _give(db, asked)


@review_group.command("undo")
@click.argument("verdict", type=int)
@db_option
@handle_errors
def review_undo(verdict: int, db: str | None) -> None:
    """Undo verdict VERDICT: what it replaced comes back, graded again."""
    settings = settings_from(db=db)
    with store_from(settings) as store:
        done = undo(store, verdict, by=who(), registry=source_registry(store, settings.sources))
    stderr.print(f"undone: verdict #{done.verdict.id}")


_COLUMNS = ("id", "active", "description", "note")


@review_group.command("list")
@click.option("--article", type=int, help="Verdicts on this article's claims.")
@click.option("--proposition", type=int, help="Verdicts on this proposition.")
@click.option("--alert", type=int, help="Verdicts on this alert.")
@click.option("--active/--all", default=False, help="Only those not undone.")
@click.option("--limit", type=int, default=50, show_default=True)
@format_option
@db_option
@handle_errors
def review_list(
    article: int | None,
    proposition: int | None,
    alert: int | None,
    active: bool,
    limit: int,
    output_format: str,
    db: str | None,
) -> None:
    """Verdicts, newest first."""
    with store_from(settings_from(db=db)) as store:
        found = store.list_verdicts(
            article_id=article, proposition_id=proposition,
            alert_ids=[alert] if alert is not None else None,
            active=True if active else None, limit=limit,
        )  # fmt: skip
    rows = [VerdictView.shown(v).model_dump(mode="json") for v in found]

    def table(items: list[dict[str, Any]]) -> Table:
        shown = Table(*_COLUMNS)
        for row in items:
            shown.add_row(*(str(row[c]) for c in _COLUMNS))
        return shown

    write_rows(rows, output_format=output_format, columns=_COLUMNS, table=table)
