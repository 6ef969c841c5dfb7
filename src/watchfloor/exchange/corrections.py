"""The desk's corrections as training data: every article with an active verdict on one
of its claims, its claims as corrected, in PolNeAR's standoff layout (``text/NAME.txt``
and ``attributions/NAME_desk.ann``), so that ``make train`` can learn from them
(``train/attribution.py --extra FOLDER``).

Each claim is an ``E`` line tying its Source, Cue and Content spans, as PolNeAR's are; a
claim marked as no claim is left out, a corrected source or cue takes the span where its
words are nearest the claim (left out if they are not in the text). Polarity and
modality and the attribution's kind (speech, belief, intention, knowledge, question), which
PolNeAR does not annotate, are ``A`` lines on the ``E`` line.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from watchfloor.errors import ConfigError
from watchfloor.store import Store
from watchfloor.verdicts import claim_as_reviewed

__all__ = ["export_corrections", "standoff"]


def export_corrections(store: Store, folder: Path) -> int:
    """Write the corrected articles into ``folder``; returns how many."""
    try:
        (folder / "text").mkdir(parents=True, exist_ok=True)
        (folder / "attributions").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{folder}: cannot write: {exc.strerror or exc}") from exc
    written = 0
    for article_id in store.reviewed_articles():
        article = store.get_article(article_id)
        ledger = store.get_ledger(article_id)
        if article is None or ledger is None:
            continue
        verdicts = store.list_verdicts(article_id=article_id, active=True, limit=None)
        claims = [
            claim_as_reviewed(c, [v for v in verdicts if v.claim_id == c.get("id")])
            for c in ledger.get("claims", [])
        ]
        name = f"watchfloor-{article_id}"
        (folder / "text" / f"{name}.txt").write_text(article.text, encoding="utf-8")
        ann = standoff(article.text, [c for c in claims if not c.get("not_a_claim")])
        (folder / "attributions" / f"{name}_desk.ann").write_text(ann, encoding="utf-8")
        written += 1
    return written


def standoff(text: str, claims: list[Mapping[str, Any]]) -> str:
    """The claims of one article as brat standoff lines (PolNeAR's labels)."""
    lines: list[str] = []
    spans = 0
    for number, claim in enumerate(claims, start=1):
        roles: list[str] = []
        for role, key in (("Source", "source"), ("Cue", "cue"), ("Content", "content")):
            span = claim.get(key) or {}
            start, end = span.get("start"), span.get("end")
            if not isinstance(start, int) or not isinstance(end, int) or end <= start:
                continue
            spans += 1
            covered = text[start:end].replace("\n", " ")
            lines.append(f"T{spans}\t{role} {start} {end}\t{covered}")
            roles.append(f"{role}:T{spans}")
        if not any(r.startswith("Content:") for r in roles):
            continue
        anchor = next(r for r in roles if r.startswith(("Cue:", "Content:"))).split(":")[1]
        lines.append(f"E{number}\tAttribution:{anchor} {' '.join(roles)}")
        for attribute in ("polarity", "modality", "kind"):
            if claim.get(attribute):
                lines.append(f"A{len(lines)}\t{attribute.title()} E{number} {claim[attribute]}")
    return "\n".join(lines) + ("\n" if lines else "")
