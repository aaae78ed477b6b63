"""livebrief: a live, sourced briefing of war coverage.

Stages (one package each): ``ingest`` (sources, fetching, dedupe) -> ``read`` (the NLP
pipeline) -> ``store`` (SQLite/PostgreSQL through SQLAlchemy Core) -> ``publish`` (web, API).
Nothing heavy is imported here: models and databases load when first used.
"""

__version__ = "0.1.0"
