"""20 devices scanning one badge at the same instant: exactly one `ok`, on PostgreSQL and SQLite.

The threads use real, separate database connections. On SQLite the test database of
pytest-django lives in memory (shared cache), which has table locks instead of the file
locking production uses; so the SQLite test copies it into a file and points the threads'
connections at that file, with the production options (WAL, BEGIN IMMEDIATE, busy timeout).
"""

import contextlib
import sqlite3
import threading
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from backend.checkin import services
from backend.checkin.models import CheckIn, Scan
from backend.events.models import Event
from tests.factories import EventFactory, RegistrationFactory, UserFactory

N = 20


def arrange():
    organizer = UserFactory()
    event = EventFactory(organizers=[organizer])
    badge = services.issue_badge(registration=RegistrationFactory(event=event))
    return event.pk, organizer.pk, badge.token


def scan_at_once(event_id: int, user_id: int, token: str, nonces: list[str]) -> tuple[list[dict], list[str]]:
    barrier = threading.Barrier(len(nonces))
    answers: list[dict] = []
    errors: list[str] = []

    def device(nonce: str) -> None:
        try:
            event = Event.objects.get(pk=event_id)
            user = get_user_model().objects.get(pk=user_id)
            barrier.wait(timeout=30)
            answers.append(services.check_in(event=event, token=token, nonce=nonce, user=user))
        except Exception as exc:  # reported by the assertion below, with its text
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=device, args=(nonce,)) for nonce in nonces]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers, errors


@contextlib.contextmanager
def threads_on_a_sqlite_file(tmp_path):
    """New connections (one per thread) open a file copy of the test database."""
    connection.ensure_connection()
    if not connection.is_in_memory_db():
        yield connection.settings_dict["NAME"]
        return
    path = str(tmp_path / "checkin-concurrency.sqlite3")
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    # WAL is a property of the file, set once as `migrate` does in production: twenty fresh
    # connections each switching the mode at the same instant would contend for that switch.
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    original = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = path  # the dict new connections are made from
    try:
        yield path
    finally:
        connection.settings_dict["NAME"] = original


def count(path: str, table: str) -> int:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608 (fixed table names)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_checkin_20_concurrent_scans_one_ok_on_postgresql():
    event_id, user_id, token = arrange()

    answers, errors = scan_at_once(event_id, user_id, token, [f"device-{i}" for i in range(N)])

    assert errors == []
    assert Counter(a["result"] for a in answers) == {"ok": 1, "already_checked_in": N - 1}
    assert CheckIn.objects.filter(event_id=event_id).count() == 1
    assert Scan.objects.filter(event_id=event_id).count() == N


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_checkin_20_concurrent_replays_of_one_nonce_on_postgresql():
    event_id, user_id, token = arrange()

    answers, errors = scan_at_once(event_id, user_id, token, ["same-nonce"] * N)

    assert errors == []
    assert len(answers) == N and all(a == answers[0] for a in answers) and answers[0]["result"] == "ok"
    assert CheckIn.objects.filter(event_id=event_id).count() == 1
    assert Scan.objects.filter(event_id=event_id).count() == 1


@pytest.mark.django_db(transaction=True)
def test_checkin_20_concurrent_scans_one_ok_on_sqlite_file(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("test SQLite : la suite tourne sur un autre moteur")
    event_id, user_id, token = arrange()

    with threads_on_a_sqlite_file(tmp_path) as path:
        answers, errors = scan_at_once(event_id, user_id, token, [f"device-{i}" for i in range(N)])

    assert errors == []  # no "database is locked"
    assert Counter(a["result"] for a in answers) == {"ok": 1, "already_checked_in": N - 1}
    assert count(path, "checkin_checkin") == 1
    assert count(path, "checkin_scan") == N
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.django_db(transaction=True)
def test_checkin_20_concurrent_replays_of_one_nonce_on_sqlite_file(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("test SQLite : la suite tourne sur un autre moteur")
    event_id, user_id, token = arrange()

    with threads_on_a_sqlite_file(tmp_path) as path:
        answers, errors = scan_at_once(event_id, user_id, token, ["same-nonce"] * N)

    assert errors == []
    assert len(answers) == N and all(a == answers[0] for a in answers) and answers[0]["result"] == "ok"
    assert count(path, "checkin_checkin") == 1
    assert count(path, "checkin_scan") == 1
