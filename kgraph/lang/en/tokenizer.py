"""English tokens from spaCy's rule-based tokenizer (``spacy.blank("en")``: no model is loaded).

spaCy keeps each token's character offset, which is all kgraph needs to point back into the text. Two
adjustments come from data (``data/tokens.yaml``): abbreviations spaCy does not know (``Maj.``) stay one
token so they do not end a sentence, and compounds of a dotted abbreviation (``U.S.-led``) are split so
the abbreviation can be matched as an actor.
"""

from __future__ import annotations

import re
from functools import cache

from kgraph.lang.data import load_yaml
from kgraph.text import NormalizedText, Token

_DOTTED_COMPOUND = re.compile(r"^(.+\.)(-)(\w.*)$")


@cache
def _tokenizer():
    import spacy
    from spacy.symbols import ORTH

    nlp = spacy.blank("en")
    for abbreviation in load_yaml("en", "tokens.yaml")["abbreviations"]:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    return nlp.tokenizer


def _pieces(text: str, start: int) -> list[tuple[str, int]]:
    match = _DOTTED_COMPOUND.match(text)
    if match is None:
        return [(text, start)]
    return [(match.group(1), start), ("-", start + match.start(2)), *_pieces(match.group(3), start + match.start(3))]


def tokenize(norm: NormalizedText) -> list[Token]:
    """Word and punctuation tokens with key and original offsets (the key is the text itself)."""
    tokens: list[Token] = []
    for tok in _tokenizer()(norm.key):
        if tok.is_space:
            continue
        for text, kstart in _pieces(tok.text, tok.idx):
            kend = kstart + len(text)
            start, end = norm.original_span(kstart, kend)
            tokens.append(Token(len(tokens), text, kstart, kend, start, end, text[0].isalnum()))
    return tokens
