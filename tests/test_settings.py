"""The one settings table: every setting is documented in the README and reachable from the
environment."""
from __future__ import annotations

from livebrief.settings import SETTINGS, from_env

from .conftest import ROOT


def test_every_setting_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"| `{s.name}` |" not in readme]
    assert missing == []


def test_environment_overrides_defaults():
    opts = from_env({"LIVEBRIEF_TIMEOUT_S": "3.5", "LIVEBRIEF_ALLOW_PRIVATE": "yes", "LIVEBRIEF_BATCH_SIZE": "7"})
    assert (opts.timeout_s, opts.allow_private, opts.batch_size) == (3.5, True, 7)
