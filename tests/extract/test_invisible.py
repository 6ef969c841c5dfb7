"""Zero-width and bidi characters are read past; offsets still index the text as stored."""

from __future__ import annotations

from watchfloor.extract import annotate

ZWSP, RLO, PDF = "\u200b", "\u202e", "\u202c"


def test_zero_width_spaces_hide_no_claim_and_offsets_index_the_stored_text() -> None:
    plain = "The ministry said that 2,000 reservists were called up in Belarus."
    text = plain.replace(" ", f"{ZWSP} ").replace("Belarus", f"{RLO}Belarus{PDF}")
    ledger = annotate(text, language="en")
    [claim] = ledger.claims
    assert claim.cue is not None and text[claim.cue.start : claim.cue.end] == "said"
    assert claim.content.text == text[claim.content.start : claim.content.end]
    assert claim.content.text.replace(ZWSP, "").startswith("that 2,000 reservists")
    [quantity] = ledger.quantities
    assert text[quantity.start : quantity.end] == "2,000" and quantity.value == 2000
    assert any(e.name == "Belarus" for e in ledger.entities)
    assert [
        c.content.text.replace(ZWSP, "").replace(RLO, "").replace(PDF, "") for c in ledger.claims
    ] == [c.content.text for c in annotate(plain, language="en").claims]
