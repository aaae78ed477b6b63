"""The editors' desk below the web: what a decision on a fact is, how it is recorded (with the
audit log), how it is applied to what the readers found, and what the decisions teach about the
readers (labelled records, precision per kind of fact).

- ``facts``: the kinds of fact an editor reviews, their CONTRACT fields, the fields a correction
  may change (and how each is checked), and the pin that finds a fact again after a new reading.
- ``decisions``: recording a decision (approve, reject, correct) with its audit entry; the
  decisions in force; applying them to rows the read side has read (the publishing policy's half
  that knows the decisions); checking that every decision still finds its fact after a reread.
- ``labels``: ``livebrief export corrections`` and ``livebrief accuracy``.

Browser sign-in and sessions are in ``auth``; the review queue and its routes in ``publish.desk``.
"""
from __future__ import annotations

from ..store.audit import append as log_event
from ..store.audit import entries as audit
from .decisions import Decision, apply, check_pins, current, decide, review_of, version
from .facts import EDITABLE, FIELDS, key_of

__all__ = ["EDITABLE", "FIELDS", "Decision", "apply", "audit", "check_pins", "current", "decide", "key_of", "log_event", "review_of", "version"]
