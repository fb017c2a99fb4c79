"""Word forms of English lexicon entries, from lemminflect (a small table-driven inflector).

Analysts write lemmas in the data files ("agree", "call for"); matching needs every form ("agreed",
"calls for"), and statements need the tense a form carries. Unknown words fall back to lemminflect's
rules for out-of-vocabulary words.
"""

from __future__ import annotations

from functools import cache

from lemminflect import getAllInflections, getAllInflectionsOOV

#: Penn tags of verb forms and the tense kgraph records for them.
TENSE = {"VB": "base", "VBP": "present", "VBZ": "present", "VBD": "past", "VBN": "participle", "VBG": "progressive"}


@cache
def verb_forms(lemma: str) -> dict[str, str]:
    """Every form of a verb lemma with its tense (a form that is both past and participle is past)."""
    table = getAllInflections(lemma, upos="VERB") or getAllInflectionsOOV(lemma, upos="VERB")
    forms: dict[str, str] = {lemma: "base"}
    for tag in ("VBN", "VBG", "VBZ", "VBP", "VB", "VBD"):
        for form in table.get(tag, ()):
            forms[form] = TENSE[tag]
    if lemma.endswith("ise"):  # British spellings the tables may lack
        forms.update({lemma[:-1] + "d": "past", lemma[:-1] + "ing": "progressive", lemma + "s": "present"})
    return forms


@cache
def noun_forms(noun: str) -> set[str]:
    """Singular and plural of a noun (the last word of a phrase is inflected)."""
    words = noun.split()
    head = words[-1]
    table = getAllInflections(head, upos="NOUN") or getAllInflectionsOOV(head, upos="NOUN")
    heads = {head, *table.get("NN", ()), *table.get("NNS", ())}
    return {" ".join([*words[:-1], h]) for h in heads}
