"""Blocks by proposition: linking adds an article's keys to the proposition it joins, and
relinking and the entity filter look blocks up by proposition (a full scan without it,
which made linking slower as the store grew: bench/scale.py)."""

_STATEMENTS = ["CREATE INDEX proposition_blocks_proposition ON proposition_blocks (proposition_id)"]

SQLITE = list(_STATEMENTS)
POSTGRESQL = list(_STATEMENTS)
