"""Datelines ("BAGHDAD, Dec. 10 –", "ERBIL, Iraq –") are not part of the first sentence.

Wire reports open with the place (in capitals) and often the date the report was filed, then a dash. Kept
in the first sentence, the dateline's city would read as the subject and its date as the event's date;
split off, it is a sentence of its own whose date still resolves weekdays and relative expressions.
"""

from __future__ import annotations

from kgraph.lang.base import Segmentation, Sentence
from kgraph.text import Token

DASHES = ("–", "—", "--", "-")
MAX_DATELINE_TOKENS = 10


def split_datelines(seg: Segmentation, tokens: list[Token], text: str) -> Segmentation:
    """Split each paragraph-opening sentence after its dateline dash, when it has one."""
    out: list[Sentence] = []
    for sentence in seg.sentences:
        first = tokens[sentence.first] if sentence.first < len(tokens) else None
        opens = first is not None and (
            sentence.first == 0 or "\n" in text[tokens[sentence.first - 1].end : first.start])
        cut = None
        if opens and first.text.isupper() and len(first.text) > 1:
            for i in range(sentence.first + 1, min(sentence.last - 1, sentence.first + MAX_DATELINE_TOKENS)):
                spaced = tokens[i].start > tokens[i - 1].end and tokens[i + 1].start > tokens[i].end
                if tokens[i].text in DASHES and spaced:
                    cut = i + 1
                    break
        if cut is None:
            out.append(Sentence(len(out), sentence.start, sentence.end, sentence.first, sentence.last,
                                sentence.paragraph))
            continue
        out.append(Sentence(len(out), sentence.start, tokens[cut - 1].end, sentence.first, cut, sentence.paragraph))
        out.append(Sentence(len(out), tokens[cut].start, sentence.end, cut, sentence.last, sentence.paragraph))
    remap = {}
    for new in out:
        for i in range(new.first, new.last):
            remap.setdefault(i, new.index)
    quotes = [type(q)(q.first, q.last, remap.get(q.first, q.sentence)) for q in seg.quotes]
    return Segmentation(out, quotes)
