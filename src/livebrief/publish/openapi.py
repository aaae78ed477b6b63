"""The OpenAPI description of the read API and the editor endpoints, served at /api/openapi.json
and listed for people at /api/docs."""
from __future__ import annotations

from .. import __version__
from ..records import FactKind, ReviewAction, Topic


def _q(name: str, desc: str, type_: str = "string") -> dict:
    return {"name": name, "in": "query", "required": False, "description": desc, "schema": {"type": type_}}


def _p(name: str, type_: str = "integer") -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": type_}}


ERROR = {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
OK = {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}

PATHS: dict[str, dict] = {
    "/index.json": {"get": {"summary": "The live briefing (four sections)", "responses": {"200": OK}}},
    "/articles.json": {"get": {"summary": "Articles, newest first", "parameters": [
        _q("limit", "page size (1-500)", "integer"), _q("offset", "offset", "integer")], "responses": {"200": OK, "400": ERROR}}},
    "/api/articles/{article_id}": {"get": {"summary": "An article with every fact read in it", "parameters": [_p("article_id")],
                                           "responses": {"200": OK, "404": ERROR}}},
    "/search.json": {"get": {"summary": "Full-text search with filters", "parameters": [
        _q("q", "words"), _q("since", "first publication date"), _q("until", "last publication date"),
        _q("place", "place name or key"), _q("person", "person's name"), _q("topic", "|".join(Topic)),
        _q("type", "event type"), _q("limit", "page size", "integer"), _q("offset", "offset", "integer")],
        "responses": {"200": OK, "400": ERROR}}},
    "/api/developments": {"get": {"summary": "Developments, most important first", "parameters": [
        _q("since", "seen since (ISO time)"), _q("topic", "topic"), _q("limit", "how many", "integer")],
        "responses": {"200": OK, "400": ERROR}}},
    "/api/developments/{dev_id}": {"get": {"summary": "One development (308 to the one it was merged into)",
                                           "parameters": [_p("dev_id")],
                                           "responses": {"200": OK, "308": ERROR, "404": ERROR}}},
    "/api/changes": {"get": {"summary": "What changed since a time", "parameters": [_q("since", "ISO time (required)")],
                             "responses": {"200": OK, "400": ERROR}}},
    "/api/places": {"get": {"summary": "Places with article counts", "responses": {"200": OK}}},
    "/api/aid": {"get": {"summary": "Aid pledges and totals", "parameters": [
        _q("donor", "ISO code or name"), _q("since", "date"), _q("until", "date"), _q("category", "category"),
        _q("status", "status")], "responses": {"200": OK}}},
    "/api/events": {"get": {"summary": "Typed events", "parameters": [
        _q("type", "type or sub-type"), _q("place", "GeoNames id or name"), _q("since", "date"), _q("until", "date"),
        _q("actor", "actor"), _q("limit", "how many", "integer")], "responses": {"200": OK, "400": ERROR}}},
    "/api/figures": {"get": {"summary": "Casualty and displacement figures over time", "parameters": [_q("since", "date")],
                             "responses": {"200": OK}}},
    "/api/control/diff": {"get": {"summary": "Control change between two dates", "parameters": [
        _q("from", "YYYY-MM-DD"), _q("to", "YYYY-MM-DD"), _q("source", "layer source")],
        "responses": {"200": OK, "400": ERROR, "404": ERROR}}},
    "/api/developments/{dev_id}/merge": {"post": {"summary": "Merge developments into this one (editor token)",
                                                  "parameters": [_p("dev_id")], "security": [{"token": []}],
                                                  "requestBody": {"content": {"application/json": {"schema": {
                                                      "type": "object", "properties": {"others": {"type": "array", "items": {"type": "integer"}}}}}}},
                                                  "responses": {"200": OK, "400": ERROR, "401": ERROR}}},
    "/api/developments/{dev_id}/split": {"post": {"summary": "Move articles to a new development (editor token)",
                                                  "parameters": [_p("dev_id")], "security": [{"token": []}],
                                                  "requestBody": {"content": {"application/json": {"schema": {
                                                      "type": "object",
                                                      "properties": {"articles": {"type": "array", "items": {"type": "integer"}}}}}}},
                                                  "responses": {"200": OK, "400": ERROR, "401": ERROR}}},
    "/api/sources": {
        "get": {"summary": "The sources polled", "responses": {"200": OK}},
        "post": {"summary": "Add (or update) a source to poll (editor token)", "security": [{"token": []}],
                 "requestBody": {"content": {"application/json": {"schema": {
                     "type": "object", "required": ["url"], "properties": {
                         "url": {"type": "string"}, "name": {"type": "string"}, "every": {"type": "string"}}}}}},
                 "responses": {"201": OK, "400": ERROR, "401": ERROR, "403": ERROR}}},
    "/api/sources/{source_id}": {"delete": {"summary": "Stop polling a source (editor token)", "security": [{"token": []}],
                                            "parameters": [_p("source_id")],
                                            "responses": {"200": OK, "401": ERROR, "403": ERROR, "404": ERROR}}},
    "/api/control/import": {"post": {
        "summary": "Import a dated control layer: the layer as the body (editor token)", "security": [{"token": []}],
        "parameters": [_q("date", "YYYY-MM-DD (required)"), _q("source", "who drew the layer (required)"),
                       _q("status_property", "the feature property holding the status")],
        "requestBody": {"content": {"application/geo+json": {"schema": {"type": "object"}}}},
        "responses": {"201": OK, "400": ERROR, "401": ERROR, "403": ERROR}}},
    "/api/poll": {"post": {"summary": "Run one poll cycle over the due sources now (editor token)",
                           "security": [{"token": []}], "responses": {"200": OK, "401": ERROR, "403": ERROR}}},
    "/api/decisions": {
        "get": {"summary": "Editors' decisions on facts in force (editor token)", "security": [{"token": []}],
                "parameters": [_q("kind", "|".join(FactKind)), _q("since", "ISO time")],
                "responses": {"200": OK, "400": ERROR, "401": ERROR}},
        "post": {"summary": "Approve, reject or correct a fact, pinned by kind, article, span and key (editor token)",
                 "security": [{"token": []}],
                 "requestBody": {"content": {"application/json": {"schema": {
                     "type": "object", "required": ["kind", "article_id", "start", "end", "key", "action"], "properties": {
                         "kind": {"type": "string", "enum": list(FactKind.values())},
                         "article_id": {"type": "integer"}, "start": {"type": "integer"}, "end": {"type": "integer"},
                         "key": {"type": "string", "description": "the machine's word for the fact (GET /desk.json gives it)"},
                         "action": {"type": "string", "enum": list(ReviewAction.values())},
                         "changes": {"type": "object", "description": "a correction's fields: type, sub_type, killed, wounded, "
                                     "displaced, place (GeoNames id), date; donor, donor_country, amount, currency, "
                                     "category, status; speaker; geonameid"}}}}}},
                 "responses": {"201": OK, "400": ERROR, "401": ERROR, "403": ERROR, "404": ERROR}}},
    "/api/audit": {"get": {"summary": "The desk's audit log, newest first (editor token)", "security": [{"token": []}],
                           "parameters": [_q("since", "ISO time")], "responses": {"200": OK, "401": ERROR}}},
    "/healthz": {"get": {"summary": "Health", "responses": {"200": OK, "503": ERROR}}},
}


def spec() -> dict:
    return {"openapi": "3.1.0", "info": {"title": "livebrief API", "version": __version__},
            "paths": PATHS,
            "components": {"schemas": {"Error": {"type": "object", "required": ["ok", "error", "status"], "properties": {
                "ok": {"type": "boolean"}, "error": {"type": "string"}, "status": {"type": "integer"}}}},
                "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}}}
