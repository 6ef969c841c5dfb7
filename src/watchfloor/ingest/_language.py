"""Language identification with lingua, limited to the languages a desk reads."""

from __future__ import annotations

import functools
import re

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from watchfloor.errors import ConfigError

_LETTER = re.compile(r"[^\W\d_]")
_SAMPLE_CHARS = 3000
"""Detection reads the start of the text: enough for a reliable answer at a fixed cost."""


@functools.lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...], accurate: bool) -> LanguageDetector:
    languages = []
    for code in codes:
        try:
            iso = IsoCode639_1.from_str(code)
        except ValueError as exc:
            raise ConfigError(f"unknown language code {code!r} in WATCHFLOOR_LANGUAGES") from exc
        languages.append(Language.from_iso_code_639_1(iso))
    if len(languages) < 2:
        raise ConfigError("WATCHFLOOR_LANGUAGES needs at least two languages to choose among")
    builder = LanguageDetectorBuilder.from_languages(*languages)
    if not accurate:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def detect_language(text: str, *, languages: tuple[str, ...], accurate: bool = False) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text has too few letters."""
    sample = text[:_SAMPLE_CHARS]
    if len(_LETTER.findall(sample, 0, 400)) < 3 and len(_LETTER.findall(sample)) < 3:
        return None
    language = _detector(languages, accurate).detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else None


def normalise_language(code: str) -> str | None:
    """A declared language tag ("en-GB", "RU") as a lower-case primary subtag, if it has one."""
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None
