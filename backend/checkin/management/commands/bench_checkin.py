"""`python manage.py bench_checkin`: sustained check-ins per second (target: 200/s).

`--http`: what a deployment sustains. gunicorn (2 workers) on 127.0.0.1 against a throw-away
database, desks scanning through HTTP with JWT, median of 3 runs (see _bench_http.py).

Without `--http`: measured through the whole API stack in process (Django test client -> middlewares -> session
authentication -> DRF view -> service -> database), because that is what a desk's request
costs the server apart from the network and the WSGI server; the service alone is measured
too, for comparison. `--workers N` runs N processes at once, like N gunicorn workers.
Works on the configured database (SQLite file by default, PostgreSQL through DATABASE_URL)
with a throwaway event, deleted at the end.
"""

import argparse
import datetime as dt
import json
import multiprocessing
import os
import statistics
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, connections

from backend.checkin import services
from backend.checkin.management.commands import _bench_http as bench_http
from backend.checkin.models import Badge, CheckIn, Desk, Scan
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
        parser.add_argument("--workers", type=int, default=1, help="Processus en parallèle (1) ; avec --http : "
                                                                   "workers gunicorn (2).")
        parser.add_argument("--http", action="store_true", help="Par HTTP, vers gunicorn sur 127.0.0.1, "
                                                                "avec une base jetable.")
        parser.add_argument("--database-url", default="", help="Avec --http : postgres://...@hôte:port/NOM, "
                            "base créée puis supprimée (par défaut : un fichier SQLite temporaire).")
        parser.add_argument("--runs", type=int, default=3, help="Avec --http : essais (3), médiane affichée.")
        parser.add_argument("--concurrency", type=int, default=8, help="Avec --http : postes qui scannent en "
                                                                       "même temps (8).")
        parser.add_argument("--conn-max-age", type=int, default=60, help="Avec --http : DATABASE_CONN_MAX_AGE "
                            "du serveur (60 ; 0 = une connexion par requête, le défaut des réglages).")
        parser.add_argument("--time-limit", type=float, default=60, help="Avec --http : durée maximale d'un "
                                                                         "essai en secondes (60).")
        parser.add_argument("--prepare", default="", help=argparse.SUPPRESS)
        parser.add_argument("--tally", default="", help=argparse.SUPPRESS)

    def handle(self, *args, count: int, batch: int, workers: int, **options):
        if options["prepare"]:
            return self._prepare(Path(options["prepare"]), count)
        if options["tally"]:
            return self._tally(options["tally"])
        if options["http"]:
            return self._http(count=count, workers=workers if workers > 1 else 2, **options)
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

    # --- through HTTP ---------------------------------------------------------------------------

    def _prepare(self, into: Path, count: int) -> None:
        """Runs in the throw-away database: an event, a desk account, `count` badges."""
        event = Event.objects.create(name="Banc d'essai accueil", slug="banc-accueil", date=dt.date.today(),
                                     venue="banc d'essai")
        user = services.ensure_desk_account(event=event, username=bench_http.DESK_USER,
                                            password=os.environ["BENCH_DESK_PASSWORD"], desk_name="Accueil banc")
        User = get_user_model()
        people = User.objects.bulk_create(
            [User(username=f"banc-{i}", first_name="Banc", last_name=f"Essai {i}", password="!")
             for i in range(count)])
        participants = Participant.objects.bulk_create(
            [Participant(user=u, role=Participant.Role.PROJECT_HOLDER) for u in people])
        Registration.objects.bulk_create(
            [Registration(event=event, participant=p, status=Registration.Status.CONFIRMED) for p in participants])
        services.issue_badges(event=event)
        tokens = list(Badge.objects.filter(registration__event=event).order_by("pk").values_list("token", flat=True))
        into.write_text(json.dumps({"event": event.slug, "desk": Desk.objects.get(accounts=user).pk,
                                    "tokens": tokens}))

    def _tally(self, slug: str) -> None:
        event = Event.objects.get(slug=slug)
        self.stdout.write(json.dumps({"checkins": CheckIn.objects.filter(event=event).count(),
                                      "scans": Scan.objects.filter(event=event).count()}))

    def _http(self, *, count: int, workers: int, database_url: str, runs: int, concurrency: int,
              conn_max_age: int, time_limit: float, **options) -> None:
        # Every tenth scan shows again a badge scanned a little earlier (already_checked_in);
        # the others are fresh badges (ok). Each run has its own badges and nonces.
        fresh = [i for i in range(count) if i % 10 != 9]
        with bench_http.throwaway_database(database_url or None) as url, \
                tempfile.TemporaryDirectory(prefix="bench-checkin-") as folder:
            env = bench_http.server_env(url, conn_max_age, folder)
            env["BENCH_DESK_PASSWORD"] = bench_http.DESK_PASSWORD
            bench_http.manage(["migrate", "--no-input", "-v", "0"], env, timeout=600)
            started = time.perf_counter()
            bench_http.manage(["bench_checkin", "--prepare", f"{folder}/setup.json", "--count",
                               str(len(fresh) * runs)], env, timeout=600)
            setup = json.loads(Path(folder, "setup.json").read_text())
            vendor = "PostgreSQL" if url.startswith("postgres") else "SQLite (fichier, WAL)"
            self.stdout.write(f"HTTP : gunicorn {workers} workers sync sur 127.0.0.1, base jetable {vendor}, "
                              f"CONN_MAX_AGE={conn_max_age} ; {len(setup['tokens'])} badges prêts en "
                              f"{time.perf_counter() - started:.1f} s ; {concurrency} postes, {count} scans par "
                              f"essai, {runs} essais.")
            port = bench_http.free_port()
            figures = []
            with bench_http.gunicorn(env, port, workers, Path(folder, "gunicorn.log")) as server:
                pids = bench_http.worker_pids(server)
                devices = bench_http.desks(port, concurrency)
                for run in range(runs):
                    tokens = setup["tokens"][run * len(fresh):(run + 1) * len(fresh)]
                    position = {i: n for n, i in enumerate(fresh)}
                    bodies = []
                    for i in range(count):
                        token = tokens[position[i if i % 10 != 9 else i - 5]]
                        bodies.append({"token": token, "nonce": f"banc-{run}-{i}", "event": setup["event"],
                                       "desk": setup["desk"]})
                    load = os.getloadavg()[0]
                    result = bench_http.fire(desks=devices, bodies=bodies, time_limit_s=time_limit,
                                             server_pids=pids)
                    figures.append(result)
                    self._print_run(run + 1, result, load)
            tally = json.loads(bench_http.manage(["bench_checkin", "--tally", setup["event"]], env, timeout=120))
        rates = [f.rate for f in figures]
        median = statistics.median(rates)
        ok = sum(f.results.get("ok", 0) for f in figures)
        verdict = "OK" if median >= TARGET_PER_S else "SOUS LA CIBLE"
        self.stdout.write(f"Médiane : {median:.0f} scans/s (essais : {', '.join(f'{r:.0f}' for r in rates)}) ; "
                          f"cible {TARGET_PER_S}/s : {verdict}. En base : {tally['checkins']} arrivées pour {ok} "
                          f"« ok », {tally['scans']} scans enregistrés. Charge de la machine "
                          f"{os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs.")

    def _print_run(self, number: int, f: "bench_http.RunFigures", load: float) -> None:
        def pct(q: float) -> float:
            return f.latencies[min(len(f.latencies) - 1, int(len(f.latencies) * q))] * 1000 if f.latencies else 0

        shares = ", ".join(f"{key} {100 * n / max(1, f.scans):.0f} %" for key, n in sorted(f.results.items()))
        self.stdout.write(
            f"  essai {number} : {f.scans} scans en {f.seconds:.2f} s = {f.rate:.0f}/s ; latence p50 "
            f"{pct(.5):.1f} ms, p95 {pct(.95):.1f} ms ; {shares} ; CPU serveur {1000 * f.server_cpu_s / max(1, f.scans):.2f}"
            f" ms/scan, client {1000 * f.client_cpu_s / max(1, f.scans):.2f} ms/scan ; charge avant {load:.1f}")
        for error in f.errors:
            self.stdout.write(f"    erreur : {error}")
