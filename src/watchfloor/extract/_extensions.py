"""Custom attributes the watchfloor components read and write on a spaCy ``Doc``."""

from spacy.tokens import Doc

for _name in (
    "wf_published",  # datetime | None: publication time, to resolve relative dates
    "wf_title",  # str | None: the article's title (names a transcript's speakers)
    "wf_entities",  # list[EntityCluster]
    "wf_entity_of",  # dict[int, int]: token index -> entity index
    "wf_claims",  # list[ClaimDraft]
    "wf_claim_attributes",  # list[ClaimAttributes], parallel to wf_claims
    "wf_quantities",  # list[Quantity]
    "wf_dates",  # list[DateMention]
    "wf_events",  # list[EventDraft]
    "wf_gazetteer",  # Gazetteer: the one the pipeline's gazetteer component loaded (its
    # ``path`` setting), for the components after it
    "wf_normal",  # dict[(start_char, end_char), str]: a name's nominative (Russian)
    "wf_turn",  # (start, end, text) | None: the speaker label in effect where a piece of a
    # longer text begins, in the piece's character offsets (negative: before the piece)
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
