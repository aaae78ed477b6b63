"""Aid: each pledge, approval or delivery of support to Ukraine in an article.

A record needs a trigger (a verb of giving or announcing, or "delivery"/"package" nouns), an
object of support (weapons, aid, money...) and a donor (the trigger's subject, or a country
qualifying the object: "US military hardware"). Hypotheticals, refusals and arguments about aid
("those who argue that sending weapons...") have no donor and are dropped. Amounts come from
the money quantities of the same sentence; a total to date is flagged cumulative. One record per
donor and amount in an article; a package given as a total and then itemised is one record.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..lexicon import lexicon
from ..places.gazetteer import default_gazetteer
from ..places.variants import DEMONYMS, INSTITUTIONS
from ..records import TRACKED_RECIPIENT
from ..text import text_of
from .entities import dateline_end
from .nlp import anchor
from .sentence_model import current_event, sentence_model
from .weapons import named_weapons

_EN = lexicon("en")
TRIGGERS: dict[str, str] = _EN.table("aid", "triggers")
STATUS_ORDER = {"pledged": 0, "approved": 1, "delivered": 2}
INTENT = _EN.set("aid", "intent")
GIVEN_AS_SUBJECT = _EN.set("aid", "given_as_subject")
NAMED_GIVER_ONLY = _EN.set("aid", "named_giver_only")
DELIVERY_NOUNS = _EN.set("aid", "delivery_nouns")
GOODS_NOUNS = _EN.set("aid", "goods_nouns")
_ARMS = _EN.words("weapons", "arms") + named_weapons()


def _cue(*words: str, flags: int = re.I) -> re.Pattern:
    """Any of ``words`` as a whole word."""
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", flags)


OBJECTS = _cue(*_ARMS, *_EN.words("aid", "objects"))
# support that is not weapons alone: aid, money, goods (what a sentence that does not name Ukraine
# must give, in a story that does)
AID_OBJECTS = _cue(*_EN.words("aid", "objects"))
NOT_SUPPORT = _cue(*_EN.words("aid", "not_support"))
MILITARY = _cue(*_ARMS, *_EN.words("aid", "military"))
# the categories in the order they are tried (see aid.toml)
CATEGORIES = (("military", MILITARY),
              ("financial", _cue(*_EN.words("aid", "financial_channels"))),
              ("humanitarian", _cue(*_EN.words("aid", "humanitarian"))),
              ("financial", _cue(*_EN.words("aid", "financial"))))
CATEGORY_CONTEXT = _cue(*_EN.words("aid", "category_context"))
NAMED_CATEGORIES = {c: _cue(*words) for c, words in _EN.table("aid", "category_adjectives").items()}
NEGATION = _cue(*_EN.words("aid", "negation"))
UKRAINE = _cue(*_EN.words("aid", "recipient"), *_EN.words("aid", "recipient_mentions"), flags=0)
RECIPIENT_PEOPLE = _EN.set("aid", "recipient_people")
# an amount followed by "for Ukraine" is Ukraine's share ("a $95 billion package, including about
# $61 billion for Ukraine")
FOR_UKRAINE = re.compile(r"\s*(?:in \w+ (?:" + "|".join(_EN.words("aid", "share_nouns")) + ") )?(?:"
                         + "|".join(_EN.words("aid", "share_prepositions")) + ") (?:"
                         + "|".join(_EN.words("aid", "recipient")) + ")")
# an amount given to Ukraine together with another named recipient ("$95bn in aid for Ukraine and Israel")
# is no amount of aid to Ukraine (one for "Ukraine and other nations" is, as the team annotates it)
_RECIPIENT_NAME = r"[A-Z][\w-]+"
SHARED_AMOUNT = re.compile(r"[^.;]{0,50}?\b(?:" + "|".join(_EN.words("aid", "share_prepositions")) + r")\s+("
                           + _RECIPIENT_NAME + r"(?:\s*,\s*" + _RECIPIENT_NAME + r")*,?\s+and\s+" + _RECIPIENT_NAME + ")")
NEEDS_RECIPIENT = _EN.set("aid", "needs_recipient")
WITH_ONLY = _EN.set("aid", "with_only")
GOODS_VERBS = _EN.set("aid", "goods_verbs")
NOT_GIVEN = _cue(*_EN.words("aid", "not_given"))
GIVER_DESCRIPTIONS = _EN.set("aid", "giver_descriptions")
# a gift dated this long before the article is background (see _background)
BACKGROUND_DAYS = 180
SINCE = _cue(*_EN.words("aid", "since_words"))
SUPERLATIVE_TOTAL = re.compile(r"\b(?:" + "|".join(_EN.words("aid", "superlatives")) + r")\b[^.;]{0,60}\b(?:to date|so far|yet|ever)\b", re.I)

ITEMS = _cue(*named_weapons(models=True), flags=0)
_POSS = re.compile(r"(?:'s|’s|'|’)$")
# groups of countries that give together (see aid.toml)
_BLOCS = re.compile(r"\b(?:" + "|".join(f"(?P<{name}>{'|'.join(forms)})"
                                        for name, forms in _EN.table("aid", "blocs").items()) + r")\b")
LEADERS: dict[str, str] = _EN.table("institutions", "leaders")
SHARE_PREPOSITIONS = _EN.set("aid", "share_prepositions")
ORG_DONORS = {name: code or None for name, code in _EN.table("aid", "org_donors").items()}
MEMBER_DONORS: dict[str, str] = _EN.table("aid", "member_donors")
CHAMBERS = _cue(*_EN.words("aid", "chambers"), flags=0)
CONTINUATIONS = _EN.set("aid", "continuations")
_DONOR_ORG = _cue(*_EN.words("aid", "donor_org_words"), flags=0)
NEVER_DONORS = _EN.set("aid", "never_donors")
ALLIES_OF_RUSSIA = _EN.set("aid", "allies_of_russia")
ALLY_MENTIONS = _cue(*_EN.words("aid", "ally_mentions"), flags=0)
DOLLAR_DONORS: dict[str, str] = _EN.table("aid", "dollar_donors")
CURRENCY_DONORS: dict[str, str] = _EN.table("aid", "currency_donors")
_STATE_BODY = _cue(*_EN.words("aid", "state_words"))
SUBJECT_STAND_INS = _EN.set("aid", "subject_stand_ins")
# a giving verb under "should" or "could", or with an "if" clause after it, pledges nothing (see aid.toml)
DEMAND_AUX = _EN.set("aid", "demand_auxiliaries")
CONDITIONS = _EN.set("aid", "conditions")
MAKE_GIFT_NOUNS = _EN.set("aid", "make_gift_nouns")
PACKAGE_NOUNS = _EN.set("aid", "package_nouns")
PACKAGE_VERBS = _EN.set("aid", "package_verbs")
GENERAL_AID_NOUNS = _EN.set("aid", "general_aid_nouns")
CHANNELS = _EN.set("aid", "channels")
ALLIANCES = _EN.set("aid", "alliances")
CHANGES = _EN.set("aid", "changes")
# a sentence that tells what a package holds ("Australia's package will include $50m for drones")
ITEMISING = re.compile(r"\b(?:" + "|".join(PACKAGE_NOUNS) + r")\b[^.;]{0,40}?\b(?:"
                       + "|".join(v + r"\w*" for v in PACKAGE_VERBS) + r")\b", re.I)
_PROGRAMMES: dict[str, str] = _EN.table("aid", "programme_donors")
PROGRAMMES = re.compile(r"\b(?:" + "|".join(map(re.escape, _PROGRAMMES)) + r")\b", re.I)
# an amount whose value the words before it give ("The package is worth $300 million")
VALUE_CUE = re.compile(r"\b(?:" + "|".join(_EN.words("aid", "value_cues")) + r")\b[^.;]{0,40}$", re.I)
VALUE_VERBS = _EN.set("aid", "value_verbs")
VALUE_PHRASE = re.compile(r"\b(?:" + "|".join(_EN.words("aid", "value_phrases")) + r")(?:\s+(?:"
                          + "|".join(_EN.words("aid", "amount_hedges")) + r"))*\s*$", re.I)
UNDERTAKINGS = _EN.set("aid", "undertakings")
# the words before an amount that make it a total to date ("The aid ... now totals $2 billion")
TOTAL_NOW = re.compile(r"\b(?:" + "|".join(_EN.words("aid", "totals_now")) + r")\W*$", re.I)
# the words before an amount that make it a new level reached, a total ("increased its aid to $7 billion")
RAISED_TO = re.compile(r"\b(?:" + "|".join(_EN.words("aid", "raised_to")) + r")\b[^.;]{0,60}\bto(?:\s+(?:"
                       + "|".join(_EN.words("aid", "amount_hedges")) + r"))*\s*$", re.I)
# the words before an amount that make it a share of the whole (see aid.toml)
SHARE_CUE = re.compile(r"\b(?:" + "|".join(_EN.words("aid", "share_cues")) + r")\b(?:\s+(?:"
                       + "|".join(_EN.words("aid", "amount_hedges")) + r"))*\s*$", re.I)
# how many sentences after a package may still give its value
VALUE_REACH = 3


@dataclass
class AidRecord:
    donor: str
    donor_country: str | None
    recipient: str
    amount: float | None
    currency: str | None
    category: str
    status: str
    items: list[str] = field(default_factory=list)
    cumulative: bool = False
    start: int = 0
    end: int = 0
    sentence: str = ""

    def as_dict(self) -> dict:
        amount = self.amount
        if amount is not None and float(amount).is_integer():
            amount = int(amount)
        return {"donor": self.donor, "donor_country": self.donor_country, "recipient": self.recipient,
                "amount": amount, "currency": self.currency, "category": self.category, "status": self.status,
                "items": self.items, "cumulative": self.cumulative, "start": self.start, "end": self.end}


class _Article:
    """What every sentence of one article reads, built once per article: the entity of each token,
    where the dateline ends, the quantities, and the donors the article names."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = text_of(doc)
        self.quantities = doc._.lb_quantities or []
        self.dateline = dateline_end(self.text)
        self.ent_at: list[Span | None] = [None] * len(doc)
        for e in doc.ents:
            self.ent_at[e.start:e.end] = [e] * (e.end - e.start)
        self._countries: dict[int, Span | None] = {}

    def entity(self, tok: Token) -> Span | None:
        """The token's entity; a country or its adjective the model left untagged or took for a
        one-word organisation or person ("Cyprus", "Lithuanian") is a GPE or NORP of its own."""
        ent = self.ent_at[tok.i]
        if ent is not None and (ent.label_ in ("GPE", "NORP") or len(ent) > 1):
            return ent
        if tok.pos_ not in ("PROPN", "ADJ") or not tok.text[:1].isupper():
            return ent
        if tok.i not in self._countries:
            # (and an agency the model left untagged, known by its acronym: "DoD", "USAID")
            self._countries[tok.i] = _country_word(self.doc, tok) or (
                Span(self.doc, tok.i, tok.i + 1, label="ORG") if ent is None and tok.text in INSTITUTIONS else None)
        return self._countries[tok.i] or ent

    def dateline_of(self, sent: Span) -> int:
        """Where the dateline ends in the sentence (0 past the first: only the first has one)."""
        return self.dateline if sent.start == 0 else 0

    @cached_property
    def named_donors(self) -> set[tuple[str, str | None]]:
        """Every donor the article names (read when a sentence first needs the article's giver)."""
        return {d for s in self.doc.sents for ent in s.ents if ent.label_ in ("GPE", "NORP", "ORG", "PERSON")
                for d in [_donor_from(self, [ent.root], s)] if d}


def _country_word(doc: Doc, tok: Token) -> Span | None:
    """The token as a country's name (GPE) or adjective (NORP), else None."""
    if tok.lower_ in DEMONYMS:
        return Span(doc, tok.i, tok.i + 1, label="NORP")
    try:
        if any(c.feature == "country" for c in default_gazetteer().lookup(tok.text)):
            return Span(doc, tok.i, tok.i + 1, label="GPE")
    except Exception:  # noqa: BLE001 - no gazetteer: the model's tags only
        return None
    return None


def _country_of(name: str, label: str) -> str | None:
    if name in ORG_DONORS:
        return ORG_DONORS[name]
    body = _state_body_country(name) if label == "ORG" else None
    if body:
        return body
    low = name.lower()
    if low in DEMONYMS and DEMONYMS[low] != "EU":
        return DEMONYMS[low]
    try:
        for c in default_gazetteer().lookup(name):
            if c.feature == "country":
                return c.cc
            if c.feature == "city" and c.population > 500_000 and label == "GPE":
                return c.cc   # "Washington", "London", "Berlin" as governments
            if c.feature == "admin1" and c.population > 1_000_000 and label in ("GPE", "ORG"):
                return c.cc   # a region gives for its country's total ("Bavaria", "the Government of Quebec")
    except Exception:  # noqa: BLE001 - no gazetteer: no code
        return None
    return None


def _state_body_country(name: str) -> str | None:
    """The country of a state body the name gives with its country ("Czech Government", "the
    Government of Japan", "Latvian State Police"), else None."""
    if not _STATE_BODY.search(name):
        return None
    words = [w for w in re.split(r"[\s’']+", name) if w]
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            part = " ".join(words[i:i + n])
            if not part[:1].isupper() or _STATE_BODY.fullmatch(part):
                continue
            code = DEMONYMS.get(part.lower()) if n == 1 else None
            if code is None and part not in ORG_DONORS:
                code = _country_of(part, "GPE")
            if code and code not in ("EU", "UA"):
                return code
    return None


def _stands_in(tok: Token) -> bool:
    """A subject that stands for a country named in the clause that reports it ("the country")."""
    return tok.pos_ == "PRON" or (tok.lemma_.lower() in SUBJECT_STAND_INS and not tok.ent_type_
                                  and any(c.dep_ in ("det", "poss") for c in tok.children)
                                  and not any(c.ent_type_ for c in tok.subtree))


def _donors(art: _Article, trig: Token, sent: Span) -> list[tuple[str, str | None]]:
    """The trigger's subjects ("Washington and London have pledged" gives two), else a country
    qualifying the object of support ("US military hardware")."""
    subj = next((c for c in trig.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    # "... has been donated by French local governments": the agent gives
    agent = next((c for c in trig.children if c.dep_ == "agent"), None)
    if agent is not None:
        d = _donor_from(art, list(agent.subtree), sent)
        if d:
            return [d]
    if subj is None and trig.dep_ in ("xcomp", "conj") and trig.head.pos_ in ("VERB", "AUX"):
        subj = next((c for c in trig.head.children if c.dep_ in ("nsubj",)), None)
    elif subj is None and trig.tag_ == "VBG" and trig.dep_ in ("advcl", "pcomp"):
        # a participle's giver is its clause's subject ("Germany stepped up its help, sending 20
        # tanks", "Norway helped by sending generators")
        gov = trig.head.head if trig.dep_ == "pcomp" else trig.head
        if gov.pos_ in ("VERB", "AUX"):
            subj = next((c for c in gov.children if c.dep_ == "nsubj"), None)
    if subj is None and trig.dep_ == "acl" and trig.head.lemma_.lower() in UNDERTAKINGS and trig.head.dep_ == "dobj":
        # "Finland signed an agreement to provide ...": the undertaking's owner, else the subject of
        # the verb that has it as object
        subj = next((c for c in trig.head.children if c.dep_ == "poss"), None) or next(
            (c for c in trig.head.head.children if c.dep_ == "nsubj"), None)
    if subj is None:
        # the parser may hang a name that opens the clause on the verb as a modifier ("USAID gave
        # $20 million", an acronym the model does not take for a noun): a named giver right
        # before the verb is its subject
        subj = next((c for c in trig.lefts if c.dep_ in ("advmod", "npadvmod", "dep", "nmod")
                     and c.ent_type_ in ("ORG", "GPE", "NORP", "PERSON")), None)
    out: list[tuple[str, str | None]] = []
    if subj is not None and subj.tag_ in ("WDT", "WP") and subj.head.dep_ == "relcl":
        # "an initiative that will supply ...": the relative pronoun is the noun it follows
        subj = subj.head.head
    elif subj is not None and _stands_in(subj):
        # "Germany said it would send ...": the pronoun is the reporting clause's subject
        anc = next((a for a in trig.ancestors if any(c.dep_ == "nsubj" and not _stands_in(c) for c in a.children)), None)
        subj = next((c for c in anc.children if c.dep_ == "nsubj"), None) if anc is not None else None
    if subj is not None and _never_donor(art, subj):
        return []   # Russia and its allies send to the other side: a sentence whose giver is one is no aid
    if subj is not None and subj.i < trig.i:
        bloc = _BLOCS.search(" ".join(t.text for t in subj.subtree))
        if bloc:
            return [(bloc.lastgroup, None)]
    # (a dateline, "BARI, Italy -- ", is where the story was filed, never who gives)
    dateline = art.dateline_of(sent)
    if subj is not None and subj.i < trig.i and subj.idx < dateline:
        # the parser took the dateline for the subject ("WARSAW, Poland -- Poland will send"):
        # the subject is what follows it
        d = _donor_from(art, [t for t in subj.subtree if t.idx >= dateline], sent)
        if d:
            return [d]
    elif subj is not None and subj.i < trig.i and not (trig.lemma_.lower() in NAMED_GIVER_ONLY and not subj.ent_type_):
        heads = [subj] + [c for c in subj.conjuncts]
        for h in heads:
            d = _donor_from(art, list(h.subtree) if len(heads) == 1 else [h], sent)
            if d and d not in out:
                out.append(d)
    if out:
        return out
    d = _donor_from(art, [], sent) or _programme_donor(sent)
    return [d] if d else []


def _unnamed_giver(trig: Token) -> bool:
    """The trigger's giver is left unsaid ("40 ambulances were donated") or described ("the
    ministry will send"), not named: the article's giver may stand for it. Not a group ("allies
    sent"), nor a recipient that receives ("Ukraine received ... from its partners")."""
    subj = next((c for c in trig.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if any(c.dep_ == "agent" or c.lower_ == "from" for c in trig.children):
        return False   # a giver named after "by" or "from" that no donor could be read from
    if trig.lemma_.lower() in GIVEN_AS_SUBJECT:
        # the subject is what is given ("the tanks arrived"), or the recipient
        return subj is not None and not UKRAINE.search(" ".join(t.text for t in subj.subtree))
    if subj is None and trig.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in trig.head.children):
        return False   # "prompting a businessman to offer ...": the head's object gives
    if subj is None or subj.dep_ == "nsubjpass":
        return True
    words = " ".join(t.text for t in subj.subtree)
    if subj.lemma_.lower() in GIVER_DESCRIPTIONS and not any(t.ent_type_ for t in subj.subtree):
        return True
    # a state body named without its country ("the Federal Foreign Office", "the Ministry of Defence")
    return bool(_STATE_BODY.search(words)) and all(t.ent_type_ in ("", "ORG") for t in subj.subtree)


def _main_clause(trig: Token) -> bool:
    """The trigger is what its sentence reports ("Thirty vans were delivered", "... and will be
    sent"), not a clause that qualifies something else ("the plains freeze, providing a stable
    area for vehicles", "failing to provide his troops with ammunition"), unless that clause gives
    to Ukraine (see _to_ukraine)."""
    head = trig
    # (what a reporting verb reports is the news: "the ministry said 40 ambulances were donated")
    while (head.dep_ in ("conj", "xcomp") or head.dep_ == "ccomp" and head.head.pos_ == "VERB") and head.head.i != head.i:
        head = head.head
    return head.dep_ == "ROOT"


def _qualified(trig: Token, sent: Span) -> list[Token]:
    """The words of what the trigger gives and of the subjects of its clause and of the sentence."""
    heads = [c for c in trig.children if c.dep_ in ("nsubj", "nsubjpass")]
    clause = trig
    # (up the clauses that report or continue the gift, not one that refuses it: "the chancellor
    # refused to let the owners re-export their tanks, though several would gladly send them")
    while clause.dep_ in ("conj", "xcomp", "ccomp") and clause.head.i != clause.i:
        clause = clause.head
        heads += [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    return [t for h in heads for t in h.subtree] + [t for s in _object_spans(trig) for t in s]


def _context_donor(art: _Article, sent: Span, trig: Token, found: list[AidRecord]) -> list[tuple[str, str | None]]:
    """The giver the article names for a sentence whose giving verb has none, where the sentence
    names nobody but Ukraine (whoever else it names may be the giver, or the one who talks about
    the gift): the article's last aid record's donor, else the only donor the article names
    ("Thirty vans were delivered to Ukraine on Monday. The Estonian defence ministry said the vans
    would serve the army's medics")."""
    dateline = art.dateline_of(sent)
    # a country that qualifies the gift or the one who reports it ("the UK's funding will be used
    # to deliver ...", "Spain's defence ministry said 20 ambulances were handed over") gives
    owners = [t for t in _qualified(trig, sent) if t.ent_type_ in ("GPE", "NORP") and t.dep_ in ("poss", "compound", "amod")]
    own = _donor_from(art, owners, sent) if owners else None
    if own:
        return [own]
    # the named country, body or leader that reports a gift whose clause leaves its giver unsaid
    # gives it ("Germany said 40 ambulances had been delivered", "Spain declared that new weapons
    # will be shipped"); only a name as the subject itself, not "officials in Poland"
    clause = trig
    while clause.dep_ in ("ccomp", "xcomp", "conj") and clause.head.i != clause.i:
        clause = clause.head
        reporter = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if reporter is not None:
            d = _donor_from(art, [reporter], sent) if art.entity(reporter) is not None else None
            # (not of an amount in another country's own currency: "Poland said NOK 250 million
            # will be provided" reports another's gift)
            theirs = {CURRENCY_DONORS.get(q.unit) for q in art.quantities if q.kind == "money"
                      and sent.start_char <= q.start < sent.end_char} - {None}
            if d and d[1] != "UA" and not theirs - {d[1]}:
                return [d]
            break
    # (a currency code the model takes for an organisation, "CAD 100 million", is nobody)
    money = [(q.start, q.end) for q in art.quantities if q.kind == "money" and sent.start_char <= q.start < sent.end_char]
    if any(e.label_ in ("GPE", "NORP", "ORG", "PERSON") and not UKRAINE.search(e.text) and e.start_char >= dateline
           and not any(a <= e.start_char and e.end_char <= b for a, b in money) for e in sent.ents):
        return []   # somebody else is in the sentence: the giver is not plainly the article's
    # (the article's last gift to Ukraine: a record of support to Russia by its allies is no giver's)
    to_ukraine = [r for r in found if r.recipient == TRACKED_RECIPIENT]
    if to_ukraine:
        return [(to_ukraine[-1].donor, to_ukraine[-1].donor_country)]
    return list(art.named_donors) if len(art.named_donors) == 1 else []


def _aid_to_russia(art: _Article, sent: Span) -> list[AidRecord]:
    """Support to Russia by one of its allies ("Iran has supplied drones to Russia", "Lukashenko,
    a close ally of the Kremlin, providing military support for the invasion"): a giving verb whose
    giver is the ally and whose object is support, given to no one else named."""
    out: list[AidRecord] = []
    for trig in sent:
        if trig.pos_ != "VERB" or trig.lemma_.lower() not in TRIGGERS or trig.lemma_.lower() in WITH_ONLY:
            continue
        subj = next((c for c in trig.children if c.dep_ == "nsubj"), None)
        if subj is None and trig.dep_ in ("advcl", "xcomp", "conj") and trig.head.i != trig.i:
            subj = next((c for c in trig.head.children if c.dep_ == "nsubj"), None)   # "X is ..., providing ..."
        giver = _ally_of_russia(art, subj) if subj is not None else None
        if giver is None or _to_ukraine(trig) or not _gives_support(trig, art.quantities):
            continue
        if any(c.dep_ == "neg" for c in trig.children) or NEGATION.search(art.doc[sent.start: trig.i].text[-60:]):
            continue
        for_other = [t for o in _object_spans(trig) for t in o if art.entity(t) is not None
                     and art.entity(t).label_ in ("GPE", "NORP") and _country_of(art.entity(t).text, "GPE") not in (None, "RU", "UA")]
        if for_other:
            continue   # given to a third country ("Iran sent drones to Venezuela")
        q = _sentence_money(art, sent, _clause_money(trig, sent, art.quantities))
        out.append(_record(giver, q, _category(_object_text(trig), sent.text), _status(trig),
                           _items(art.doc[trig.left_edge.i: trig.right_edge.i + 1], art.quantities), sent, recipient="Russia"))
    return out


def _ally_of_russia(art: _Article, subj: Token) -> tuple[str, str] | None:
    """The ally of Russia the subject names, by country or leader ("Belarus", "Lukashenko")."""
    for t in subj.subtree:
        ent = art.entity(t)
        if ent is None or ent.label_ not in ("GPE", "NORP", "ORG", "PERSON"):
            continue
        name = _POSS.sub("", re.sub(r"^the\s+", "", ent.text, flags=re.I)).strip()
        code = LEADERS.get(name) or LEADERS.get(name.split()[-1]) if name else None
        code = code or (_country_of(name, ent.label_) if ent.label_ != "PERSON" else None)
        if code in ALLIES_OF_RUSSIA:
            return _country_name(code) or name, code
    return None


def _currency_donor(art: _Article, q) -> list[tuple[str, str | None]]:
    """The giver of an amount in a country's own currency, in an article that names no giver ("NOK
    300 million will be provided to Ukraine's energy operator", as a Norwegian release writes)."""
    code = CURRENCY_DONORS.get(q.unit) if q is not None else None
    if code is None or code in NEVER_DONORS or art.named_donors:
        return []
    return [(_country_name(code) or code, code)]


def _never_donor(art: _Article, tok: Token) -> bool:
    """The token names a country that is no donor to Ukraine (Russia, "Moscow", "Russian")."""
    ent = art.ent_at[tok.i]
    if ent is None or ent.label_ not in ("GPE", "NORP", "ORG"):
        return False
    return _country_of(_POSS.sub("", re.sub(r"^the\s+", "", ent.text, flags=re.I)).strip(), ent.label_) in NEVER_DONORS


def _programme_donor(sent: Span) -> tuple[str, str | None] | None:
    """The donor of a programme the sentence names ("the 20th presidential drawdown": the US)."""
    m = PROGRAMMES.search(sent.text)
    if m is None:
        code = None
    else:
        code = next(c for name, c in _PROGRAMMES.items() if name.lower() == m.group(0).lower())
    return ((_country_name(code) or code) if code != "EU" else "European Union", code) if code else None


def _donor_from(art: _Article, tokens: list[Token], sent: Span) -> tuple[str, str | None] | None:
    """The first giver among the tokens, else a country qualifying an object of support in the
    sentence ("US military hardware"): (name, country code), the name the totals count it by."""
    doc, dateline = art.doc, art.dateline_of(sent)
    cands = list(tokens)
    for t in sent:
        if t.ent_type_ in ("GPE", "NORP") and t.dep_ in ("compound", "amod", "poss", "nmod") and OBJECTS.search(t.head.text):
            cands.append(t)
    for t in cands:
        if t.idx < dateline:
            continue
        ent = art.entity(t)
        if ent is None or ent.label_ not in ("GPE", "NORP", "ORG", "PERSON"):
            continue
        if ent.start > sent.start and doc[ent.start - 1].lower_ in SHARE_PREPOSITIONS or _with_recipient(ent):
            continue   # "$26 billion for Israel", "systems to Taiwan": another recipient, not a giver
        name = _POSS.sub("", re.sub(r"^the\s+", "", ent.text, flags=re.I)).strip()
        if name in MEMBER_DONORS:
            return MEMBER_DONORS[name], None   # an alliance's gift is its members'
        if UKRAINE.fullmatch(name) or name.lower() in RECIPIENT_PEOPLE or (
                name.isupper() and len(name) > 4 and name not in INSTITUTIONS and name not in ORG_DONORS):
            continue  # Ukraine is the recipient; an all-capitals word is a dateline (an agency's acronym is not)
        if name in INSTITUTIONS:
            code = INSTITUTIONS[name]
            return ("European Union" if code == "EU" else _country_name(code) or name), code
        # a leader the coverage knows by name ("Scholz delivered ...", whom the small model may
        # tag as an organisation) gives for the country, so that a package is one donor's however
        # its articles name the giver
        leader = LEADERS.get(name) or LEADERS.get(name.split()[-1]) if name else None
        if leader in NEVER_DONORS:
            continue   # "Lukashenko", "Putin": their support goes to the other side (see _aid_to_russia)
        if leader:
            return ("European Union" if leader == "EU" else _country_name(leader) or name), leader
        if ent.label_ == "PERSON":
            # a leader giving on behalf of a country named in his title: "U.S. President Joe Biden",
            # "Arvydas Anusauskas, Lithuanian defence minister"
            title = [t for c in ent.root.children if c.dep_ == "appos" for t in c.subtree]
            for prev in list(doc[max(sent.start, ent.start - 4): ent.start]) + title:
                # (a demonym of the title the model left untagged counts too)
                if prev.ent_type_ in ("GPE", "NORP") or prev in title and prev.lower_ in DEMONYMS:
                    code = _country_of(_POSS.sub("", prev.text), prev.ent_type_ or "NORP")
                    if code and code != "UA" and code not in NEVER_DONORS:
                        return _country_name(code) or prev.text, code
            continue
        code = _country_of(name, ent.label_)
        if ent.label_ in ("NORP", "GPE") and not code or code == "UA" or code in NEVER_DONORS:
            continue  # a region or a city is no donor that totals can count
        if ent.label_ == "ORG" and not code and name not in ORG_DONORS and not _DONOR_ORG.search(name):
            continue  # a ministry or a company without its country is not a donor we can count
        # named by its country ("Washington", "US" -> United States) so totals add up by donor
        return (_country_name(code) or name) if code and code != "EU" else name, code
    return None


def _with_recipient(ent: Span) -> bool:
    """The entity is joined to a recipient ("aid for Ukraine and Israel")."""
    root = ent.root
    if root.dep_ != "conj":
        return False
    head = root.head
    doc = ent.doc
    return bool(UKRAINE.fullmatch(head.text)) or (head.i > 0 and doc[head.left_edge.i - 1].lower_ in SHARE_PREPOSITIONS)


def _country_name(code: str) -> str | None:
    try:
        c = default_gazetteer().country(code)
        return c.name if c else None
    except Exception:  # noqa: BLE001
        return None


def _object_spans(trig: Token) -> list[Span]:
    """What is given: the trigger's objects and complements (for "arrive", its subject)."""
    doc = trig.doc
    if trig.lemma_.lower() in GIVEN_AS_SUBJECT:
        parts = [c for c in trig.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    else:
        # (a passive's subject is what is given: "40 ambulances were donated")
        # (not the source of the news: "according to a statement of the ministry")
        parts = [c for c in trig.children if c.i > trig.i and c.dep_ in ("dobj", "dative", "xcomp", "prep", "attr", "oprd", "ccomp")
                 and c.lemma_.lower() != "accord" and c.lower_ != "according" or c.dep_ == "nsubjpass"]
    spans = [doc[c.left_edge.i: c.right_edge.i + 1] for c in parts]
    if (trig.dep_ in ("relcl", "acl") and trig.head.i < trig.i and trig.head.lemma_.lower() not in GENERAL_AID_NOUNS
            and not any(c.dep_ in ("dobj", "nsubjpass") for c in parts)):
        # "the 20 generators that Poland gave", "the equipment donated by Norway": the noun it
        # qualifies (not aid in general: "Washington's support provided to Ukraine has ..." tells of
        # the support, it announces no gift)
        spans.append(doc[trig.head.left_edge.i: trig.head.i + 1])
    return spans


def _object_text(trig: Token) -> str:
    return " ".join(s.text for s in _object_spans(trig))


def _without_shares(art: _Article, start: int, end: int) -> str:
    """The text from ``start`` to ``end`` less the shares it names with their money ("$156m in
    support, including $91m in military assistance": what the share is for is not the category
    of the whole), which a category is not read from."""
    text, cut = art.text, []
    for q in art.quantities:
        if q.kind != "money" or not start <= q.start < end:
            continue
        m = SHARE_CUE.search(text[max(start, q.start - 40):q.start])
        if m is not None:
            a = max(start, q.start - 40) + m.start()
            b = min((i for i in (text.find(c, q.end, end) for c in ";)") if i != -1), default=end)
            cut.append((a, b))
    out, at = [], start
    for a, b in sorted(cut):
        if a >= at:
            out.append(text[at:a])
            at = b
    return " ".join(out + [text[at:end]])


def _gives_support(trig: Token, quantities, strict: bool = False) -> bool:
    """The trigger's object is support: weapons, aid, money, goods (not "a package of sanctions").
    ``strict`` (a sentence that does not name Ukraine in a story that does): aid or money, not
    weapons alone, and no other country among what is given ("troops to the defence of Estonia")."""
    spans = _object_spans(trig)
    # (what is given, not what a clause says of it: "six helicopters, grounded by sanctions" are support)
    clauses = {t.i for s in spans for c in s if c.dep_ in ("relcl", "acl") and c.head.i != trig.i for t in c.subtree}
    if NOT_SUPPORT.search(" ".join(t.text for s in spans for t in s if t.i not in clauses)):
        return False
    # (what is handed over is a message, people or a right to stay, however it is qualified: "a
    # humanitarian visa"; Ukrainians as an object are who receives, "offer Ukrainians a visa")
    # (not where money is given, nor the object of "support ... with", who receives: "supports the
    # EU's training mission with NOK 150 million")
    given = [g for c in trig.children if c.dep_ in ("dobj", "nsubjpass") for g in (c, *c.conjuncts) if not UKRAINE.search(g.text)]
    money = any(q.kind == "money" and s.start_char <= q.start < s.end_char for q in quantities for s in spans)
    if given and all(NOT_GIVEN.fullmatch(c.text) and not _holds_goods(c) for c in given) and not money \
            and trig.lemma_.lower() not in WITH_ONLY:
        return False
    if strict and any(t.ent_type_ in ("GPE", "NORP") and not UKRAINE.search(t.text) for s in spans for t in s):
        return False
    # what is given is a thing, not a verb of it ("efforts to support Ukraine")
    # (nor a clause within it that tells what else happens or what someone does: "to offer refugees
    # fleeing the war a humanitarian visa"; not one that tells of the goods, "howitzers provided by
    # the UK", nor one that gives, "the decision to send tanks", read on its own verb as well)
    adverbial = {t.i for s in spans for c in s if c.dep_ in ("advcl", "relcl") and c.pos_ == "VERB"
                 or c.dep_ == "acl" and c.tag_ == "VBG" for t in c.subtree}
    things = " ".join(t.text for s in spans for t in s if t.pos_ != "VERB" and t.i not in adverbial)
    if bool((AID_OBJECTS if strict else OBJECTS).search(things)) or any(
            q.kind == "money" and s.start_char <= q.start < s.end_char for q in quantities for s in spans):
        return True
    # goods of any kind handed to Ukraine ("Spain donated 12 snowploughs to Ukraine"), not a message,
    # a person or a visit ("sent a delegation to Kyiv")
    return (not strict and trig.lemma_.lower() in GOODS_VERBS and _to_ukraine(trig) and not NOT_GIVEN.search(things)
            and any(t.pos_ == "NOUN" and t.dep_ in ("dobj", "nsubjpass", "pobj", "conj") for s in spans for t in s))


def _holds_goods(noun: Token) -> bool:
    """The noun is a figure for goods it names after "of" ("a platform of tanks and artillery"),
    not for support in general ("a message of support")."""
    return any(OBJECTS.search(t.text) and t.lemma_.lower() not in GENERAL_AID_NOUNS
               for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for t in p.subtree)


def _to_ukraine(trig: Token) -> bool:
    """The trigger gives to Ukraine: "to Ukraine", "for the Ukrainian army", "gave Ukraine ..."."""
    for c in trig.children:
        if c.dep_ == "dative" and UKRAINE.search(c.text):
            return True
        if c.dep_ in ("prep", "dative") and c.lower_ in SHARE_PREPOSITIONS:
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None and UKRAINE.search(" ".join(t.text for t in obj.subtree)):
                return True
    return False


def _a_change(trig: Token) -> bool:
    """The trigger gives a change in the level of aid ("will double its aid", "announced a doubling
    of aid"), which without its figure is no line of the tracker."""
    return trig.lemma_.lower() in CHANGES or any(c.dep_ == "dobj" and c.lemma_.lower() in CHANGES for c in trig.children)


def _to_another(art: _Article, trig: Token) -> bool:
    """The trigger gives to a named recipient that is not Ukraine ("sending equipment to NATO
    members near Ukraine", "gave Poland tanks"), not through a fund or bank that serves it."""
    for c in trig.children:
        if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN"):
            obj = c
        elif c.dep_ in ("prep", "dative") and c.lower_ in SHARE_PREPOSITIONS:
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
        else:
            continue
        if obj is None or obj.lemma_.lower() in CHANNELS:
            continue
        # (the recipient's own words, not what follows it: "members near Ukraine" are not Ukraine)
        words = list(art.doc[obj.left_edge.i: obj.i + 1]) + list(obj.conjuncts)
        if UKRAINE.search(" ".join(t.text for t in words)):
            continue
        # (a country, or an alliance or bloc: "to NATO members"; a body that is Ukraine's, "to
        # the Ministry of Defence of Ukraine", "to Ukrenergo", is no other recipient)
        ents = {e for t in words if (e := art.entity(t)) is not None}
        if any(e.label_ in ("GPE", "NORP") or e.label_ == "ORG" and e.text in ALLIANCES for e in ents) and not any(
                UKRAINE.search(e.text) for e in ents):
            return True
    return False


def _only_anothers(trig: Token, inner: list[tuple[int, int]]) -> bool:
    """What the trigger gives holds another giver's gift ("is providing assistance, including an
    initiative that will supply 300,000 rounds"): the gift it names is that one."""
    doc = trig.doc
    # (the objects proper, not a phrase of time or place that a clause qualifies: "announced in
    # January, which is why we count it")
    spans = [(doc[c.left_edge.i].idx, doc[c.right_edge.i].idx + len(doc[c.right_edge.i])) for c in trig.children
             if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    return any(a <= c and d <= b for c, d in inner for a, b in spans)


def _by_a_chamber(trig: Token) -> bool:
    """The trigger's giver is one chamber of a legislature ("the House approved", "the Senate voted
    to approve", "a package passed by the House"): a vote on a bill, not yet its enactment."""
    clause, givers = trig, []
    while True:
        givers += [c for c in clause.children if c.dep_ in ("nsubj", "agent")]
        # (up to the verb whose subject gives, "voted to approve"; a clause with its own giver stops:
        # "the Senate passed it and the president signed it")
        if givers or clause.dep_ not in ("xcomp", "conj") or clause.head.i == clause.i:
            break
        clause = clause.head
    return any(CHAMBERS.search(" ".join(t.text for t in g.subtree)) for g in givers)


def _continues(trig: Token) -> bool:
    """The trigger tells of support going on as before ("will continue to provide support", "pledged
    continued support"), with no count of its own in what it gives: no new pledge."""
    spans = _object_spans(trig)
    if any(t.like_num for s in spans for t in s):
        return False
    return (trig.dep_ == "xcomp" and trig.head.lemma_.lower() in CONTINUATIONS
            or any(t.lower_ in CONTINUATIONS and t.dep_ == "amod" for s in spans for t in s))


def _makes_gift(trig: Token) -> bool:
    """"made a contribution of ...", "made 40 million EUR available"."""
    if trig.lemma_.lower() != "make":
        return False
    return (any(c.dep_ == "dobj" and c.lemma_.lower() in MAKE_GIFT_NOUNS for c in trig.children)
            or any(t.lower_ == "available" for t in trig.subtree))


def _background(art: _Article, trig: Token, q) -> bool:
    """The giving clause tells, in the past, of a gift dated long before the article ("Canada
    promised eight tanks in March 2023", in an article of 2024): background, not news of a pledge.
    A clause told in the present with no date of its own is of the last day the article named
    before it (a timeline's "Finland decides to arm Kyiv", under a paragraph of February 2022).
    A total since a date is no background."""
    doc = art.doc
    pub = anchor(doc._.lb_published)
    clause = trig
    while clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i:
        clause = clause.head
    if pub is None or q is not None and q.cumulative:
        return False
    narrated = clause.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in clause.children)
    if clause.tag_ not in ("VBD", "VBN") and not narrated:
        return False
    text = art.text
    a, b = doc[clause.left_edge.i].idx, doc[clause.right_edge.i].idx + len(doc[clause.right_edge.i])
    dates = [d for d in doc._.lb_dates or [] if a <= d.start < b and not SINCE.search(text[max(a, d.start - 12):d.start])]
    if not dates and narrated:
        before = [d for d in doc._.lb_dates or [] if d.start < trig.sent.start_char and len(d.value) >= 7
                  and not SINCE.search(text[max(0, d.start - 12):d.start])]
        dates = before[-1:]
    for d in dates:
        try:
            when = date.fromisoformat((d.value + "-01-01")[:10] if len(d.value) == 4 else (d.value + "-01")[:10])
        except ValueError:
            continue
        if (pub - when).days > BACKGROUND_DAYS + (365 if len(d.value) == 4 else 31 if len(d.value) == 7 else 0):
            return True
    return False


def _status(trig: Token) -> str:
    if trig.tag_ == "VBG" and trig.dep_ != "ROOT" and not any(c.dep_ in ("aux", "auxpass") for c in trig.children):
        # a participle tells what something else does ("passed a bill, delivering weapons"): the
        # status of that, where it is a gift, else a pledge. (A headline's participle, "Britain
        # sending missiles", is its own verb; spaCy makes a new Token per access, so the root's
        # head is compared by index, not identity.)
        head = trig.head
        if head.i != trig.i and head.lemma_.lower() in TRIGGERS:
            return _status(head)
        # (else the tense of what it qualifies: "has been a firm friend, providing $70m of equipment")
        done = head.tag_ == "VBD" or head.tag_ == "VBN" and any(c.lower_ in ("has", "have", "had") for c in head.children)
        return "delivered" if done else "pledged"
    status = TRIGGERS.get(trig.lemma_.lower(), "pledged")
    if any(c.dep_ == "dobj" and c.lemma_.lower() in DELIVERY_NOUNS for c in trig.children):
        return "delivered"  # "announced a delivery of Stinger missiles"
    if status == "delivered":
        aux = {c.lower_ for c in trig.children if c.dep_ in ("aux", "auxpass")} | {trig.head.lower_}
        if trig.tag_ in ("VB", "VBG", "VBN") and (aux & INTENT or trig.dep_ == "xcomp" and trig.tag_ != "VBN"):
            return "pledged"
        if trig.tag_ == "VBZ" or trig.tag_ == "VBP" and trig.lemma_.lower() not in GIVEN_AS_SUBJECT:
            return "pledged"
    return status


def _category(*texts: str) -> str:
    """The category of what is given, read in each text in turn (what the trigger gives, then its
    sentence) with the words of context taken out ("affected by military aggression")."""
    for text in texts:
        text = CATEGORY_CONTEXT.sub(" ", text)
        named = {c for c, words in NAMED_CATEGORIES.items() if words.search(text)}
        if len(named) > 1:
            return "unspecified"   # "financial, humanitarian and military support": no one category
        for category, words in CATEGORIES:
            if words.search(text):
                return category
    return "unspecified"


def _clause_money(trig: Token, sent: Span, quantities):
    """The money of the sentence that is not in another clause than the trigger's ("Berlin agreed
    to send tanks, prompting a company to offer five million roubles"), a clause of value kept
    ("donate rifles, valued at $5 million"), and an amount named as the value of something, in
    whichever clause ("donate rifles, bought from a local maker, valued at $5 million")."""
    doc = trig.doc
    others = [(doc[c.left_edge.i].idx, doc[c.right_edge.i].idx + len(doc[c.right_edge.i])) for c in sent
              if c.dep_ in ("advcl", "relcl", "parataxis", "ccomp", "acl", "conj") and c.pos_ in ("VERB", "AUX")
              and c.lemma_.lower() not in VALUE_VERBS and not (c.left_edge.i <= trig.i <= c.right_edge.i)
              and not (c.dep_ == "ccomp" and c.head == trig)]   # what is announced is the gift
    text = doc.text
    return [q for q in quantities if not any(a <= q.start < b for a, b in others)
            or VALUE_PHRASE.search(text[max(sent.start_char, q.start - 40):q.start])]


def _sentence_money(art: _Article, sent: Span, quantities):
    """The sentence's new amount (not a total to date), Ukraine's share where the sentence gives
    one: a money Quantity or None."""
    money = [q for q in quantities if q.kind == "money" and sent.start_char <= q.start < sent.end_char]
    if not money:
        return None
    # ("its biggest weapons package so far" is a new package, however "so far" reads)
    if SUPERLATIVE_TOTAL.search(sent.text):
        money = [replace(q, cumulative=False) for q in money]
    # (read over all of the sentence's money: the level may be in another clause, "pledged SEK 300
    # million, lifting its total to SEK 3 billion")
    raised = {q.start for q in art.quantities if q.kind == "money" and sent.start_char <= q.start < sent.end_char
              and RAISED_TO.search(art.text[sent.start_char:q.start][-80:])}
    if raised and any(q.start not in raised for q in money):
        # the level a change reached is the sentence's total: its other amounts are what is new
        # ("raised its fund to EUR 2 billion with a tranche worth EUR 500 million")
        money = [replace(q, cumulative=False) for q in money]
    money = [replace(q, cumulative=True) if TOTAL_NOW.search(art.text[sent.start_char:q.start][-40:])
             or q.start in raised else q for q in money]
    new = [q for q in money if not q.cumulative] or money
    # "a $95 billion package, including about $61 billion for Ukraine": Ukraine's share
    text = art.text
    for_ukraine = [q for q in new if FOR_UKRAINE.match(text[q.end:q.end + 40]) and not _shared(text[q.end:sent.end_char])]
    if for_ukraine:
        return for_ukraine[0]
    q = new[0]
    # (an amount of a sentence that also gives to another country is not Ukraine's alone)
    return None if _shared(text[q.end:sent.end_char]) or _other_recipient(sent) else q


def _other_recipient(sent: Span) -> bool:
    """The sentence names a recipient that is not Ukraine ("tanks to Poland", "$26 billion for
    Israel", "gave Taiwan ...", "weapons to allies Ukraine and Israel")."""
    for ent in sent.ents:
        if ent.label_ not in ("GPE", "NORP") or UKRAINE.search(ent.text):
            continue
        root = ent.root
        before = sent.doc[ent.start - 1].lower_ if ent.start > sent.start else ""
        if before in SHARE_PREPOSITIONS or root.dep_ == "dative" or root.dep_ == "conj" and UKRAINE.search(root.head.text):
            return True
    return False


def _shared(after: str) -> bool:
    """The words after an amount give it to Ukraine and another recipient ("for Ukraine and Israel")."""
    m = SHARED_AMOUNT.match(after)
    if m is None:
        return False
    names = [n.strip() for n in re.split(r",|\band\b", m.group(1)) if n.strip()]
    return any(UKRAINE.fullmatch(n) for n in names) and any(not UKRAINE.fullmatch(n) for n in names)


def _money(q, donor_country: str | None) -> tuple[float | None, str | None, bool]:
    """(amount, currency, cumulative) of a money quantity given by a donor: a bare "$" is the
    donor's own dollar where it has one (Canada's, Australia's)."""
    if q is None:
        return None, None, False
    unit = q.unit
    if unit == "USD" and q.text.startswith("$") and donor_country in DOLLAR_DONORS:
        unit = DOLLAR_DONORS[donor_country]
    return q.value, unit, q.cumulative


def _items(sent: Span, quantities, others: list[tuple[int, int]] = ()) -> list[str]:
    """What a sentence says is given: counted equipment ("14 Leopard tanks"), then the systems it
    names by model that no count took; none of the ``others`` (the spans of what other giving
    clauses within it give)."""
    def own(at: int) -> bool:
        return not any(a <= at < b for a, b in others)
    items = [q.text for q in quantities if q.kind == "equipment" and sent.start_char <= q.start < sent.end_char and own(q.start)]
    return items + [m.group(0) for m in ITEMS.finditer(sent.text)
                    if own(sent.start_char + m.start()) and not any(m.group(0) in i for i in items)]


def _inner_gifts(trig: Token) -> list[tuple[int, int]]:
    """The character spans of the giving clauses that qualify what the trigger gives ("is providing
    assistance, including an initiative that will supply 300,000 rounds"): another giver's."""
    doc = trig.doc
    return [(doc[c.left_edge.i].idx, doc[c.right_edge.i].idx + len(doc[c.right_edge.i]))
            for c in trig.subtree if c.dep_ in ("relcl", "acl") and c.i != trig.i
            and any(k.dep_ == "nsubj" for k in c.children)   # (a giver of its own, not "weapons to be delivered")
            and any(t.pos_ == "VERB" and t.lemma_.lower() in TRIGGERS for t in c.subtree)]


def _learned_aid(art: _Article, sent: Span) -> AidRecord | None:
    """Aid in a sentence no trigger of the rules reads ("Armored vehicles donated by Australia are
    now en route", "Kyiv receives 130 generators from the US"): where the sentence model reads a
    current report of aid, the donor is the first country, institution or leader of a country the
    sentence names (not Ukraine), and its status the model's (pledge or delivery)."""
    read = current_event(sent)
    if read is None or read[0] != "aid":
        return None
    feats = read[3]
    text = sent.text
    if NEGATION.search(text) or text.rstrip().endswith("?"):
        return None
    q = _sentence_money(art, sent, art.quantities)
    if q is None and any(t.pos_ == "VERB" and t.lemma_.lower() in TRIGGERS and _a_change(t) for t in sent):
        return None
    donor = _donor_from(art, list(sent), sent) or _programme_donor(sent)
    if donor is None:
        return None   # an unnamed donor is no line of the tracker
    others = {_donor_from(art, [e.root], sent) for e in sent.ents} - {None, donor}
    if any(code != donor[1] for _, code in others):
        return None   # several givers ("Oslo's loan and Madrid's ambulances were welcomed"): whose is what, the model cannot tell
    status = "delivered" if sentence_model().sub_type("aid", feats) == "delivery" else "pledged"
    if status == "pledged" and any(t.pos_ == "VERB" and TRIGGERS.get(t.lemma_.lower()) == "approved" for t in sent):
        status = "approved"   # "the package Biden signed", "the recently passed package": an approval
    return _record(donor, q, _category(_without_shares(art, sent.start_char, sent.end_char)), status,
                   _items(sent, art.quantities), sent)


def _record(donor: tuple[str, str | None], q, category: str, status: str, items: list[str], sent: Span,
            recipient: str = TRACKED_RECIPIENT) -> AidRecord:
    """The record of a gift by ``donor`` read in ``sent``, of the money quantity ``q``."""
    amount, currency, cumulative = _money(q, donor[1])
    return AidRecord(donor=donor[0], donor_country=donor[1], recipient=recipient, amount=amount, currency=currency,
                     category=category, status=status, items=list(items), cumulative=cumulative,
                     start=sent.start_char, end=sent.end_char, sentence=sent.text)


def find_aid(doc: Doc) -> list[AidRecord]:
    """The article's aid records, one per donor and amount."""
    art = _Article(doc)
    out: list[AidRecord] = []
    # aid goes to Ukraine: the story names it, if not in the sentence itself ("The package
    # includes 40 armoured vehicles"), or names no other recipient ("Austria donated 20 million
    # euros to a recovery fund")
    names_ukraine = bool(UKRAINE.search(art.text))
    # (only a story that names one of Russia's allies is read for their support to it)
    names_ally = bool(ALLY_MENTIONS.search(art.text))
    about_ukraine = names_ukraine or not any(_other_recipient(s) for s in doc.sents)
    previous: list[AidRecord] = []
    after = 0   # sentences read since the ones of ``previous``
    for sent in doc.sents:
        if names_ally:
            out += _aid_to_russia(art, sent)
        if not about_ukraine:
            continue
        found = len(out)
        set_aside = _rule_aid(art, sent, out, names_ukraine)
        if len(out) == found and not set_aside:
            learned = _learned_aid(art, sent)
            if learned is not None:
                out.append(learned)
        if len(out) > found:
            previous, after = out[found:], 0
            continue
        after += 1
        if after <= VALUE_REACH:
            out += _complete_previous(art, sent, previous, after)
    _article_category(art, out)
    return _merge(out)


def _complete_previous(art: _Article, sent: Span, previous: list[AidRecord], after: int) -> list[AidRecord]:
    """A sentence after a package tells what the package is (the next one: "It includes 20
    generators", its category where it had none) and its value ("The package is worth $300
    million": its amount where it had none). Where the package was given as a total to date, the
    value is of the new package: its record is returned ("Norway has given NOK 5 billion so far.
    The new package is worth NOK 900 million")."""
    if after == 1:
        for r in previous:
            # (not a whole whose category was named only for a share: "$156m in support, including
            # $91m in military aid" stays unspecified)
            if r.category == "unspecified" and not (_names_category(r.sentence)
                                                    and not _names_category(_without_shares(art, r.start, r.end))):
                r.category = _category(sent.text)
    if not previous:
        return []
    q = next((q for q in art.quantities if q.kind == "money" and sent.start_char <= q.start < sent.end_char
              and VALUE_CUE.search(art.text[max(sent.start_char, q.start - 60):q.start])), None)
    if q is None:
        return []
    if TOTAL_NOW.search(art.text[sent.start_char:q.start][-40:]):
        q = replace(q, cumulative=True)
    if all(r.amount is None for r in previous):
        for r in previous:
            r.amount, r.currency, r.cumulative = _money(q, r.donor_country)
        return []
    if all(r.cumulative for r in previous) and not q.cumulative:
        return [_record((r.donor, r.donor_country), q, r.category, r.status, [], sent) for r in previous[:1]]
    return []


def _article_category(art: _Article, records: list[AidRecord]) -> None:
    """A gift whose sentences name no category has the article's, where the article's words name
    one only ("Estonia sent 30 vans", in a story about medical help for Ukraine's civilians)."""
    if not any(r.category == "unspecified" for r in records):
        return
    text = CATEGORY_CONTEXT.sub(" ", art.text)
    found = {c for c, words in CATEGORIES if words.search(text)}
    if len(found) != 1:
        return
    for r in records:
        if r.category == "unspecified" and not _names_category(r.sentence):
            r.category = next(iter(found))


def _names_category(text: str) -> bool:
    """The text names a category of aid ("military", "humanitarian"...): a gift it left
    unspecified has several, or a share's ("$156m in support, including $91m in military aid")."""
    text = CATEGORY_CONTEXT.sub(" ", text)
    return any(words.search(text) for words in NAMED_CATEGORIES.values())


def _rule_aid(art: _Article, sent: Span, out: list[AidRecord], names_ukraine: bool) -> bool:
    """The rules' aid: a trigger of giving whose object is support, with a donor. The sentence
    names Ukraine, or names no other recipient in a story about Ukraine ("Finland provided 4
    million EUR in additional support"). True where the rules set a gift aside as background or
    as a change without its figure, which the sentence model is then not asked about."""
    set_aside = False
    doc, quantities, text = art.doc, art.quantities, sent.text
    money = any(q.kind == "money" and sent.start_char <= q.start < sent.end_char for q in quantities)
    if not (money or OBJECTS.search(text) or any(t.lemma_.lower() in GOODS_VERBS for t in sent)):
        return False
    strict = names_ukraine and not UKRAINE.search(text)
    if not UKRAINE.search(text) and _other_recipient(sent):
        return False
    for trig in sent:
        lemma = trig.lemma_.lower()
        if lemma not in TRIGGERS and not _makes_gift(trig) or trig.pos_ not in ("VERB",):
            continue
        if lemma in NEEDS_RECIPIENT and not UKRAINE.search(text):
            continue
        if lemma in WITH_ONLY and not any(c.dep_ == "prep" and c.lower_ == "with" for c in trig.children):
            continue
        if not _gives_support(trig, quantities, strict) or _to_another(art, trig):
            continue
        neg = [c for c in trig.children if c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in DEMAND_AUX
               or c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONS for m in c.children)]
        if neg or NEGATION.search(doc[sent.start: trig.i].text[-60:]):
            continue
        if _by_a_chamber(trig):
            set_aside = True   # one chamber's vote: the bill is not law yet
            continue
        q = _sentence_money(art, sent, _clause_money(trig, sent, quantities))
        donors = _donors(art, trig, sent)
        if not donors and _unnamed_giver(trig) and (_main_clause(trig) or _to_ukraine(trig)):
            donors = _context_donor(art, sent, trig, out)
            # an amount in one country's own currency is not another country's gift: the
            # article's other giver may be a country the aid goes through or to
            own = CURRENCY_DONORS.get(q.unit) if q is not None else None
            if own and own not in NEVER_DONORS and donors and all(d[1] != own for d in donors):
                donors = [(_country_name(own) or own, own)]
        if not donors:
            donors = _currency_donor(art, q)
        if not donors:
            continue
        # (what this verb gives: "Latvia handed over Stingers as French trucks reached Lviv" gives
        # France no Stingers)
        inner = _inner_gifts(trig)
        items = _items(doc[trig.left_edge.i: trig.right_edge.i + 1], quantities, inner)
        if q is None and not items and _only_anothers(trig, inner):
            continue   # all it names is another's gift, read on that gift's own verb
        if _background(art, trig, q) or q is None and (_a_change(trig) or not items and _continues(trig)):
            set_aside = True
            continue
        category = _category(" ".join(_without_shares(art, o.start_char, o.end_char) for o in _object_spans(trig)),
                             _without_shares(art, sent.start_char, sent.end_char))
        out += [_record(donor, q, category, _status(trig), items, sent) for donor in donors]
    if not any(r.start == sent.start_char for r in out) and not set_aside:
        _package_aid(art, sent, money, out)
    return set_aside


def _package_aid(art: _Article, sent: Span, money: bool, out: list[AidRecord]) -> None:
    """A package a sentence without a verb announces ("The 12th drawdown package, worth $300 million,
    for the provision of artillery rounds"): a pledge, where the sentence names its donor."""
    root = sent.root
    if root.pos_ in ("VERB", "AUX") and (root.lemma_.lower() in PACKAGE_VERBS or root.lemma_.lower() == "be" and money):
        # "The fifth drawdown amounts to $200 million", "Germany's package includes ...", "The
        # Dutch contribution is EUR 5 million"; a package noun the parser hung on the verb before it,
        # "5th presidential drawdown amounting to ...", is its subject too)
        root = next((c for c in root.children if c.dep_ == "nsubj"), None) or next(
            (c for c in root.lefts if c.pos_ == "NOUN" and c.lemma_.lower() in PACKAGE_NOUNS), root)
    if NEGATION.search(sent.text):
        return
    if root.pos_ not in ("NOUN", "PROPN") or root.lemma_.lower() not in PACKAGE_NOUNS:
        _named_package(art, sent, out)
        return
    if not (money or OBJECTS.search(sent.text)):
        return
    if root.lemma_.lower() in GENERAL_AID_NOUNS and not (money or any(t.like_num for t in sent)):
        return
    q = _sentence_money(art, sent, art.quantities)
    donor = _donor_from(art, list(sent), sent) or _programme_donor(sent) or next(iter(_currency_donor(art, q)), None)
    if donor is None:
        return
    out.append(_record(donor, q,
                       _category(_without_shares(art, sent.start_char, sent.end_char)), "pledged",
                       _items(sent, art.quantities), sent))


def _named_package(art: _Article, sent: Span, out: list[AidRecord]) -> None:
    """A package named with its giver inside another clause ("The ministry listed a donation of 20
    generators from Finland", "the report counts Spain's delivery of 30 tons of food"): a gift where
    the package's own phrase names the giver. A giver elsewhere in the sentence may be the one who
    reports it, so it is not read."""
    for noun in sent:
        lemma = noun.lemma_.lower()
        if noun.pos_ != "NOUN" or lemma not in PACKAGE_NOUNS or noun.dep_ == "ROOT":
            continue
        # (the package's own words: not a package joined to it, "pledges from the Netherlands and
        # Germany's delivery of a Patriot battery")
        end = max([noun.i] + [t.i for c in noun.rights if c.dep_ not in ("conj", "cc", "punct", "appos", "relcl", "acl")
                               for t in c.subtree])
        end = next((t.i - 1 for t in art.doc[noun.i + 1: end + 1] if t.dep_ in ("cc", "punct")
                    and any(n.lemma_.lower() in PACKAGE_NOUNS for n in art.doc[t.i: end + 1])), end)
        phrase = art.doc[noun.left_edge.i: end + 1]
        money = [q for q in art.quantities if q.kind == "money" and phrase.start_char <= q.start < phrase.end_char]
        goods = " ".join(t.text for t in phrase if t.lemma_.lower() not in PACKAGE_NOUNS | GENERAL_AID_NOUNS)
        if NOT_SUPPORT.search(phrase.text) or not (money or any(t.like_num for t in phrase) or OBJECTS.search(goods)):
            continue   # what the package holds is unsaid ("U.S. aid shipments ran out"): a mention, not a gift
        # (its owner, or "from"/"by" anywhere in the phrase: the parser may hang "from Finland"
        # on what the donation holds)
        givers = [c for c in noun.children
                  if c.dep_ == "poss" or c.dep_ in ("amod", "compound") and c.ent_type_ in ("GPE", "NORP")]
        givers += [t for p in phrase if p.dep_ in ("prep", "agent") and p.lower_ in ("from", "by") for t in p.subtree]
        donor = _donor_from(art, givers, sent) if givers else None
        if donor is None or donor[1] == "UA":
            continue
        # (its own amount, else the sentence's where no giving verb of the sentence may own it:
        # "after aid shipments ran out, the House approved a $61 billion bill" is the bill's)
        q = money[0] if money else None if any(t.lemma_.lower() in TRIGGERS and t.pos_ == "VERB" for t in sent) \
            else _sentence_money(art, sent, art.quantities)
        status = "delivered" if lemma in DELIVERY_NOUNS or lemma in GOODS_NOUNS else "pledged"
        out.append(_record(donor, q, _category(phrase.text, _without_shares(art, sent.start_char, sent.end_char)),
                           status, _items(phrase, art.quantities), sent))
        return


def _merge(records: list[AidRecord]) -> list[AidRecord]:
    """One record per donor and amount: a repeat, or a package first given as a total and then
    itemised, is folded into the first mention."""
    out: list[AidRecord] = []
    for r in records:
        same = next((o for o in out if (o.donor_country or o.donor) == (r.donor_country or r.donor)
                     and o.recipient == r.recipient
                     and (r.amount is None or o.amount is None or abs(o.amount - r.amount) <= 0.02 * max(o.amount, r.amount))
                     and (r.currency is None or o.currency in (None, r.currency))
                     # (the same figure twice in one article is one figure, whichever sentence called it a total)
                     and (r.cumulative == o.cumulative or r.amount is not None and o.amount is not None)), None)
        if same is None and r.amount is not None and ITEMISING.search(r.sentence):
            # a share of a package the article gave before ("... will include $50m in military
            # assistance") is that package's, not a second pledge
            same = next((o for o in out if (o.donor_country or o.donor) == (r.donor_country or r.donor)
                         and o.recipient == r.recipient
                         and o.amount is not None and o.currency == r.currency and r.amount < o.amount), None)
            if same is not None:
                same.items += [i for i in r.items if i not in same.items]
                continue
        if same is None:
            out.append(r)
            continue
        if same.amount is None and r.amount is not None:
            # the sentence that states the figure is the pledge's source ("The last aid bill was
            # approved in 2022 ... the new $61bn package": the second)
            same.amount, same.currency, same.cumulative = r.amount, r.currency, r.cumulative
            same.start, same.end, same.sentence, same.status = r.start, r.end, r.sentence, r.status
        same.items += [i for i in r.items if i not in same.items]
        order = STATUS_ORDER
        if same.category == "unspecified":
            same.category = r.category
        if order[r.status] > order[same.status] and r.status == "delivered" and same.amount is None:
            same.status = r.status
    return out


@Language.factory("livebrief_aid", requires=["doc._.lb_quantities"], assigns=["doc._.lb_aid"])
def make_aid(nlp, name):
    return AidComponent()


class AidComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.lb_aid = find_aid(doc)
        return doc
