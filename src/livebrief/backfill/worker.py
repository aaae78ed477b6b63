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

from ..flow import prepare_and_read
from ..ingest.dedupe import NearDuplicates
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
    # here, not at import: the client imports this module too, and spaCy comes with it
    from ..read import nlp as nlp_module

    nlp = nlp_module.get_nlp() if options.read else None   # loaded once per worker process
    out = PartitionResult(part, prepare_and_read(items(part, options), options, _near, nlp))
    out.seconds = time.perf_counter() - t0
    out.worker_pid = os.getpid()
    out.model_loads = nlp_module.LOADS
    out.worker_peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out
