"""Article text as segments, each tagged with the kinds of fact that cover it.

Facts overlap (a date inside a quote), so the text is cut at every fact boundary and each piece
carries the set of kinds covering it; the template renders one <span> per piece.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..records import ReviewState


@dataclass(frozen=True)
class Segment:
    text: str
    kinds: tuple[str, ...]
    titles: tuple[str, ...]
    start: int
    anchor: bool = False   # the first piece of the requested highlight: the page scrolls to it


def segments(text: str, facts: dict[str, list[dict]], highlight: tuple[int, int] | None = None) -> list[list[Segment]]:
    """Split ``text`` into paragraphs of segments. ``highlight`` marks a requested span."""
    spans: list[tuple[int, int, str, str]] = []
    for kind, items in facts.items():
        for f in items:
            s, e = f.get("start"), f.get("end")
            if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text):
                spans.append((s, e, kind, _title(kind, f) + _REVIEW.get(f.get("review"), "")))
    if highlight and 0 <= highlight[0] < highlight[1] <= len(text):
        spans.append((highlight[0], highlight[1], "highlight", "the sentence this claim comes from"))
    cuts = {0, len(text)}
    for s, e, _k, _t in spans:
        cuts.update((s, e))
    for i, ch in enumerate(text):
        if ch == "\n":
            cuts.update((i, i + 1))
    points = sorted(cuts)
    paras: list[list[Segment]] = [[]]
    anchored = False
    for a, b in zip(points, points[1:], strict=False):
        piece = text[a:b]
        if piece == "\n":
            if paras[-1]:
                paras.append([])
            continue
        cover = [(k, ti) for s, e, k, ti in spans if s <= a and b <= e]
        kinds = tuple(sorted({k for k, _ in cover}))
        titles = tuple(dict.fromkeys(ti for _, ti in cover if ti))
        anchor = "highlight" in kinds and not anchored
        anchored = anchored or anchor
        paras[-1].append(Segment(piece, kinds, titles, a, anchor))
    return [p for p in paras if p]


# a fact's review, as its title says it (as the front page marks it)
_REVIEW = {ReviewState.APPROVED: " (checked by an editor)", ReviewState.CORRECTED: " (corrected by an editor)",
           ReviewState.UNREVIEWED: " (unreviewed)"}


def _title(kind: str, f: dict) -> str:
    if kind == "quotes":
        who = f.get("speaker") or "unattributed"
        return f"{f.get('kind', 'quote')} quote: {who}" + (f" ({f['cue']})" if f.get("cue") else "")
    if kind == "dates":
        return f"date: {f.get('value')}"
    if kind == "quantities":
        return f"{f.get('kind')}: {f.get('value')} {f.get('unit') or ''}".strip()
    if kind == "aid":
        amount = f"{f.get('amount'):,.0f} {f.get('currency')}" if f.get("amount") else "no amount"
        return f"aid: {f.get('donor')} {f.get('status')} {f.get('category')} ({amount})"
    if kind == "events":
        return f"event: {f.get('type')} / {f.get('sub_type')} ({f.get('date')})"
    if kind == "places":
        return f"place: {f.get('name')} ({f.get('feature')}, {f.get('country') or '-'})"
    if kind == "entities":
        canon = f.get("canonical")
        return f"{f.get('label')}" + (f": {canon}" if canon and canon != f.get("text") else "")
    return kind
