"""Realistic generated problems for tests and benchmarks (seeded, reproducible).

- `mfi`: the morning speed meetings: 14 slots of 15 min from 10:00, one table per funder (about
  one in five accessible), popular funders (Zipf-like), late arrivals / early departures,
  workshops taking slots, a few project holders needing an accessible table.
- `business`: the Busin'ESS 92 convention: 10 slots of 20 min from 14:30 with a coffee break,
  fewer tables than buyers (buyers share them), at most 4 meetings in a row.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

REAL_HOSTS = ["France Active Métropole", "Les Cigales", "Villyz", "Base Commune", "KPMG"]
REAL_GUESTS = ["BicyclAide", "Les petites cantines", "ECOLAU", "Lit uP"]
TZ = "+01:00"


def _slots(kind: str) -> list[dict]:
    day = "2024-11-13"
    if kind == "mfi":
        starts = [datetime.fromisoformat(f"{day}T10:00:00{TZ}") + timedelta(minutes=15 * i) for i in range(14)]
        length = timedelta(minutes=15)
    else:
        first = datetime.fromisoformat(f"{day}T14:30:00{TZ}")
        starts = [first + timedelta(minutes=20 * i + (20 if i >= 5 else 0)) for i in range(10)]  # break after 5
        length = timedelta(minutes=20)
    return [{"id": f"s{i + 1:02d}", "start": s.isoformat(), "end": (s + length).isoformat()}
            for i, s in enumerate(starts)]


def _window(rng: random.Random, slot_ids: list[str], *, workshop: bool) -> list[str] | None:
    n = len(slot_ids)
    roll = rng.random()
    if roll < 0.1:
        return slot_ids[rng.randint(2, 4):]  # late arrival
    if roll < 0.2:
        return slot_ids[:n - rng.randint(2, 4)]  # early departure
    if workshop and roll < 0.3:
        start = rng.randint(3, n - 4)
        return slot_ids[:start] + slot_ids[start + 3:]  # a workshop in the middle
    return None


def generate(kind: str = "mfi", hosts: int = 30, guests: int = 100, seed: int = 0,
             wishes: float | None = None) -> dict:
    """A meeting-problem/1 document; `wishes` is the mean number of wishes per guest."""
    if kind not in ("mfi", "business"):
        raise ValueError("kind : « mfi » ou « business »")
    rng = random.Random(f"{kind}-{hosts}-{guests}-{seed}")
    slots = _slots(kind)
    slot_ids = [s["id"] for s in slots]
    n_tables = hosts if kind == "mfi" else max(1, (hosts * 3) // 4)
    tables = [{"id": f"T{i + 1:03d}", "label": f"Table {i + 1}", "accessible": i % 5 == 0} for i in range(n_tables)]
    host_word, guest_word = ("financeur", "porteur") if kind == "mfi" else ("acheteur", "SIAE")
    participants: list[dict] = []
    fixed_tables = list(range(n_tables)) if kind == "mfi" else rng.sample(range(n_tables), max(0, hosts // 10))
    for h in range(hosts):
        p: dict = {"id": f"h{h:04d}", "side": "host",
                   "name": REAL_HOSTS[h] if kind == "mfi" and h < len(REAL_HOSTS) else f"{host_word} {h}"}
        window = _window(rng, slot_ids, workshop=False)
        if window:
            p["available"] = window
        if rng.random() < 0.15:
            p["max_meetings"] = rng.randint(len(slot_ids) - 4, len(slot_ids) - 2)
        if h < len(fixed_tables):
            p["table"] = tables[fixed_tables[h]]["id"]
        participants.append(p)
    for g in range(guests):
        p = {"id": f"g{g:04d}", "side": "guest",
             "name": REAL_GUESTS[g] if kind == "mfi" and g < len(REAL_GUESTS) else f"{guest_word} {g}"}
        window = _window(rng, slot_ids, workshop=True)
        if window:
            p["available"] = window
        if rng.random() < 0.3:
            p["max_meetings"] = rng.randint(4, 6)
        if rng.random() < 0.03:
            p["needs_accessible"] = True
        participants.append(p)
    mean = wishes if wishes is not None else (5.3 if kind == "mfi" else 4.2)
    order = list(range(hosts))
    rng.shuffle(order)
    popularity = [0.0] * hosts
    for rank, h in enumerate(order):
        popularity[h] = 1.0 / (rank + 1) ** 0.8
    cumulative, total = [], 0.0
    for value in popularity:
        total += value
        cumulative.append(total)
    requests = []
    for g in range(guests):
        k = max(1, min(hosts, round(rng.gauss(mean, 1.2))))
        chosen: list[int] = []
        while len(chosen) < k:
            h = rng.choices(range(hosts), cum_weights=cumulative)[0]
            if h not in chosen:
                chosen.append(h)
        for rank, h in enumerate(chosen):
            weight = max(1, 10 - rank) + (10 if rng.random() < 0.12 else 0)  # mutual interest
            requests.append({"host": f"h{h:04d}", "guest": f"g{g:04d}", "weight": weight})
    return {
        "format": "meeting-problem/1",
        "name": f"{kind}-{hosts}x{guests}-seed{seed}",
        "timezone": "Europe/Paris",
        "slots": slots,
        "tables": tables,
        "participants": participants,
        "requests": requests,
        "locked": [],
        "options": {"time_limit_s": 10, "seed": 0, "max_consecutive": 4 if kind == "business" else None,
                    "objective": "fair"},
    }
