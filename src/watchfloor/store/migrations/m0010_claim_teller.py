"""A stored claim keeps who told it (the first link of its chain: the outlet, for an
unnamed source), so that a proposition's evidence can be read as groups of like claims
in the database (``LinkSession.evidence_groups``) instead of claim by claim: grading a
proposition reported for years then costs the number of its origins, not of its claims."""

SQLITE = [
    "ALTER TABLE proposition_claims ADD COLUMN teller TEXT",
    "UPDATE proposition_claims SET teller = COALESCE(json_extract(chain, '$[0]'), source_name)",
]
POSTGRESQL = [
    "ALTER TABLE proposition_claims ADD COLUMN teller TEXT",
    "UPDATE proposition_claims SET teller = COALESCE(chain->>0, source_name)",
]
