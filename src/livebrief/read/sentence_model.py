"""A learned reader of sentences: what kind of event a sentence reports (or none), with a
calibrated probability, from the words the parser has already given it.

The weights (``models/sentence_types.json``) are a multinomial logistic regression trained by
``scripts/train_sentence_model.py`` on sentences the team labelled (labels point into the shared
corpora by id and offsets; no text of theirs is in the repository). Features are the sentence's
lemmas in lower case and their bigrams, with numbers and names of places, people and
organisations replaced by their kind, so that "shelled Kharkiv" teaches about "shelled
Kherson". Scoring a sentence is a sum over its features: no library beyond the standard one.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from . import packaged_model

MODEL_FILE = "sentence_types.json"

# How many sentences report an event depends on the kind of text: measured on the team's random
# samples of labelled sentences, about 12% of a news article's sentences, about 45% of headlines
# and short notes (a text of up to SHORT_REPORT sentences). The model's probabilities are corrected
# from the share it learned from to the text's (sentence_model.with_prior) before any threshold.
ARTICLE_EVENT_RATE = 0.12
SHORT_REPORT_EVENT_RATE = 0.45
SHORT_REPORT = 3


# entity labels that stand for their kind, not their name
_KIND = {"GPE": "<place>", "LOC": "<place>", "FAC": "<place>", "PERSON": "<person>", "ORG": "<org>"}


def features(tokens: Iterable) -> list[str]:
    """Unigrams and bigrams of a sentence's tokens (spaCy tokens: ``lemma_``, ``ent_type_``,
    ``like_num``, ``is_punct``, ``is_space``)."""
    words: list[str] = []
    for t in tokens:
        if t.is_space or t.is_punct:
            continue
        if t.like_num:
            w = "<num>"
        elif t.ent_type_ in _KIND:
            w = _KIND[t.ent_type_]
        else:
            w = t.lemma_.lower() or t.lower_
        if words and words[-1] == w and w.startswith("<"):
            continue  # "New York City" is one place
        words.append(w)
    grams = list(words)
    grams += [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    grams.append(f"<len:{min(len(words) // 8, 5)}>")   # headline-short or report-long
    return grams


@dataclass(frozen=True)
class SentenceModel:
    labels: tuple[str, ...]
    weights: dict[str, list[float]]     # feature -> one weight per label
    bias: tuple[float, ...]
    temperature: float = 1.0            # calibration: logits are divided by it
    trained_on: int = 0
    sub_types: dict[str, SentenceModel] | None = None   # per type: a model of its sub-types
    # the share of current events among the sentences it learned from (the prior its
    # probabilities carry), kept in the model file (1,361 of 3,876 labels); this default is for a
    # file from before it was kept (1,325 of 3,801)
    event_rate: float = 0.349

    def probabilities(self, feats: Iterable[str]) -> dict[str, float]:
        z = list(self.bias)
        for f in set(feats):
            w = self.weights.get(f)
            if w is not None:
                for i, v in enumerate(w):
                    z[i] += v
        z = [v / self.temperature for v in z]
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        return {label: v / total for label, v in zip(self.labels, e, strict=True)}

    def predict(self, tokens: Iterable) -> tuple[str, float, dict[str, float]]:
        """The most probable label of a sentence, its probability, and all of them."""
        p = self.probabilities(features(tokens))
        best = max(p, key=p.get)
        return best, p[best], p

    def sub_type(self, etype: str, feats: Iterable[str]) -> str | None:
        """The more probable sub-type of ``etype`` for a sentence, where a sub-model exists."""
        sub = (self.sub_types or {}).get(etype)
        if sub is None:
            return None
        p = sub.probabilities(feats)
        return max(p, key=p.get)


def _model(data: dict) -> SentenceModel:
    return SentenceModel(labels=tuple(data["labels"]), weights=data["weights"], bias=tuple(data["bias"]),
                         temperature=data.get("temperature", 1.0), trained_on=data.get("trained_on", 0),
                         sub_types={k: _model(v) for k, v in data.get("sub_types", {}).items()},
                         event_rate=data.get("event_rate", 0.349))


@cache
def sentence_model() -> SentenceModel | None:
    """The packaged model (loaded once per process), or None when it has not been built."""
    data = packaged_model(MODEL_FILE)
    return None if data is None else _model(data)


def with_prior(p: dict[str, float], trained: float, rate: float) -> dict[str, float]:
    """``p`` for text where a share ``rate`` of sentences report events, where the model learned
    from a share ``trained`` (Bayes: the odds of an event scale by the ratio of the priors' odds;
    the types among events keep their proportions)."""
    p_event = 1.0 - p.get("none", 0.0)
    if p_event <= 0.0 or p_event >= 1.0:
        return p
    odds = p_event / (1.0 - p_event) * (rate / (1.0 - rate)) / (trained / (1.0 - trained))
    scale = odds / (1.0 + odds) / p_event
    out = {k: v * scale for k, v in p.items() if k != "none"}
    out["none"] = 1.0 - sum(out.values())
    return out


def event_rate_of(doc) -> float:
    """The share of sentences that report events in a text of this kind (see ARTICLE_EVENT_RATE)."""
    if "lb_event_rate" not in doc.user_data:
        short = sum(1 for _ in zip(doc.sents, range(SHORT_REPORT + 1), strict=False)) <= SHORT_REPORT
        doc.user_data["lb_event_rate"] = SHORT_REPORT_EVENT_RATE if short else ARTICLE_EVENT_RATE
    return doc.user_data["lb_event_rate"]


# the probability of a current event (read with the text's prior) above which the readers take
# the model's most probable type: more likely than not, fixed before any external measurement
EVENT_THRESHOLD = 0.5


def current_event(sent, tokens: Iterable | None = None) -> tuple[str | None, float, dict[str, float], list[str]] | None:
    """How the model reads a sentence of its document, with the prior of the text's kind: (the
    most probable event type when P(current event) reaches EVENT_THRESHOLD else None,
    P(current event), all the probabilities, the features); None without a packaged model.
    ``tokens``: read only these of the sentence's tokens (its main clause, say)."""
    if tokens is not None:
        model = sentence_model()
        if model is None:
            return None
        feats = features(tokens)
        p = model.probabilities(feats)
    else:
        read = read_sentence(sent)
        if read is None:
            return None
        p, feats = read
    p = with_prior(p, sentence_model().event_rate, event_rate_of(sent.doc))
    p_event = 1.0 - p.get("none", 0.0)
    etype = max((k for k in p if k != "none"), key=p.get) if p_event >= EVENT_THRESHOLD else None
    return etype, p_event, p, feats


def read_sentence(sent) -> tuple[dict[str, float], list[str]] | None:
    """The packaged model's probabilities for a spaCy sentence and its features, computed once per
    sentence of a document (the events and aid readers both ask), or None without a model."""
    model = sentence_model()
    if model is None:
        return None
    cache = sent.doc.user_data.setdefault("lb_sentence_model", {})
    key = (sent.start, sent.end)
    if key not in cache:
        feats = features(sent)
        cache[key] = (model.probabilities(feats), feats)
    return cache[key]
