"""The Russian, Ukrainian and Belarusian lexicons: the same shape as English
(``watchfloor.lang.lexicon.Lexicon``), read from ``lang/data/<language>/``."""

from __future__ import annotations

from watchfloor.lang.lexicon import Lexicon, lexicon

__all__ = ["LEXICONS"]

LEXICONS: dict[str, Lexicon] = {code: lexicon(code) for code in ("ru", "uk", "be")}
