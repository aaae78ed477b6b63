"""The store: schema, migrations, the single writer and search.

``Store(url)`` opens (and migrates) a SQLite file or a SQLAlchemy URL. Reads run concurrently
through ``store.read()``; every write goes through ``store.write()``, one at a time.
"""
from .db import Store, now_iso, redact_url, row_id

__all__ = ["Store", "now_iso", "redact_url", "row_id"]
