"""Paragraphs as sentence boundaries: a blank line ends a sentence whatever the parser makes of
it. A heading, a caption or a kicker has no full stop ("Xi meets 'dear friend' Putin"), and the
parser runs it into the first sentence of the next paragraph, which then lends that sentence its
actors and places. Set before the parser, which keeps boundaries already set."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("livebrief_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    after_break = False
    for tok in doc:
        if tok.is_space:
            after_break = after_break or tok.text.count("\n") >= 2
            continue
        if after_break and tok.i > 0:
            tok.is_sent_start = True
        after_break = "\n\n" in tok.whitespace_  # (spaCy keeps one trailing space on the token)
    return doc
