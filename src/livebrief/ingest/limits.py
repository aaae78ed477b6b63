"""The parse-time limit (setting ``max_parse_s``).

HTML extraction (trafilatura, lxml) and feed parsing (feedparser) run in C and in regular
expressions that no timer can interrupt inside the thread that runs them. Documents are
therefore parsed in one long-lived helper process; a parse that overruns the limit is
abandoned by terminating that process (a fresh one serves the next document) and becomes a
failure with its reason. Where a helper cannot be started (inside a daemonic worker, such as a
multiprocessing pool's), documents are parsed in place.
"""
from __future__ import annotations

import atexit
import multiprocessing as mp
import threading

from ..errors import InputError

_pool = None
_lock = threading.Lock()


def _warm() -> None:
    # the parsers' import time must not count against the first document's limit
    import feedparser  # noqa: F401
    import trafilatura  # noqa: F401


def _helper():
    global _pool
    if _pool is None:
        # spawn, not fork: the caller may be a threaded web server
        _pool = mp.get_context("spawn").Pool(1)
        # ended before the interpreter tears down the modules its finaliser needs
        atexit.register(shutdown)
        _pool.apply(_warm)
    return _pool


def bounded(fn, *args, timeout_s: float):
    """``fn(*args)``, in the helper process, within ``timeout_s`` seconds (0: no limit)."""
    global _pool
    if timeout_s <= 0 or mp.current_process().daemon:
        return fn(*args)
    with _lock:
        res = _helper().apply_async(fn, args)
        try:
            return res.get(timeout_s)
        except mp.TimeoutError:
            _pool.terminate()
            _pool = None
            raise InputError(f"parsing took longer than {timeout_s:g} s (the max_parse_s limit)", stage="limits") from None


def shutdown() -> None:
    global _pool
    with _lock:
        if _pool is not None:
            _pool.terminate()
            _pool = None
