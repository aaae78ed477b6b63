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

TOPIC_CUES: dict[str, re.Pattern] = {
    "battlefield": re.compile(
        r"\b(?:front ?line|frontline|offensive|counter-?offensive|troops|forces|shelling|shelled|artillery|"
        r"battle|fighting|fought|clashes|recaptur\w*|retook|liberat\w*|captur\w*|seiz\w*|advanc\w*|"
        r"withdr[ae]w\w*|occupied|positions|brigade|battalion|mercenar\w*|soldiers|assault|encircle\w*|"
        r"drones?|missiles?|air ?strikes?|air defen[cs]e|shot down|military operation|tanks|counterattack|"
        r"mobili[sz]ation|reservists|conscript\w*|annex\w*)\b", re.I),
    "diplomacy": re.compile(
        r"\b(?:talks|negotiat\w*|summit|diplomat\w*|minister|sanction\w*|NATO|Nato|European Union|EU|"
        r"United Nations|UN|membership|accession|alliance|ambassador|envoy|treaty|agreement|ceasefire|"
        r"peace|meeting|met with|call with|"
        r"president|chancellor|Kremlin|White House|foreign policy|resolution|condemn\w*|statement|"
        r"security guarantees|embassy|G7|G20|Group of Seven|price cap|embargo|solidarity|stands? with|"
        r"tribunal|International Criminal Court|ICC|international law)\b"),
    "aid": re.compile(
        r"\b(?:aid|assistance|pledg\w*|package|deliver\w*|(?<!nuclear )(?<!chemical )weapons|(?<!nuclear )arms(?! control| race)|"
        r"ammunition|howitzers|HIMARS|"
        r"Javelins?|Stingers?|Patriots?|Leopards?|Abrams|donat\w*|supplies|military support|"
        r"financial support|loan|grant|funding|humanitarian|generators|shells)\b", re.I),
    "civilians": re.compile(
        r"\b(?:civilians?|refugees?|displaced|evacuat\w*|humanitarian|killed|wounded|injured|casualt\w*|"
        r"hospital|school|children|residents|power cuts?|blackouts?|electricity|heating|water supply|"
        r"energy infrastructure|shelter\w*|homes|apartment|war crimes?|deport\w*|famine|hunger|food)\b", re.I),
}
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
