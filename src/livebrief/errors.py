"""The one exception tree of livebrief.

    LivebriefError
     +-- ConfigError            a setting or command-line value is wrong
 |    +-- LexiconError      a language, domain or word list the lexicon does not have
     +-- StoreError             the database could not be opened, migrated or reached
     +-- ClusterError           the Dask cluster of a backfill could not be reached or started
     +-- ReviewError            an editor's decision the desk cannot record (a bad correction)
     |    +-- FactNotFound      no fact of the store answers the decision's pin
     +-- InputError             an input item could not be read (bad JSON, empty text...)
     |    +-- TooLargeError     the item is over a configured size limit
     +-- FetchError             a URL could not be fetched
          +-- PolicyError       the address policy refused the URL (never connected)
          +-- HTTPStatusError   the server answered with an error status

Every error carries ``stage`` (where it happened) so that failures are recorded with it.
Third-party exceptions are translated at the boundary, chaining the cause.
"""
from __future__ import annotations


class LivebriefError(Exception):
    stage = "livebrief"

    def __init__(self, message: str, *, stage: str | None = None):
        super().__init__(message)
        if stage:
            self.stage = stage

    @property
    def reason(self) -> str:
        return str(self)

    def __reduce__(self):
        # keep the stage across processes (the parse-time guard, pool workers)
        return (self.__class__, (str(self),), {"stage": self.stage})


class ConfigError(LivebriefError):
    stage = "config"


class LexiconError(ConfigError):
    stage = "lexicon"


class StoreError(LivebriefError):
    stage = "store"


class ClusterError(LivebriefError):
    stage = "cluster"


class ReviewError(LivebriefError):
    stage = "review"


class FactNotFound(ReviewError):
    pass


class InputError(LivebriefError):
    stage = "parse"


class TooLargeError(InputError):
    stage = "limits"


class FetchError(LivebriefError):
    stage = "fetch"


class PolicyError(FetchError):
    stage = "policy"


class HTTPStatusError(FetchError):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status
