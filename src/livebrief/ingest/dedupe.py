"""Duplicate detection: exact content hash and near-duplicates with MinHash LSH.

The LSH index lives in memory and is rebuilt from the ``minhashes`` table the first time a
store is used in a process, so near-duplicates are found across runs.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib

import numpy as np

NUM_PERM = 128
# stored signatures are only comparable within one permutation scheme: name it, never default it
SCHEME = "affine32"
_WORD = re.compile(r"\w+", re.UNICODE)


# C0/C1 controls (but tab and newlines), zero-width, bidi overrides and isolates, soft hyphen,
# BOM, interlinear annotation marks and private-use characters: invisible, or able to reorder
# what a reader sees.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ue000-\uf8ff\ud800-\udfff]")


def normalise_text(text: str) -> str:
    """NFC, no control or zero-width characters, single spaces inside lines, no blank runs."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def content_hash(text: str) -> str:
    """sha1 over the words of the text, case-folded: formatting changes are not new content."""
    words = _WORD.findall(text.casefold())
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()


def shingles(text: str, n: int = 3) -> set[bytes]:
    words = _WORD.findall(text.casefold())
    if len(words) < n:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + n]).encode("utf-8") for i in range(len(words) - n + 1)}


class NearDuplicates:
    """MinHash LSH over word 3-shingles; candidates are confirmed by estimated Jaccard."""

    def __init__(self, threshold: float = 0.9):
        from datasketch import MinHash, MinHashLSH  # heavy-ish; only when dedupe runs

        self._MinHash = MinHash
        # One template carries the permutations, which cost more to draw than to hash a
        # whole article; crc32 (C, 32-bit) replaces the default per-shingle sha1.
        self._template = MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=zlib.crc32)
        self.threshold = threshold
        # The index is tuned below the confirmation threshold: at 0.9 its banding finds a pair
        # of Jaccard 0.94 only two times in three. Candidates are then confirmed by estimate.
        self.lsh = MinHashLSH(threshold=max(0.5, threshold - 0.2), num_perm=NUM_PERM, weights=(0.3, 0.7))
        self.sigs: dict[int, object] = {}

    def signature(self, text: str):
        mh = self._MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=zlib.crc32,
                           permutations=self._template.permutations)
        sh = shingles(text)
        if sh:
            mh.update_batch(list(sh))
        return mh

    def find(self, mh) -> tuple[int, float] | None:
        best: tuple[int, float] | None = None
        for key in self.lsh.query(mh):
            sim = mh.jaccard(self.sigs[key])
            if sim >= self.threshold and (best is None or sim > best[1]):
                best = (key, sim)
        return best

    def add(self, article_id: int, mh) -> None:
        if article_id in self.sigs:
            return
        self.sigs[article_id] = mh
        self.lsh.insert(article_id, mh)

    def remove(self, article_id: int) -> None:
        if self.sigs.pop(article_id, None) is not None:
            self.lsh.remove(article_id)

    @staticmethod
    def dumps(mh) -> bytes:
        return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()

    def loads(self, blob: bytes):
        return self._MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashfunc=zlib.crc32,
                             permutations=self._template.permutations,
                             hashvalues=np.frombuffer(blob, dtype=np.uint64))
