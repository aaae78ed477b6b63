"""What a Dask worker runs for one partition.

This module is imported by name on the workers (Dask pickles a reference to the function, not
its code), so module state lives as long as the worker process: the spaCy pipeline and the
gazetteer load on a worker's first task and serve every task after it.
"""
from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass, field

from ..ingest.dedupe import NearDuplicates
from ..ingest.pipeline import Prepared, prepare
from ..read.pipeline import read_safely
from ..records import Failure
from ..settings import Options
from .archives import Partition, items

_near: NearDuplicates | None = None


@dataclass
class PartitionResult:
    partition: Partition
    entries: list = field(default_factory=list)   # (Prepared, Reading | None) or (Failure, None)
    seconds: float = 0.0
    worker_pid: int = 0
    worker_peak_rss_mb: float = 0.0
    model_loads: int = 0     # how often this worker process has loaded the spaCy pipeline


def process_partition(part: Partition, options: Options) -> PartitionResult:
    """Read, normalise, fingerprint and (unless ``options.read`` is off) read every item."""
    global _near
    t0 = time.perf_counter()
    if _near is None or _near.threshold != options.near_dup_threshold:
        _near = NearDuplicates(options.near_dup_threshold)
    nlp = None
    if options.read:
        from ..read.nlp import get_nlp

        nlp = get_nlp()   # once per worker process
    out = PartitionResult(part)
    for obj in items(part, options):
        if isinstance(obj, Failure):
            out.entries.append((obj, None))
            continue
        prepared = prepare(obj, options, _near)
        if isinstance(prepared, Prepared):
            prepared.minhash = None   # the bytes travel; the object would carry its permutations too
        reading = None
        if nlp is not None and isinstance(prepared, Prepared):
            _key, reading = read_safely(nlp, obj.origin, prepared.text, obj.published)
        out.entries.append((prepared, reading))
    out.seconds = time.perf_counter() - t0
    out.worker_pid = os.getpid()
    from ..read import nlp as nlp_module

    out.model_loads = nlp_module.LOADS
    out.worker_peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out
