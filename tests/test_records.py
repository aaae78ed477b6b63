"""The sets of allowed values are defined once, in records, and everything that lists them reads
them from there: the command line's choices, the OpenAPI description, the exports, the tokens'
roles, the control statuses; and the readers produce no value outside them."""
from __future__ import annotations

import argparse

from livebrief.records import (
    AidCategory,
    AidStatus,
    ControlStatus,
    DigestFormat,
    EventType,
    ExportFormat,
    ExportKind,
    FollowLinks,
    OutputFormat,
    Role,
    Topic,
)


def _choices(argv: list[str]) -> dict[str, tuple]:
    """The choices of each option of the command ``argv`` names (``dest`` -> choices)."""
    from livebrief.cli import build_parser

    parser = build_parser()
    for name in argv:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[name]
    return {a.dest: tuple(a.choices) for a in parser._actions if a.choices and not isinstance(a, argparse._SubParsersAction)}


def test_a_member_is_its_value_as_a_string():
    assert EventType.STRATEGIC_DEVELOPMENT == "strategic_development"
    assert f"{AidStatus.DELIVERED}" == "delivered"
    assert Topic.values() == ("battlefield", "diplomacy", "aid", "civilians")
    assert all(type(v) is str for v in Topic.values())


def test_the_command_line_offers_the_enumerations():
    assert _choices(["aid"]) == {"category": AidCategory.values(), "status": AidStatus.values(),
                                 "format": OutputFormat.values()}
    assert _choices(["events"]) == {"format": OutputFormat.values()}
    assert _choices(["developments"]) == {"topic": Topic.values(), "format": ("table", "json")}
    assert _choices(["export"]) == {"kind": ExportKind.values(), "format": ExportFormat.values()}
    assert _choices(["digest"]) == {"format": DigestFormat.values()}
    assert _choices(["tokens", "create"]) == {"role": Role.values()}
    assert _choices(["ingest"]) == _choices(["poll"]) == {"follow_links": FollowLinks.values()}


def test_openapi_and_exports_read_the_enumerations():
    from livebrief.publish.exports import DIGEST_MEDIA_TYPES, EXPORT_MEDIA_TYPES, EXPORTS
    from livebrief.publish.openapi import PATHS

    topic = next(p for p in PATHS["/search.json"]["get"]["parameters"] if p["name"] == "topic")
    assert topic["description"] == "battlefield|diplomacy|aid|civilians"
    assert set(EXPORTS) == set(ExportKind)
    assert set(EXPORT_MEDIA_TYPES) == set(ExportFormat)
    assert set(DIGEST_MEDIA_TYPES) == set(DigestFormat)


def test_roles_and_control_statuses_are_the_enumerations():
    from livebrief import auth
    from livebrief.aggregate import control

    assert auth.ROLES == ("editor", "admin") == Role.values()
    assert control.STATUSES == ("occupied", "contested", "liberated", "claimed") == ControlStatus.values()


def test_the_readers_produce_only_allowed_values():
    from livebrief.read import aid, events, topics

    assert {rule[0] for rule in events.RULES} == set(EventType)
    assert list(aid.STATUS_ORDER) == list(AidStatus)   # in order: a later status outranks an earlier one
    assert set(topics.TOPIC_CUES) == set(topics.MIN_SHARE) == set(Topic)
