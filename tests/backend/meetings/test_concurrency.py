"""Concurrent starts: the partial unique constraint lets exactly one solve run per block (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from backend.core.errors import AppError
from backend.meetings import services
from backend.meetings.models import SolveRun, Wish

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_threads(count, action):
    barrier = threading.Barrier(count)
    outcomes = []

    def worker():
        try:
            barrier.wait()
            outcomes.append(action())
        except AppError as exc:
            outcomes.append(exc.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_concurrent_starts_make_exactly_one_run(day, wishes):
    outcomes = in_threads(6, lambda: services.start_solve(block=day.block, user=day.organizer, background=False))

    assert sum(isinstance(o, SolveRun) for o in outcomes) == 1
    assert sorted(o for o in outcomes if isinstance(o, int)) == [409] * 5
    assert SolveRun.objects.count() == 1


def test_concurrent_wishes_respect_the_limit(day):
    day.block.max_wishes_per_guest = 2
    day.block.save()
    guest = day.guests[0]
    hosts = iter(day.hosts)
    lock = threading.Lock()

    def add():
        with lock:
            host = next(hosts)
        return services.add_wish(block=day.block, guest=guest, host=host)

    outcomes = in_threads(3, add)

    assert Wish.objects.filter(guest=guest).count() == 2
    assert sorted(o for o in outcomes if isinstance(o, int)) == [400]
