"""On tiny problems (up to 6 requests), every assignment is tried: the solver's lexicographic
optimum (coverage, weight, then least idle) must equal the brute-force one."""

import itertools
import random

import pytest

from scheduling import check, solve
from tests.scheduling.conftest import problem


def _random_problem(seed: int) -> dict:
    rng = random.Random(seed)
    hosts = [f"h{i}" for i in range(rng.randint(1, 3))]
    guests = [f"g{i}" for i in range(rng.randint(2, 4))]
    pairs = rng.sample([(h, g) for h in hosts for g in guests], min(6, len(hosts) * len(guests)))
    doc = problem(n_slots=3, hosts=hosts, guests=guests, requests=[(h, g, rng.randint(1, 9)) for h, g in pairs],
                  options={"max_consecutive": rng.choice([None, 1, 2])})
    for p in doc["participants"]:
        if rng.random() < 0.4:
            p["available"] = sorted(rng.sample(["s1", "s2", "s3"], 2))
        if rng.random() < 0.3:
            p["max_meetings"] = rng.randint(1, 2)
    return doc


def _brute_force(doc: dict) -> tuple[int, int, int]:
    best = None
    choices = [None, "s1", "s2", "s3"]
    for combo in itertools.product(choices, repeat=len(doc["requests"])):
        meetings = [{"host": r["host"], "guest": r["guest"], "slot": s, "table": None}
                    for r, s in zip(doc["requests"], combo, strict=True) if s is not None]
        if _breaks_rules(doc, meetings):
            continue
        coverage = len({m["guest"] for m in meetings})
        weight = sum(r["weight"] for r, s in zip(doc["requests"], combo, strict=True) if s is not None)
        key = (coverage, weight, -_idle(doc, meetings))
        best = key if best is None or key > best else best
    return best


def _breaks_rules(doc, meetings) -> bool:
    schedule = {"format": "meeting-schedule/1", "status": "feasible", "meetings": meetings}
    return bool(check(doc, {**schedule, "status": "infeasible"}))  # rules only, no metrics


def _idle(doc, meetings) -> int:
    order = {"s1": 0, "s2": 1, "s3": 2}
    total = 0
    for p in doc["participants"]:
        taken = {order[m["slot"]] for m in meetings if p["id"] in (m["host"], m["guest"])}
        if taken:
            avail = [order[s] for s in p.get("available", ["s1", "s2", "s3"])]
            total += sum(1 for s in avail if min(taken) < s < max(taken) and s not in taken)
    return total


@pytest.mark.parametrize("seed", range(12))
def test_solve_lexicographic_optimum_matches_brute_force_on_tiny_problems(seed):
    doc = _random_problem(seed)
    coverage, weight, minus_idle = _brute_force(doc)

    schedule = solve(doc, time_limit_s=5, workers=1, seed=0)

    assert schedule["status"] == "optimal"
    assert check(doc, schedule) == []
    assert (schedule["metrics"]["coverage"], schedule["metrics"]["weight"], schedule["metrics"]["idle"]) == \
        (coverage, weight, -minus_idle)
