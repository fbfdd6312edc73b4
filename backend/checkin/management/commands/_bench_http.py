"""The HTTP mode of `bench_checkin`: desks scanning through a real server on this machine.

A throw-away database (an SQLite file in a temporary folder, or a PostgreSQL database created
and dropped here), gunicorn with its workers on 127.0.0.1 and a free port, and a bounded
client: a few threads, each scanning like a desk (JWT from /api/auth/token/, the body the desk
page sends), for a fixed number of scans and a time limit. Everything stops by itself.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

DESK_USER = "bench-accueil"
DESK_PASSWORD = secrets.token_urlsafe(16)  # a throw-away account in a throw-away database
TOKEN_MAX_AGE_S = 240  # access tokens last 5 minutes: a new one well before


@dataclass
class RunFigures:
    scans: int
    seconds: float
    latencies: list[float]
    results: dict[str, int]
    errors: list[str] = field(default_factory=list)
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0

    @property
    def rate(self) -> float:
        return self.scans / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def throwaway_database(url: str | None) -> Iterator[str]:
    """Yields a DATABASE_URL for an empty database that is removed afterwards."""
    if not url:
        folder = tempfile.mkdtemp(prefix="bench-checkin-")
        try:
            yield f"sqlite:///{folder}/bench.sqlite3"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql", "pgsql") or not name.replace("_", "").isalnum():
        raise ValueError("--database-url : postgres://utilisateur@hôte:port/nom attendu (nom en lettres, "
                         "chiffres et _).")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            raise ValueError(f"La base « {name} » existe déjà : choisissez un nom libre (elle serait supprimée "
                             "à la fin).")
        conn.execute(f'create database "{name}"')
    try:
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


def server_env(database_url: str, conn_max_age: int, var_dir: str) -> dict[str, str]:
    env = dict(os.environ, DATABASE_URL=database_url, DATABASE_CONN_MAX_AGE=str(conn_max_age),
               RENCONTRES_VAR_DIR=var_dir, DJANGO_DEBUG="0", DJANGO_LOG_LEVEL="WARNING",
               DJANGO_SECRET_KEY=secrets.token_urlsafe(40), PYTHONDONTWRITEBYTECODE="1")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def manage(args: list[str], env: dict[str, str], timeout: float) -> str:
    done = subprocess.run([sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args], env=env,
                          cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} a échoué :\n{done.stderr[-2000:]}")
    return done.stdout


@contextlib.contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int, log_path: Path) -> Iterator[subprocess.Popen]:
    """gunicorn (sync workers, as in production behind a proxy), stopped on the way out."""
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "backend.wsgi:application", "--workers", str(workers),
             "--bind", f"127.0.0.1:{port}", "--timeout", "30", "--graceful-timeout", "5"],
            env=env, cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn s'est arrêté :\n{log_path.read_text()[-2000:]}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/api/")
                connection.getresponse().read()
                connection.close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("gunicorn ne répond pas après 60 s.") from None
                time.sleep(0.2)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of processes (Linux /proc; 0 elsewhere)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.0


def worker_pids(master: subprocess.Popen) -> list[int]:
    return _children(master.pid)


class Desk:
    """A scanning device: a JWT (renewed before it expires) and a keep-alive connection."""

    def __init__(self, port: int, timeout: float):
        self.port, self.timeout = port, timeout
        self.connection: http.client.HTTPConnection | None = None
        self.token, self.token_at = "", 0.0

    def _post(self, path: str, body: dict, headers: dict[str, str]) -> tuple[int, dict]:
        payload = json.dumps(body).encode()
        for attempt in (1, 2):  # the server may close an idle keep-alive connection: reconnect once
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.connection.request("POST", path, body=payload, headers={
                    "Content-Type": "application/json", "Accept": "application/json", **headers})
                response = self.connection.getresponse()
                data = response.read()
                if response.will_close:
                    self.connection.close()
                    self.connection = None
                return response.status, json.loads(data or b"{}")
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def login(self) -> None:
        status, body = self._post("/api/auth/token/", {"username": DESK_USER, "password": DESK_PASSWORD}, {})
        if status != 200:
            raise RuntimeError(f"connexion du compte d'accueil refusée ({status}) : {body}")
        self.token, self.token_at = body["access"], time.monotonic()

    def scan(self, body: dict) -> tuple[int, dict]:
        if time.monotonic() - self.token_at > TOKEN_MAX_AGE_S:
            self.login()
        return self._post("/api/checkin/", body, {"Authorization": f"Bearer {self.token}"})

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def desks(port: int, count: int) -> list[Desk]:
    """Logged-in desks. Logging in hashes a password (a deliberate ~0.5 s of server CPU): done
    once, outside the measured runs, as real desks do at the start of the day."""
    devices = [Desk(port, timeout=10) for _ in range(count)]
    for device in devices:
        device.login()
    return devices


def fire(*, desks: list[Desk], bodies: list[dict], time_limit_s: float, server_pids: list[int]) -> RunFigures:
    """Sends every body once from all the desks at once; stops early at the time limit."""
    for desk in desks:  # renewed before the run rather than during it
        if time.monotonic() - desk.token_at > TOKEN_MAX_AGE_S - time_limit_s:
            desk.login()
    lock = threading.Lock()
    queue = iter(bodies)
    latencies: list[float] = []
    results: dict[str, int] = {}
    errors: list[str] = []
    deadline = time.monotonic() + time_limit_s

    def work(desk: Desk) -> None:
        while time.monotonic() < deadline:
            with lock:
                body = next(queue, None)
            if body is None:
                return
            began = time.perf_counter()
            try:
                status, answer = desk.scan(body)
            except (OSError, http.client.HTTPException, ValueError) as exc:
                status, answer = 0, {"code": type(exc).__name__}
            elapsed = time.perf_counter() - began
            key = answer.get("result") if status == 200 else f"HTTP {status} {answer.get('code', '')}".strip()
            with lock:
                latencies.append(elapsed)
                results[key] = results.get(key, 0) + 1
                if status != 200 and len(errors) < 5:
                    errors.append(f"{status} {answer}")

    threads = [threading.Thread(target=work, args=(desk,), daemon=True) for desk in desks]
    server_cpu = cpu_seconds(server_pids)
    client_cpu = time.process_time()
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(time_limit_s + 30)
    seconds = time.perf_counter() - began
    return RunFigures(scans=len(latencies), seconds=seconds, latencies=sorted(latencies), results=results,
                      errors=errors, client_cpu_s=time.process_time() - client_cpu,
                      server_cpu_s=cpu_seconds(server_pids) - server_cpu)
