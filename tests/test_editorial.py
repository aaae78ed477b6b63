"""The editors' decisions below the web: recorded with the audit log, applied to what the readers
found (by pin, so a new reading keeps them), exported as labels, and counted as the readers'
accuracy. Facts are written by hand here: the model is not the point."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from livebrief import auth, editorial
from livebrief.editorial.labels import accuracy, corrections
from livebrief.errors import FactNotFound, ReviewError
from livebrief.store import now_iso
from livebrief.store import schema as t

from .conftest import run_cli, run_json

TEXT = ("Sweden pledged 300 million euros of military aid on Monday. A strike on Odesa killed four people. "
        "\"We will hold the line,\" said Olena Marchuk.")


def _facts(conn, article_id: int) -> None:
    conn.execute(insert(t.aid).values(article_id=article_id, donor="Sweden", donor_country="SE", recipient="Ukraine",
                                      amount=300e6, currency="EUR", category="military", status="pledged",
                                      items="[]", cumulative=False, start=0, end=59))
    conn.execute(insert(t.events).values(article_id=article_id, type="explosions_remote_violence", sub_type="air/drone strike",
                                         place=698740, place_name="Odesa", country="UA", date="2024-03-04", killed=4.0,
                                         start=60, end=98, confidence=0.9))
    sid = conn.execute(insert(t.speakers).values(name="Olena Marchuk", kind="PERSON")).inserted_primary_key[0]
    conn.execute(insert(t.speakers).values(name="Ivan Petrenko", kind="PERSON"))
    conn.execute(insert(t.quotes).values(article_id=article_id, text="We will hold the line,", kind="direct",
                                         start=100, end=122, speaker="Olena Marchuk", speaker_id=sid, cue="said"))


@pytest.fixture
def desk(store):
    with store.write() as conn:
        aid = conn.execute(insert(t.articles).values(content_hash="h1", text=TEXT, title="Aid and a strike",
                                                     published="2024-03-04", ingested_at=now_iso())).inserted_primary_key[0]
        _facts(conn, aid)
    return store, aid


def _row(store, table) -> dict:
    with store.read() as conn:
        return dict(conn.execute(select(table)).first()._mapping)


def _decide(store, kind, row, action, changes=None, by="token:1"):
    return editorial.decide(store, kind=kind, article_id=row["article_id"], start=row["start"], end=row["end"],
                            key=editorial.key_of(kind, row), action=action, changes=changes, by=by)


def test_a_correction_replaces_the_machines_values_and_is_audited(desk):
    store, _aid = desk
    row = _row(store, t.aid)
    dec = _decide(store, "aid", row, "correct", {"donor": "Norway", "amount": "250,000,000"})
    assert (dec.action, dec.before["donor"], dec.after["donor"], dec.after["amount"], dec.after["donor_country"]) == \
        ("correct", "Sweden", "Norway", 250e6, None)
    with store.read() as conn:
        shown = editorial.apply(conn, "aid", [row])
        log = editorial.audit(conn)
    assert [(r["donor"], r["amount"], r["review"]) for r in shown] == [("Norway", 250e6, "corrected")]
    assert [(e["action"], e["by"], e["detail"]["changed"]["donor"]) for e in log] == \
        [("correct", "token:1", {"before": "Sweden", "after": "Norway"})]


def test_rejected_facts_are_never_shown_and_approved_only_hides_the_unreviewed(desk):
    store, _aid = desk
    quote, event = _row(store, t.quotes), _row(store, t.events)
    _decide(store, "quote", quote, "reject")
    with store.read() as conn:
        assert editorial.apply(conn, "quote", [quote]) == []
        assert [r["review"] for r in editorial.apply(conn, "event", [event])] == ["unreviewed"]
        assert editorial.apply(conn, "event", [event], approved_only=True) == []
    _decide(store, "event", event, "approve")
    with store.read() as conn:
        assert [r["review"] for r in editorial.apply(conn, "event", [event], approved_only=True)] == ["approved"]


def test_the_latest_decision_on_a_pin_is_in_force(desk):
    store, _aid = desk
    event = _row(store, t.events)
    _decide(store, "event", event, "reject")
    second = _decide(store, "event", event, "correct", {"killed": 5, "place": 703448})   # Kyiv, from the gazetteer
    with store.read() as conn:
        (shown,) = editorial.apply(conn, "event", [event])
        log = editorial.audit(conn)
    assert (shown["killed"], shown["place_name"], shown["country"], shown["review"]) == (5.0, "Kyiv", "UA", "corrected")
    assert log[0]["detail"]["replaces"] == second.id - 1


def test_decisions_survive_a_new_reading_by_their_pin(desk):
    store, aid = desk
    _decide(store, "aid", _row(store, t.aid), "correct", {"amount": 350e6})
    _decide(store, "event", _row(store, t.events), "approve")
    with store.write() as conn:   # what a reread does: the article's facts replaced by new rows
        for table in (t.aid, t.events, t.quotes):
            conn.execute(delete(table).where(table.c.article_id == aid))
        conn.execute(delete(t.speakers))
        _facts(conn, aid)
        # a new version of the readers reads the event's sentence a little wider
        conn.execute(update(t.events).values(start=58))
    with store.read() as conn:
        assert [r["amount"] for r in editorial.apply(conn, "aid", [_row(store, t.aid)])] == [350e6]
        assert [r["review"] for r in editorial.apply(conn, "event", [_row(store, t.events)])] == ["approved"]
    assert editorial.check_pins(store) == {"kept": 2, "lost": []}


def test_corrections_are_checked(desk):
    store, _aid = desk
    aid_row, quote = _row(store, t.aid), _row(store, t.quotes)
    for changes, message in (({"currency": "euros"}, "ISO 4217"), ({"category": "tanks"}, "category must be"),
                             ({"amount": -3}, "zero or more"), ({"recipient": "Moldova"}, "may change"),
                             ({"donor_country": "Sweden"}, "ISO 3166")):
        with pytest.raises(ReviewError, match=message):
            _decide(store, "aid", aid_row, "correct", changes)
    with pytest.raises(ReviewError, match="people registry"):
        _decide(store, "quote", quote, "correct", {"speaker": "Nobody Known"})
    with pytest.raises(FactNotFound):
        editorial.decide(store, kind="aid", article_id=aid_row["article_id"], start=1, end=59, key="SE",
                         action="approve", by="x")
    assert _decide(store, "quote", quote, "correct", {"speaker": "Ivan Petrenko"}).after["speaker"] == "Ivan Petrenko"
    assert _decide(store, "quote", quote, "correct", {"speaker": "Olena Marchuk"}).action == "approve"


def test_the_audit_log_is_append_only(desk):
    store, _aid = desk
    _decide(store, "event", _row(store, t.events), "approve")
    for stmt in (update(t.audit_log).values(by="someone else"), delete(t.audit_log)):
        with pytest.raises(SQLAlchemyError), store.write() as conn:
            conn.execute(stmt)
    with store.read() as conn:
        assert [e["by"] for e in editorial.audit(conn)] == ["token:1"]


def test_labels_and_accuracy_count_what_the_editors_decided(desk):
    store, _aid = desk
    _decide(store, "aid", _row(store, t.aid), "correct", {"donor": "Norway", "amount": 1e9})
    _decide(store, "event", _row(store, t.events), "approve")
    _decide(store, "quote", _row(store, t.quotes), "reject")
    with store.read() as conn:
        labels = corrections(conn)
        acc = accuracy(conn)
    assert [(r["kind"], r["action"], r["label"], r["changed"]) for r in labels] == [
        ("aid", "correct", "wrong", ["donor", "donor_country", "amount"]), ("event", "approve", "right", []),
        ("quote", "reject", "wrong", [])]
    assert labels[0]["sentence"] == "Sweden pledged 300 million euros of military aid on Monday."
    kinds = acc["kinds"]
    assert {k: (v["decisions"], v["precision"]) for k, v in kinds.items()} == {
        "event": (1, 1.0), "aid": (1, 0.0), "quote": (1, 0.0), "place": (0, None)}
    assert {f: (v["right"], v["checked"]) for f, v in kinds["aid"]["fields"].items()} == {
        "donor": (0, 1), "donor_country": (0, 1), "recipient": (1, 1), "amount": (0, 1), "currency": (1, 1),
        "category": (1, 1), "status": (1, 1), "items": (1, 1)}
    assert acc["total"] == {"decisions": 3, "right": 1, "precision": 0.3333}


def test_sessions_are_new_at_sign_in_expire_and_end_with_their_token(store):
    tid, token = auth.create_token(store, "editor", "desk")
    value, sess = auth.sign_in(store, token=token)
    assert auth.session_of(store, value) == sess and sess.who == f"token:{tid}"
    again, _ = auth.sign_in(store, token=token, replaces=value)
    assert again != value and auth.session_of(store, value) is None   # the old id never works again
    assert auth.sign_in(store, token="lb_wrong") is None
    expired, _ = auth.sign_in(store, token=token, ttl_s=-1)
    assert auth.session_of(store, expired) is None
    auth.revoke_token(store, tid)
    assert auth.session_of(store, again) is None
    with store.read() as conn:
        assert [e["action"] for e in editorial.audit(conn)][::-1] == ["signin", "signin", "signin-refused", "signin"]


def test_editors_sign_in_with_a_password_an_admin_set(store):
    with pytest.raises(Exception, match="at least 12"):
        auth.set_password(store, "maria", "short")
    auth.set_password(store, "maria", "correct horse battery", role="admin", by="cli")
    assert auth.sign_in(store, name="maria", password="wrong password!") is None
    value, sess = auth.sign_in(store, name="maria", password="correct horse battery")
    assert (sess.who, sess.role) == ("editor:maria", "admin")
    assert auth.disable_editor(store, "maria") and auth.session_of(store, value) is None


def test_cli_accuracy_export_and_editors(desk, db_url):
    store, _aid = desk
    _decide(store, "event", _row(store, t.events), "approve")
    acc = run_json("accuracy", "--json", db=db_url)
    assert acc["kinds"]["event"]["precision"] == 1.0
    out = run_cli("export", "corrections", "--format", "jsonl", db=db_url)
    assert out.returncode == 0 and [json.loads(x)["action"] for x in out.stdout.splitlines()] == ["approve"]
    assert run_cli("export", "corrections", db=db_url).returncode == 2   # CSV: refused
    proc = run_cli("editors", "set-password", "ana", "--password-stdin", db=db_url, input="a long passphrase\n")
    assert proc.returncode == 0, proc.stderr
    assert [e["name"] for e in run_json("editors", "list", db=db_url)] == ["ana"]


def test_the_read_side_publishes_by_the_policy(desk):
    from livebrief.publish import queries
    from livebrief.publish.exports import digest

    store, _aid = desk
    with store.read() as conn:
        assert queries.events(conn, min_confidence=0.95) == []          # unreviewed, under the floor
        assert [p["review"] for p in queries.aid_summary(conn)["pledges"]] == ["unreviewed"]
    _decide(store, "event", _row(store, t.events), "approve")
    _decide(store, "aid", _row(store, t.aid), "correct", {"donor": "<i>Norway</i>", "amount": 1e9})
    with store.read() as conn:
        assert [(e["killed"], e["review"]) for e in queries.events(conn, min_confidence=0.95, approved_only=True)] == \
            [(4.0, "approved")]                                         # an editor's approval outranks the floor
        (pledge,) = queries.aid_summary(conn, approved_only=True)["pledges"]
        md = digest(conn, "3650d", "md")
        html = digest(conn, "3650d", "html")
    assert (pledge["donor"], pledge["amount"], pledge["review"]) == ("<i>Norway</i>", 1e9, "corrected")
    assert "&lt;i&gt;Norway&lt;/i&gt; pledged military aid: 1,000,000,000 EUR (corrected by an editor)" in md
    assert "<i>" not in html and "(checked by an editor)" in html
