"""`python manage.py bench_checkin`: sustained check-ins per second (target: 200/s).

Measured through the whole API stack in process (Django test client -> middlewares -> session
authentication -> DRF view -> service -> database), because that is what a desk's request
costs the server apart from the network and the WSGI server; the service alone is measured
too, for comparison. `--workers N` runs N processes at once, like N gunicorn workers.
Works on the configured database (SQLite file by default, PostgreSQL through DATABASE_URL)
with a throwaway event, deleted at the end.
"""

import datetime as dt
import multiprocessing
import os
import statistics
import time
import uuid
from concurrent.futures import ProcessPoolExecutor

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, connections

from backend.checkin import services
from backend.checkin.models import Badge
from backend.events.models import Event, Participant, Registration

TARGET_PER_S = 200
_client = None  # one logged-in test client per worker process


def _scan_many(layer: str, event_id: int, user_id: int,
               items: list[tuple[str, str]]) -> tuple[list[float], dict, float]:
    """Runs in a worker process: scans `items` (token, nonce) one after the other.

    Also returns the CPU time the worker spent, so that a figure independent of the machine's
    load can be given (check-ins per CPU second of the Django process)."""
    global _client
    cpu_began = time.process_time()
    event = Event.objects.get(pk=event_id)
    user = get_user_model().objects.get(pk=user_id)
    if layer == "api" and _client is None:
        from django.test import Client

        _client = Client()
        _client.force_login(user)
    latencies, results = [], {}
    for token, nonce in items:
        began = time.perf_counter()
        if layer == "api":
            result = _client.post("/api/checkin/", {"token": token, "nonce": nonce, "event": event.slug},
                                  content_type="application/json").json()["result"]
        else:
            result = str(services.check_in(event=event, token=token, nonce=nonce, user=user)["result"])
        latencies.append(time.perf_counter() - began)
        results[result] = results.get(result, 0) + 1
    return latencies, results, time.process_time() - cpu_began


def _close_connections() -> None:
    connections.close_all()


class Command(BaseCommand):
    help = "Mesure le débit soutenu de l'accueil (arrivées par seconde) par l'API et par le service."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000, help="Badges scannés par mesure (1000).")
        parser.add_argument("--batch", type=int, default=200, help="Taille d'une tranche mesurée (200).")
        parser.add_argument("--workers", type=int, default=1, help="Processus en parallèle (1).")

    def handle(self, *args, count: int, batch: int, workers: int, **options):
        User = get_user_model()
        tag = uuid.uuid4().hex[:8]
        event = Event.objects.create(name=f"Banc d'essai accueil {tag}", slug=f"bench-checkin-{tag}",
                                     date=dt.date.today(), venue="banc d'essai")
        users = []
        try:
            organizer = User.objects.create(username=f"bench-orga-{tag}")
            users.append(organizer)
            event.organizers.add(organizer)
            people = User.objects.bulk_create(
                [User(username=f"bench-{tag}-{i}", first_name="Banc", last_name=f"Essai {i}", password="!")
                 for i in range(2 * count)])
            users += people
            participants = Participant.objects.bulk_create(
                [Participant(user=user, role=Participant.Role.PROJECT_HOLDER) for user in people])
            Registration.objects.bulk_create(
                [Registration(event=event, participant=p, status=Registration.Status.CONFIRMED) for p in participants])
            started = time.perf_counter()
            services.issue_badges(event=event)
            issued_s = time.perf_counter() - started
            tokens = list(Badge.objects.filter(registration__event=event).order_by("pk")
                          .values_list("token", flat=True))
            load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
            self.stdout.write(f"Base {connection.vendor} ; {len(tokens)} badges émis en {issued_s:.2f} s ; "
                              f"{workers} processus ; charge de la machine {load:.1f} sur {os.cpu_count()} cœurs.")
            for layer, label, chunk in (("api", "API (pile complète)", tokens[:count]),
                                        ("service", "service seul", tokens[count:2 * count])):
                self._measure(layer, label, event, organizer, chunk, batch, workers)
        finally:
            event.delete()
            User.objects.filter(pk__in=[u.pk for u in users]).delete()

    def _measure(self, layer, label, event, user, tokens, batch, workers) -> None:
        items = [(token, f"bench-{layer}-{i}") for i, token in enumerate(tokens)]
        rates, latencies, results, cpu = [], [], {}, 0.0
        _close_connections()  # forked workers must not share the parent's connection
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                 initializer=_close_connections) as pool:
            for start in range(0, len(items), batch):
                chunk = items[start:start + batch]
                parts = [chunk[i::workers] for i in range(workers)]
                began = time.perf_counter()
                futures = [pool.submit(_scan_many, layer, event.pk, user.pk, part) for part in parts if part]
                for future in futures:
                    lat, res, cpu_s = future.result()
                    latencies += lat
                    cpu += cpu_s
                    for key, value in res.items():
                        results[key] = results.get(key, 0) + value
                rates.append(len(chunk) / (time.perf_counter() - began))
        latencies.sort()
        median = statistics.median(rates)
        verdict = "OK" if median >= TARGET_PER_S else "SOUS LA CIBLE"
        self.stdout.write(
            f"{label} : {len(items)} arrivées, médiane {median:.0f}/s par tranche de {batch} "
            f"(min {min(rates):.0f}/s, max {max(rates):.0f}/s) ; latence p50 "
            f"{latencies[len(latencies) // 2] * 1000:.1f} ms, p95 {latencies[int(len(latencies) * .95)] * 1000:.1f} ms ; "
            f"résultats {results} ; cible {TARGET_PER_S}/s : {verdict} ; "
            f"{len(items) / cpu:.0f} arrivées par seconde de CPU du processus Django")
