"""Topics of an article: battlefield, diplomacy, aid, civilians.

A topic applies when a substantial part of the article is about it, not on a passing mention:
sentences are scored by cue words of each topic, and a topic needs enough of the article's
sentences (a share and a minimum count). A pledge the aid component found with an amount (new
support, not a total to date) makes the article about aid even when it is said in one sentence:
that is the news an aid desk wants; items delivered in passing (a long piece that mentions
Stingers) are left to the cue count.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..lexicon import lexicon
from .weapons import named_weapons

_EN = lexicon("en")


def _cues() -> dict[str, re.Pattern]:
    """Each topic's pattern: any of its cue words, as a whole word."""
    exact = _EN.set("topics", "case_sensitive")
    armed = _EN.set("topics", "named_weapons")
    out = {}
    for topic, words in _EN.table("topics", "cues").items():
        words = [*words, *(named_weapons(surnames=False) if topic in armed else ())]
        out[topic] = re.compile(r"\b(?:" + "|".join(words) + r")\b", 0 if topic in exact else re.I)
    return out


TOPIC_CUES: dict[str, re.Pattern] = _cues()
MIN_SHARE = {"battlefield": 0.25, "diplomacy": 0.15, "aid": 0.1, "civilians": 0.15}
MIN_SENTENCES = 2


def topics_for(sentences: list[str], aid: list | None = None) -> list[str]:
    n = max(1, len(sentences))
    out = []
    for topic, rx in TOPIC_CUES.items():
        hits = sum(1 for s in sentences if rx.search(s))
        if hits >= MIN_SENTENCES and hits / n >= MIN_SHARE[topic]:
            out.append(topic)
    # a total to date is background, not news about aid; a new pledge is
    if "aid" not in out and any(not a.cumulative and a.amount for a in aid or []):
        out.append("aid")
    return [x for x in TOPIC_CUES if x in out]


@Language.factory("livebrief_topics", requires=["doc._.lb_aid"], assigns=["doc._.lb_topics"])
def make_topics(nlp, name):
    return TopicsComponent()


class TopicsComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.lb_topics = topics_for([s.text for s in doc.sents if s.text.strip()], doc._.lb_aid)
        return doc
