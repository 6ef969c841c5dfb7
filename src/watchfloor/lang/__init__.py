"""Language resources every stage shares: name normalisation and matching, transliteration
between scripts, English word lists (reporting verbs, hedges, titles) and the PLOVER
event tables.

A leaf: it imports no NLP library and nothing of watchfloor but ``watchfloor.types``, so
linking, assessment and indicators can use it without loading spaCy.
"""
