"""The command line: a thin shell over the library. Each command opens the store and calls one
library function. Exit codes are an enum.

Each ``cmd_`` function imports the part of the library it calls when it runs, not at the top:
importing them all would load SQLAlchemy, the web stack, shapely and the readers (about a second)
before ``livebrief --help`` or ``livebrief info`` could answer (a tenth of a second). Only these
light modules are imported here."""
from __future__ import annotations

import argparse
import enum
import json
import logging
import os
import sys
from pathlib import Path

from . import __version__
from .errors import ConfigError, InputError, LivebriefError, StoreError
from .places import gazetteer_size
from .read import model_info
from .records import (
    AidCategory,
    AidStatus,
    ControlStatus,
    DigestFormat,
    ExportFormat,
    ExportKind,
    FollowLinks,
    OutputFormat,
    Role,
    Topic,
)
from .settings import SETTINGS, Options, from_env


class Exit(enum.IntEnum):
    OK = 0
    NOTHING_READ = 1   # the run could read nothing at all
    USAGE = 2
    STORE = 3


def _options(args: argparse.Namespace) -> Options:
    opts = from_env()
    changes = {}
    if getattr(args, "db", None):
        changes["db"] = args.db
    elif os.environ.get("LIVEBRIEF_DB"):
        changes["db"] = os.environ["LIVEBRIEF_DB"]
    if getattr(args, "allow_private", False):
        changes["allow_private"] = True
    if getattr(args, "no_read", False):
        changes["read"] = False
    if getattr(args, "follow_links", None):
        changes["follow_links"] = args.follow_links
    return opts.with_(**changes)


def _store(opts: Options):
    from .store import Store

    return Store(opts.db)


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


# ------------------------------------------------------------------ commands

def cmd_info(args, opts) -> int:
    from .store import redact_url

    info = {"version": __version__, "spacy_model": model_info(), "gazetteer_places": gazetteer_size(),
            "store": redact_url(opts.db)}
    if args.json:
        _print_json(info)
    else:
        for k, v in info.items():
            print(f"{k}: {v}")
    return Exit.OK


def cmd_migrate(args, opts) -> int:
    store = _store(opts)
    applied = store.migrate()
    print(f"applied: {', '.join(applied) if applied else 'nothing (up to date)'}; "
          f"migrations recorded: {len(store.applied_migrations())}")
    return Exit.OK


def cmd_ingest(args, opts) -> int:
    from .flow import ingest

    store = _store(opts)
    report = ingest(store, args.inputs, opts, workers=args.workers,
                    progress=None if not args.json else False)
    if args.json:
        _print_json(report.as_dict())
    else:
        print(f"stored {report.stored}, duplicates {report.duplicates}, failed {len(report.failed)}")
        for f in report.failed[:50]:
            print(f"  failed [{f.stage}] {f.item}: {f.reason}")
        if len(report.failed) > 50:
            print(f"  ... and {len(report.failed) - 50} more (see the failures table)")
    if report.seen == 0 or (report.stored == 0 and report.duplicates == 0 and report.failed):
        return Exit.NOTHING_READ
    return Exit.OK


def cmd_backfill(args, opts) -> int:
    from .backfill import backfill

    if args.scheduler and args.local_workers:
        print("livebrief: give --scheduler or --local-workers, not both", file=sys.stderr)
        return Exit.USAGE
    rep = backfill(_store(opts), args.archives, opts, scheduler=args.scheduler,
                   local_workers=args.local_workers or (None if args.scheduler else 1),
                   partition_size=args.partition_size, dashboard=args.dashboard,
                   progress=None if not args.json else False)
    if args.json:
        _print_json(rep.as_dict())
    else:
        d = rep.as_dict()
        print(f"{d['items']} items in {d['partitions'] - d['skipped']} partitions ({d['skipped']} done before): "
              f"stored {d['stored']}, duplicates {d['duplicates']}, failed {d['failed']}; "
              f"{d['articles_per_s'] or 0} items/s on {d['workers']} workers")
        for lost in rep.lost:
            print(f"  lost {lost['task']}: {lost['reason']}")
    if rep.lost:
        print(f"livebrief: {len(rep.lost)} partitions were lost; run the same command again to finish them",
              file=sys.stderr)
        return Exit.NOTHING_READ
    return Exit.OK


def cmd_sources(args, opts) -> int:
    from .ingest import sources

    store = _store(opts)
    if args.sources_cmd == "add":
        src = sources.add_source(store, args.url, name=args.name, every=args.every)
        print(f"source {src.id}: {src.url} every {src.every_s}s")
    elif args.sources_cmd == "list":
        rows = sources.list_sources(store)
        if args.json:
            _print_json([s.as_dict() for s in rows])
        else:
            for s in rows:
                gaps = f"\tgaps {s.gaps} (last {s.last_gap_at})" if s.gaps else ""
                print(f"{s.id}\t{s.url}\t{s.name or ''}\tevery {s.every_s}s (now {s.interval_s}s)"
                      f"\tlast {s.last_polled_at or 'never'}{gaps}")
    elif args.sources_cmd == "remove":
        return _removed(sources.remove_source(store, args.source), f"source {args.source!r}", args.source)
    return Exit.OK


def _removed(done: bool, what: str, key, *, verb: str = "removed") -> int:
    """The answer to a remove or a revoke: what went, or that there was no such thing (usage)."""
    if not done:
        print(f"no {what}", file=sys.stderr)
        return Exit.USAGE
    print(f"{verb} {key}")
    return Exit.OK


def cmd_poll(args, opts) -> int:
    from .flow import poll

    result = poll(_store(opts), opts, force=args.force)
    if args.json:
        _print_json(result)
    else:
        for r in result["sources"]:
            gap = ", GAP: entries were missed" if r["gap"] else ""
            print(f"{r['source']}: {r['status']} (new {r['new']}, updated {r['updated']}, duplicates {r['duplicates']},"
                  f" known {r['known']}, failed {r['failed']}{gap}; next in {r['interval_s']}s)")
        print(f"new {result['new']}, updated {result['updated']}, duplicates {result['duplicates']}, "
              f"known {result['known']}, failed {len(result['failed'])}, gaps {result['gaps']}")
    return Exit.OK


def cmd_run(args, opts) -> int:
    import signal
    import threading

    from .flow import poll
    from .publish.app import serve

    store = _store(opts)
    stop = threading.Event()

    def poller():
        while not stop.is_set():
            try:
                poll(store, opts)
            except LivebriefError as exc:
                logging.getLogger("livebrief.run").warning("poll cycle failed: %s", exc)
            stop.wait(args.interval)

    def terminate(signum, _frame):
        raise SystemExit(0)

    # the server shuts down on SIGTERM and then raises it again, and a SIGTERM may come before it
    # listens: either way this process exits through the finally below (the poller stopped, the
    # parse helper ended at exit) instead of dying with its semaphores leaked
    previous = signal.signal(signal.SIGTERM, terminate)
    thread = threading.Thread(target=poller, name="poller", daemon=True)
    thread.start()
    try:
        serve(store, host=args.host, port=args.port)
    finally:
        stop.set()
        thread.join(opts.timeout_s + 10)
        signal.signal(signal.SIGTERM, previous)
    return Exit.OK


def cmd_serve(args, opts) -> int:
    from .publish.app import serve

    store = _store(opts)
    store.migrate()
    serve(store, host=args.host, port=args.port)
    return Exit.OK


def cmd_demo(args, opts) -> int:
    from .demo import load_demo
    from .publish.app import serve

    store = _store(opts)
    report = load_demo(store, opts)
    print(f"demo data: stored {report.stored}, already there {report.duplicates}, failed {len(report.failed)}")
    print(f"serving the briefing at http://{args.host}:{args.port}/", flush=True)
    serve(store, host=args.host, port=args.port, demo=True)
    return Exit.OK


def cmd_extract(args, opts) -> int:
    from .flow import extract

    n = 0
    for record in extract(args.inputs, opts, workers=args.workers):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return Exit.OK if n else Exit.NOTHING_READ


def cmd_reread(args, opts) -> int:
    from .flow import reread_checked

    out = reread_checked(_store(opts), workers=args.workers, progress=sys.stderr.isatty())
    print(f"read {out['read']} articles; editors' decisions kept: {out['decisions']['kept']}, "
          f"without their fact now: {len(out['decisions']['lost'])}")
    for lost in out["decisions"]["lost"]:
        print(f"  decision {lost['id']}: {lost['kind']} {lost['key']!r} at {lost['start']}-{lost['end']} "
              f"of article {lost['article_id']}", file=sys.stderr)
    return Exit.OK


def cmd_places(args, opts) -> int:
    from .places.lookup import explain

    rows = explain(args.name, country=args.country, limit=args.limit)
    if args.json:
        _print_json(rows)
        return Exit.OK
    if not rows:
        print(f"no place called {args.name!r} in the gazetteer")
        return Exit.NOTHING_READ
    for i, r in enumerate(rows):
        mark = "->" if i == 0 else "  "
        w = r["why"]
        print(f"{mark} {r['score']:6.2f}  {r['name']} ({r['feature']}, {r['country'] or '-'}"
              f"{'/' + r['admin1'] if r['admin1'] else ''}) geonameid={r['geonameid']} pop={r['population']:,} "
              f"@ {r['lat']:.4f},{r['lon']:.4f}  [feature {w['feature_prior']:+.1f}, conflict {w['conflict_prior']:+.1f}, "
              f"country context {w['country_context']:+.1f}, capital {w['national_capital']:+.1f}, name {w['name']:+.1f}]")
    return Exit.OK


def _emit(rows: list[dict], columns: list[str], fmt: str) -> None:
    import csv

    if fmt == OutputFormat.JSON:
        _print_json(rows)
        return
    if fmt == OutputFormat.CSV:
        w = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: (json.dumps(v) if isinstance(v, (list, dict)) else v) for k, v in r.items()})
        return
    widths = {c: min(40, max([len(c)] + [len(str(r.get(c, "") if r.get(c) is not None else "")) for r in rows])) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for r in rows:
        print("  ".join(str(r.get(c) if r.get(c) is not None else "")[:40].ljust(widths[c]) for c in columns))


def cmd_aid(args, opts) -> int:
    from .publish.queries import aid_summary

    store = _store(opts)
    with store.read() as conn:
        summary = aid_summary(conn, donor=args.donor, since=args.since, until=args.until,
                              category=args.category, status=args.status)
    if args.format == OutputFormat.JSON:
        _print_json(summary)
        return Exit.OK
    rows = [{**p, "sources": len(p["sources"]), "items": ", ".join(p["items"])} for p in summary["pledges"]]
    _emit(rows, ["id", "announced", "donor", "amount", "currency", "value_eur", "value_usd", "category", "status",
                 "cumulative", "items", "sources", "delivery_of"], args.format)
    return Exit.OK


def cmd_events(args, opts) -> int:
    from .publish.queries import events

    store = _store(opts)
    with store.read() as conn:
        rows = events(conn, type=args.type, place=args.place, since=args.since, until=args.until, actor=args.actor,
                      limit=args.limit)
    _emit(rows, ["id", "date", "type", "sub_type", "actor", "target", "place_name", "country", "killed", "wounded",
                 "claim", "source", "article_id", "sentence"], args.format)
    return Exit.OK


def cmd_developments(args, opts) -> int:
    from .aggregate.developments import assign_unclustered
    from .publish.queries import list_developments

    store = _store(opts)
    assign_unclustered(store)
    with store.read() as conn:
        devs = list_developments(conn, since=args.since, topic=args.topic, limit=args.limit)
    if args.format == OutputFormat.JSON:
        _print_json(devs)
        return Exit.OK
    rows = [{"id": d["id"], "importance": d["importance"], "last_seen": (d["last_seen"] or "")[:16],
             "articles": len(d["articles"]), "sources": len(d["sources"]), "title": d["title"]} for d in devs]
    _emit(rows, ["id", "importance", "last_seen", "articles", "sources", "title"], OutputFormat.TABLE)
    return Exit.OK


def cmd_changes(args, opts) -> int:
    from .publish.queries import changes

    with _store(opts).read() as conn:
        _print_json(changes(conn, args.since))
    return Exit.OK


def cmd_merge(args, opts) -> int:
    from .aggregate.developments import merge

    _print_json(merge(_store(opts), args.keep, args.others, by="cli"))
    return Exit.OK


def cmd_split(args, opts) -> int:
    from .aggregate.developments import split

    _print_json(split(_store(opts), args.development, args.articles, by="cli"))
    return Exit.OK


def cmd_access(args, opts) -> int:
    """Who may write: API tokens, editors with passwords, browser sessions."""
    from . import auth

    store = _store(opts)
    if getattr(args, f"{args.cmd}_cmd") == "list":
        _print_json({"tokens": auth.list_tokens, "editors": auth.list_editors, "sessions": auth.list_sessions}[args.cmd](store))
        return Exit.OK
    if args.cmd == "editors":
        return _editors(auth, store, args)
    if args.cmd == "sessions":
        return _sessions(auth, store, args)
    if args.tokens_cmd == "create":
        tid, token = auth.create_token(store, args.role, args.name)
        print(f"token {tid} ({args.role}): {token}")
        print("it is shown once; livebrief stores only its hash", file=sys.stderr)
    elif args.tokens_cmd == "revoke":
        return _removed(auth.revoke_token(store, args.id), f"active token {args.id}", args.id, verb="revoked")
    return Exit.OK


def _exports():
    """publish.exports, which the exports, the digest and the accuracy report call (it loads the
    web stack's queries: imported when one of them runs)."""
    from .publish import exports

    return exports


def cmd_export(args, opts) -> int:
    exports = _exports()
    try:
        exports.export_of(args.kind, args.format)   # (refused before the store is opened)
        with _store(opts).read() as conn:
            body = exports.export(conn, args.kind, args.format, args.since, min_confidence=opts.briefing_min_confidence)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    _write_out(body, args.out)
    return Exit.OK


def cmd_digest(args, opts) -> int:
    with _store(opts).read() as conn:
        body = _exports().digest(conn, args.since, args.format, args.base_url, approved_only=opts.publish_approved_only)
    _write_out(body, args.out)
    return Exit.OK


def cmd_accuracy(args, opts) -> int:
    """The readers' precision against the editors' decisions (over the labels ``export corrections`` writes)."""
    with _store(opts).read() as conn:
        out = _exports().accuracy_since(conn, args.since)
    if args.json:
        _print_json(out)
        return Exit.OK
    print(f"readers' precision against editors' decisions{' since ' + args.since if args.since else ''}")
    for kind, k in out["kinds"].items():
        p = "-" if k["precision"] is None else f"{k['precision']:.3f}"
        print(f"  {kind:6s} {p:>6s}  ({k['decisions']} decisions: {k['approved']} approved, {k['corrected']} corrected, "
              f"{k['rejected']} rejected)")
        for f, v in k["fields"].items():
            if v["checked"] and v["right"] < v["checked"]:
                print(f"         {f}: {v['right']}/{v['checked']} right")
    return Exit.OK


def _editors(auth, store, args) -> int:
    import getpass

    if args.editors_cmd == "disable":
        return _removed(auth.disable_editor(store, args.name, by="cli"), f"active editor {args.name}", args.name,
                        verb="disabled")
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass(f"password for {args.name}: ")
    auth.set_password(store, args.name, password, role=args.role, by="cli")
    print(f"editor {args.name} ({args.role}) can sign in at /signin")
    return Exit.OK


def _sessions(auth, store, args) -> int:
    if args.sessions_cmd == "revoke-all":
        print(f"revoked {auth.revoke_sessions(store, by='cli')} sessions")
        return Exit.OK
    return _removed(auth.revoke_session(store, args.id, by="cli"), f"active session {args.id}", args.id, verb="revoked")


def _write_out(body: str, out: str | None) -> None:
    if out:
        Path(out).write_text(body, encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(body)


def cmd_control(args, opts) -> int:
    from .aggregate import control

    store = _store(opts)
    try:
        if args.control_cmd == "import":
            mapping = dict(m.split("=", 1) for m in (args.map or []))
            out = control.import_layer(store, Path(args.file).read_bytes(), day=args.date, source=args.source,
                                       status_property=args.status_property, mapping=mapping)
        elif args.control_cmd == "areas":
            with store.read() as conn:
                out = control.areas(conn, args.date, args.source)
        else:
            with store.read() as conn:
                out = control.diff(conn, args.d1, args.d2, args.source)
    except OSError as exc:
        raise ConfigError(f"cannot read {args.file}: {exc.strerror}") from exc
    except InputError as exc:
        print(f"livebrief: {exc}", file=sys.stderr)
        return Exit.USAGE
    if getattr(args, "json", False) or args.control_cmd == "import":
        _print_json(out)
    elif args.control_cmd == "areas":
        print(f"{out['date']} (layer of {out['layer_date']}, {out['source']})")
        for st, a in out["areas_km2"].items():
            print(f"  {st:10s} {a:12,.1f} km²")
    else:
        for st, v in out["statuses"].items():
            print(f"{st:10s} {v['area_from_km2']:12,.1f} -> {v['area_to_km2']:12,.1f} km²  "
                  f"gained {v['gained_km2']:10,.1f}  lost {v['lost_km2']:10,.1f}")
        for s_ in out["settlements"][:30]:
            print(f"  {s_['name']}: {s_['from_status']} -> {s_['to_status']} ({len(s_['evidence'])} reports)")
    return Exit.OK


def cmd_failures(args, opts) -> int:
    from sqlalchemy import select

    from .store import schema as t

    store = _store(opts)
    with store.read() as conn:
        rows = conn.execute(select(t.failures).order_by(t.failures.c.id.desc()).limit(args.limit)).all()
    if args.json:
        _print_json([dict(r._mapping) for r in rows])
    else:
        for r in rows:
            print(f"{r.at}\t[{r.stage}]\t{r.item}\t{r.reason}")
    return Exit.OK


# ------------------------------------------------------------------ parser

def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="store: a SQLite path or a SQLAlchemy URL (default ./livebrief.db, or $LIVEBRIEF_DB)")
    common.add_argument("-v", "--verbose", action="store_true", help="log more")

    p = argparse.ArgumentParser(prog="livebrief", description="A live, sourced briefing of war coverage.",
                                epilog="Settings (environment LIVEBRIEF_<NAME>): " +
                                "; ".join(f"{s.name}={s.default!r}" for s in SETTINGS))
    p.add_argument("--version", action="version", version=f"livebrief {__version__}")
    sub = p.add_subparsers(dest="cmd", required=True, metavar="COMMAND")

    _store_commands(sub, common)
    _ingest_commands(sub, common)
    _serve_commands(sub, common)
    _read_commands(sub, common)
    _briefing_commands(sub, common)
    _publish_commands(sub, common)
    _control_commands(sub, common)
    return p


def _store_commands(sub, common: argparse.ArgumentParser) -> None:
    """The store: info, migrate."""
    s = sub.add_parser("info", parents=[common], help="version, model, gazetteer and store")
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_info)

    s = sub.add_parser("migrate", parents=[common], help="create or upgrade the store's schema")
    s.set_defaults(fn=cmd_migrate)


def _ingest_commands(sub, common: argparse.ArgumentParser) -> None:
    """Bringing coverage in: ingest, backfill, sources, poll."""
    s = sub.add_parser("ingest", parents=[common], help="ingest files, folders, URLs or - (JSONL on stdin)")
    s.add_argument("inputs", nargs="+", metavar="PATH|URL|-")
    s.add_argument("--json", action="store_true", help="print {stored, duplicates, failed}")
    s.add_argument("--no-read", action="store_true", help="store without reading (livebrief reread later)")
    s.add_argument("--allow-private", action="store_true", help="allow loopback/private addresses")
    s.add_argument("--follow-links", choices=FollowLinks.values(), help="fetch feed entries' pages")
    s.add_argument("--workers", type=int, default=1, help="processes for reading")
    s.set_defaults(fn=cmd_ingest)

    s = sub.add_parser("backfill", parents=[common],
                       help="read large archives (JSONL[.gz], WARC, HTML folders) on a Dask cluster; resumable")
    s.add_argument("archives", nargs="+", metavar="ARCHIVE")
    g = s.add_mutually_exclusive_group()
    g.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://HOST:8786)")
    g.add_argument("--local-workers", type=int, help="start a local Dask cluster of N worker processes (default 1)")
    s.add_argument("--partition-size", type=int, default=200, help="items per task (default 200)")
    s.add_argument("--dashboard", default="127.0.0.1:8787", help="local cluster's dashboard address")
    s.add_argument("--no-read", action="store_true", help="store without reading (livebrief reread later)")
    s.add_argument("--json", action="store_true", help="print the run's figures as JSON")
    s.set_defaults(fn=cmd_backfill)

    s = sub.add_parser("sources", parents=[common], help="feeds and pages to poll")
    ssub = s.add_subparsers(dest="sources_cmd", required=True)
    a = ssub.add_parser("add", parents=[common], help="add (or update) a source")
    a.add_argument("url")
    a.add_argument("--name")
    a.add_argument("--every", default="15m", help="poll interval: 30m, 1h ... (default 15m)")
    a = ssub.add_parser("list", parents=[common], help="list sources")
    a.add_argument("--json", action="store_true")
    a = ssub.add_parser("remove", parents=[common], help="remove a source by id or URL")
    a.add_argument("source")
    s.set_defaults(fn=cmd_sources)

    s = sub.add_parser("poll", parents=[common], help="one poll cycle over the due sources")
    s.add_argument("--force", action="store_true", help="poll every source, due or not")
    s.add_argument("--json", action="store_true")
    s.add_argument("--allow-private", action="store_true")
    s.add_argument("--no-read", action="store_true")
    s.add_argument("--follow-links", choices=FollowLinks.values())
    s.set_defaults(fn=cmd_poll)


def _serve_commands(sub, common: argparse.ArgumentParser) -> None:
    """Serving the briefing: serve, run, demo."""
    for name, fn, hlp in (("serve", cmd_serve, "serve the briefing and API"),
                          ("run", cmd_run, "poll sources on schedule and serve"),
                          ("demo", cmd_demo, "load the bundled demo data and serve it")):
        s = sub.add_parser(name, parents=[common], help=hlp)
        s.add_argument("--host", default="127.0.0.1")
        s.add_argument("--port", type=int, default=8000)
        if name == "run":
            s.add_argument("--interval", type=float, default=60.0, help="seconds between poll cycles")
            s.add_argument("--allow-private", action="store_true")
            s.add_argument("--no-read", action="store_true")
        s.set_defaults(fn=fn)


def _read_commands(sub, common: argparse.ArgumentParser) -> None:
    """Reading: extract, reread, the gazetteer."""
    s = sub.add_parser("extract", parents=[common], help="read articles and print CONTRACT.md records")
    s.add_argument("inputs", nargs="+", metavar="INPUT")
    s.add_argument("--format", choices=["jsonl"], default="jsonl")
    s.add_argument("--workers", type=int, default=1)
    s.set_defaults(fn=cmd_extract)

    s = sub.add_parser("reread", parents=[common], help="read every stored article again")
    s.add_argument("--workers", type=int, default=1)
    s.set_defaults(fn=cmd_reread)

    s = sub.add_parser("places", parents=[common], help="the gazetteer: candidates for a name")
    psub = s.add_subparsers(dest="places_cmd", required=True)
    a = psub.add_parser("lookup", parents=[common], help="show the candidates for NAME and why one wins")
    a.add_argument("name")
    a.add_argument("--country", help="ISO alpha-2 code of a country the text is about")
    a.add_argument("--limit", type=int, default=10)
    a.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_places)


def _briefing_commands(sub, common: argparse.ArgumentParser) -> None:
    """What the coverage says: aid, events, developments, changes; editors' merge and split."""
    s = sub.add_parser("aid", parents=[common], help="the aid tracker: pledges, deduplicated across articles")
    s.add_argument("--donor", help="ISO country code or donor name")
    s.add_argument("--since")
    s.add_argument("--until")
    s.add_argument("--category", choices=AidCategory.values())
    s.add_argument("--status", choices=AidStatus.values())
    s.add_argument("--format", choices=OutputFormat.values(), default=OutputFormat.TABLE.value)
    s.set_defaults(fn=cmd_aid)

    s = sub.add_parser("events", parents=[common], help="typed events read from the coverage")
    s.add_argument("--type", help="type or sub-type, e.g. battles, diplomacy, 'territorial change'")
    s.add_argument("--place", help="GeoNames id or place name")
    s.add_argument("--since", help="first event date (YYYY-MM-DD)")
    s.add_argument("--until", help="last event date (YYYY-MM-DD)")
    s.add_argument("--actor")
    s.add_argument("--limit", type=int, default=1000)
    s.add_argument("--format", choices=OutputFormat.values(), default=OutputFormat.TABLE.value)
    s.set_defaults(fn=cmd_events)

    s = sub.add_parser("developments", parents=[common], help="developments: coverage clustered into stories, ranked")
    s.add_argument("--since", help="only developments seen since this ISO time")
    s.add_argument("--topic", choices=Topic.values())
    s.add_argument("--limit", type=int, default=1000)
    s.add_argument("--format", choices=(OutputFormat.TABLE.value, OutputFormat.JSON.value),
                   default=OutputFormat.TABLE.value)
    s.set_defaults(fn=cmd_developments)

    s = sub.add_parser("changes", parents=[common], help="what changed since a time: new developments, figures, quotes")
    s.add_argument("--since", required=True, help="ISO time, e.g. 2024-02-01T00:00")
    s.set_defaults(fn=cmd_changes)

    s = sub.add_parser("merge", parents=[common], help="merge developments into KEEP (an editor's decision; it sticks)")
    s.add_argument("keep", type=int)
    s.add_argument("others", type=int, nargs="+")
    s.set_defaults(fn=cmd_merge)

    s = sub.add_parser("split", parents=[common], help="move articles out of a development into a new one")
    s.add_argument("development", type=int)
    s.add_argument("articles", type=int, nargs="+", help="article ids (articles.id)")
    s.set_defaults(fn=cmd_split)


def _publish_commands(sub, common: argparse.ArgumentParser) -> None:
    """Tokens for writes, exports, the digest."""
    s = sub.add_parser("tokens", parents=[common], help="API tokens for writes (editor, admin)")
    tsub = s.add_subparsers(dest="tokens_cmd", required=True)
    a = tsub.add_parser("create", parents=[common])
    a.add_argument("--role", choices=Role.values(), required=True)
    a.add_argument("--name")
    tsub.add_parser("list", parents=[common])
    a = tsub.add_parser("revoke", parents=[common])
    a.add_argument("id", type=int)
    s.set_defaults(fn=cmd_access)

    s = sub.add_parser("export", parents=[common],
                       help="export events (ACLED-like), aid (Kiel-like), quotes, or the editors' corrections (JSONL labels)")
    s.add_argument("kind", choices=ExportKind.values())
    s.add_argument("--format", choices=ExportFormat.values(), default=ExportFormat.CSV.value)
    s.add_argument("--since", help="7d, 24h or an ISO date")
    s.add_argument("--out", help="write to FILE instead of standard output")
    s.set_defaults(fn=cmd_export)

    _desk_commands(sub, common)

    s = sub.add_parser("digest", parents=[common], help="the newsletter digest: four sections, every item cited")
    s.add_argument("--since", default="7d", help="7d, 24h or an ISO date (default 7d)")
    s.add_argument("--format", choices=DigestFormat.values(), default=DigestFormat.MD.value)
    s.add_argument("--out")
    s.add_argument("--base-url", default="http://127.0.0.1:8000", help="where the cited links point")
    s.set_defaults(fn=cmd_digest)


def _desk_commands(sub, common: argparse.ArgumentParser) -> None:
    """The editors' desk: accuracy, editors with passwords, browser sessions."""
    s = sub.add_parser("accuracy", parents=[common], help="the readers' precision per kind of fact against editors' decisions")
    s.add_argument("--since", help="decisions since: 30d, 24h or an ISO date")
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_accuracy)

    s = sub.add_parser("editors", parents=[common], help="editors who sign in at /signin with a password")
    esub = s.add_subparsers(dest="editors_cmd", required=True)
    a = esub.add_parser("set-password", parents=[common], help="add an editor, or set their password and role")
    a.add_argument("name")
    a.add_argument("--role", choices=Role.values(), default=Role.EDITOR.value)
    a.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    esub.add_parser("list", parents=[common])
    a = esub.add_parser("disable", parents=[common], help="the editor can no longer sign in; their sessions end")
    a.add_argument("name")
    s.set_defaults(fn=cmd_access)

    s = sub.add_parser("sessions", parents=[common], help="browser sessions of the desk: list, revoke")
    ssub = s.add_subparsers(dest="sessions_cmd", required=True)
    ssub.add_parser("list", parents=[common])
    a = ssub.add_parser("revoke", parents=[common])
    a.add_argument("id", type=int)
    ssub.add_parser("revoke-all", parents=[common])
    s.set_defaults(fn=cmd_access)


def _control_commands(sub, common: argparse.ArgumentParser) -> None:
    """Territorial control layers; the recorded failures."""
    s = sub.add_parser("control", parents=[common], help="territorial control layers: import, areas, diff")
    csub = s.add_subparsers(dest="control_cmd", required=True)
    a = csub.add_parser("import", parents=[common], help="import a dated layer (GeoJSON, DeepStateMap, ISW-style)")
    a.add_argument("file")
    a.add_argument("--date", required=True, help="YYYY-MM-DD")
    a.add_argument("--source", required=True)
    a.add_argument("--status-property", default="status")
    a.add_argument("--map", action="append", metavar="VALUE=STATUS",
                   help=f"map a property value to {'|'.join(ControlStatus)} (repeatable)")
    a = csub.add_parser("areas", parents=[common], help="area per status of the latest layer on or before --date")
    a.add_argument("--date", required=True)
    a.add_argument("--source")
    a.add_argument("--json", action="store_true")
    a = csub.add_parser("diff", parents=[common], help="what changed between two dates, with evidence")
    a.add_argument("d1")
    a.add_argument("d2")
    a.add_argument("--source")
    a.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_control)

    s = sub.add_parser("failures", parents=[common], help="the recorded failures, newest first")
    s.add_argument("--limit", type=int, default=50)
    s.add_argument("--json", action="store_true")
    s.set_defaults(fn=cmd_failures)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        opts = _options(args)
        return int(args.fn(args, opts))
    except ConfigError as exc:
        print(f"livebrief: {exc}", file=sys.stderr)
        return Exit.USAGE
    except StoreError as exc:
        print(f"livebrief: {exc}", file=sys.stderr)
        return Exit.STORE
    except LivebriefError as exc:
        print(f"livebrief: [{exc.stage}] {exc}", file=sys.stderr)
        return Exit.NOTHING_READ
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into head and friends
        sys.stderr.close()
        return Exit.OK
    except Exception as exc:  # noqa: BLE001 - translate the store's errors; never a traceback for users
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):
            print(f"livebrief: store error: {exc.__class__.__name__}: {str(exc).splitlines()[0]}", file=sys.stderr)
            return Exit.STORE
        raise


if __name__ == "__main__":
    sys.exit(main())
