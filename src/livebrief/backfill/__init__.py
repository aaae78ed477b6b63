"""Archive backfills on Dask: partition large archives, read them on workers, write in bulk.

``archives`` turns archive files into partitions and partitions back into items; ``worker``
is what a Dask worker runs (kept in an importable module so that workers import it once and
keep the spaCy model loaded between tasks); ``run`` plans, schedules, writes and resumes.
"""
from __future__ import annotations

__all__ = ["backfill"]


def backfill(*args, **kwargs):
    from .run import backfill as _backfill

    return _backfill(*args, **kwargs)
