"""What every language pack provides, and the shared machinery for tokens and sentences.

A language pack (``kgraph/lang/<code>/``) supplies normalisation, tokenisation, sentence and quote
segmentation, morphology and its lexicons as data. Shared code calls only this interface and never
branches on the language: adding a language means adding a pack (spaCy's ``lang/`` layout).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kgraph.lang.morphology import SuffixMorphology
from kgraph.text import NormalizedText, Token

# Digits split from letters so "31ی" gives "31" + "ی" and "2021ـەوە" gives "2021" + "ەوە".
_TOKEN = re.compile(r"\d+|[^\W\d_]+|\S")


def tokenize(norm: NormalizedText) -> list[Token]:
    """Word and punctuation tokens of a normalised text, with key and original offsets."""
    tokens: list[Token] = []
    starts, ends = norm.offset_maps()  # read directly: every match lies inside the key and is not empty
    for match in _TOKEN.finditer(norm.key):
        ks, ke = match.span()
        text = match.group()
        tokens.append(Token(len(tokens), text, ks, ke, starts[ks], ends[ke - 1], text[0].isalnum()))
    return tokens


@dataclass(slots=True)
class Sentence:
    """A sentence: original offsets, key offsets and its token range ``[first, last)``."""

    index: int
    start: int
    end: int
    first: int
    last: int
    paragraph: int


@dataclass(slots=True)
class Quote:
    """A quoted stretch (token range, exclusive end) and the sentence it opens in."""

    first: int
    last: int
    sentence: int


@dataclass
class Segmentation:
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


def segment(tokens: list[Token], norm: NormalizedText, terminators: str, quote_chars: str) -> Segmentation:
    """Split tokens into sentences at terminators and line breaks; pair quote marks into quotes.

    A terminator ends a sentence unless it sits between two digits (3.5). A quote that is never closed
    ends at the end of its paragraph, as news writers often forget the closing mark.
    """
    seg = Segmentation()
    key = norm.key
    start_tok = 0
    paragraph = 0
    open_quote: int | None = None
    open_sentence = 0

    def close_sentence(last: int) -> None:
        nonlocal start_tok
        if last > start_tok:
            first_tok, last_tok = tokens[start_tok], tokens[last - 1]
            seg.sentences.append(
                Sentence(len(seg.sentences), first_tok.start, last_tok.end, start_tok, last, paragraph)
            )
        start_tok = last

    for i, tok in enumerate(tokens):
        if i > 0 and "\n" in key[tokens[i - 1].key_end : tok.key_start]:
            close_sentence(i)
            if open_quote is not None:
                seg.quotes.append(Quote(open_quote, i, open_sentence))
                open_quote = None
            paragraph += 1
        if tok.text in quote_chars:
            if open_quote is None:
                open_quote, open_sentence = i + 1, len(seg.sentences)
            else:
                seg.quotes.append(Quote(open_quote, i, open_sentence))
                open_quote = None
                if i > 0 and tokens[i - 1].text in terminators:
                    close_sentence(i + 1)  # the sentence ended inside the quote: ."
            continue
        if tok.text in terminators:
            prev_digit = i > 0 and tokens[i - 1].text.isdigit() and tokens[i - 1].key_end == tok.key_start
            next_digit = (
                i + 1 < len(tokens) and tokens[i + 1].text.isdigit() and tokens[i + 1].key_start == tok.key_end
            )
            closing_quote_next = (
                open_quote is not None and i + 1 < len(tokens) and tokens[i + 1].text in quote_chars
            )
            if not (prev_digit and next_digit) and not closing_quote_next:
                close_sentence(i + 1)
    close_sentence(len(tokens))
    if open_quote is not None:
        seg.quotes.append(Quote(open_quote, len(tokens), open_sentence))
    return seg


class LanguagePack:
    """Base class of language packs; subclasses fill in data and may override steps."""

    code: str = ""
    name: str = ""
    terminators: str = ".!?"
    quote_chars: str = "\""

    def normalize(self, text: str) -> NormalizedText:
        return NormalizedText.identity(text)

    def key(self, text: str) -> str:
        """Key form of a lexicon string, matching what :meth:`normalize` does to text."""
        return " ".join(self.normalize(text).key.split())

    def tokenize(self, norm: NormalizedText) -> list[Token]:
        return tokenize(norm)

    def segment(self, tokens: list[Token], norm: NormalizedText) -> Segmentation:
        return segment(tokens, norm, self.terminators, self.quote_chars)

    @property
    def morphology(self) -> SuffixMorphology:
        raise NotImplementedError

    def build_pipeline(self, gazetteer):
        """The recognisers for this language: by default the shared set written for Sorani
        (:func:`kgraph.pipeline.default_pipeline`); a pack with its own recognisers overrides this."""
        from kgraph.pipeline import default_pipeline

        return default_pipeline(self, gazetteer)
